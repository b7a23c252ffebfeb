"""The manager who heard the staff of a roster form (migration 0015, `heard_by`):
`selfcheck collect --manager NAME` records it on every hearing the roster writes; it shows
in `selfcheck status` and on the hearing screen's roster; without the option it is not
known (NULL, shown as 不明), as for every hearing before 0015; a name recorded is never
changed by a later collect (the file is refused, the database unchanged)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from inspector.store.database import open_database
from inspector.store.repositories.hearing import HearingRepository
from inspector.store.repository import Repository
from tests.corpus.excel_forms import distribute, fill_roster, invoke
from tests.excel.test_selfcheck_excel import OPERATOR, catalog, db, dump

__all__ = ["db"]

MANAGER = "拠点 課長"


def _heard_by(db: Path) -> dict[str, str | None]:
    """staff number -> the manager of their hearing session (role head)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select p.staff_number, s.heard_by from inspection_session s"
            " join person p on p.id = s.respondent_id where s.role = 'head'"
        ).fetchall()
    return dict(rows)


def _roster(db: Path, tmp_path: Path, checklist: str = OPERATOR) -> Path:
    (roster,) = distribute(db, tmp_path / "r", checklist, "--organization", "S00")
    fill_roster(roster, {("P000", "o-01"): "不遵守", ("P011", "o-01"): "遵守"})
    return roster


def _status(db: Path) -> list[dict[str, object]]:
    result = invoke(db, "selfcheck", "status", "--checklist", OPERATOR, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_manager_is_recorded_on_every_hearing_and_shown_in_status(
    db: Path, tmp_path: Path
) -> None:
    roster = _roster(db, tmp_path)
    result = invoke(db, "selfcheck", "collect", str(roster), "--manager", f"  {MANAGER} ")
    assert result.exit_code == 0, result.stderr
    assert _heard_by(db) == {"P000": MANAGER, "P011": MANAGER}
    assert _status(db)[0]["respondent"] == f"名簿 8 人（管理者が聴き取り） 聴取者：{MANAGER}"
    table = invoke(db, "selfcheck", "status", "--checklist", OPERATOR).stdout
    assert f"聴取者：{MANAGER}" in table
    # collected again with the same name: nothing changes
    before = dump(db)
    assert invoke(db, "selfcheck", "collect", str(roster), "--manager", MANAGER).exit_code == 0
    assert dump(db) == before


def test_without_the_option_the_manager_is_unknown_and_can_be_given_later(
    db: Path, tmp_path: Path
) -> None:
    roster = _roster(db, tmp_path)
    assert invoke(db, "selfcheck", "collect", str(roster)).exit_code == 0
    assert _heard_by(db) == {"P000": None, "P011": None}
    assert str(_status(db)[0]["respondent"]).endswith("聴取者：不明")
    assert invoke(db, "selfcheck", "collect", str(roster), "--manager", MANAGER).exit_code == 0
    assert _heard_by(db) == {"P000": MANAGER, "P011": MANAGER}


def test_another_manager_for_a_recorded_hearing_is_refused(db: Path, tmp_path: Path) -> None:
    roster = _roster(db, tmp_path)
    assert invoke(db, "selfcheck", "collect", str(roster), "--manager", MANAGER).exit_code == 0
    before = dump(db)
    result = invoke(db, "selfcheck", "collect", str(roster), "--manager", "別の 課長")
    assert result.exit_code != 0
    assert "P000" in result.stderr and MANAGER in result.stderr and "別の 課長" in result.stderr
    assert "Traceback" not in result.stderr
    assert dump(db) == before


def test_the_hearing_roster_shows_the_manager(db: Path, tmp_path: Path) -> None:
    (roster,) = distribute(db, tmp_path / "h", "id-password-hearing", "--organization", "S03")
    fill_roster(roster, {("P003", "q1"): "いいえ", ("P003", "q2"): "いいえ"})
    assert invoke(db, "selfcheck", "collect", str(roster), "--manager", MANAGER).exit_code == 0
    engine = open_database(f"sqlite:///{db}")
    try:
        org = Repository(engine).find_organization("S03")
        assert org is not None
        rows = HearingRepository(engine).roster(catalog().get("id-password-hearing"), org.id)
    finally:
        engine.dispose()
    heard = {r.person.staff_number: r.heard_by for r in rows}
    assert heard["P003"] == MANAGER and heard["P014"] is None
