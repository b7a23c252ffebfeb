"""session counters: answered, applicable, broken and not-applicable counts per session

Lists (the home screen, `inspector sessions list`) read them instead of every answer (and
the newest sessions from an index on `created_at`); the
store writes them in the transaction of each write of answers
(`inspector.store.session_counters`). Sessions already in the database are counted here
with the shipped checklists (`counted_with` names the checklist's digest: counters of
another checklist of the same id, an office's own, are counted again when listed); a session of an office's own checklist keeps NULL (counted
from its answers when listed, stored again at its next write).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_COLUMNS = ("answered_count", "applicable_count", "broken_count", "not_applicable_count")


def upgrade() -> None:
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        for name in _COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("counted_with", sa.String(), nullable=True))
        # lists show the newest sessions first: read from the index, not a sort of them all
        batch_op.create_index("ix_inspection_session_created_at", ["created_at"], unique=False)
    _backfill(op.get_bind())


def _backfill(connection: sa.Connection) -> None:
    ids = [row[0] for row in connection.execute(sa.text("SELECT id FROM inspection_session"))]
    if not ids:  # a new database: no checklist to read
        return
    from inspector.domain.catalog import ChecklistCatalog
    from inspector.domain.errors import ChecklistLoadError
    from inspector.resources import shipped_checklists_dir
    from inspector.store.session_counters import refresh_session_counters

    try:
        catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    except ChecklistLoadError:  # never for the shipped files; then every session is NULL
        return
    refresh_session_counters(
        connection,
        ids,
        lambda checklist_id: catalog.get(checklist_id) if checklist_id in catalog else None,
    )


def downgrade() -> None:
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_session_created_at")
        batch_op.drop_column("counted_with")
        for name in reversed(_COLUMNS):
            batch_op.drop_column(name)
