"""Answers, the change log, undo, completion: against a real SQLite file and PostgreSQL."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState, Role, SessionKind, SessionStatus
from inspector.store.repository import Repository, SessionReadOnly
from tests.db_rows import rows


def start(repo: Repository, catalog: ChecklistCatalog) -> int:
    org = repo.find_organization("GEN")
    assert org is not None
    return repo.start_session(
        catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id


def answer(repo: Repository, session_id: int, item: str, value: str) -> AnswerState:
    return repo.save_answer(session_id, item, lambda s: replace(s, value=value), "tester")


def test_answer_is_in_the_file_when_the_call_returns(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    sid = start(city, mini_catalog)
    answer(city, sid, "c1", "noncompliant")
    # A second, independent connection sees it: it is committed, not cached.
    found = rows(city, "select item_id, value from answer where session_id = :sid", sid=sid)
    assert found == [("c1", "noncompliant")]


def test_every_change_is_logged_with_old_and_new(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    sid = start(city, mini_catalog)
    answer(city, sid, "c1", "compliant")
    answer(city, sid, "c1", "noncompliant")
    city.save_answer(
        sid,
        "c1",
        lambda s: replace(s, reasons=("busy",), reason_text="人手不足"),
        "tester",
        "reasons",
    )
    log = city.changes(sid)
    assert [(c.action, c.old.value, c.new.value) for c in log] == [
        ("answer", None, "compliant"),
        ("answer", "compliant", "noncompliant"),
        ("reasons", "noncompliant", "noncompliant"),
    ]
    assert log[-1].new.reasons == ("busy",)
    assert log[-1].changed_at.tzinfo is not None


def test_saving_the_same_answer_writes_nothing(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    sid = start(city, mini_catalog)
    answer(city, sid, "c1", "compliant")
    answer(city, sid, "c1", "compliant")
    assert len(city.changes(sid)) == 1


def test_undo_walks_back_and_the_log_keeps_both(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    sid = start(city, mini_catalog)
    answer(city, sid, "c1", "compliant")
    answer(city, sid, "c2", "noncompliant")
    assert city.undo_last(sid, "tester") == "c2"
    assert "c2" not in city.answers(sid)
    assert city.undo_last(sid, "tester") == "c1"
    assert city.answers(sid) == {}
    assert city.undo_last(sid, "tester") is None
    assert [c.action for c in city.changes(sid)] == ["answer", "answer", "undo", "undo"]


def test_completed_session_is_read_only_until_reopened(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    sid = start(city, mini_catalog)
    answer(city, sid, "c1", "compliant")
    assert city.complete_session(sid, "tester").status is SessionStatus.COMPLETED
    with pytest.raises(SessionReadOnly):
        answer(city, sid, "c1", "noncompliant")
    with pytest.raises(SessionReadOnly):
        city.undo_last(sid, "tester")
    city.reopen_session(sid, "chief", "記入漏れの訂正")
    answer(city, sid, "c1", "noncompliant")
    events = city.session_events(sid)
    assert [(e[0], e[1], e[3]) for e in events] == [
        ("complete", "tester", ""),
        ("reopen", "chief", "記入漏れの訂正"),
    ]


@pytest.mark.sqlite_only("SQLite's pragmas")
def test_database_settings(city: Repository, db_path: Path) -> None:
    with city.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        assert raw.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert raw.execute("pragma foreign_keys").fetchone()[0] == 1
        assert raw.execute("pragma synchronous").fetchone()[0] == 2  # FULL
        assert raw.execute("pragma busy_timeout").fetchone()[0] >= 5000


@pytest.mark.sqlite_only("SQLite's one write lock; PostgreSQL has none to wait for")
def test_a_second_writer_waits_for_the_lock_instead_of_failing(
    city: Repository, mini_catalog: ChecklistCatalog, db_path: Path
) -> None:
    import threading
    import time

    sid = start(city, mini_catalog)
    locked = threading.Event()

    def hold_lock() -> None:
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("begin immediate")
        locked.set()
        time.sleep(0.8)
        other.execute("commit")
        other.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    locked.wait()
    answer(city, sid, "c1", "compliant")  # blocks until the other writer commits
    holder.join()
    assert city.answers(sid)["c1"].value == "compliant"


def test_upserts_leave_what_they_are_not_given_and_count_a_new_parent(
    city: Repository,
) -> None:
    from inspector.domain.model import PersonStatus, StaffType
    from inspector.store.repository import KEEP, OrganizationInput, PersonInput

    city.upsert_people(
        [PersonInput("P1", "退職 一郎", "GEN", StaffType.TEMPORARY, PersonStatus.RETIRED)]
    )
    counts = city.upsert_people(
        [PersonInput("P1", "退職 一郎", "TAX"), PersonInput("P2", "新人", "GEN")]
    )
    assert (counts.added, counts.updated, counts.unchanged) == (1, 1, 0)
    people = rows(city, "select staff_number, staff_type, status from person order by staff_number")
    assert people == [("P1", "temporary", "retired"), ("P2", "regular", "active")]

    # name and tags unchanged, parent moved: updated, not unchanged
    counts = city.upsert_organizations([OrganizationInput("GEN", "総務課", "TAX")])
    assert (counts.added, counts.updated, counts.unchanged) == (0, 1, 0)
    counts = city.upsert_organizations([OrganizationInput("GEN", "総務課", KEEP, None)])
    assert (counts.added, counts.updated, counts.unchanged) == (0, 0, 1)
    ((parent, tags),) = rows(
        city,
        "select p.code, o.tags from organization o join organization p on o.parent_id = p.id"
        " where o.code = 'GEN'",
    )
    assert parent == "TAX" and "employs_temporary" in tags
