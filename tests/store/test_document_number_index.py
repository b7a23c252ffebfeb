"""Migration 0014: the unique document number index, and its refusal to touch a database
whose issued documents already share a number."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.store.database import create_db_engine, current_revision, migrate, open_database
from inspector.store.errors import DatabaseError

INSERT = (
    "insert into issued_document (doc_id, kind, content_hash, issued_by, issued_at, number,"
    " fiscal_year, serial, reissue_of) values (?, ?, 'h', 'u', '2026-12-01 00:00:00+00:00',"
    " ?, ?, ?, ?)"
)


def _at_0012(db: Path, documents: list[tuple[object, ...]]) -> None:
    engine = create_db_engine(f"sqlite:///{db}")
    migrate(engine, "0012")
    engine.dispose()
    with sqlite3.connect(db) as c:
        c.executemany(INSERT, documents)


def _documents(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as c:
        return c.execute("select * from issued_document order by id").fetchall()


def test_duplicates_stop_the_migration_and_are_named(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _at_0012(
        db,
        [
            ("D-1", "notice", "み監第1号", 2026, 1, None),
            ("D-2", "notice", "み監第1号", 2026, 1, None),
            ("D-3", "notice", "み監第1号", 2026, 1, "D-1"),  # a re-issue: not a duplicate
            ("D-4", "notice", "み監第2号", 2026, 2, None),
        ],
    )
    before = _documents(db)
    with pytest.raises(DatabaseError) as caught:
        open_database(f"sqlite:///{db}")
    message = str(caught.value)
    assert "D-1 (み監第1号)" in message and "D-2 (み監第1号)" in message
    assert "D-3" not in message and "D-4" not in message
    assert _documents(db) == before  # nothing dropped, nothing renumbered
    engine = create_db_engine(f"sqlite:///{db}")
    assert current_revision(engine) == "0012"
    engine.dispose()
    # the CLI says it without a traceback
    result = CliRunner().invoke(cli, ["--db", str(db), "plans"])
    assert result.exit_code != 0
    assert "D-2 (み監第1号)" in result.stderr and "Traceback" not in result.stderr


def test_the_index_keeps_originals_apart_and_lets_reissues_repeat(tmp_path: Path) -> None:
    db = tmp_path / "ok.db"
    _at_0012(db, [("D-1", "notice", "み監第1号", 2026, 1, None)])
    open_database(f"sqlite:///{db}").dispose()
    with sqlite3.connect(db) as c:
        c.execute(INSERT, ("D-2", "notice", "み監第1号", 2026, 1, "D-1"))  # re-issue
        c.execute(INSERT, ("D-3", "notice", "み監第1号", 2027, 1, None))  # next year
        c.execute(INSERT, ("D-4", "followup", None, None, None, None))
        c.execute(INSERT, ("D-5", "followup", None, None, None, None))
        with pytest.raises(sqlite3.IntegrityError):
            c.execute(INSERT, ("D-6", "notice", "み監第1号", 2026, 1, None))
