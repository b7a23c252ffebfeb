"""distributed forms: the self-check workbooks handed out, so that collect recognises them

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "distributed_form",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.String(), nullable=False),
        sa.Column("checklist_id", sa.String(), nullable=False),
        sa.Column("checklist_version", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("digest", sa.String(), nullable=False),
        sa.Column("structure", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("issued_by", sa.String(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("blank", sa.Integer(), nullable=False),
        sa.Column("not_applicable", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(), nullable=False),
        sa.Column("sent_back_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("distributed_form", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_distributed_form_form_id"), ["form_id"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_distributed_form_checklist_id"), ["checklist_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_distributed_form_organization_id"), ["organization_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("distributed_form", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_distributed_form_organization_id"))
        batch_op.drop_index(batch_op.f("ix_distributed_form_checklist_id"))
        batch_op.drop_index(batch_op.f("ix_distributed_form_form_id"))
    op.drop_table("distributed_form")
