"""plans8: a returned 改善計画書 naming another organization's plan or finding is refused
alone, with its row and the owner, and the files collected before it keep their receipts;
a database refusal of one file ends only that file; 期限 typed as 令和 or in full-width
digits is read as the commands read a date."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.exc import IntegrityError

from inspector.exchange.workbooks.layout import SHEET_FORM
from inspector.exchange.workbooks.plans import SHEET_PLANS
from inspector.store.repositories.findings import FindingRepository
from tests.corpus.excel_forms import edit, invoke


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert invoke(path, "demo").exit_code == 0
    return path


@pytest.fixture
def db(demo_source: Path, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    path.write_bytes(demo_source.read_bytes())
    return path


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def query(db: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def export(db: Path, organization: str, out: Path) -> Path:
    result = invoke(db, "report", "plans", "--organization", organization, "--xlsx", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def returned(
    source: Path, out: Path, meta: dict[str, str] | None = None, deadline: object = None
) -> Path:
    """`source` with a new plan on the blank row 5 and `meta` set in the hidden sheet."""

    def change(wb: Any) -> None:
        ws = wb[SHEET_PLANS]
        ws["F5"], ws["G5"], ws["I5"] = "鍵を施錠保管する", "係長", "検討中"
        ws["H5"] = deadline if deadline is not None else date(2027, 3, 31)
        form = wb[SHEET_FORM]
        for row in range(1, form.max_row + 1):
            key = form.cell(row=row, column=1).value
            if meta and key in meta:
                form.cell(row=row, column=2).value = meta[key]

    out.parent.mkdir(exist_ok=True)
    return edit(source, change, out)


def meta_row(book: Path, key: str) -> int:
    form = load_workbook(book)[SHEET_FORM]
    return next(r for r in range(1, form.max_row + 1) if form.cell(row=r, column=1).value == key)


def plan_of(db: Path, organization: str) -> str:
    return query(
        db,
        "select p.uid from improvement_plan p join finding f on f.id = p.finding_id "
        "join organization o on o.id = f.organization_id where o.code = ? order by p.id",
        organization,
    )[0][0]


def finding_of(db: Path, organization: str) -> str:
    return query(
        db,
        "select f.uid from finding f join organization o on o.id = f.organization_id "
        "where o.code = ? order by f.id",
        organization,
    )[0][0]


def plans_count(db: Path) -> int:
    return query(db, "select count(*) from improvement_plan")[0][0]


def test_another_organizations_plan_refuses_that_file_and_keeps_the_others(
    db: Path, tmp_path: Path
) -> None:
    """The hunt's folder: a_210 (a new plan) then b_230 whose row 5 names a plan of 210.
    Before: the whole collect ended with a raw unique-key error saying nothing was written,
    a_210 written all the same, its receipt never said, `--json` printing nothing."""
    p210, p230 = (
        export(db, "210", tmp_path / "p210.xlsx"),
        export(db, "230", tmp_path / "p230.xlsx"),
    )
    foreign = plan_of(db, "210")
    returned(p210, tmp_path / "ret" / "a_210.xlsx")
    bad = returned(p230, tmp_path / "ret" / "b_230.xlsx", {"plan:5": foreign})
    before = plans_count(db)
    result = invoke(db, "plans", "collect", str(tmp_path / "ret"), "--json")
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    receipt = json.loads(result.stdout)
    assert (receipt["imported"], receipt["refused"]) == (1, 1)
    first, second = receipt["files"]
    assert first["file"].endswith("a_210.xlsx") and first["imported"] is True
    assert (first["plans_created"], first["entries_added"]) == (1, 1)
    assert second["file"].endswith("b_230.xlsx") and second["imported"] is False
    [problem] = second["problems"]
    assert problem["sheet"] == SHEET_FORM
    assert problem["cell"] == f"B{meta_row(bad, 'plan:5')}"
    assert "5 行目" in problem["message"] and "210" in problem["message"]
    assert foreign in problem["message"]
    assert plans_count(db) == before + 1  # a_210's plan, nothing of b_230
    assert query(db, "select count(*) from improvement_plan where uid = ?", foreign) == [(1,)]


def test_another_organizations_plan_alone_leaves_the_database_as_it_was(
    db: Path, tmp_path: Path
) -> None:
    bad = returned(
        export(db, "230", tmp_path / "p230.xlsx"),
        tmp_path / "b.xlsx",
        {"plan:5": plan_of(db, "210")},
    )
    before = dump(db)
    result = invoke(db, "--lang", "en", "plans", "collect", str(bad))
    assert result.exit_code == 1
    assert "UNIQUE" not in result.stderr and "another program" not in result.stderr
    assert f"b.xlsx {SHEET_FORM}!B{meta_row(bad, 'plan:5')}" in result.stderr
    assert "row 5" in result.stderr and "organization 210" in result.stderr
    assert "0 of 1 file(s) imported, 1 refused" in result.stderr
    assert dump(db) == before


def test_another_organizations_finding_is_named_as_such(db: Path, tmp_path: Path) -> None:
    """Before: "the form's finding (…) is not in the database" — it is; it is 230's."""
    other = finding_of(db, "230")
    p210 = export(db, "210", tmp_path / "p210.xlsx")
    bad = returned(p210, tmp_path / "cross.xlsx", {"finding:4": other})
    before = dump(db)
    result = invoke(db, "plans", "collect", str(bad))
    assert result.exit_code == 1
    assert f"cross.xlsx {SHEET_FORM}!B{meta_row(bad, 'finding:4')}" in result.stderr
    assert f"4 行目の指摘（{other}）は組織 230 のもの" in result.stderr
    assert "この様式は 210 のもの" in result.stderr
    assert "データベースにありません" not in result.stderr
    assert dump(db) == before


