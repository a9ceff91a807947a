"""double entry tables

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 15:32:33.012474
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "form_batches",
        sa.Column("program_code", sa.String(length=40), nullable=False),
        sa.Column("clinic_code", sa.String(length=10), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("received_count", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_batches")),
    )
    op.create_table(
        "paper_forms",
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("form_no", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resident_id", sa.String(length=36), nullable=True),
        sa.Column("identity_problem", sa.String(length=200), nullable=True),
        sa.Column("result_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["form_batches.id"], name=op.f("fk_paper_forms_batch_id_form_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_forms")),
        sa.UniqueConstraint("batch_id", "form_no", name=op.f("uq_paper_forms_batch_id")),
    )
    with op.batch_alter_table("paper_forms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_forms_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_paper_forms_status"), ["status"], unique=False)

    op.create_table(
        "adjudications",
        sa.Column("form_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("first_value", sa.Text(), nullable=False),
        sa.Column("second_value", sa.Text(), nullable=False),
        sa.Column("blind_value", sa.Text(), nullable=True),
        sa.Column("final_value", sa.Text(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("supervisor_id", sa.String(length=36), nullable=True),
        sa.Column("first_staff_id", sa.String(length=36), nullable=False),
        sa.Column("second_staff_id", sa.String(length=36), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("program_code", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"], ["paper_forms.id"], name=op.f("fk_adjudications_form_id_paper_forms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adjudications")),
    )
    with op.batch_alter_table("adjudications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_adjudications_form_id"), ["form_id"], unique=False)

    op.create_table(
        "form_entries",
        sa.Column("form_id", sa.String(length=36), nullable=False),
        sa.Column("entry_no", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("identity", sa.JSON(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("returned_fields", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"], ["paper_forms.id"], name=op.f("fk_form_entries_form_id_paper_forms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_entries")),
        sa.UniqueConstraint("form_id", "entry_no", name=op.f("uq_form_entries_form_id")),
    )
    with op.batch_alter_table("form_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_entries_form_id"), ["form_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_form_entries_staff_id"), ["staff_id"], unique=False)

    with op.batch_alter_table("screening_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("values", sa.JSON(), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("screening_results", schema=None) as batch_op:
        batch_op.drop_column("values")
        batch_op.drop_column("form_id")

    with op.batch_alter_table("form_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_entries_staff_id"))
        batch_op.drop_index(batch_op.f("ix_form_entries_form_id"))

    op.drop_table("form_entries")
    with op.batch_alter_table("adjudications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adjudications_form_id"))

    op.drop_table("adjudications")
    with op.batch_alter_table("paper_forms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_forms_status"))
        batch_op.drop_index(batch_op.f("ix_paper_forms_batch_id"))

    op.drop_table("paper_forms")
    op.drop_table("form_batches")
