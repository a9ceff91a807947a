"""statistics reports: the counts of a report as made, kept through retention purges

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 19:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "statistics_reports",
        sa.Column("program_code", sa.String(length=40), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("made_by", sa.String(length=36), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics_reports")),
    )
    with op.batch_alter_table("statistics_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_statistics_reports_program_year", ["program_code", "fiscal_year"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("statistics_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_statistics_reports_program_year")
    op.drop_table("statistics_reports")
