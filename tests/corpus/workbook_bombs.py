"""Returned workbooks that hold far more than a form of ours (plans8): a part of many
tiny shared strings, a sheet row of many cells, a macro project. Each is built from a real
workbook (distributed or written by the CLI), its zip parts copied and one changed."""

from __future__ import annotations

import zipfile
from pathlib import Path

_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_ITEM = b"<si><t>A</t></si>"


def _copy(source: Path, out: Path, change: dict[str, bytes], add: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change.get(info.filename, zin.read(info))
            zout.writestr(info.filename, data)
        for name, data in add.items():
            zout.writestr(name, data)
    return out


def with_shared_strings(source: Path, out: Path, count: int) -> Path:
    """`source` with a shared strings part of `count` items `A` (none of them used)."""
    with zipfile.ZipFile(source) as zin:
        types = zin.read("[Content_Types].xml")
        rels = zin.read("xl/_rels/workbook.xml.rels")
        has_sst = "xl/sharedStrings.xml" in zin.namelist()
    change: dict[str, bytes] = {}
    if not has_sst:
        change["[Content_Types].xml"] = types.replace(
            b"</Types>",
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST}"/></Types>'.encode(),
        )
        change["xl/_rels/workbook.xml.rels"] = rels.replace(
            b"</Relationships>",
            f'<Relationship Id="rIdBomb" Type="{_SST_REL}" Target="sharedStrings.xml"/>'
            "</Relationships>".encode(),
        )
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns='
        f'"http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
        f'uniqueCount="{count}">'
    ).encode()
    part = head + _ITEM * count + b"</sst>"
    key = "xl/sharedStrings.xml"
    return _copy(
        source, out, {**change, key: part} if has_sst else change, {} if has_sst else {key: part}
    )


def with_long_row(source: Path, out: Path, sheet_part: str, cells: int) -> Path:
    """`source` with one more row (200) of `cells` number cells in `sheet_part`."""
    with zipfile.ZipFile(source) as zin:
        xml = zin.read(sheet_part)
    row = b'<row r="200">' + b'<c r="Z200"><v>1</v></c>' * cells + b"</row>"
    return _copy(source, out, {sheet_part: xml.replace(b"</sheetData>", row + b"</sheetData>")}, {})


def with_macros(source: Path, out: Path, *, project: bool = True) -> Path:
    """`source` made macro-enabled as Excel saves an .xlsm: the main part's content type
    `macroEnabled`, and (`project`) a `xl/vbaProject.bin` part."""
    with zipfile.ZipFile(source) as zin:
        types = zin.read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    add = {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 508} if project else {}
    return _copy(source, out, {"[Content_Types].xml": types}, add)


def sheet_part(source: Path, name: str) -> str:
    """The zip part of the sheet called `name` (as the reader finds it)."""
    from inspector.exchange.workbooks.xlsx_cells import _sheet_parts

    with zipfile.ZipFile(source) as archive:
        return _sheet_parts(archive)[0][name]
