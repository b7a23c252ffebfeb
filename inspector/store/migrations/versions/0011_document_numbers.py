"""document numbers and requested deadlines: 文書番号 in the office's style, re-issues, 期限

Each numbered document records its number (e.g. み監第12号), the fiscal year it counts in
and its serial there; a re-issue keeps the number and names the document it re-issues.
A finding records the deadline the notice requests for it (NULL: the form's reply days).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("fiscal_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("serial", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reissue_of", sa.String(), nullable=True))
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requested_deadline", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_column("requested_deadline")
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.drop_column("reissue_of")
        batch_op.drop_column("serial")
        batch_op.drop_column("fiscal_year")
        batch_op.drop_column("number")
