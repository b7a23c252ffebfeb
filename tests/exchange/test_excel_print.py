"""The consolidation workbook as the office prints it: Japanese font, widths by display
width, long text wrapped, A4 fitted to the width, heading row on every page, and a page
header naming the checklist, the scope, the population and the date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.consolidation import UnitRecord, consolidate
from inspector.exchange.excel import FONT_NAME, display_width, write_consolidation
from inspector.resources import shipped_checklists_dir


def test_display_width_counts_full_width_characters_twice() -> None:
    assert display_width("abc") == 3
    assert display_width("点検項目") == 8
    assert display_width("ＩＤ番号1") == 9
    assert display_width(0.5) == len("50.0%")
    assert display_width(None) == 0


def test_every_sheet_is_set_up_for_printing_in_japanese(tmp_path: Path) -> None:
    checklist = ChecklistCatalog.from_folders([shipped_checklists_dir()]).get("juki-department")
    ids = [i.id for i in checklist.items]
    records = [
        UnitRecord(
            f"u{n}",
            {
                item: "noncompliant" if (n + k) % 4 == 0 else "compliant"
                for k, item in enumerate(ids)
            },
        )
        for n in range(5)
    ]
    result = consolidate(checklist, records)
    path = write_consolidation(
        tmp_path / "out.xlsx",
        checklist,
        result,
        scope="市民部、総務部",
        today=date(2026, 12, 3),
    )
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        # the font, on the headings and on the data
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {FONT_NAME}, ws.title
        # A4, fitted to one page wide, heading row printed on every page
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$1"
        # the page header names the checklist, the scope, the population and the date
        header = " ".join(
            p.text or "" for p in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right)
        )
        assert checklist.title.get("ja") in header
        assert "対象：市民部、総務部" in header
        assert "集計対象：5機関" in header
        assert "作成日：令和8年12月3日" in header
        assert ws.oddFooter.center.text == "&P / &N"
        # every column is as wide as its data (full-width characters count 2), up to the
        # cap; longer text wraps
        for column in ws.iter_cols(min_row=2):
            letter = column[0].column_letter
            widest = max((display_width(c.value) for c in column), default=0)
            assert ws.column_dimensions[letter].width >= min(widest, 60), (ws.title, letter)
            for c in column:
                if display_width(c.value) > 60:
                    assert c.alignment.wrap_text, (ws.title, c.coordinate)
    items = wb["項目別集計"]
    texts = [c for c in items["B"][1:] if c.value]
    assert any(display_width(c.value) > 60 for c in texts)  # the case is exercised
    assert items.column_dimensions["B"].width == 62
    assert items.column_dimensions["A"].width == 8  # d-01: short ids stay narrow
    assert items.page_setup.orientation == "landscape"
