"""A server database that cannot be reached, or a lock waited for too long: a plain
sentence in the store's error, the CLI and the interface, never the driver's traceback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import Role, SessionKind
from inspector.i18n import Translator
from inspector.store.database import create_db_engine
from inspector.store.errors import DatabaseError
from inspector.store.repository import Repository
from inspector.tui.errors import describe_error


def test_an_unreachable_server_is_said_plainly(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    # No server listens in an empty folder: the connection fails as a stopped server's does.
    engine = create_db_engine(f"postgresql+psycopg://inspector@/inspector?host={tmp_path}")
    repo = Repository(engine)
    with pytest.raises(DatabaseError) as caught:
        repo.save_answer(1, "c1", lambda s: replace(s, value="compliant"), "t")
    engine.dispose()
    assert str(caught.value) == "the database server cannot be reached; nothing was saved"
    assert "サーバに接続できません" in describe_error(caught.value, Translator("ja"))
    assert "cannot be reached" in describe_error(caught.value, Translator("en"))


def test_a_save_waiting_too_long_for_an_import_is_said_locked(
    postgres_url: str, mini_catalog: ChecklistCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import holds the write lock (exclusive); an answer save waits the lock wait, then
    fails as a locked SQLite file does, with nothing written."""
    import inspector.store.locking as locking
    from inspector.store.database import open_database
    from inspector.store.locking import write_connection
    from inspector.store.repository import OrganizationInput

    monkeypatch.setattr(locking, "LOCK_WAIT", 0.2)
    engine = open_database(postgres_url)
    repo = Repository(engine)
    repo.upsert_organizations([OrganizationInput("GEN", "総務課")])
    org = repo.find_organization("GEN")
    assert org is not None
    sid = repo.start_session(
        mini_catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id
    try:
        # The lock held as an import holds it, exclusively.
        with write_connection(engine), pytest.raises(DatabaseError, match="locked") as caught:
            repo.save_answer(sid, "c1", lambda s: replace(s, value="compliant"), "t")
        assert "ロック" in describe_error(caught.value, Translator("ja"))
        assert repo.answers(sid) == {}
        repo.save_answer(sid, "c1", lambda s: replace(s, value="compliant"), "t")  # lock free
        assert repo.answers(sid)["c1"].value == "compliant"
    finally:
        engine.dispose()


def test_only_a_unique_key_taken_first_is_run_again(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    """A unique key another writer took is a collision (run again, then read its row); any
    other refused rule fails the same way again, so it is not retried."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from inspector.store.locking import is_conflict

    org = city.find_organization("GEN")
    assert org is not None
    sid = city.start_session(
        mini_catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id
    city.save_answer(sid, "c1", lambda s: replace(s, value="compliant"), "t")
    insert = (
        "insert into answer (session_id, item_id, value, reasons, reason_text, note, evidence,"
        " answered_by, answered_at) values (:sid, :item, 'x', '[]', '', '', '[]', 't',"
        " '2025-06-01 01:00:00.000000+00:00')"
    )
    found = []
    for sid_value, item in ((sid, "c1"), (sid, None), (999_999, "c2")):
        with city.engine.connect() as conn, pytest.raises(IntegrityError) as caught:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.execute(text(insert), {"sid": sid_value, "item": item})
        found.append(is_conflict(caught.value))
    assert found == [True, False, False]  # unique key; required value; reference
