"""Roster forms (issue 15): the manager hears every member of staff, so the answers are
recorded as the hearing (role head, the person as respondent), apart from the person's own
answers; every 要因 (picked from the item's list, several, plus free text) and 備考 the
department writes comes back, and a mistake in them is named by its cell."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from inspector.domain.model import Role
from inspector.exchange.workbooks.layout import HEADER_ROW, SHEET_ANSWERS, SHEET_FORM
from inspector.store.database import open_database
from inspector.store.repositories.hearing import HearingRepository
from inspector.store.repository import Repository
from tests.corpus.excel_forms import (
    distribute,
    edit,
    fill_organization,
    fill_roster,
    invoke,
    item_rows,
    roster_columns,
)
from tests.excel.test_selfcheck_excel import OPERATOR, catalog, collect, db, dump

__all__ = ["db"]

BUSY = "窓口混雑時に円滑に対応するため、カードの入替を省略した"
UNAWARE = "貸与が禁止されていることを承知していなかった"


def _sessions(path: Path) -> dict[tuple[str, str], tuple[Role, dict[str, object]]]:
    """(staff number, role) -> the answers of the person's imported session."""
    engine = open_database(f"sqlite:///{path}")
    repo = Repository(engine)
    out = {}
    for session in repo.sessions(checklist_id=OPERATOR):
        person = repo.person(session.respondent_id) if session.respondent_id else None
        assert person is not None
        answers = {k: a.state for k, a in repo.answers(session.id).items()}
        out[(person.staff_number, session.role.value)] = (session.role, answers)
    engine.dispose()
    return out


def test_a_roster_has_reason_and_note_columns_with_the_items_list(db: Path, tmp_path: Path) -> None:
    (roster,) = distribute(db, tmp_path / "r", OPERATOR, "--organization", "S00")
    wb = load_workbook(roster)
    ws = wb[SHEET_ANSWERS]
    headings = [ws.cell(row=HEADER_ROW, column=c).value for c in range(4, 10)]
    assert str(headings[0]).startswith("o-01 ")
    assert headings[1:3] == ["要因（o-01）", "備考（o-01）"]
    assert str(headings[3]).startswith("o-02 ")
    columns = roster_columns(ws)
    reason_letter = ws.cell(row=4, column=columns["要因（o-01）"]).column_letter
    lists = [dv for dv in ws.data_validations.dataValidation if f"{reason_letter}4" in dv.sqref]
    assert len(lists) == 1 and lists[0].showErrorMessage is False  # free text allowed too
    # printed on A4 across pages, each with the staff at its left
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.print_title_cols == "$A:$C"
    # the reason and note cells are input cells: unlocked
    assert ws.cell(row=4, column=columns["備考（o-01）"]).protection.locked is False
    assert ws.cell(row=HEADER_ROW, column=columns["備考（o-01）"]).protection.locked is not False


def test_roster_answers_are_the_managers_hearing_with_reasons_and_notes(
    db: Path, tmp_path: Path
) -> None:
    (roster,) = distribute(db, tmp_path / "r", OPERATOR, "--organization", "S00")
    fill_roster(
        roster,
        {("P000", "o-01"): "不遵守", ("P011", "o-01"): "遵守", ("P011", "o-02"): "該当なし"},
        reasons={("P000", "o-01"): f"{BUSY}; {UNAWARE}; 交代要員がいなかった"},
        notes={("P000", "o-01"): "4月から改善済み\n研修に参加予定", ("P011", "o-02"): "窓口外"},
    )
    code, receipt, err = collect(db, roster)
    assert code == 0, err
    assert receipt["files"][0]["added"] == 3
    sessions = _sessions(db)
    role, answers = sessions[("P000", "head")]
    assert role is Role.HEAD  # the manager heard P000
    state = answers["o-01"]
    assert state.value == "noncompliant"
    assert state.reasons == ("counter-busy", "unaware")
    assert state.reason_text == "交代要員がいなかった"
    assert state.note == "4月から改善済み\n研修に参加予定"
    assert sessions[("P011", "head")][1]["o-02"].note == "窓口外"
    # the person's own form is another session, of role operator
    singles = distribute(db, tmp_path / "p", OPERATOR, "--organization", "S00", "--per-person")
    own = next(p for p in singles if "_P000_" in p.name)
    fill_organization(own, {"o-01": "遵守"})
    assert collect(db, own)[0] == 0
    sessions = _sessions(db)
    assert sessions[("P000", "operator")][1]["o-01"].value == "compliant"
    assert sessions[("P000", "head")][1]["o-01"].value == "noncompliant"
    # collecting the roster again changes nothing
    before = dump(db)
    code, receipt, _ = collect(db, roster)
    assert code == 0 and receipt["files"][0]["unchanged"] == 3
    assert dump(db) == before


