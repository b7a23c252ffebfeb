"""Stale session counters (NULL, or counted with another checklist of that id) are counted
once by a list and stored, so that the next list counts nothing (issue 17); when another
process holds the write lock, or the file cannot be written, the list counts without
storing and changes nothing, and does not wait."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from inspector.config import load_settings
from inspector.context import AppContext
from inspector.domain import counting
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.services.session_list import recent_sessions
from inspector.store.locking import WRITE_LOCK_KEY
from inspector.store.repository import OrganizationInput
from tests.db_rows import rows
from tests.store.test_session_counters import recount

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini.yaml"


@pytest.fixture
def office(tmp_path: Path) -> Path:
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), "utf-8")
    return folder


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many sessions were counted from their answers (every count goes through the
    counting plan): a list, one entry per session counted."""
    seen: list[int] = []
    count = counting.CountingPlan.count

    def spy(self: counting.CountingPlan, values: Any) -> counting.Counts:
        seen.append(1)
        return count(self, values)

    monkeypatch.setattr(counting.CountingPlan, "count", spy)
    return seen


def _context(url: str, office: Path) -> AppContext:
    return AppContext(load_settings(db=url, checklist_dirs=[office]))


def _stale_sessions(url: str, office: Path) -> tuple[int, int, int]:
    """Three sessions with answers: one counted, one with NULL counters, one counted with
    another checklist of its id (its digest and figures spoiled)."""
    context = _context(url, office)
    repo = context.repo
    repo.upsert_organizations([OrganizationInput("GEN", "総務課", None, ("employs_temporary",))])
    (org,) = repo.organizations()
    mini = context.catalog.get("mini")
    ids = []
    for value in ("compliant", "noncompliant", "not_applicable"):
        session = repo.start_session(mini, org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION)
        for item in ("c1", "y1", "t1"):
            state = AnswerState(value if item == "c1" else "yes")
            repo.save_answer(session.id, item, lambda _old, s=state: s, "t")
        ids.append(session.id)
    context.close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE inspection_session SET answered_count = NULL WHERE id = :id"),
            {"id": ids[1]},
        )
        conn.execute(
            text(
                "UPDATE inspection_session SET counted_with = 'another', broken_count = 9"
                " WHERE id = :id"
            ),
            {"id": ids[2]},
        )
    engine.dispose()
    return ids[0], ids[1], ids[2]


def _stored(url: str) -> dict[int, tuple[Any, ...]]:
    sql = (
        "SELECT id, answered_count, applicable_count, broken_count, not_applicable_count,"
        " counted_with FROM inspection_session"
    )
    return {row[0]: tuple(row[1:]) for row in rows(url, sql)}


def _listed(url: str, office: Path) -> dict[int, tuple[int, int, int]]:
    context = _context(url, office)
    try:
        return {
            s.session.id: (s.answered, s.total, s.noncompliant) for s in recent_sessions(context)
        }
    finally:
        context.close()


def _expected(url: str, office: Path) -> dict[int, tuple[int, int, int]]:
    context = _context(url, office)
    try:
        return {
            sid: (c[0], c[1], c[2]) for sid, c in recount(context.repo, context.catalog).items()
        }
    finally:
        context.close()


def test_a_list_stores_stale_counters_once(
    database_url: str, office: Path, counts: list[int]
) -> None:
    _good, null, other = _stale_sessions(database_url, office)
    digest = _context(database_url, office).catalog.digest("mini")
    expected = _expected(database_url, office)
    counts.clear()
    assert _listed(database_url, office) == expected
    assert len(counts) == 2  # the two stale sessions, counted once each
    stored = _stored(database_url)
    assert {sid: row[:3] for sid, row in stored.items()} == expected
    assert {row[4] for row in stored.values()} == {digest}
    assert stored[other][2] == expected[other][2] != 9 and stored[null][0] is not None
    # the next list reads the stored counters: no session is counted again
    counts.clear()
    assert _listed(database_url, office) == expected
    assert counts == []


@contextmanager
def _writer_holding_the_lock(url: str) -> Iterator[None]:
    """Another process's writer in the middle of its transaction."""
    if url.startswith("sqlite"):
        other = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WRITE_LOCK_KEY})
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": WRITE_LOCK_KEY})
    engine.dispose()


def test_a_list_beside_a_writer_counts_without_storing(
    database_url: str, office: Path, counts: list[int]
) -> None:
    _stale_sessions(database_url, office)
    expected = _expected(database_url, office)
    before = _stored(database_url)
    with _writer_holding_the_lock(database_url):
        counts.clear()
        assert _listed(database_url, office) == expected  # (a wait would be the busy timeout)
        assert len(counts) == 2
        assert _stored(database_url) == before
    counts.clear()
    assert _listed(database_url, office) == expected  # the writer is gone: stored now
    assert len(counts) == 2
    counts.clear()
    assert _listed(database_url, office) == expected
    assert counts == []


@contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """`path` made a file this process cannot write: by its mode, or for root (whom modes
    do not stop) by the immutable attribute; skipped where neither is possible."""
    if os.geteuid() != 0:
        path.chmod(0o400)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("root cannot make a read-only file here (chattr +i refused)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_list_of_a_read_only_file_counts_without_storing(
    db_path: Path, office: Path, counts: list[int]
) -> None:
    url = f"sqlite:///{db_path}"
    _stale_sessions(url, office)
    expected = _expected(url, office)
    before = _stored(url)
    with _read_only(db_path):
        counts.clear()
        assert _listed(url, office) == expected
        assert len(counts) == 2
        plain = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        sql = (
            "SELECT id, answered_count, applicable_count, broken_count, not_applicable_count,"
            " counted_with FROM inspection_session"
        )
        assert {r[0]: tuple(r[1:]) for r in plain.execute(sql)} == before
        plain.close()
    assert _listed(url, office) == expected
    counts.clear()
    assert _listed(url, office) == expected
    assert counts == []
