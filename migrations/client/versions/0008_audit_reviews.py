"""audit reviews: a supervisor's mark that a period of the audit log was reviewed

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_reviews",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=36), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("comment", sa.String(length=400), nullable=False),
        sa.Column("events_count", sa.Integer(), nullable=False),
        sa.Column("chain_ok", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_reviews")),
    )
    with op.batch_alter_table("audit_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_reviews_reviewed_by"), ["reviewed_by"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_reviews_reviewed_by"))
    op.drop_table("audit_reviews")
