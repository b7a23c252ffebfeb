"""The cell values of chosen sheets of an .xlsx file, read straight from its XML.

openpyxl's reader builds a typed object for every cell and style on the way; a collect of
161 forms spent most of its time there. The values are all it needs (and whether a cell
holds a formula), so the sheet XML is streamed with ElementTree (expat: entities are not
expanded beyond its limits, external ones never fetched) and each element dropped once
read. Works on what Excel, LibreOffice and openpyxl write: shared strings (rich text runs
joined, phonetic guides (ルビ) left out), inline strings, numbers, booleans, formulas.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MODIFIED = "{http://purl.org/dc/terms/}modified"
#: What a returned workbook may hold, from what a real one of ours needs: the largest form
#: distributed (juki-department, 57 items) unpacks to 125 kB, its largest sheet to 77 kB;
#: the sheet with the most XML elements (a roster of 310, juki-operator) has 1,126; Excel
#: saving a form moves its texts to the shared strings (a few hundred). Each bound is a
#: hundred times that or more, and each is checked before (or while) the part is read: a
#: 0.5 MB file unpacking to 190 MB of 11.7 M tiny strings took 73 s and 3.1 GB.
#: the most one part read (a sheet, the shared strings, the styles) may unpack to
MAX_PART_BYTES = 8 * 1024 * 1024
#: the most the parts read may unpack to together
MAX_TOTAL_BYTES = 24 * 1024 * 1024
#: the most string items of the shared strings
MAX_SHARED_STRINGS = 100_000
#: the most XML elements of one sheet read (a cell is two to four: <c>, <v>, <f>, <is>...;
#: counted as they end, so that one huge row is refused before it is all held)
MAX_SHEET_ELEMENTS = 200_000

_MIB = 1024 * 1024


class NotAWorkbook(Exception):
    """The file is not an .xlsx workbook this reader can open (the message says why).
    `key` and `params`: the message for a person (a key of the locales); by default
    `excel.problem.not_a_workbook` with the message as its `error`."""

    def __init__(
        self, message: str, key: str = "excel.problem.not_a_workbook", **params: object
    ) -> None:
        super().__init__(message)
        self.key = key
        self.params: dict[str, object] = params or {"error": message}


@dataclass
class SheetCells:
    cells: dict[str, str] = field(default_factory=dict)  # coordinate -> text, non-empty
    formulas: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)  # number cells shown as a date or time
    merged: list[str] = field(default_factory=list)  # merged ranges, as `E4:E5`


class _Budget:
    """What the parts read so far unpacked to: each part is checked against the limits by
    the size its zip entry declares (the reader never unpacks more than that: zipfile
    stops there and checks the CRC) before a byte of it is unpacked."""

    def __init__(self) -> None:
        self.used = 0

    def take(self, info: zipfile.ZipInfo) -> None:
        if info.file_size > MAX_PART_BYTES:
            size = f"{info.file_size / _MIB:.1f}"
            raise NotAWorkbook(
                f"part {info.filename} too large",
                "plans8.part_too_large",
                part=info.filename,
                size=size,
                limit=MAX_PART_BYTES // _MIB,
            )
        self.used += info.file_size
        if self.used > MAX_TOTAL_BYTES:
            raise NotAWorkbook(
                "parts too large together", "plans8.total_too_large", limit=MAX_TOTAL_BYTES // _MIB
            )


def _info(archive: zipfile.ZipFile, name: str, budget: _Budget | None) -> zipfile.ZipInfo:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise NotAWorkbook(f"missing part {name}") from None
    (budget or _Budget()).take(info)
    return info


def _read(archive: zipfile.ZipFile, name: str, budget: _Budget | None = None) -> bytes:
    return archive.read(_info(archive, name, budget))


_MACRO_TYPES = ("macroenabled", "vbaproject")


def _refuse_duplicates(archive: zipfile.ZipFile) -> None:
    """A zip holding two members of one name: `getinfo` gives the last one, where Excel may
    open the other, so the answers read need not be those the department saw. Refused,
    the part named (names compared as the format does: ignoring case)."""
    seen: set[str] = set()
    for name in archive.namelist():
        key = name.casefold()
        if key in seen:
            raise NotAWorkbook(f"part {name} twice", "wb16.duplicate_part", part=name)
        seen.add(key)


def _refuse_macros(archive: zipfile.ZipFile, budget: _Budget) -> None:
    """A macro-enabled workbook (.xlsm, .xltm, .xlam) is not a returned form, whatever its
    name: known by a VBA project part or a macro-enabled content type, never by the suffix
    alone. Nothing of it is ever run; it is refused so that no office keeps it as a form."""
    names = archive.namelist()
    vba = next((n for n in names if posixpath.basename(n).lower() == "vbaproject.bin"), None)
    if vba is not None:
        raise NotAWorkbook(f"macro part {vba}", "plans8.macro", what=vba)
    if "[Content_Types].xml" not in names:
        return
    types = _read(archive, "[Content_Types].xml", budget).lower()
    for marker in _MACRO_TYPES:
        if marker.encode() in types:
            raise NotAWorkbook("macro-enabled content type", "plans8.macro", what=marker)


def _relations(
    archive: zipfile.ZipFile, part: str, budget: _Budget | None = None
) -> dict[str, tuple[str, str]]:
    """Id -> (type, target part name) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in archive.namelist():
        return {}
    root = ElementTree.fromstring(_read(archive, rels_name, budget))
    result: dict[str, tuple[str, str]] = {}
    for rel in root.iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        full = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        result[rel.get("Id", "")] = (rel.get("Type", ""), full)
    return result


