"""reminders: what each reminder (督促) chased (`reminder_item`)

A reminder is recorded in `issued_document` like every signed document (kind "reminder",
its own 文書番号 series per fiscal year, kept unique by 0014's index). This table lists what
it chased: each overdue improvement plan (`plan_id`) or unreturned self-check form
(`form_id`), the department it went to, the day it was sent and the reply-by date. A
later reminder of the same plan or form is printed as 再督促, and the plans list shows
督促済 with the date. Nothing existing changes: the upgrade only adds the table.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_INDEXED = ("doc_id", "organization_id", "plan_id", "form_id")


def upgrade() -> None:
    op.create_table(
        "reminder_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("form_id", sa.String(), nullable=True),
        sa.Column("reminded_on", sa.Date(), nullable=False),
        sa.Column("reply_by", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["issued_document.doc_id"]),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["improvement_plan.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reminder_item", schema=None) as batch_op:
        for column in _INDEXED:
            batch_op.create_index(batch_op.f(f"ix_reminder_item_{column}"), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminder_item", schema=None) as batch_op:
        for column in reversed(_INDEXED):
            batch_op.drop_index(batch_op.f(f"ix_reminder_item_{column}"))
    op.drop_table("reminder_item")
