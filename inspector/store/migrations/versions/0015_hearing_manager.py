"""hearing manager: who heard a person in the ID/password hearing (聴取した管理者)

A roster form (`selfcheck collect`) is the manager's hearing of every member of staff: the
manager's own name is recorded on each hearing session it writes (the collect command's
`--manager`), and a hearing started on the hearing screen records the user. NULL: not
known (every session before this revision, and forms collected without the option).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heard_by", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        batch_op.drop_column("heard_by")
