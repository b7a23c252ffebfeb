"""Self-checks answered in Excel (issue 15): real workbooks distributed, filled with
openpyxl as a department would, collected, consolidated and counted."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.domain.business_days import japan_today, next_business_day
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import STAFF_TYPE_JA, PersonStatus, StaffType
from inspector.exchange.workbooks.cells import set_text
from inspector.exchange.workbooks.layout import SHEET_ANSWERS, SHEET_COVER, SHEET_FORM
from inspector.resources import shipped_checklists_dir
from inspector.store.database import open_database
from inspector.store.repositories.consolidation import ConsolidationRepository
from inspector.store.repository import OrganizationInput, PersonInput, Repository
from tests.corpus.excel_forms import (
    distribute,
    edit,
    fill_organization,
    fill_roster,
    invoke,
    item_rows,
    resave_like_libreoffice,
)

DEPARTMENT = "juki-department"
OPERATOR = "juki-operator"
TYPES = list(StaffType)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """11 terminal sites (as 002) and 86 operators of every staff type."""
    path = tmp_path / "x.db"
    engine = open_database(f"sqlite:///{path}")
    repo = Repository(engine)
    repo.upsert_organizations(
        [
            OrganizationInput(f"S{n:02d}", f"拠点{n:02d}課", None, ("juki_terminal",))
            for n in range(11)
        ]
    )
    people = []
    for p in range(86):
        people.append(
            PersonInput(
                f"P{p:03d}",
                f"職員 {p:03d}",
                f"S{p % 11:02d}",
                TYPES[p % len(TYPES)],
                PersonStatus.ACTIVE,
            )
        )
    repo.upsert_people(people)
    engine.dispose()
    return path


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def collect(db: Path, *paths: Path, as_json: bool = True) -> tuple[int, dict, str]:
    args = ["selfcheck", "collect", *map(str, paths)] + (["--json"] if as_json else [])
    result = invoke(db, *args)
    data = json.loads(result.stdout) if as_json and result.stdout.strip() else {}
    return result.exit_code, data, result.stderr


def catalog() -> ChecklistCatalog:
    return ChecklistCatalog.from_folders([shipped_checklists_dir()])


def test_the_002_tables_from_11_department_and_11_roster_workbooks(
    db: Path, tmp_path: Path
) -> None:
    due = next_business_day(japan_today() + timedelta(days=14)).isoformat()  # doc10
    departments = distribute(db, tmp_path / "dept", DEPARTMENT, "--due", due)
    rosters = distribute(db, tmp_path / "ops", OPERATOR)
    assert len(departments) == 11 and len(rosters) == 11
    # 57 items broken by 0 / 1-2 / 3-5 / 6+ sites: 24 / 13 / 6 / 14
    site_broken = [0] * 24 + [1] * 7 + [2] * 6 + [3, 4, 5, 5, 4, 3] + [6] * 5 + [11] * 9
    items = [i.id for i in catalog().get(DEPARTMENT).items]
    for path in departments:
        site = int(path.name[1:3])
        fill_organization(
            path,
            {item: "不遵守" if site < site_broken[k] else "遵守" for k, item in enumerate(items)},
        )
    # 29 items broken by 0 / 1-10 / 11-20 / 21-40 / 41+ operators: 14 / 6 / 2 / 4 / 3
    op_broken = [0] * 14 + [1, 5, 10, 10, 2, 7] + [11, 20] + [21, 30, 40, 25] + [41, 60, 86]
    op_items = [i.id for i in catalog().get(OPERATOR).items]
    for path in rosters:
        site = int(path.name[1:3])
        staff = [p for p in range(86) if p % 11 == site]
        fill_roster(
            path,
            {
                (f"P{p:03d}", item): "不遵守" if p < op_broken[k] else "遵守"
                for p in staff
                for k, item in enumerate(op_items)
            },
        )
    code, receipt, err = collect(db, tmp_path / "dept", tmp_path / "ops")
    assert code == 0, err
    assert receipt["imported"] == 22 and receipt["refused"] == 0
    engine = open_database(f"sqlite:///{db}")
    consolidation = ConsolidationRepository(engine)
    site_table = consolidation.consolidate(catalog().get(DEPARTMENT))
    assert site_table.population == 11
    assert [b.items for b in site_table.distribution] == [24, 13, 6, 14]
    op_table = consolidation.consolidate(catalog().get(OPERATOR))
    assert op_table.population == 86
    assert [b.items for b in op_table.distribution] == [14, 6, 2, 4, 3]
    engine.dispose()
    status = invoke(db, "selfcheck", "status", "--checklist", OPERATOR, "--json")
    rows = json.loads(status.stdout)
    assert len(rows) == 11 and all(r["returned"] for r in rows)
    assert sum(r["answers"] for r in rows) == 86 * 29


def test_a_roster_form_lists_every_staff_type_and_per_person_forms(
    db: Path, tmp_path: Path
) -> None:
    (roster,) = distribute(db, tmp_path / "r", OPERATOR, "--organization", "S00")
    ws = load_workbook(roster)[SHEET_ANSWERS]
    types = {ws.cell(row=r, column=3).value for r in item_rows(ws).values()}
    assert types == set(STAFF_TYPE_JA.values())
    assert str(ws.cell(row=3, column=4).value).startswith("o-01")
    singles = distribute(db, tmp_path / "p", OPERATOR, "--organization", "S00", "--per-person")
    assert len(singles) == len(item_rows(ws)) == 8
    fill_organization(singles[0], {"o-01": "不遵守", "o-02": "該当なし"})
    code, receipt, err = collect(db, singles[0])
    assert code == 0, err
    (file,) = receipt["files"]
    assert (file["added"], file["not_applicable"], file["blank"]) == (2, 1, 27)


def test_the_workbook_handed_out(db: Path, tmp_path: Path) -> None:
    (path,) = distribute(db, tmp_path, DEPARTMENT, "--organization", "S01", "--due", "2027-01-15")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == [SHEET_COVER, SHEET_ANSWERS]
    assert wb[SHEET_FORM].sheet_state == "hidden"
    ws = wb[SHEET_ANSWERS]
    assert [ws.cell(row=3, column=c).value for c in range(1, 8)] == [
        "項目ID", "区分", "点検項目", "確認のポイント", "回答", "要因", "備考",
    ]  # fmt: skip
    assert ws.protection.sheet and not ws.protection.password
    assert ws["C4"].protection.locked and not ws["E4"].protection.locked
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    answers = [dv for dv in ws.data_validations.dataValidation if "E4" in dv.sqref]
    assert answers and answers[0].type == "list"
    lists = wb["選択肢"]
    assert [lists.cell(row=r, column=1).value for r in (1, 2, 3)] == ["遵守", "不遵守", "該当なし"]
    cover = [str(c.value) for row in wb[SHEET_COVER].iter_rows() for c in row if c.value]
    assert "2027-01-15" in cover and any("S01" in c for c in cover)
    assert all(c.data_type != "f" for s in wb.worksheets for row in s.iter_rows() for c in row)


def test_recollect_changes_nothing_and_a_changed_answer_keeps_the_old_one(
    db: Path, tmp_path: Path
) -> None:
    (path,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S02")
    fill_organization(
        path,
        {"d-01": "遵守", "d-02": "不遵守", "d-03": "該当なし"},
        reasons={"d-02": "忙しかった"},
    )
    # a note typed in Excel as text (quote prefix) that starts with "="
    edit(path, lambda wb: set_text(wb[SHEET_ANSWERS]["G4"], "=HYPERLINK(1)"))
    code, receipt, _ = collect(db, path)
    assert code == 0 and receipt["files"][0]["added"] == 3
    before = dump(db)
    code, receipt, _ = collect(db, path)
    assert code == 0 and receipt["files"][0]["unchanged"] == 3
    assert dump(db) == before
    fill_organization(path, {"d-02": "遵守"})
    code, receipt, _ = collect(db, path)
    assert (receipt["files"][0]["updated"], receipt["files"][0]["unchanged"]) == (1, 2)
    with sqlite3.connect(db) as conn:
        old, new = conn.execute(
            "select old_value, new_value from answer_change where item_id='d-02' order by id desc"
        ).fetchone()
        note = conn.execute("select note from answer where item_id='d-01'").fetchone()[0]
    assert (old, new) == ("noncompliant", "compliant")
    assert note == "=HYPERLINK(1)"


def test_a_file_resaved_with_its_hidden_sheets_shown_is_collected(db: Path, tmp_path: Path) -> None:
    (path,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S03")
    fill_organization(path, {"d-01": "遵守", "d-05": 12 and "不遵守"})
    resaved = resave_like_libreoffice(path, tmp_path / "resaved.xlsx")
    assert load_workbook(resaved)[SHEET_FORM].sheet_state == "visible"
    code, receipt, err = collect(db, resaved)
    assert code == 0, err
    assert receipt["files"][0]["added"] == 2


def _refused(db: Path, path: Path, *expected: str) -> str:
    before = dump(db)
    code, _, err = collect(db, path, as_json=False)
    assert code == 1, err
    for text in expected:
        assert text in err, err
    assert dump(db) == before
    return err


def test_mistakes_are_named_by_cell_and_nothing_is_written(db: Path, tmp_path: Path) -> None:
    (path,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S04")
    rows_of = item_rows(load_workbook(path)[SHEET_ANSWERS])
    row = rows_of["d-09"]
    bad = fill_organization(path, {"d-09": "たぶん"}, out=tmp_path / "市民課.xlsx")
    _refused(db, bad, f"市民課.xlsx 回答!E{row}: 「たぶん」は選択肢にありません")

    def swap(wb: object) -> None:
        ws = wb[SHEET_ANSWERS]  # type: ignore[index]
        for column in range(1, 5):
            a, b = ws.cell(row=4, column=column), ws.cell(row=5, column=column)
            a.value, b.value = b.value, a.value

    _refused(db, edit(path, swap, tmp_path / "moved.xlsx"), "回答!A4:", "移動")

    def protected(wb: object) -> None:
        wb[SHEET_ANSWERS]["C6"] = "書き換えた項目"  # type: ignore[index]

    _refused(db, edit(path, protected, tmp_path / "locked.xlsx"), "回答!C6:", "保護されたセル")

    def duplicate(wb: object) -> None:
        ws = wb[SHEET_ANSWERS]  # type: ignore[index]
        last = ws.max_row
        for column in range(1, 8):
            ws.cell(row=last + 1, column=column).value = ws.cell(row=4, column=column).value

    err = _refused(db, edit(path, duplicate, tmp_path / "dup.xlsx"), "重複")
    assert f"回答!A{max(rows_of.values()) + 1}:" in err

    def unknown_form(wb: object) -> None:
        wb[SHEET_FORM]["B1"] = "SC-000000000000"  # type: ignore[index]

    _refused(
        db, edit(path, unknown_form, tmp_path / "f.xlsx"), "様式情報!B1:", "配布の記録にありません"
    )

    def formula(wb: object) -> None:
        wb[SHEET_ANSWERS]["E4"] = "=1+1"  # type: ignore[index]

    _refused(db, edit(path, formula, tmp_path / "formula.xlsx"), "回答!E4:", "数式")

    not_excel = tmp_path / "broken.xlsx"
    not_excel.write_bytes(b"not a zip")
    _refused(db, not_excel, "broken.xlsx: ")


def test_a_good_file_goes_in_beside_a_refused_one(db: Path, tmp_path: Path) -> None:
    good, other = distribute(
        db, tmp_path / "o", DEPARTMENT, "--organization", "S05", "--organization", "S06"
    )
    fill_organization(good, {"d-01": "遵守"})
    fill_organization(other, {"d-01": "maybe"})
    code, receipt, _ = collect(db, good, other)
    assert code == 1
    assert [f["imported"] for f in receipt["files"]] == [True, False]
    assert receipt["files"][1]["problems"][0]["cell"] == "E4"


def test_a_person_not_in_the_roster(db: Path, tmp_path: Path) -> None:
    (roster,) = distribute(db, tmp_path / "r", OPERATOR, "--organization", "S07")

    def stranger(wb: object) -> None:
        wb[SHEET_ANSWERS]["A4"] = "Z999"  # type: ignore[index]

    _refused(
        db, edit(roster, stranger, tmp_path / "x.xlsx"), "回答!A4:", "「Z999」は名簿にありません"
    )


def test_a_checklist_revised_since_distribution(db: Path, tmp_path: Path) -> None:
    (path,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S08")
    fill_organization(path, {"d-01": "遵守"})
    office = tmp_path / "office"
    office.mkdir()
    text = (shipped_checklists_dir() / f"{DEPARTMENT}.yaml").read_text(encoding="utf-8")
    (office / f"{DEPARTMENT}.yaml").write_text(
        text.replace('version: "1.0"', 'version: "1.1"', 1).replace(
            "version: 1.0", 'version: "1.1"', 1
        ),
        encoding="utf-8",
    )
    before = dump(db)
    result = invoke(db, "--checklist-dir", str(office), "selfcheck", "collect", str(path))
    assert result.exit_code == 1
    assert "様式情報!B3:" in result.stderr and "1.1" in result.stderr
    assert dump(db) == before


def test_a_form_returned_for_correction(db: Path, tmp_path: Path) -> None:
    (path,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S09")
    fill_organization(
        path, {"d-01": "不遵守", "d-02": "遵守"}, reasons={"d-01": "規程を知らなかった"}
    )
    assert collect(db, path)[0] == 0
    form_id = load_workbook(path)[SHEET_FORM]["B1"].value
    back = tmp_path / "back.xlsx"
    result = invoke(
        db,
        "selfcheck",
        "return",
        "--form",
        form_id,
        "--comment",
        "d-01 の要因を具体的に",
        "-o",
        str(back),
    )
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(back)
    cover = [str(c.value) for row in wb[SHEET_COVER].iter_rows() for c in row if c.value]
    assert "d-01 の要因を具体的に" in cover
    ws = wb[SHEET_ANSWERS]
    assert (ws["E4"].value, ws["F4"].value, ws["E5"].value) == (
        "不遵守",
        "規程を知らなかった",
        "遵守",
    )
    status = json.loads(
        invoke(db, "selfcheck", "status", "--checklist", DEPARTMENT, "--json").stdout
    )
    assert status[0]["sent_back"]
    fill_organization(back, {"d-01": "遵守"})
    code, receipt, _ = collect(db, back)
    assert code == 0 and receipt["files"][0]["updated"] == 1
    status = json.loads(
        invoke(db, "selfcheck", "status", "--checklist", DEPARTMENT, "--json").stdout
    )
    assert status[0]["returned"] and not status[0]["sent_back"]
    # the same path again is refused without --force
    again = invoke(db, "selfcheck", "return", "--form", form_id, "--comment", "x", "-o", str(back))
    assert again.exit_code == 1 and "--force" in again.stderr
