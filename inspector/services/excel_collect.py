"""What collecting returned workbooks shares, self-check forms and 改善計画書 alike: the
files named (folders opened), each file collected on its own (a refused one leaves the
database as it was, the others go in), and every problem as a line naming the file, the
sheet and the cell."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

from inspector.exchange.answers_values import JST
from inspector.exchange.workbooks.reader import Problem
from inspector.i18n import Translator
from inspector.services.errors import Refused
from inspector.store.imports import ImportCounts


class Collected(Protocol):
    """A file's receipt: what the CLI and the interface report of every collect."""

    path: Path
    imported: bool
    problems: list[Problem]


R = TypeVar("R", bound=Collected)


def xlsx_files(paths: Iterable[Path], lang: str) -> list[Path]:
    """The workbooks named: files as given, folders' `.xlsx` files (not Excel's `~$` lock
    files), sorted. Refused when two of them are returns of the same form."""
    t = Translator(lang)
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$")
            )
            if not inside:
                raise Refused(t("excel.collect.no_files", path=path))
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            raise Refused(t("excel.collect.not_found", path=path))
    files = list(dict.fromkeys(found))
    _refuse_duplicate_forms(files, t)
    return files


def _refuse_duplicate_forms(files: list[Path], t: Translator) -> None:
    """Two returns of one form (a department's first answer and its corrected copy, both
    left in the folder) are refused before anything is collected, naming both files: which
    one counts is the audit office's decision, not the file names' order (the last one
    collected would have won without a word) nor a time saved in the workbook (which any
    copy or re-save changes). Only the form sheet is read here; a file that is not a
    readable form is left to the collect, which says what is wrong with it."""
    seen: dict[str, Path] = {}
    for path in files:
        form_id = _form_id(path)
        if not form_id:
            continue
        first = seen.setdefault(form_id, path)
        if first != path:
            raise Refused(
                t("data4.collect.duplicate_form", form_id=form_id, first=first, second=path)
            )


def _form_id(path: Path) -> str:
    return form_field(path, "form_id")


def form_field(path: Path, key: str) -> str:
    """The value the workbook's hidden form sheet holds for `key` (`form_id`, `kind`: a
    self-check form's kind or `plans`), "" when it has none or is no readable form."""
    from inspector.exchange.workbooks.layout import SHEET_FORM
    from inspector.exchange.workbooks.xlsx_cells import read_sheets

    try:
        sheet = read_sheets(path, [SHEET_FORM]).get(SHEET_FORM)
    except Exception:  # not a workbook, or a broken one: the collect reports it
        return ""
    if sheet is None:
        return ""
    cells = sheet.cells
    rows = sorted({int("".join(c for c in ref if c.isdigit()) or 0) for ref in cells})
    for row in rows:  # the first row naming the key, as the reader takes it
        if cells.get(f"A{row}", "") == key:
            return cells.get(f"B{row}", "")
    return ""


def collect_each(
    files: Sequence[Path],
    one: Callable[[Path], R],
    progress: Callable[[Path], None] | None = None,
) -> list[R]:
    """`one` on every file in turn (each its own transaction), `progress` after each."""
    receipts: list[R] = []
    for path in files:
        receipts.append(one(path))
        if progress is not None:
            progress(path)
    return receipts


def problem_lines(receipt: Collected, lang: str) -> list[str]:
    """`市民課.xlsx 回答!E12: ...`: one line per problem of the file."""
    t = Translator(lang)
    name = receipt.path.name
    lines = []
    for p in receipt.problems:
        message = t(p.key, **p.params)
        if p.cell:
            lines.append(
                t("excel.collect.problem", file=name, sheet=p.sheet, cell=p.cell, message=message)
            )
        else:
            lines.append(t("excel.collect.problem_no_cell", file=name, message=message))
    return lines


def problems_json(receipt: Collected, lang: str) -> list[dict[str, str]]:
    t = Translator(lang)
    return [
        {"sheet": p.sheet, "cell": p.cell, "message": t(p.key, **p.params)}
        for p in receipt.problems
    ]


def older_lines(
    path: Path,
    counts: ImportCounts,
    lang: str,
    hint: str | None = "excel7.older_hint",
    ahead: bool = False,
    dated: bool = False,
) -> list[str]:
    """The answers of a return not applied because the stored ones are newer (an older copy
    collected after its correction): a count, then file, cell and both times of the first,
    then `hint` (a message key): how to take them all the same. A file of unknown time
    (no save time, or `ahead` of the clock: said by `ahead_lines` alone) says that is why;
    `dated`: it was dated by the collect as the correction of a form sent back."""
    t = Translator(lang)
    name = path.name
    lines = [t("wb16.dated_by_collect", file=name)] if dated else []
    if counts.undated and not ahead:
        lines.append(t("imports16.undated_workbook", file=name, count=counts.undated))
    if not counts.answers_older:
        return lines
    unknown = ahead or any(o.answered_at is None for o in counts.older)
    skipped = "wb16.unknown_skipped" if unknown else "excel5.older.skipped"
    lines.append(t(skipped, file=name, count=counts.answers_older))
    for older in counts.older:
        lines.append(
            t(
                "excel5.older.line",
                file=name,
                cell=older.where,
                item=older.item_id,
                saved_at=_when(older.answered_at, t),
                stored_at=_jst(older.stored_at),
            )
        )
    if counts.answers_older > len(counts.older):
        lines.append(t("data4.csv.older_more", count=counts.answers_older - len(counts.older)))
    if unknown and hint == "excel7.older_hint":  # the CLI's: how, for a file of unknown time
        hint = "wb16.unknown_hint_ahead" if ahead else "wb16.unknown_hint"
    if hint:
        lines.append(t(hint))
    return lines


def _when(moment: datetime | None, t: Translator) -> str:
    """A return's save time as shown; a workbook saved without one (no dcterms:modified)
    says so."""
    return t("imports16.no_time") if moment is None else _jst(moment)


def taken_lines(path: Path, counts: ImportCounts, lang: str) -> list[str]:
    """The answers of a return applied over newer stored ones (`collect --take-older`):
    a count, then each one with its cell and both times (each is in the change log)."""
    if not counts.taken:
        return []
    t = Translator(lang)
    name = path.name
    lines = [t("excel7.taken", file=name, count=len(counts.taken))]
    for taken in counts.taken:
        lines.append(
            t(
                "excel7.taken_line",
                file=name,
                cell=taken.where,
                item=taken.item_id,
                saved_at=_when(taken.answered_at, t),
                stored_at=_jst(taken.stored_at),
            )
        )
    return lines


def ahead_lines(path: Path, ahead: datetime | None, lang: str) -> list[str]:
    """A return whose save time is ahead of the clock (`save_time`): said with the file and
    its time, as a file of unknown time."""
    if ahead is None:
        return []
    now = _jst(datetime.now(JST))
    return [Translator(lang)("wb16.ahead", file=path.name, saved_at=_jst(ahead), now=now)]


def _jst(moment: datetime) -> str:
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S")
