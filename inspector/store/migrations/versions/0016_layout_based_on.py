"""layout versions: which versions a visit's layout was based on (`site_layout.based_on`)

A layout is one value (the whole room) and its version is when it was saved (`saved_at`).
A save now records the versions it replaced: `based_on`, a JSON list of the earlier
versions' `saved_at` (oldest first, the one it replaced last). A bundle carries it, and
the office replaces its layout only with one based on the version the office has; a
layout based on an older one is a conflict (the office's kept). NULL: not known (every
layout saved before this revision; a bundle's layout without it merges by the newer
`saved_at`, listed as unchecked).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("site_layout", schema=None) as batch_op:
        batch_op.add_column(sa.Column("based_on", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("site_layout", schema=None) as batch_op:
        batch_op.drop_column("based_on")
