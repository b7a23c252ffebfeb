"""The direct reader of sheet values on what other programs write: rich text and phonetic
guides in shared strings (Excel on Japanese text), inline strings, cells without a
reference, booleans, numbers written as `12.0`, formulas with a cached value."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from inspector.exchange.workbooks.xlsx_cells import NotAWorkbook, read_sheets

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _book(path: Path, sheet: str) -> Path:
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="r1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="回答" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si><t>遵守</t></si>'
        "<si><r><t>不</t></r><r><t>遵守</t></r><rPh sb='0' eb='1'><t>フ</t></rPh></si></sst>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{sheet}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_values_as_other_programs_write_them(tmp_path: Path) -> None:
    sheet = (
        '<row r="4"><c r="E4" t="s"><v>0</v></c><c r="F4" t="s"><v>1</v></c></row>'
        '<row r="5"><c t="inlineStr"><is><t>はい</t></is></c><c><v>12.0</v></c>'
        '<c t="b"><v>1</v></c></row>'
        '<row r="6"><c r="E6"><f>1+1</f><v>2</v></c><c r="F6" t="str"><f>A1</f><v></v></c></row>'
    )
    cells = read_sheets(_book(tmp_path / "a.xlsx", sheet), ["回答", "様式情報"])
    assert list(cells) == ["回答"]
    got = cells["回答"]
    assert got.cells["E4"] == "遵守"
    assert got.cells["F4"] == "不遵守"  # the phonetic guide is not part of the text
    assert (got.cells["A5"], got.cells["B5"], got.cells["C5"]) == ("はい", "12", "TRUE")
    assert got.formulas == {"E6", "F6"}
    assert got.cells["F6"] == "=A1"


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04junk", b"<xml/>"])
def test_not_a_workbook(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(NotAWorkbook):
        read_sheets(path, ["回答"])


def test_cells_without_a_reference_follow_the_last_one_and_empty_cells_count(
    tmp_path: Path,
) -> None:
    sheet = (
        '<row r="7"><c r="C7" s="1"/><c><v>1</v></c><c s="2"/><c t="inlineStr"><is><t>x</t>'
        '</is></c></row><row><c><v>3</v></c><c r="AA8" s="1"/><c><v>4</v></c></row>'
    )
    got = read_sheets(_book(tmp_path / "b.xlsx", sheet), ["回答"])["回答"]
    assert got.cells == {"D7": "1", "F7": "x", "A8": "3", "AB8": "4"}
