"""revocation list number: each revocation records the number of the list it wrote

The list's number is taken from the office database (never only from the file in the keys
folder, which may be lost or restored from an old backup): a list numbered below one a
laptop already holds would be refused there as older.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificate_revocation", schema=None) as batch_op:
        # NULL for revocations recorded before 0008: their count still bounds the number
        batch_op.add_column(sa.Column("crl_number", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("certificate_revocation", schema=None) as batch_op:
        batch_op.drop_column("crl_number")
