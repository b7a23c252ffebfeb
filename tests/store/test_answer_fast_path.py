"""The runner's answer save on SQLite (`store/answer_writes.py`, fixed statements on the
driver) writes the same rows as the Core path it replaced (`fast_saves = False`): the
answer, its change-log entry and the session's counters, for every answer type, a
clear, a change of nothing, an undo after it; and refuses what the Core path refuses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import inspector.store.answer_writes as answer_writes
import inspector.store.repositories.answers as answers_module
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.store.database import open_database
from inspector.store.errors import NotFound, SessionReadOnly
from inspector.store.repository import OrganizationInput, Repository
from tests.db_rows import rows

STEPS: list[tuple[str, AnswerState]] = [
    (
        "c1",
        AnswerState("noncompliant", ("unaware", "busy"), "人手が足りない", "要確認", ("写真1",)),
    ),
    ("c1", AnswerState("noncompliant", ("busy",), "", "", ())),  # fewer reasons
    ("c2", AnswerState("compliant")),
    ("c2", AnswerState("compliant")),  # the same state: nothing written
    ("y1", AnswerState("yes")),  # y2 now applies
    ("y2", AnswerState("no", note='引用符 " と \\ 改行\nあり')),
    ("t1", AnswerState("not_applicable")),
    ("ch", AnswerState("weekly")),
    ("n1", AnswerState("12")),
    ("tx", AnswerState("自由記述 ✓", evidence=("a.pdf", "b.pdf"))),
    ("y1", AnswerState("no")),  # y2 no longer applies: the counters follow
    ("ch", AnswerState()),  # cleared: the answer row deleted, the clear logged
    ("ch", AnswerState()),  # cleared again: nothing written
    ("ch", AnswerState("daily")),
]

_TABLES = {
    "answer": "SELECT id, session_id, item_id, value, reasons, reason_text, note, evidence,"
    " answered_by, answered_at FROM answer ORDER BY id",
    "answer_change": "SELECT * FROM answer_change ORDER BY id",
    "inspection_session": "SELECT id, answered_count, applicable_count, broken_count,"
    " not_applicable_count, counted_with FROM inspection_session ORDER BY id",
}


START = datetime(2025, 6, 2, 1, 2, 3, 456789, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Both paths read the same times: one tick per write, restarted per database."""
    state = {"now": START}

    def now() -> datetime:
        state["now"] += timedelta(seconds=1)
        return state["now"]

    def restart(at: datetime = START) -> None:
        state["now"] = at

    monkeypatch.setattr(answers_module, "utcnow", now)
    monkeypatch.setattr(answer_writes, "utcnow", now)
    yield restart


def _database(
    path: Path, catalog: ChecklistCatalog, *, fast: bool, known: bool = True
) -> tuple[Repository, int]:
    repo = Repository(open_database(f"sqlite:///{path}"))
    # without the checklists the counters are written NULL ("count when listed")
    repo.checklists = catalog.lookup if known else None
    repo.fast_saves = fast
    repo.upsert_organizations(
        [
            OrganizationInput("D1", "市民部"),
            OrganizationInput("GEN", "総務課", "D1", ("employs_temporary",)),
        ]
    )
    gen = repo.find_organization("GEN")
    assert gen is not None
    session = repo.start_session(
        catalog.get("mini"), gen.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    )
    return repo, session.id


def _written(repo: Repository) -> dict[str, list[tuple[Any, ...]]]:
    return {table: rows(repo, sql) for table, sql in _TABLES.items()}


def _run(
    tmp_path: Path,
    catalog: ChecklistCatalog,
    restart: Callable[[], None],
    *,
    fast: bool,
    known: bool,
) -> tuple[Repository, int, list[AnswerState], list[dict[str, list[tuple[Any, ...]]]]]:
    restart()
    path = tmp_path / f"{'fast' if fast else 'core'}.db"
    repo, session_id = _database(path, catalog, fast=fast, known=known)
    returned, after_each = [], []
    for item_id, state in STEPS:
        returned.append(repo.save_answer(session_id, item_id, lambda _old, s=state: s, "監査 太郎"))
        after_each.append(_written(repo))
    return repo, session_id, returned, after_each


