"""issuance runs

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 16:31:42.587157
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "issuance_runs",
        sa.Column("program_code", sa.String(length=40), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("support_excluded", sa.Integer(), nullable=False),
        sa.Column("already_issued", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issuance_runs")),
    )
    op.create_table(
        "issuance_items",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("voucher_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["issuance_runs.id"], name=op.f("fk_issuance_items_run_id_issuance_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issuance_items")),
    )
    with op.batch_alter_table("issuance_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_issuance_items_run_status", ["run_id", "status", "seq"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("issuance_items", schema=None) as batch_op:
        batch_op.drop_index("ix_issuance_items_run_status")

    op.drop_table("issuance_items")
    op.drop_table("issuance_runs")
