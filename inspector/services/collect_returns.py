"""Returned workbooks of any kind collected from one place (the 回収状況 screen): a
self-check form as `selfcheck collect` takes it, a 改善計画書 as `plans collect` does, each
file on its own; and what each file collected left out, in the lines the CLI prints:
answers older than the stored ones, answers taken over newer ones, rows of findings
withdrawn since the export, rows whose plan changed on both sides."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from inspector.context import AppContext
from inspector.exchange.workbooks.collect import FileReceipt
from inspector.exchange.workbooks.layout import SHEET_FORM
from inspector.exchange.workbooks.plans import PLAN_KIND
from inspector.exchange.workbooks.reader import Problem
from inspector.i18n import Translator
from inspector.services import plans_excel, selfcheck_excel
from inspector.services.excel_collect import (
    ahead_lines,
    collect_each,
    form_field,
    older_lines,
    taken_lines,
)

Receipt = FileReceipt | plans_excel.PlansReceipt


def collect_one(
    context: AppContext,
    path: Path,
    manager: str | None = None,
    take_older: bool = False,
) -> Receipt:
    """The file as its kind is collected. `manager` names who heard a roster's staff: a
    改善計画書 records no hearing, so it is refused with a manager named, as a form that is
    no roster is (the name would be dropped unseen)."""
    if form_field(path, "kind") != PLAN_KIND:
        return selfcheck_excel.collect_one(context, path, manager, take_older)
    if manager is not None:
        receipt = plans_excel.PlansReceipt(path)
        receipt.problems.append(Problem(SHEET_FORM, "", "manager_fix.not_roster.plans"))
        return receipt
    return plans_excel.collect_one(context, path)


def collect(
    context: AppContext,
    files: Sequence[Path],
    manager: str | None = None,
    take_older: bool = False,
) -> list[Receipt]:
    return collect_each(files, lambda path: collect_one(context, path, manager, take_older))


def skipped_lines(receipt: Receipt, lang: str, hint: str | None = "excel7.older_hint") -> list[str]:
    """What a collected file left out (or took over newer answers), as the CLI says it;
    `hint`: the message that says how older answers are taken all the same."""
    if isinstance(receipt, plans_excel.PlansReceipt):
        return plans_excel.collect_notes(receipt, Translator(lang))
    return [
        *ahead_lines(receipt.path, receipt.saved_ahead, lang),
        *older_lines(
            receipt.path,
            receipt.counts,
            lang,
            hint,
            ahead=receipt.saved_ahead is not None,
            dated=receipt.dated_by_collect,
        ),
        *taken_lines(receipt.path, receipt.counts, lang),
    ]
