"""Returned workbooks that are not what they seem (review15, review16): a zip holding a part
twice, two sheets of one name (the last one was read, where Excel may show the other), a
per-person form whose respondent cell names another person, a form's return after it was
handed out again. Each refused naming the file and the part or cell, exit 1, nothing
written."""

from __future__ import annotations

import sqlite3
import warnings
import zipfile
from pathlib import Path
from typing import Any

from inspector.exchange.workbooks.layout import SHEET_ANSWERS, SHEET_FORM
from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector
from tests.corpus.excel_forms import edit, fill_organization

_ANSWERS_PART = "xl/worksheets/sheet2.xml"  # the answer sheet of a distributed form
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _parts(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _write(out: Path, parts: list[tuple[str, bytes]]) -> Path:
    with warnings.catch_warnings():  # zipfile warns of a name written twice: the point here
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts:
                archive.writestr(name, data)
    return out


def with_part_twice(shown: Path, other: Path, out: Path, part: str = _ANSWERS_PART) -> Path:
    """`shown`, with `other`'s copy of `part` written after it under the same name."""
    second = dict(_parts(other))[part]
    return _write(out, [*_parts(shown), (part, second)])


def with_second_answer_sheet(shown: Path, other: Path, out: Path) -> Path:
    """`shown`, with `other`'s answer sheet added as a second sheet named 回答 (last)."""
    parts = dict(_parts(shown))
    parts["xl/worksheets/sheet9.xml"] = dict(_parts(other))[_ANSWERS_PART]
    name = SHEET_ANSWERS.encode()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>",
        b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        b' name="' + name + b'" sheetId="9" state="hidden" r:id="rId99"/></sheets>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rId99" Type="{_REL}" Target="worksheets/sheet9.xml"/>'
        "</Relationships>".encode(),
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/xl/worksheets/sheet9.xml" ContentType="{_SHEET_TYPE}"/>'
        "</Types>".encode(),
    )
    return _write(out, list(parts.items()))


