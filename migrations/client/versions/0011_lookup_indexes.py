"""lookup index: the result list of a kana search read from one covering index

Revision ID: 0011_lookup_indexes
Revises: 0010
Create Date: 2026-12-04 21:10:00.000000

A kana search reads the first 201 residents of a kana range in kana, birth-date order. On
ix_residents_kana_key alone SQLite sorted each name's namesakes by birth date (reading every
one of them first) and fetched each row from the table: a few hundred random, decrypted pages
per search. This index holds the list's columns in the list's order, so a search reads a
handful of consecutive index pages and sorts nothing. Its first column serves every other
search on kana_key, so the old ix_residents_kana_key goes: one index less to keep up, and one
less to rebuild after an initial sync.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_lookup_indexes"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOOKUP_COLUMNS = [
    "kana_key",
    "birth_date",
    "id",
    "register_no",
    "name",
    "kana",
    "sex",
    "address",
    "ward",
    "support_measure",
]


def upgrade() -> None:
    op.create_index("ix_residents_lookup", "residents", LOOKUP_COLUMNS)
    op.drop_index("ix_residents_kana_key", table_name="residents")


def downgrade() -> None:
    op.create_index("ix_residents_kana_key", "residents", ["kana_key"])
    op.drop_index("ix_residents_lookup", table_name="residents")
