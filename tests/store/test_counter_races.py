"""Counters counted from an organization's tags are never stored after a retag recounted
them (PostgreSQL, where writers run side by side): a list storing stale counters, or a
session being started, holds the write lock from its count to its commit, and the
organization upsert takes it too, so the retag's recount comes after their commit.

Each test forces the interleaving the reviewer found: the retag is run in another thread
between the count and the write. Before the fix it committed there (and its recount was
then overwritten with counts of the old tags, marked current); now it waits for the lock
until the other's commit and recounts after it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from inspector.domain.model import Role, SessionKind
from inspector.store import counter_repair
from inspector.store.repositories import sessions as sessions_module
from inspector.store.repository import OrganizationInput
from tests.store.test_counter_repair import _context, _expected, _listed, _stale_sessions, _stored

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini.yaml"
# GEN's tags after the retag: t1 ("employs_temporary") no longer applies
RETAG = [OrganizationInput("GEN", "総務課", None, ())]


@pytest.fixture
def office(tmp_path: Path) -> Path:
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), "utf-8")
    return folder


def _waiting_for_advisory_lock(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    )
                ).scalar()
            )
    finally:
        engine.dispose()


def _retag_in_between(url: str, office: Path) -> tuple[Callable[[], None], threading.Thread]:
    """A function running the retag in another thread and returning once that retag has
    either committed (the race) or waits for the write lock (the fix), and the thread."""
    failures: list[BaseException] = []

    def retag() -> None:
        context = _context(url, office)
        try:
            context.repo.upsert_organizations(RETAG)
        except BaseException as exc:  # seen by the test, not lost in the thread
            failures.append(exc)
        finally:
            context.close()

    thread = threading.Thread(target=retag)

    def run() -> None:
        thread.start()
        # no timing: the retag has finished, or the server shows it waiting for the lock
        while thread.is_alive() and not _waiting_for_advisory_lock(url):
            thread.join(0.02)
        assert not failures

    return run, thread


def test_a_retag_during_a_lists_write_back_is_not_overwritten(
    postgres_url: str, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = postgres_url
    _stale_sessions(url, office)
    digest = _context(url, office).catalog.digest("mini")
    run_retag, thread = _retag_in_between(url, office)
    count = counter_repair.counted_rows

    def count_then_retag(*args: Any, **kwargs: Any) -> Iterator[list[dict[str, Any]]]:
        chunks = list(count(*args, **kwargs))  # counted with the old tags
        run_retag()
        yield from chunks

    monkeypatch.setattr(counter_repair, "counted_rows", count_then_retag)
    _listed(url, office)
    thread.join()
    monkeypatch.undo()
    context = _context(url, office)
    try:
        assert context.repo.organizations()[0].tags == frozenset()
    finally:
        context.close()
    expected = _expected(url, office)
    stored = _stored(url)
    assert {sid: row[:3] for sid, row in stored.items()} == expected
    assert {row[4] for row in stored.values()} == {digest}
    # and a later list, reading stored counters, shows the full recount
    assert _listed(url, office) == expected


def test_a_retag_while_a_session_starts_is_counted_in_it(
    postgres_url: str, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = postgres_url
    context = _context(url, office)
    repo = context.repo
    repo.upsert_organizations([OrganizationInput("GEN", "総務課", None, ("employs_temporary",))])
    (org,) = repo.organizations()
    run_retag, thread = _retag_in_between(url, office)
    count = sessions_module.counters_of

    def count_then_retag(*args: Any, **kwargs: Any) -> dict[str, Any]:
        counters = count(*args, **kwargs)  # counted with the old tags
        run_retag()
        return counters

    monkeypatch.setattr(sessions_module, "counters_of", count_then_retag)
    try:
        repo.start_session(
            context.catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
        )
    finally:
        context.close()
    thread.join()
    monkeypatch.undo()
    expected = _expected(url, office)
    assert {sid: row[:3] for sid, row in _stored(url).items()} == expected
