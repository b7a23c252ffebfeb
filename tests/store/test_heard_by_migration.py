"""Migration 0015 (`heard_by`, the manager who heard a hearing) on SQLite and PostgreSQL:
the sessions already there keep every value and have no manager (NULL: not known), and
the revision goes back down to 0014 without the column."""

from __future__ import annotations

from sqlalchemy import select, text

from inspector.store.database import create_db_engine, migrate
from inspector.store.repository import Repository
from tests.store.test_session_counters import _downgrade


def test_migration_0015_keeps_the_hearings_with_an_unknown_manager(database_url: str) -> None:
    engine = create_db_engine(database_url)
    migrate(engine)  # (the PostgreSQL fixture's database is made at the head already)
    _downgrade(engine, "0014")
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into organization (id, code, name, tags) values (1, '210', '市民課', '[]')"
            )
        )
        conn.execute(
            text(
                "insert into inspection_session (id, uid, checklist_id, checklist_version,"
                " organization_id, role, kind, session_date, status, source, created_at,"
                " not_independent) values (1, 'u-1', 'id-password-hearing', '1.0', 1, 'head',"
                " 'self_check', '2025-03-31', 'completed', 'csv', '2025-03-31 01:00:00', false)"
            )
        )
    migrate(engine)
    session = Repository(engine).session(1)
    assert (session.uid, session.checklist_id, session.heard_by) == (
        "u-1",
        "id-password-hearing",
        None,
    )
    _downgrade(engine, "0014")
    with engine.connect() as conn:
        columns = conn.execute(select(text("*")).select_from(text("inspection_session"))).keys()
        assert "heard_by" not in columns
        assert conn.execute(text("select uid from inspection_session")).scalars().all() == ["u-1"]
    engine.dispose()
