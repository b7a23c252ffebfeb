"""site tools: server room layouts, card ledgers and usage logs, backup storage register

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site_layout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("layout", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.String(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["inspection_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("site_layout", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_site_layout_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_site_layout_session_id"), ["session_id"], unique=True)

    op.create_table(
        "card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("use", sa.String(), nullable=False),
        sa.Column("group_name", sa.String(), nullable=False),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organization_id", "number", name="uq_card_org_number"),
    )
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_card_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "card_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["inspection_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("card_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_event_card_id"), ["card_id"], unique=False)

    op.create_table(
        "card_usage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("card_usage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_usage_card_id"), ["card_id"], unique=False)

    op.create_table(
        "backup_storage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("box_location", sa.String(), nullable=False),
        sa.Column("key_location", sa.String(), nullable=False),
        sa.Column("key_holder", sa.String(), nullable=False),
        sa.Column("key_next_to_box", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("backup_storage", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_backup_storage_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "backup_transport",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("storage_id", sa.Integer(), nullable=False),
        sa.Column("transport_date", sa.Date(), nullable=False),
        sa.Column("from_place", sa.String(), nullable=False),
        sa.Column("to_place", sa.String(), nullable=False),
        sa.Column("carrier", sa.String(), nullable=False),
        sa.Column("box_locked", sa.Boolean(), nullable=False),
        sa.Column("key_separate", sa.Boolean(), nullable=False),
        sa.Column("receiver", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["storage_id"], ["backup_storage.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("backup_transport", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_backup_transport_storage_id"), ["storage_id"], unique=False
        )


def downgrade() -> None:
    for table, indexes in (
        ("backup_transport", ["ix_backup_transport_storage_id"]),
        ("backup_storage", ["ix_backup_storage_organization_id"]),
        ("card_usage", ["ix_card_usage_card_id"]),
        ("card_event", ["ix_card_event_card_id"]),
        ("card", ["ix_card_organization_id"]),
        ("site_layout", ["ix_site_layout_session_id", "ix_site_layout_organization_id"]),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(batch_op.f(index))
        op.drop_table(table)
