"""person change: the roster's change log (`person_change`)

`people import` changed a person's staff type or status without a trace (an empty cell
made a temporary employee regular). Each field an import changes is now logged with its
old and new value, in the import's transaction. Nothing existing changes: the upgrade
only adds the table; the downgrade drops it.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("staff_number", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("old_value", sa.String(), nullable=True),
        sa.Column("new_value", sa.String(), nullable=True),
        sa.Column("changed_by", sa.String(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_person_change_person_id", "person_change", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_person_change_person_id", table_name="person_change")
    op.drop_table("person_change")