def _text(element: ElementTree.Element) -> str:
    """A string item's text: its <t>, or its runs' <t>s; never the phonetic guide (rPh)."""
    parts: list[str] = []
    for child in element:
        if child.tag == f"{_MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{_MAIN}r":
            for t in child.iter(f"{_MAIN}t"):
                parts.append(t.text or "")
    return "".join(parts)


def sheet_names(path: Path) -> list[str]:
    return list(_sheets(path).keys())


def _sheets(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return _sheet_parts(archive)[0]


def _sheet_parts(
    archive: zipfile.ZipFile, budget: _Budget | None = None
) -> tuple[dict[str, str], str, str]:
    workbook = "xl/workbook.xml"
    for kind, target in _relations(archive, "", budget).values():
        if kind.endswith("/officeDocument"):
            workbook = target
    rels = _relations(archive, workbook, budget)
    root = ElementTree.fromstring(_read(archive, workbook, budget))
    sheets: dict[str, str] = {}
    seen: set[str] = set()
    for sheet in root.iter(f"{_MAIN}sheet"):
        name = sheet.get("name", "")
        # two sheets of one name (Excel compares names ignoring case): the last one would
        # be read, where Excel may show the other
        if name.casefold() in seen:
            raise NotAWorkbook(
                f"sheet {name} twice in {workbook}",
                "wb16.duplicate_sheet",
                sheet=name,
                part=workbook,
            )
        seen.add(name.casefold())
        rel = rels.get(sheet.get(f"{_DOC_REL}id", ""))
        if rel is not None:
            sheets[name] = rel[1]
    shared = next((t for k, t in rels.values() if k.endswith("/sharedStrings")), "")
    styles = next((t for k, t in rels.values() if k.endswith("/styles")), "")
    return sheets, shared, styles


# built-in number formats that show a date or a time (ECMA-376 18.8.30; 27-36 and 50-58
# are the East Asian date formats, 和暦 and 年月日 among them)
_DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}


def _date_styles(archive: zipfile.ZipFile, part: str, budget: _Budget) -> set[int]:
    """The indexes of the cell formats (`s` of a cell) that show a number as a date/time."""
    if not part or part not in archive.namelist():
        return set()
    root = ElementTree.fromstring(_read(archive, part, budget))
    custom: dict[int, str] = {}
    for fmt in root.iter(f"{_MAIN}numFmt"):
        custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    found: set[int] = set()
    xfs = root.find(f"{_MAIN}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else ()):
        fmt_id = int(xf.get("numFmtId", "0"))
        code = custom.get(fmt_id)
        if (code is not None and is_date_format(code)) or (
            code is None and fmt_id in _DATE_FORMAT_IDS
        ):
            found.add(index)
    return found


def read_sheets(path: Path, names: list[str]) -> dict[str, SheetCells]:
    """The cells of each named sheet that the workbook has (a missing one is left out).
    Refused (`NotAWorkbook`, the limit named) as soon as a part is larger, or holds more
    strings or cells, than a form of ours can (`MAX_PART_BYTES` and the others), and when
    the workbook is macro-enabled."""
    try:
        with zipfile.ZipFile(path) as archive:
            budget = _Budget()
            _refuse_duplicates(archive)
            _refuse_macros(archive, budget)
            sheets, shared_part, styles_part = _sheet_parts(archive, budget)
            date_styles = _date_styles(archive, styles_part, budget)
            shared: list[str] = []
            if shared_part:
                shared = _shared_strings(archive, shared_part, budget)
            result: dict[str, SheetCells] = {}
            for name in names:
                if name in sheets:
                    with archive.open(_info(archive, sheets[name], budget)) as xml:
                        result[name] = _cells(xml, shared, date_styles, name)
            return result
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError, IndexError) as exc:
        raise NotAWorkbook(type(exc).__name__) from None


def _shared_strings(archive: zipfile.ZipFile, part: str, budget: _Budget) -> list[str]:
    """The shared strings, streamed: each item dropped once read, the count bounded."""
    si_tag = f"{_MAIN}si"
    shared: list[str] = []
    with archive.open(_info(archive, part, budget)) as xml:
        for _, element in ElementTree.iterparse(xml, events=("end",)):
            if element.tag != si_tag:
                continue
            if len(shared) >= MAX_SHARED_STRINGS:
                raise NotAWorkbook(
                    "too many shared strings", "plans8.too_many_strings", limit=MAX_SHARED_STRINGS
                )
            shared.append(_text(element))
            element.clear()
    return shared


