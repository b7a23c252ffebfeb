"""plans8: a returned workbook holds no more than a form of ours can (shared strings, a
sheet's elements, what its parts unpack to), and no macro project: refused early, the
limit named, nothing written; a real form still goes in. Real workbooks: distributed by the
CLI, filled with openpyxl, their zip parts then changed (`tests/corpus/workbook_bombs.py`)."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from inspector.exchange.workbooks import xlsx_cells
from inspector.exchange.workbooks.layout import SHEET_ANSWERS, SHEET_FORM
from inspector.exchange.workbooks.xlsx_cells import NotAWorkbook, read_sheets
from tests.corpus.excel_forms import distribute, fill_organization, invoke
from tests.corpus.workbook_bombs import sheet_part, with_long_row, with_macros, with_shared_strings


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


@pytest.fixture
def form(db: Path, tmp_path: Path) -> Path:
    """110's backup-media form, every item answered."""
    [path] = distribute(db, tmp_path / "forms", "backup-media", "--organization", "110")
    answers = {f"b-{n:02d}": "遵守" for n in range(1, 12)}
    return fill_organization(path, answers, out=tmp_path / "filled.xlsx")


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def refused(db: Path, book: Path, *words: str, lang: str = "ja") -> None:
    before = dump(db)
    result = invoke(db, "--lang", lang, "selfcheck", "collect", str(book))
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.output + result.stderr
    for word in (book.name, *words):
        assert word in result.stderr
    assert dump(db) == before


def test_the_filled_form_goes_in(db: Path, form: Path) -> None:
    """The control: the form every bomb below is made of is collected."""
    result = invoke(db, "selfcheck", "collect", str(form))
    assert result.exit_code == 0, result.stderr


def test_shared_strings_at_the_limit_go_in(db: Path, form: Path, tmp_path: Path) -> None:
    book = with_shared_strings(form, tmp_path / "many.xlsx", xlsx_cells.MAX_SHARED_STRINGS)
    result = invoke(db, "selfcheck", "collect", str(book))
    assert result.exit_code == 0, result.stderr


def test_too_many_shared_strings(db: Path, form: Path, tmp_path: Path) -> None:
    """Under the part limit (1.7 MB unpacked), but more items than a form has."""
    count = xlsx_cells.MAX_SHARED_STRINGS + 1
    book = with_shared_strings(form, tmp_path / "bomb.xlsx", count)
    refused(db, book, "共有文字列が多すぎます", "100000")
    refused(db, book, "too many shared strings", lang="en")


def test_a_part_that_unpacks_too_large(db: Path, form: Path, tmp_path: Path) -> None:
    """The hunt's bomb in small: a shared strings part past the part limit (8 MiB), refused
    before a byte of it is unpacked: the size and the limit named."""
    count = xlsx_cells.MAX_PART_BYTES // len(b"<si><t>A</t></si>") + 10
    book = with_shared_strings(form, tmp_path / "bomb.xlsx", count)
    assert book.stat().st_size < 100_000
    refused(db, book, "xl/sharedStrings.xml", "上限 8 MB")


def test_parts_too_large_together(
    db: Path, form: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part under its limit, all of them over the total (lowered here to the form's
    own parts, 26 kB, the largest 16 kB: 20 kB)."""
    monkeypatch.setattr(xlsx_cells, "MAX_TOTAL_BYTES", 20_000)
    refused(db, form, "合わせて")


def test_a_sheet_of_too_many_elements(db: Path, form: Path, tmp_path: Path) -> None:
    """One row of 100,001 cells (two elements each): refused while the row is read."""
    part = sheet_part(form, SHEET_ANSWERS)
    book = with_long_row(form, tmp_path / "row.xlsx", part, xlsx_cells.MAX_SHEET_ELEMENTS // 2 + 1)
    refused(db, book, f"シート「{SHEET_ANSWERS}」の要素が多すぎます")


def test_a_macro_project_refused_whatever_the_name(db: Path, form: Path, tmp_path: Path) -> None:
    book = with_macros(form, tmp_path / "macro.xlsm")
    refused(db, book, "マクロ付きのブック", "xl/vbaProject.bin")
    renamed = with_macros(form, tmp_path / "macro.xlsx")
    refused(db, renamed, "マクロ付きのブック")


def test_a_macro_enabled_type_without_a_project(db: Path, form: Path, tmp_path: Path) -> None:
    book = with_macros(form, tmp_path / "saved_as.xlsm", project=False)
    refused(db, book, "マクロ付きのブック", "macroenabled")


def test_the_plans_collect_reads_with_the_same_limits(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    assert invoke(db, "report", "plans", "--organization", "210", "--xlsx", str(out)).exit_code == 0
    book = with_macros(out, tmp_path / "p_macro.xlsx")
    before = dump(db)
    result = invoke(db, "plans", "collect", str(book))
    assert result.exit_code == 1
    assert "p_macro.xlsx" in result.stderr and "マクロ付きのブック" in result.stderr
    assert dump(db) == before


def test_the_declared_size_is_what_is_checked(form: Path, tmp_path: Path) -> None:
    """The reader checks the size the zip entry declares, before unpacking: an entry
    declaring more than the limit is refused although its data is small."""
    part = sheet_part(form, SHEET_FORM)
    out = tmp_path / "declared.xlsx"
    with zipfile.ZipFile(form) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
    data = bytearray(out.read_bytes())
    # the central directory's uncompressed size of the form sheet's entry, set past the limit
    name = part.encode()
    at = data.rindex(name) - 46  # central directory header: 46 bytes before the name
    assert data[at : at + 4] == b"PK\x01\x02"
    data[at + 24 : at + 28] = (xlsx_cells.MAX_PART_BYTES + 1).to_bytes(4, "little")
    out.write_bytes(bytes(data))
    with pytest.raises(NotAWorkbook) as caught:
        read_sheets(out, [SHEET_FORM])
    assert caught.value.key == "plans8.part_too_large"