def test_a_roster_of_the_id_password_hearing_shows_on_the_hearing_roster(
    db: Path, tmp_path: Path
) -> None:
    (roster,) = distribute(db, tmp_path / "h", "id-password-hearing", "--organization", "S03")
    fill_roster(roster, {("P003", "q1"): "いいえ", ("P003", "q2"): "いいえ"})
    code, _, err = collect(db, roster)
    assert code == 0, err
    engine = open_database(f"sqlite:///{db}")
    org = Repository(engine).find_organization("S03")
    assert org is not None
    rows = HearingRepository(engine).roster(catalog().get("id-password-hearing"), org.id)
    heard = {r.person.staff_number: r.session_id is not None for r in rows}
    engine.dispose()
    assert heard["P003"] and not heard["P014"]


def test_mistakes_in_reason_and_note_cells_are_named(db: Path, tmp_path: Path) -> None:
    (roster,) = distribute(db, tmp_path / "r", OPERATOR, "--organization", "S00")
    ws = load_workbook(roster)[SHEET_ANSWERS]
    rows, columns = item_rows(ws), roster_columns(ws)
    note = ws.cell(row=rows["P011"], column=columns["備考（o-02）"]).coordinate
    reason = ws.cell(row=rows["P000"], column=columns["要因（o-01）"]).coordinate

    def broken(wb: object) -> None:
        sheet = wb[SHEET_ANSWERS]  # type: ignore[index]
        sheet[note] = "=1+1"
        sheet[reason] = "=A1"

    bad = edit(roster, broken, tmp_path / "bad.xlsx")
    before = dump(db)
    code, _, err = collect(db, bad, as_json=False)
    assert code == 1
    assert f"回答!{note}" in err and f"回答!{reason}" in err
    assert dump(db) == before


def test_a_returned_roster_keeps_reasons_and_notes(db: Path, tmp_path: Path) -> None:
    (roster,) = distribute(db, tmp_path / "r", OPERATOR, "--organization", "S00")
    fill_roster(
        roster,
        {("P000", "o-01"): "不遵守"},
        reasons={("P000", "o-01"): f"{BUSY}; 自由記述"},
        notes={("P000", "o-01"): "備考です"},
    )
    assert collect(db, roster)[0] == 0
    form_id = load_workbook(roster)[SHEET_FORM]["B1"].value
    back = tmp_path / "back.xlsx"
    result = invoke(
        db, "selfcheck", "return", "--form", form_id, "--comment", "確認", "-o", str(back)
    )
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(back)[SHEET_ANSWERS]
    row, columns = item_rows(ws)["P000"], roster_columns(ws)
    assert ws.cell(row=row, column=columns["o-01"]).value == "不遵守"
    assert ws.cell(row=row, column=columns["要因（o-01）"]).value == f"{BUSY}; 自由記述"
    assert ws.cell(row=row, column=columns["備考（o-01）"]).value == "備考です"
    # sent back unchanged, collected: nothing changes
    code, receipt, _ = collect(db, back)
    assert code == 0 and receipt["files"][0]["unchanged"] == 1
    status = json.loads(invoke(db, "selfcheck", "status", "--checklist", OPERATOR, "--json").stdout)
    assert status[0]["returned"]
    assert status[0]["respondent"] == "名簿 8 人（管理者が聴き取り） 聴取者：不明"


def test_a_roster_handed_out_before_reason_columns_is_still_collected(
    db: Path, tmp_path: Path
) -> None:
    """A roster distributed by the earlier version (one column per item; its structure
    records no parts) is sent back and collected against that layout, not refused as
    changed."""
    import sqlite3

    from inspector.exchange.workbooks.layout import FormKind, rebuild_layout

    (roster,) = distribute(db, tmp_path / "r", OPERATOR, "--organization", "S00")
    form_id = load_workbook(roster)[SHEET_FORM]["B1"].value
    with sqlite3.connect(db) as conn:
        (raw,) = conn.execute(
            "SELECT structure FROM distributed_form WHERE form_id = ?", (form_id,)
        ).fetchone()
        structure = json.loads(raw)
        del structure["parts"]
        old = rebuild_layout(catalog().get(OPERATOR), FormKind.ROSTER, structure)
        assert old is not None and old.last_column == 3 + 29
        conn.execute(
            "UPDATE distributed_form SET structure = ?, digest = ? WHERE form_id = ?",
            (json.dumps(structure), old.digest(), form_id),
        )
    back = tmp_path / "old.xlsx"
    result = invoke(
        db, "selfcheck", "return", "--form", form_id, "--comment", "再送", "-o", str(back)
    )
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(back)[SHEET_ANSWERS]
    assert str(ws.cell(row=HEADER_ROW, column=5).value).startswith("o-02 ")
    fill_roster(back, {("P000", "o-01"): "遵守", ("P011", "o-02"): "不遵守"})
    code, receipt, err = collect(db, back)
    assert code == 0, err
    assert receipt["files"][0]["added"] == 2
