"""A returned self-check workbook counts for what it holds (walk8 M6): one returned with
nothing answered is no return (refused, named by file and cell, the form left 未回収 so
that the office chases it, nothing written); one with items left blank is returned but its
session stays open (the interface completes a self-check without asking only when every
item is answered); a corrected return that answers everything completes it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.config import Settings
from inspector.context import AppContext
from inspector.exchange.workbooks.layout import SHEET_ANSWERS
from inspector.services import selfcheck_excel
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository
from tests.corpus.excel_forms import distribute, fill_organization, invoke, item_rows

DEPARTMENT = "juki-department"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "x.db"
    engine = open_database(f"sqlite:///{path}")
    Repository(engine).upsert_organizations(
        [
            OrganizationInput("210", "市民課", None, ("juki_terminal",)),
            OrganizationInput("410", "道路課", None, ("juki_terminal",)),
        ]
    )
    engine.dispose()
    return path


def _items(path: Path) -> list[str]:
    return list(item_rows(load_workbook(path)[SHEET_ANSWERS]))


def _sessions(db: Path) -> dict[str, tuple[str, int, int, bool]]:
    """organization code -> (status, answered, applicable, completed_at set)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT o.code, s.status, s.answered_count, s.applicable_count, s.completed_at"
            " FROM inspection_session s JOIN organization o ON o.id = s.organization_id"
        ).fetchall()
    return {code: (status, a, n, done is not None) for code, status, a, n, done in rows}


def _status(db: Path) -> dict[str, bool]:
    result = invoke(db, "selfcheck", "status", "--checklist", DEPARTMENT, "--json")
    assert result.exit_code == 0, result.stderr
    return {row["organization"].split()[0]: row["returned"] for row in json.loads(result.stdout)}


def _dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def test_a_blank_return_is_refused_and_one_unanswered_item_keeps_the_session_open(
    db: Path, tmp_path: Path
) -> None:
    filled, blank = distribute(db, tmp_path / "forms", DEPARTMENT)
    assert filled.name.startswith("210") and blank.name.startswith("410")
    items = _items(filled)
    first_row = item_rows(load_workbook(blank)[SHEET_ANSWERS])[items[0]]
    fill_organization(filled, {item: "遵守" for item in items[1:]})  # the first left blank

    result = invoke(db, "selfcheck", "collect", str(tmp_path / "forms"))
    assert result.exit_code == 1  # a file was refused
    assert f"{blank.name} 回答!E{first_row}: 回答が一つも記入されていません" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    # the blank form is not returned (to be chased); the other is, its session still open
    assert _status(db) == {"210": True, "410": False}
    sessions = _sessions(db)
    assert set(sessions) == {"210"}  # nothing written for 道路課
    status, answered, applicable, completed = sessions["210"]
    assert (answered, applicable) == (len(items) - 1, len(items))
    assert status == "open" and not completed

    # the same files again: the blank one refused again, nothing else changes
    before = _dump(db)
    again = invoke(db, "selfcheck", "collect", str(tmp_path / "forms"))
    assert again.exit_code == 1
    assert _dump(db) == before

    # the corrected return answers everything: the session is completed
    fill_organization(filled, {items[0]: "不遵守"})
    done = invoke(db, "selfcheck", "collect", str(filled))
    assert done.exit_code == 0, done.stderr
    status, answered, applicable, completed = _sessions(db)["210"]
    assert (answered, applicable) == (len(items), len(items))
    assert status == "completed" and completed


def test_the_service_says_which_file_was_blank(db: Path, tmp_path: Path) -> None:
    filled, blank = distribute(db, tmp_path / "forms", DEPARTMENT)
    items = _items(filled)
    fill_organization(filled, {item: "遵守" for item in items})
    # a note alone is no answer
    fill_organization(blank, {}, notes={items[3]: "後で記入します"})
    context = AppContext(Settings(db=str(db), lang="ja", user="tester"))  # type: ignore[call-arg]
    try:
        receipts = selfcheck_excel.collect(context, [filled, blank])
    finally:
        context.engine.dispose()
    assert [r.imported for r in receipts] == [True, False]
    [problem] = receipts[1].problems
    assert problem.key == "tui8b.blank_return" and problem.sheet == SHEET_ANSWERS
    lines = selfcheck_excel.problem_lines(receipts[1], "en")
    assert lines == [
        f"{blank.name} {SHEET_ANSWERS}!{problem.cell}: no answer is filled in (the form was"
        " returned blank); nothing was collected and the form stays not returned: ask for the"
        " form with its answers"
    ]
    sessions = _sessions(db)
    assert set(sessions) == {"210"} and sessions["210"][0] == "completed"  # all answered
    assert _status(db) == {"210": True, "410": False}


def test_a_session_the_office_completed_stays_completed_when_collected_again(
    db: Path, tmp_path: Path
) -> None:
    """Completing in the interface with items unanswered is the office's decision (it was
    asked): the same file collected again changes no answer, so it does not reopen it."""
    filled, _blank = distribute(db, tmp_path / "forms", DEPARTMENT)
    items = _items(filled)
    fill_organization(filled, {items[0]: "遵守"})
    assert invoke(db, "selfcheck", "collect", str(filled)).exit_code == 0
    assert _sessions(db)["210"][0] == "open"
    engine = open_database(f"sqlite:///{db}")
    repo = Repository(engine)
    [session_id] = [s.id for s in repo.sessions()]
    repo.complete_session(session_id, "office")
    engine.dispose()
    assert invoke(db, "selfcheck", "collect", str(filled)).exit_code == 0
    assert _sessions(db)["210"][0] == "completed"