def test_a_database_refusal_ends_only_its_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unique key taken by another writer at that moment: that file is refused with the
    database's reason and wrote nothing; the file before it keeps its receipt."""
    returned(export(db, "210", tmp_path / "p210.xlsx"), tmp_path / "ret" / "a.xlsx")
    returned(export(db, "230", tmp_path / "p230.xlsx"), tmp_path / "ret" / "b.xlsx")
    real = FindingRepository.add_plan
    calls: list[int] = []

    def add_plan(self: FindingRepository, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise IntegrityError(
                "INSERT", {}, Exception("UNIQUE constraint failed: improvement_plan.uid")
            )
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FindingRepository, "add_plan", add_plan)
    before = plans_count(db)
    result = invoke(db, "plans", "collect", str(tmp_path / "ret"))
    assert result.exit_code == 1
    assert "a.xlsx: 取り込みました（計画の作成 1" in result.stdout
    assert "b.xlsx: データベースがこのファイルの書き込みを断りました" in result.stderr
    assert "2 ファイル中 1 ファイルを取り込み、1 ファイルを取り込みませんでした" in result.stderr
    assert plans_count(db) == before + 1
    assert query(db, "select count(*) from measure_entry")[0][0] >= 1


@pytest.mark.parametrize(
    "typed",
    ["令和9年3月31日", "R9.3.31", "２０２７－０３－３１", "令和９年３月３１日", "2027/3/31"],
)
def test_a_deadline_typed_as_an_office_types_it(db: Path, tmp_path: Path, typed: str) -> None:
    book = returned(export(db, "210", tmp_path / "p.xlsx"), tmp_path / "r.xlsx", deadline=typed)
    result = invoke(db, "plans", "collect", str(book))
    assert result.exit_code == 0, result.stderr
    uid = load_workbook(book)[SHEET_FORM].cell(row=meta_row(book, "plan:5"), column=2).value
    assert query(db, "select deadline from improvement_plan where uid = ?", uid) == [
        ("2027-03-31",)
    ]


@pytest.mark.parametrize("typed", ["令和9年2月30日", "平成40年1月1日", "R9.13.1", "来年3月"])
def test_a_deadline_that_is_no_day_is_still_refused(db: Path, tmp_path: Path, typed: str) -> None:
    book = returned(export(db, "210", tmp_path / "p.xlsx"), tmp_path / "r.xlsx", deadline=typed)
    before = dump(db)
    result = invoke(db, "plans", "collect", str(book))
    assert result.exit_code == 1
    assert f"r.xlsx {SHEET_PLANS}!H5" in result.stderr and typed in result.stderr
    assert dump(db) == before
