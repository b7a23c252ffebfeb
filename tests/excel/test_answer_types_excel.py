"""Every answer type through a distributed workbook: choices by label, numbers typed as
numbers (and refused out of range), free text that starts with "=", reasons picked from
the list plus free text, 該当なし for a yes/no item."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from inspector.config import Settings
from inspector.context import AppContext
from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.workbooks.cells import set_text
from inspector.exchange.workbooks.layout import SHEET_ANSWERS
from inspector.services.selfcheck_excel import collect, distribute, problem_lines
from inspector.store.repository import Repository
from tests.corpus.excel_forms import edit, fill_organization, item_rows


def _context(city: Repository, catalog: ChecklistCatalog) -> AppContext:
    database = city.engine.url.render_as_string(hide_password=False)
    context = AppContext(Settings(db=database, user="tester"))  # type: ignore[call-arg]
    context.__dict__["catalog"] = catalog
    return context


def test_every_answer_type(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    context = _context(city, mini_catalog)
    gen, tax = distribute(context, "mini", ("GEN", "TAX"), tmp_path / "forms")
    gen_rows = item_rows(load_workbook(gen)[SHEET_ANSWERS])
    assert "t1" in gen_rows and "t1" not in item_rows(load_workbook(tax)[SHEET_ANSWERS])
    fill_organization(
        gen,
        {"c1": "不遵守", "y1": "該当なし", "ch": "毎週", "n1": 12, "t1": "はい"},
        reasons={"c1": "規程を知らなかった; 机の上に置いた"},
    )
    edit(gen, lambda wb: set_text(wb[SHEET_ANSWERS][f"E{gen_rows['tx']}"], "=巡回は毎朝"))
    (receipt,) = collect(context, [gen])
    assert receipt.imported, problem_lines(receipt, "ja")
    gen_org = city.find_organization("GEN")
    assert gen_org is not None
    (session,) = city.sessions(organization_id=gen_org.id)
    answers = {k: a.state for k, a in city.answers(session.id).items()}
    assert answers["c1"].reasons == ("unaware",) and answers["c1"].reason_text == "机の上に置いた"
    assert answers["y1"].value == "not_applicable"
    assert (answers["ch"].value, answers["n1"].value) == ("weekly", "12")
    assert answers["tx"].value == "=巡回は毎朝"
    tax_rows = item_rows(load_workbook(tax)[SHEET_ANSWERS])
    fill_organization(tax, {"n1": -3, "ch": "毎月"})
    (refused,) = collect(context, [tax])
    lines = problem_lines(refused, "ja")
    assert not refused.imported
    assert any(f"回答!E{tax_rows['n1']}:" in line and "範囲" in line for line in lines), lines
    assert any(
        f"回答!E{tax_rows['ch']}:" in line and "「毎月」は選択肢にありません" in line
        for line in lines
    )
    context.close()