@pytest.mark.parametrize("known", [True, False], ids=["checklist known", "checklist unknown"])
def test_fast_path_writes_the_rows_of_the_core_path(
    tmp_path: Path, mini_catalog: ChecklistCatalog, clock: Callable[..., None], known: bool
) -> None:
    fast, fast_id, fast_returned, fast_rows = _run(
        tmp_path, mini_catalog, clock, fast=True, known=known
    )
    core, core_id, core_returned, core_rows = _run(
        tmp_path, mini_catalog, clock, fast=False, known=known
    )
    assert fast_id == core_id
    assert fast_returned == core_returned == [state for _item, state in STEPS]
    for step, (got, want) in enumerate(zip(fast_rows, core_rows, strict=True)):
        assert got == want, f"after step {step}: {STEPS[step]}"
    # the rows are really there: the change log and the counters were written
    assert len(fast_rows[-1]["answer_change"]) == len(STEPS) - 2
    counters = fast_rows[-1]["inspection_session"][0][1:5]
    assert counters != (0, 0, 0, 0) if known else counters == (None, None, None, None)
    # read back as the Core path reads them
    assert fast.answers(fast_id).keys() == core.answers(core_id).keys()
    assert {k: a.state for k, a in fast.answers(fast_id).items()} == {
        k: a.state for k, a in core.answers(core_id).items()
    }
    # undo (Core) after fast saves: the same rows again, twice over
    for hour in (1, 2):
        clock(START + timedelta(hours=hour))
        undone = fast.undo_last(fast_id, "監査 太郎")
        clock(START + timedelta(hours=hour))
        assert undone == core.undo_last(core_id, "監査 太郎") == ("ch", "ch")[hour - 1]
        assert _written(fast) == _written(core)
    fast.engine.dispose()
    core.engine.dispose()


@pytest.mark.parametrize("fast", [True, False])
def test_fast_path_refuses_what_the_core_path_refuses(
    tmp_path: Path, mini_catalog: ChecklistCatalog, fast: bool
) -> None:
    repo, session_id = _database(tmp_path / "refuse.db", mini_catalog, fast=fast)
    repo.save_answer(session_id, "c2", lambda _old: AnswerState("compliant"), "監査 太郎")
    with pytest.raises(NotFound):
        repo.save_answer(session_id + 99, "c2", lambda _old: AnswerState("yes"), "監査 太郎")
    repo.complete_session(session_id, "監査 太郎")
    before = _written(repo)
    with pytest.raises(SessionReadOnly):
        repo.save_answer(session_id, "c1", lambda _old: AnswerState("compliant"), "監査 太郎")
    assert _written(repo) == before
    repo.engine.dispose()


def test_a_failed_fast_save_writes_nothing(
    tmp_path: Path, mini_catalog: ChecklistCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing: a failure after the answer row was written (here the counters')
    rolls the answer and its change-log entry back."""
    repo, session_id = _database(tmp_path / "fail.db", mini_catalog, fast=True)
    before = _written(repo)

    def broken(*_args: object) -> None:
        raise RuntimeError("counting failed")

    monkeypatch.setattr(answer_writes.AnswerWriter, "_count", broken)
    with pytest.raises(RuntimeError):
        repo.save_answer(session_id, "c1", lambda _old: AnswerState("compliant"), "監査 太郎")
    assert _written(repo) == before
    repo.engine.dispose()


def test_the_fast_path_serves_sqlite(tmp_path: Path, mini_catalog: ChecklistCatalog) -> None:
    """What the runner's saves go through on a SQLite file (not the Core path)."""
    repo, session_id = _database(tmp_path / "used.db", mini_catalog, fast=True)
    repo.save_answer(session_id, "c2", lambda _old: AnswerState("compliant"), "監査 太郎")
    assert repo._writer is not None
    repo.engine.dispose()
