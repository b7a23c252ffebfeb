"""The consolidation workbook: one sheet per table, Japanese headers, numbers as numbers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import UnitRecord, consolidate
from inspector.exchange.excel import (
    SHEET_DISTRIBUTION,
    SHEET_GROUPS,
    SHEET_ITEMS,
    SHEET_REASONS,
    SHEET_UNIONS,
    write_consolidation,
)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the command line's English messages (`--lang en`)."""
    monkeypatch.setenv("INSPECTOR_LANG", "en")


def hearing() -> Checklist:
    return Checklist.model_validate(
        {
            "id": "h",
            "title": {"ja": "聴き取り"},
            "version": "1",
            "unit": "respondent",
            "sections": [{"id": "s", "title": {"ja": "節"}}],
            "items": [
                {"id": q, "section": "s", "text": {"ja": f"設問{q}"}, "answer": "yes_no"}
                for q in ("q2", "q4")
            ],
            "unions": [{"id": "u", "label": {"ja": "設問②又は④"}, "items": ["q2", "q4"]}],
        }
    )


def test_workbook_sheets_and_values(tmp_path: Path) -> None:
    checklist = hearing()
    units = [
        UnitRecord("a", {"q2": "yes", "q4": "yes"}, {"q2": ("急ぎ",)}, group="regular"),
        UnitRecord("b", {"q2": "yes", "q4": "no"}, group="part_time"),
        UnitRecord("c", {"q2": "no", "q4": "no"}, group="regular"),
    ]
    result = consolidate(checklist, units, by="staff_type")
    path = write_consolidation(tmp_path / "out.xlsx", checklist, result)
    assert not (tmp_path / "out.xlsx.part").exists()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        SHEET_ITEMS,
        SHEET_DISTRIBUTION,
        SHEET_UNIONS,
        SHEET_GROUPS,
        SHEET_REASONS,
    ]
    items = wb[SHEET_ITEMS]
    assert [c.value for c in items[1]][:4] == ["項目ID", "点検項目", "無し", "有り"]
    assert [c.value for c in items[2]] == ["q2", "設問q2", 1, 2, 0, 0, 0, 3, 2 / 3]
    assert items["I2"].number_format == "0.0%"
    distribution = wb[SHEET_DISTRIBUTION]
    assert [c.value for c in distribution[1]][:3] == ["遵守できていない操作者数", "項目数", "割合"]
    assert [c.value for c in distribution[2]][:3] == ["0（全操作者遵守）", 0, 0]
    assert [c.value for c in distribution[3]][:3] == ["1～", 2, 1]
    unions = wb[SHEET_UNIONS]
    assert [c.value for c in unions[2]] == ["u", "設問②又は④", "q2・q4", 2, 3, 2 / 3]
    groups = wb[SHEET_GROUPS]
    assert [c.value for c in groups[1]] == ["設問", "職員", "非常勤嘱託員", "合計"]
    assert [[c.value for c in row] for row in groups.iter_rows(min_row=2)] == [
        ["集計対象", 2, 1, 3],
        ["q2", 1, 1, 2],
        ["q4", 1, 0, 1],
        ["u", 1, 1, 2],
    ]
    reasons = wb[SHEET_REASONS]
    assert [c.value for c in reasons[2]] == [1, "q2", "設問q2", 2, "急ぎ", 1]


def test_cli_xlsx_for_an_organization_checklist(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "--db", db, "--force"]).exit_code == 0
    out = tmp_path / "dept.xlsx"
    result = runner.invoke(
        cli, ["--db", db, "consolidate", "--checklist", "juki-department", "--xlsx", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SHEET_ITEMS, SHEET_DISTRIBUTION, SHEET_REASONS]
    assert wb[SHEET_ITEMS].max_row == 58
    assert wb[SHEET_DISTRIBUTION]["A1"].value == "遵守できていない機関数"
    assert [wb[SHEET_DISTRIBUTION].cell(row=r, column=1).value for r in range(2, 6)] == [
        "0（全機関遵守）",
        "1～2",
        "3～5",
        "6～",
    ]
    bad = runner.invoke(
        cli,
        [
            "--db",
            db,
            "consolidate",
            "--checklist",
            "juki-department",
            "--xlsx",
            str(tmp_path / "no" / "x.xlsx"),
        ],
    )
    assert bad.exit_code == 1 and "cannot write" in bad.stderr
