"""The hearing roster and the append-only case classifications, on a real SQLite file."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist
from inspector.domain.hearing import HEARING_CHECKLIST_ID, HearingStatus, hearing_progress
from inspector.domain.model import PersonStatus, Role, SessionKind, StaffType
from inspector.store.database import (
    create_db_engine,
    current_revision,
    head_revision,
    migrate,
    open_database,
)
from inspector.store.repositories.hearing import HearingRepository, start_or_resume_self_check
from inspector.store.repository import NotFound, PersonInput, Repository

DAY = date(2025, 6, 2)


@pytest.fixture
def checklist(shipped_catalog: ChecklistCatalog) -> Checklist:
    return shipped_catalog.get(HEARING_CHECKLIST_ID)


@pytest.fixture
def staffed(city: Repository) -> Repository:
    city.upsert_people(
        [
            PersonInput("G001", "山田 花子", "GEN", StaffType.REGULAR, PersonStatus.ACTIVE),
            PersonInput("G002", "佐藤 一郎", "GEN", StaffType.PART_TIME, PersonStatus.ACTIVE),
            PersonInput("G003", "田中 三郎", "GEN", StaffType.TEMPORARY, PersonStatus.ACTIVE),
            PersonInput("G004", "高橋 四郎", "GEN", StaffType.REGULAR, PersonStatus.RETIRED),
            PersonInput("T001", "鈴木 次郎", "TAX", StaffType.REGULAR, PersonStatus.ACTIVE),
        ]
    )
    return city


def _ids(repo: Repository) -> tuple[int, dict[str, int]]:
    org = repo.find_organization("GEN")
    assert org is not None
    return org.id, {p.staff_number: p.id for p in repo.people()}


def _answer(repo: Repository, session_id: int, item: str, value: str) -> None:
    repo.save_answer(session_id, item, lambda old: replace(old, value=value), "tester")


def test_roster_shows_active_staff_with_status_and_yes(
    staffed: Repository, checklist: Checklist
) -> None:
    hearing = HearingRepository(staffed.engine)
    gen, people = _ids(staffed)
    rows = hearing.roster(checklist, gen)
    assert [r.person.staff_number for r in rows] == ["G001", "G002", "G003"]  # not the retired
    assert all(r.status is HearingStatus.NOT_STARTED and r.session_id is None for r in rows)

    first = hearing.start_or_resume(checklist, gen, people["G001"], session_date=DAY)
    assert not first.resumed
    session = first.session
    assert (session.role, session.kind) == (Role.HEAD, SessionKind.SELF_CHECK)
    assert session.respondent_id == people["G001"]
    assert session.session_date == DAY
    for q, v in (("q1", "no"), ("q2", "yes"), ("q3", "no"), ("q4", "yes")):
        _answer(staffed, session.id, q, v)
    second = hearing.start_or_resume(checklist, gen, people["G002"])
    _answer(staffed, second.session.id, "q1", "no")

    rows = hearing.roster(checklist, gen)
    by = {r.person.staff_number: r for r in rows}
    assert by["G001"].status is HearingStatus.HEARD and by["G001"].yes == ("q2", "q4")
    assert by["G002"].status is HearingStatus.IN_PROGRESS and by["G002"].yes == ()
    assert by["G003"].status is HearingStatus.NOT_STARTED
    assert by["G001"].needs_classification
    progress = hearing_progress(rows)
    assert (progress.total, progress.heard, progress.in_progress, progress.cases) == (3, 1, 1, 1)

    again = hearing.start_or_resume(checklist, gen, people["G001"])
    assert again.resumed and again.session.id == session.id
    # A completed hearing is still the person's session, and counts as heard.
    staffed.complete_session(second.session.id, "tester")
    again = hearing.start_or_resume(checklist, gen, people["G002"])
    assert again.resumed and again.session.id == second.session.id
    by = {r.person.staff_number: r for r in hearing.roster(checklist, gen)}
    assert by["G002"].status is HearingStatus.HEARD
    # A self-check the person answered alone (role operator) is not the head's hearing.
    alone = start_or_resume_self_check(
        staffed, checklist, gen, role=Role.OPERATOR, respondent_id=people["G003"]
    )
    _answer(staffed, alone.session.id, "q1", "yes")
    by = {r.person.staff_number: r for r in hearing.roster(checklist, gen)}
    assert by["G003"].status is HearingStatus.NOT_STARTED and by["G003"].session_id is None
    assert not hearing.start_or_resume(checklist, gen, people["G003"]).resumed


def test_classification_is_appended_latest_wins_history_kept(
    staffed: Repository, checklist: Checklist
) -> None:
    hearing = HearingRepository(staffed.engine)
    gen, people = _ids(staffed)
    session = hearing.start_or_resume(checklist, gen, people["G001"]).session
    _answer(staffed, session.id, "q2", "yes")

    first = hearing.classify(
        session.id, "case1", detailed_hearing=False, note=" 起案者不在 ", actor="課長"
    )
    assert first.note == "起案者不在" and first.classified_by == "課長"
    assert first.classified_at.tzinfo is not None
    second = hearing.classify(
        session.id, "case6", detailed_hearing=True, note="複数回", actor="調査部会"
    )
    assert hearing.current()[session.id] == second
    assert hearing.current([session.id]) == {session.id: second}
    assert hearing.current([]) == {}
    assert [c.case_id for c in hearing.history(session.id)] == ["case1", "case6"]
    row = {r.person.staff_number: r for r in hearing.roster(checklist, gen)}["G001"]
    assert row.classification == second and not row.needs_classification

    with pytest.raises(NotFound):
        hearing.classify(9999, "case1", detailed_hearing=False, note="", actor="x")


def test_self_check_resumes_only_the_open_one_of_the_same_unit(
    staffed: Repository, shipped_catalog: ChecklistCatalog, checklist: Checklist
) -> None:
    gen, people = _ids(staffed)
    start = start_or_resume_self_check(
        staffed, checklist, gen, role=Role.OPERATOR, respondent_id=people["G001"], session_date=DAY
    )
    assert not start.resumed
    same = start_or_resume_self_check(
        staffed, checklist, gen, role=Role.OPERATOR, respondent_id=people["G001"]
    )
    assert same.resumed and same.session.id == start.session.id
    other = start_or_resume_self_check(
        staffed, checklist, gen, role=Role.OPERATOR, respondent_id=people["G002"]
    )
    assert not other.resumed
    staffed.complete_session(start.session.id, "tester")
    fresh = start_or_resume_self_check(
        staffed, checklist, gen, role=Role.OPERATOR, respondent_id=people["G001"]
    )
    assert not fresh.resumed and fresh.session.id != start.session.id


def test_upgrade_from_0003_keeps_rows_and_adds_the_table(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = create_db_engine(f"sqlite:///{db}")
    migrate(engine, "0003")
    engine.dispose()
    with sqlite3.connect(db) as old:
        old.execute(
            "insert into organization (id, code, name, tags) values (1, '210', '市民課', '[]')"
        )
        old.execute(
            "insert into inspection_session (id, uid, checklist_id, checklist_version,"
            " organization_id, role, kind, session_date, status, source, created_at)"
            " values (1, 'u-1', 'id-password-hearing', '1.0', 1, 'head', 'self_check',"
            " '2025-03-31', 'open', 'local', '2025-03-31 01:00:00')"
        )
    engine = open_database(f"sqlite:///{db}")
    try:
        assert current_revision(engine) == head_revision()
        repo = Repository(engine)
        assert repo.session(1).checklist_id == "id-password-hearing"
        hearing = HearingRepository(engine)
        assert hearing.current() == {}
        hearing.classify(1, "case2", detailed_hearing=False, note="", actor="x")
        assert hearing.current()[1].case_id == "case2"
    finally:
        engine.dispose()
