"""certificate revocations: the office's log of revoked inspector certificates

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_revocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("organization_code", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("reason_code", sa.String(), nullable=False),
        sa.Column("certificate", sa.String(), nullable=False),
        sa.Column("revoked_by", sa.String(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("certificate_revocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificate_revocation_serial"), ["serial"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("certificate_revocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_revocation_serial"))
    op.drop_table("certificate_revocation")
