"""findings plans documents

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("not_independent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("requested_measure", sa.String(), nullable=False),
        sa.Column("layout", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["inspection_session.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finding_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_finding_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_finding_uid"), ["uid"], unique=True)

    op.create_table(
        "issued_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("signer", sa.String(), nullable=True),
        sa.Column("file_sha256", sa.String(), nullable=True),
        sa.Column("path", sa.String(), nullable=True),
        sa.Column("issued_by", sa.String(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["inspection_session.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_document_doc_id"), ["doc_id"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_issued_document_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "finding_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.String(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["finding.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("finding_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finding_change_finding_id"), ["finding_id"], unique=False
        )

    op.create_table(
        "improvement_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("measures", sa.String(), nullable=False),
        sa.Column("responsible_organization_id", sa.Integer(), nullable=False),
        sa.Column("responsible_person", sa.String(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["finding.id"],
        ),
        sa.ForeignKeyConstraint(
            ["responsible_organization_id"],
            ["organization.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("improvement_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_improvement_plan_finding_id"), ["finding_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_improvement_plan_responsible_organization_id"),
            ["responsible_organization_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_improvement_plan_uid"), ["uid"], unique=True)

    op.create_table(
        "measure_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["improvement_plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("measure_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measure_entry_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_measure_entry_uid"), ["uid"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        batch_op.drop_column("not_independent")
    with op.batch_alter_table("measure_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_entry_uid"))
        batch_op.drop_index(batch_op.f("ix_measure_entry_plan_id"))

    op.drop_table("measure_entry")
    with op.batch_alter_table("improvement_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_plan_uid"))
        batch_op.drop_index(batch_op.f("ix_improvement_plan_responsible_organization_id"))
        batch_op.drop_index(batch_op.f("ix_improvement_plan_finding_id"))

    op.drop_table("improvement_plan")
    with op.batch_alter_table("finding_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_change_finding_id"))

    op.drop_table("finding_change")
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_document_session_id"))
        batch_op.drop_index(batch_op.f("ix_issued_document_doc_id"))

    op.drop_table("issued_document")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_uid"))
        batch_op.drop_index(batch_op.f("ix_finding_session_id"))
        batch_op.drop_index(batch_op.f("ix_finding_organization_id"))

    op.drop_table("finding")