#: how far a save time may be ahead of this PC's clock and still be taken as it is (two
#: PCs' clocks a few minutes apart); beyond it the time is no time (`SaveTime.ahead`)
AHEAD_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class SaveTime:
    """When the workbook says it was saved: `at` (UTC), None when it has no time, one that
    cannot be read, or one ahead of the clock; `ahead`: that time ahead of the clock (a PC
    clock set ahead, or a time written by hand), which is reported and never used."""

    at: datetime | None = None
    ahead: datetime | None = None


def save_time(path: Path, now: datetime | None = None) -> SaveTime:
    """The workbook's core properties' `modified` (Excel, LibreOffice and openpyxl write it
    on every save), in UTC. A time more than `AHEAD_TOLERANCE` after `now` is not taken as
    now (it would then win every later collect, a stale copy undoing a correction): the
    file is of unknown time, its time kept in `ahead` to be reported."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = next(
                (t for k, t in _relations(archive, "").values() if k.endswith("/core-properties")),
                "docProps/core.xml",
            )
            if core not in archive.namelist():
                return SaveTime()
            root = ElementTree.fromstring(_read(archive, core))
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError, NotAWorkbook):
        return SaveTime()
    element = root.find(_MODIFIED)
    text = (element.text or "").strip() if element is not None else ""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return SaveTime()
    if moment.tzinfo is None:  # W3CDTF in core properties is UTC
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):  # 9999-12-31T23:59:59-01:00
        return SaveTime()
    clock = now or datetime.now(UTC)
    if moment > clock + AHEAD_TOLERANCE:
        return SaveTime(None, moment)
    return SaveTime(min(moment, clock))


def saved_at(path: Path) -> datetime | None:
    """When the workbook was last saved (`save_time`): None when unknown or ahead."""
    return save_time(path).at


def _split_reference(reference: str) -> tuple[int, int]:
    letters = reference.rstrip("0123456789")
    column = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters)))
    return column, int(reference[len(letters) :])


def _cells(xml: IO[bytes], shared: list[str], date_styles: set[int], sheet: str) -> SheetCells:
    """Each row is read when it ends (its cells are then all there, and its `r` known), so
    only end events are asked for: half the events of start-and-end parsing. At most
    `MAX_SHEET_ELEMENTS` elements are read (`sheet`: the name the refusal gives)."""
    row_tag, cell_tag, merge_tag = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}mergeCell"
    f_tag, v_tag, is_tag = f"{_MAIN}f", f"{_MAIN}v", f"{_MAIN}is"
    out = SheetCells()
    row_number = 0
    seen = 0
    for _, row in ElementTree.iterparse(xml, events=("end",)):
        seen += 1
        if seen > MAX_SHEET_ELEMENTS:
            raise NotAWorkbook(
                f"too many elements in {sheet}",
                "plans8.too_many_cells",
                sheet=sheet,
                limit=MAX_SHEET_ELEMENTS,
            )
        if row.tag != row_tag:
            if row.tag == merge_tag and row.get("ref"):
                out.merged.append(row.get("ref", ""))
            continue
        given = row.get("r")
        row_number = int(given) if given else row_number + 1
        column = 0
        # the last cell's reference: its column is worked out only when a cell without a
        # reference follows it (rare), not for each of the many cells that have one
        last: str | None = None
        for element in row:
            if element.tag != cell_tag:
                continue
            reference = element.get("r")
            if reference is None:  # allowed by the format: the next column of the row
                if last is not None:
                    column = _split_reference(last)[0]
                    last = None
                column += 1
                reference = f"{get_column_letter(column)}{row_number}"
            else:
                last = reference
            if not len(element):  # a styled empty cell (every input cell left blank)
                continue
            kind = element.get("t", "n")
            formula = element.find(f_tag)
            value = element.find(v_tag)
            raw = value.text if value is not None else None
            if kind == "s":
                text = shared[int(raw)] if raw is not None else ""
            elif kind == "inlineStr":
                inline = element.find(is_tag)
                text = _text(inline) if inline is not None else ""
            elif kind == "b":
                text = "" if raw is None else ("TRUE" if raw == "1" else "FALSE")
            else:
                text = raw or ""
            if formula is not None:
                out.formulas.add(reference)
                text = text or "=" + (formula.text or "")
            text = text.strip()
            if text:
                out.cells[reference] = _number_text(text) if kind == "n" else text
                if kind == "d" or (kind == "n" and date_styles and _style(element) in date_styles):
                    out.dates.add(reference)
        row.clear()
    return out


def _style(element: ElementTree.Element) -> int:
    try:
        return int(element.get("s", "0"))
    except ValueError:
        return 0


def _number_text(raw: str) -> str:
    """A number as Excel shows it: `12`, not `12.0` (LibreOffice writes either)."""
    try:
        value = float(raw)
    except ValueError:
        return raw
    if value.is_integer() and abs(value) < 1e15 and "e" not in raw.lower():
        return str(int(value))
    return raw
