"""covering indexes for target extraction

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 15:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_residents_extraction",
        "residents",
        ["birth_date", "sex", "id", "moved_in", "moved_out", "died", "non_taxable"],
    )
    op.create_index(
        "ix_screening_results_year_program",
        "screening_results",
        ["fiscal_year", "program_code", "resident_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_screening_results_year_program", table_name="screening_results")
    op.drop_index("ix_residents_extraction", table_name="residents")