def _two_answers(make: Any, name: str) -> Any:
    """110's backup-media form answered 遵守 throughout (shown) and 不遵守 (other), then
    `make(shown, other, out)`: {tmp}/`name`."""

    def setup(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        run_inspector(
            places, "selfcheck", "distribute", "--checklist", "backup-media",
            "--organization", "110", "-o", str(tmp / "forms"),
        )  # fmt: skip
        [source] = (tmp / "forms").glob("*.xlsx")
        items = [f"b-{n:02d}" for n in range(1, 12)]
        shown = fill_organization(source, dict.fromkeys(items, "遵守"), out=tmp / "shown.xlsx")
        other = fill_organization(source, dict.fromkeys(items, "不遵守"), out=tmp / "other.xlsx")
        make(shown, other, tmp / name)

    return setup


def _respondent(staff_number: str) -> Any:
    """110's juki-operator form of S1001, answered, its respondent cell (様式情報!B6) set to
    `staff_number`: {tmp}/other.xlsx."""

    def setup(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        run_inspector(
            places, "selfcheck", "distribute", "--checklist", "juki-operator",
            "--organization", "110", "--per-person", "-o", str(tmp / "forms"),
        )  # fmt: skip
        [source] = (tmp / "forms").glob("110_S1001_*.xlsx")
        filled = fill_organization(source, {"o-01": "遵守"}, out=tmp / "filled.xlsx")

        def change(wb: Any) -> None:
            wb[SHEET_FORM]["B6"] = staff_number

        edit(filled, change, tmp / "other.xlsx")

    return setup


def _superseded(places: Placeholders) -> None:
    """110's backup-media form handed out twice; the first one answered: {tmp}/late.xlsx."""
    tmp = Path(places["tmp"])
    for folder in ("first", "again"):
        run_inspector(
            places, "selfcheck", "distribute", "--checklist", "backup-media",
            "--organization", "110", "-o", str(tmp / folder),
        )  # fmt: skip
    [source] = (tmp / "first").glob("*.xlsx")
    fill_organization(source, {"b-01": "遵守"}, out=tmp / "late.xlsx")


_OLD = "SC-0000000000AA"


def _handed_out_twice(places: Placeholders) -> None:
    """110's backup-media form handed out twice, the first one's id set to `_OLD`."""
    _superseded(places)
    with sqlite3.connect(places["db"]) as conn:
        conn.execute(
            "update distributed_form set form_id = ? where id = (select min(id) from"
            " distributed_form)",
            (_OLD,),
        )


CASES = [
    Case(
        id="wb16-zip-part-twice",
        args=["selfcheck", "collect", "{tmp}/twice.xlsx"],
        setup=_two_answers(with_part_twice, "twice.xlsx"),
        expect=["twice.xlsx", _ANSWERS_PART, "2 つ以上あります"],
        exit_code=1,
    ),
    Case(
        id="wb16-zip-part-twice-en",
        args=["selfcheck", "collect", "{tmp}/twice.xlsx"],
        setup=_two_answers(with_part_twice, "twice.xlsx"),
        expect=["twice.xlsx", f"holds its part {_ANSWERS_PART} more than once"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="wb16-two-answer-sheets",
        args=["selfcheck", "collect", "{tmp}/sheets.xlsx"],
        setup=_two_answers(with_second_answer_sheet, "sheets.xlsx"),
        expect=["sheets.xlsx", f"シート「{SHEET_ANSWERS}」が 2 つ以上", "xl/workbook.xml"],
        exit_code=1,
    ),
    Case(
        id="wb16-two-answer-sheets-en",
        args=["selfcheck", "collect", "{tmp}/sheets.xlsx"],
        setup=_two_answers(with_second_answer_sheet, "sheets.xlsx"),
        expect=["sheets.xlsx", f'more than one sheet named "{SHEET_ANSWERS}"', "xl/workbook.xml"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="wb16-per-person-form-of-another-respondent",
        args=["selfcheck", "collect", "{tmp}/other.xlsx"],
        setup=_respondent("S1002"),
        expect=["other.xlsx", f"{SHEET_FORM}!B6", "「S1002」", "「S1001」の回答用"],
        exit_code=1,
    ),
    Case(
        id="wb16-per-person-form-respondent-emptied-en",
        args=["selfcheck", "collect", "{tmp}/other.xlsx"],
        setup=_respondent(""),
        expect=["other.xlsx", f"{SHEET_FORM}!B6", "holds ''", "gives this form to 'S1001'"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="wb16-return-of-a-superseded-form",
        args=["selfcheck", "collect", "{tmp}/late.xlsx"],
        setup=_superseded,
        expect=["late.xlsx", f"{SHEET_FORM}!B1", "配布し直した様式 SC-", "--take-superseded"],
        exit_code=1,
    ),
    Case(
        id="wb16-return-of-a-superseded-form-en",
        args=["selfcheck", "collect", "{tmp}/late.xlsx", "--json"],
        setup=_superseded,
        expect=["late.xlsx", f"{SHEET_FORM}!B1", "was superseded by form SC-"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="wb16-send-back-a-superseded-form",
        args=["selfcheck", "return", "--form", _OLD, "--comment", "直して", "-o", "{tmp}/b.xlsx"],
        setup=_handed_out_twice,
        expect=[f"様式 {_OLD} は", "配布し直した様式 SC-", "差し戻せません"],
        exit_code=1,
    ),
    Case(
        id="wb16-send-back-a-superseded-form-en",
        args=["selfcheck", "return", "--form", _OLD, "--comment", "fix", "-o", "{tmp}/b.xlsx"],
        setup=_handed_out_twice,
        expect=[f"form {_OLD} cannot be sent back", "superseded by form SC-"],
        exit_code=1,
        lang="en",
    ),
]
