"""hearing cases: the follow-up classification of ID/password hearing cases

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hearing_classification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("detailed_hearing", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("classified_by", sa.String(), nullable=False),
        sa.Column("classified_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["inspection_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("hearing_classification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hearing_classification_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("hearing_classification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hearing_classification_session_id"))
    op.drop_table("hearing_classification")
