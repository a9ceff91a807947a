"""情報連携: persons, requests, answers, 副本, outbox, 情報提供等記録; move-in index

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "renkei_persons",
        sa.Column("resident_id", sa.String(length=36), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("auto_answer_refused", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("resident_id", name=op.f("pk_renkei_persons")),
    )
    op.create_table(
        "renkei_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("resident_id", sa.String(length=36), nullable=False),
        sa.Column("trigger", sa.String(length=10), nullable=False),
        sa.Column("requested_by", sa.String(length=36), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("message", sa.String(length=200), nullable=True),
        sa.Column("purge_after", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renkei_requests")),
    )
    op.create_index(
        "ix_renkei_requests_resident", "renkei_requests", ["resident_id", "requested_at"]
    )
    op.create_table(
        "renkei_answers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("answer_no", sa.String(length=64), nullable=False),
        sa.Column("resident_id", sa.String(length=36), nullable=False),
        sa.Column("former_city_code", sa.String(length=6), nullable=False),
        sa.Column("former_city_name", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_reason", sa.String(length=400), nullable=True),
        sa.Column("purge_after", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renkei_answers")),
        sa.UniqueConstraint("answer_no", name=op.f("uq_renkei_answers_answer_no")),
    )
    op.create_index(op.f("ix_renkei_answers_request_id"), "renkei_answers", ["request_id"])
    op.create_index(op.f("ix_renkei_answers_resident_id"), "renkei_answers", ["resident_id"])
    op.create_table(
        "renkei_fukuhon",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("resident_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_renkei_fukuhon")),
    )
    op.create_index(op.f("ix_renkei_fukuhon_resident_id"), "renkei_fukuhon", ["resident_id"])
    op.create_table(
        "renkei_outbox",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renkei_outbox")),
    )
    op.create_table(
        "renkei_records",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("resident_id", sa.String(length=36), nullable=True),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("counterpart_code", sa.String(length=6), nullable=True),
        sa.Column("counterpart_name", sa.String(length=40), nullable=True),
        sa.Column("staff_id", sa.String(length=36), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renkei_records")),
    )
    op.create_index(op.f("ix_renkei_records_at"), "renkei_records", ["at"])
    op.create_index(op.f("ix_renkei_records_resident_id"), "renkei_records", ["resident_id"])
    op.create_index("ix_residents_moved_in", "residents", ["moved_in"])


def downgrade() -> None:
    op.drop_index("ix_residents_moved_in", table_name="residents")
    for table in (
        "renkei_records",
        "renkei_outbox",
        "renkei_fukuhon",
        "renkei_answers",
        "renkei_requests",
        "renkei_persons",
    ):
        op.drop_table(table)
