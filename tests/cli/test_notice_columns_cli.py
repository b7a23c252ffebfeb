"""Issue 13: the notice's findings table reads as an office issues it. The 指摘事項 cell states
the deficiency (the finding's text), not the checklist item's norm restated; 関連項目 names
the item by its id and checklist section; 求める措置 holds the measure. On the demo database,
driven through the CLI, read back from the PDF."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.catalog import ChecklistCatalog
from inspector.resources import shipped_checklists_dir

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)  # built once per test process (tests/conftest.py)


def flat(text: str) -> str:
    return "".join(text.split())


def findings_table(path: Path) -> list[list[str]]:
    """The rows of the findings table (番号 … 期限) on every page, cells flattened."""
    rows: list[list[str]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                if table and flat(table[0][0] or "") == "番号":
                    rows += [[flat(c or "") for c in row] for row in table[1:]]
    return rows


def test_the_finding_row_states_the_deficiency_and_names_the_item(
    tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "c.db"
    shutil.copy(demo_template, db)
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    with sqlite3.connect(db) as con:
        session_id, checklist_id = con.execute(
            "SELECT s.id, s.checklist_id FROM inspection_session s JOIN finding f"
            " ON f.session_id = s.id WHERE s.checklist_id = 'id-cards'"
            " GROUP BY s.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        findings = con.execute(
            "SELECT title, text, items, requested_measure FROM finding WHERE session_id = ?"
            " AND withdrawn_at IS NULL ORDER BY id",
            (session_id,),
        ).fetchall()
    assert len(findings) >= 3
    out = tmp_path / "notice.pdf"
    args = ["--db", str(db), "report", "notice", "--session", str(session_id), "--unsigned"]
    result = CliRunner().invoke(
        cli,
        [*args, "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    rows = findings_table(out)
    assert len(rows) == len(findings)
    checklist = catalog.get(checklist_id)
    sections = {s.id: s.title.get("ja") for s in checklist.sections}
    for row, (title, text, items, measure) in zip(rows, findings, strict=True):
        _number, _kind, finding_cell, items_cell, measure_cell, deadline = row
        item = checklist.item(json.loads(items)[0])
        # the deficiency, once; the item's norm (the finding's title) is not repeated
        assert finding_cell == flat(text)
        assert flat(item.text.get("ja")) not in finding_cell + items_cell
        assert flat(title) not in finding_cell
        assert items_cell == f"{item.id}（{sections[item.section]}）"
        assert measure_cell == flat(measure)
        assert deadline.startswith("令和")
