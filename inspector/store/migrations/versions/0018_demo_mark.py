"""demo mark: the demo's mark on a server database (`demo_mark`)

`inspector demo --force` replaces only a demo nothing was written to since it was built. A
SQLite file carries that mark in its header; a server database had none, and `--force`
decided by the demo's organizations alone, so a demo in which real work had been entered
could be emptied. This table holds the fingerprint of every other table's rows, written
when the demo is built (NULL while it is being built). Nothing existing changes: the
upgrade only adds the table, and a database without a row in it is not a demo.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "demo_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.Integer(), nullable=True),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("demo_mark")
