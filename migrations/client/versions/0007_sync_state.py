"""sync state: device, record versions, held records, offline grants, voucher blocks, outbox

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_device",
        sa.Column("name", sa.String(length=10), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("server_url", sa.String(length=300), nullable=False),
        sa.Column("ca_pem", sa.Text(), nullable=False),
        sa.Column("signing_key", sa.String(length=100), nullable=False),
        sa.Column("workstation_name", sa.String(length=64), nullable=False),
        sa.Column("ward", sa.String(length=20), nullable=True),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("last_server_time", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sync_device")),
    )
    op.create_table(
        "record_versions",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_record_versions")),
    )
    op.create_table(
        "held_records",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_held_records")),
    )
    op.create_table(
        "offline_grants",
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("signed_grant", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_offline_grants")),
    )
    op.create_table(
        "voucher_blocks",
        sa.Column("block_id", sa.String(length=36), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("next_serial", sa.Integer(), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("block_id", name=op.f("pk_voucher_blocks")),
    )
    with op.batch_alter_table("voucher_blocks", schema=None) as batch_op:
        batch_op.create_index("ix_voucher_blocks_year", ["fiscal_year", "expires_at"], unique=False)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("error", new_column_name="server_message")
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("attempts", server_default=None)
        batch_op.create_index("ix_outbox_record_id", ["record_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_record_id")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("attempts")
        batch_op.alter_column("server_message", new_column_name="error")
    with op.batch_alter_table("voucher_blocks", schema=None) as batch_op:
        batch_op.drop_index("ix_voucher_blocks_year")
    op.drop_table("voucher_blocks")
    op.drop_table("offline_grants")
    op.drop_table("held_records")
    op.drop_table("record_versions")
    op.drop_table("sync_device")
