"""import session identity: a unique key per CSV-imported unit

An imported session is "the CSV session of this checklist, organization and respondent".
Until now that was found by a query before the import's write, so two imports at once
could each make one (issue 10, point 7). The new column `inspection_session.import_key`
holds that identity, with a unique index: `csv:{checklist}/{organization id}/{respondent
id or -}` (the text `inspector.store.imports.csv_import_key` builds).

Existing duplicates are kept, every row of them: the newest session of each unit (highest
id, the one the old lookup merged later imports into) gets the key and later imports go
on merging into it; the older duplicates keep a NULL key and all their answers, change log
and events, exactly as they were. Nothing is deleted or merged.

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _key(checklist_id: str, organization_id: int, respondent_id: int | None) -> str:
    # Frozen copy of inspector.store.imports.csv_import_key: a migration does not follow
    # later changes of the application code.
    respondent = "-" if respondent_id is None else str(respondent_id)
    return f"csv:{checklist_id}/{organization_id}/{respondent}"


def upgrade() -> None:
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_key", sa.String(), nullable=True))
    conn = op.get_bind()
    sessions = sa.table(
        "inspection_session",
        sa.column("id", sa.Integer),
        sa.column("checklist_id", sa.String),
        sa.column("organization_id", sa.Integer),
        sa.column("respondent_id", sa.Integer),
        sa.column("source", sa.String),
        sa.column("import_key", sa.String),
    )
    newest: dict[str, int] = {}
    for sid, checklist_id, organization_id, respondent_id in conn.execute(
        sa.select(
            sessions.c.id,
            sessions.c.checklist_id,
            sessions.c.organization_id,
            sessions.c.respondent_id,
        )
        .where(sessions.c.source == "csv")
        .order_by(sessions.c.id)
    ):
        newest[_key(checklist_id, organization_id, respondent_id)] = sid
    if newest:
        conn.execute(
            sa.update(sessions)
            .where(sessions.c.id == sa.bindparam("sid"))
            .values(import_key=sa.bindparam("key")),
            [{"sid": sid, "key": key} for key, sid in newest.items()],
        )
    # After the keys are set: the index is built over unique values only.
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_session_import_key"), ["import_key"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_session_import_key"))
        batch_op.drop_column("import_key")
