"""finding withdrawal: a finding can be withdrawn (取下げ) with a reason, and restored

A withdrawn finding stays in the database (and in bundles) with who withdrew it, when and
why; every document leaves it out. The change log (`finding_change`, actions "withdraw"
and "restore") keeps each withdrawal and restoration.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by", sa.String(), nullable=True))
        batch_op.add_column(
            sa.Column("withdrawn_reason", sa.String(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_by")
        batch_op.drop_column("withdrawn_at")
