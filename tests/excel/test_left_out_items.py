"""Issue 15: items that `applies_when` rules out for an organization are left off its form,
and the cover says which, one line each with the reason, so that the department sees the
whole checklist was considered. A form that leaves nothing out says nothing of it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.workbooks.layout import SHEET_ANSWERS, SHEET_COVER
from inspector.resources import shipped_checklists_dir
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository
from tests.corpus.excel_forms import distribute, item_rows

CHECKLIST = "security-measures"


def cover_lines(path: Path) -> list[tuple[str, str]]:
    ws = load_workbook(path)[SHEET_COVER]
    return [
        (str(ws.cell(row=r, column=1).value or ""), str(ws.cell(row=r, column=2).value or ""))
        for r in range(1, ws.max_row + 1)
    ]


def test_the_cover_names_each_item_left_out_and_why(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    engine = open_database(f"sqlite:///{db}")
    Repository(engine).upsert_organizations(
        [
            OrganizationInput("100", "道路課", None, ()),
            OrganizationInput("200", "市民課", None, ("handles_personal_data",)),
            OrganizationInput(
                "300", "福祉課", None, ("handles_personal_data", "employs_temporary")
            ),
        ]
    )
    engine.dispose()
    checklist = ChecklistCatalog.from_folders([shipped_checklists_dir()]).get(CHECKLIST)
    total = len(checklist.items)
    roads, citizens, welfare = distribute(db, tmp_path / "forms", CHECKLIST)

    # 道路課: neither tag. memo-ban and temp-training are ruled out by `applies_when`;
    # memo-paper is asked only after memo-ban is answered, so it is left out with it
    ruled_out = [i for i in checklist.items if i.applies_when]
    assert {i.id for i in ruled_out} == {"memo-ban", "temp-training"}
    assert checklist.item("memo-paper").depends_on.item == "memo-ban"  # type: ignore[union-attr]
    left_out = ["memo-ban", "memo-paper", "temp-training"]  # in checklist order
    on_sheet = set(item_rows(load_workbook(roads)[SHEET_ANSWERS]))
    assert on_sheet == {i.id for i in checklist.items} - set(left_out)
    lines = cover_lines(roads)
    labels = [n for n, (label, _) in enumerate(lines) if label == "対象外の項目"]
    assert len(labels) == 1
    start = labels[0]
    summary = lines[start][1]
    assert f"全 {total} 項目" in summary and f"該当する {total - 3} 項目" in summary
    assert "次の 3 項目" in summary
    listed = [value for _label, value in lines[start + 1 :]]
    assert len(listed) == 3  # one line each, nothing else after them
    for line, item_id in zip(listed, left_out, strict=True):
        assert line.startswith(f"{item_id} {checklist.item(item_id).text.ja}（")
        assert "\n" not in line
    assert "個人情報を扱う情報システムを利用する所属だけが回答する項目" in listed[0]
    assert "対象外の項目 memo-ban の回答によって尋ねる項目" in listed[1]
    assert "臨時職員を任用している所属だけが回答する項目" in listed[2]

    # 市民課: only temp-training is left out
    lines = cover_lines(citizens)
    text = "\n".join(value for _label, value in lines)
    assert "temp-training" in text and "memo-ban" not in text
    assert "memo-ban" in item_rows(load_workbook(citizens)[SHEET_ANSWERS])

    # 福祉課: every item is on the sheet, and the cover says nothing of items left out
    lines = cover_lines(welfare)
    assert all(label != "対象外の項目" for label, _ in lines)
    assert len(item_rows(load_workbook(welfare)[SHEET_ANSWERS])) == total
