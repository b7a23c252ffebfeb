"""Import answers from a CSV file (`inspector import-csv`): every row and column checked
before anything is written, in one transaction; re-importing the same file changes nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.exchange.answers_csv import ImportReport, import_answers
from inspector.exchange.answers_values import JST
from inspector.i18n import Translator
from inspector.services.actors import auditor
from inspector.store.imports import OlderRow


def import_answers_csv(
    context: AppContext, file: Path, *, create_missing: bool, take_older: bool = False
) -> ImportReport:
    """Import FILE (UTF-8 or CP932) as this run's user; with `create_missing`, unknown
    organizations and respondents are added; with `take_older`, rows older than the stored
    answers, or without a time, replace them all the same."""
    return import_answers(
        context.repo,
        context.catalog,
        file,
        create_missing=create_missing,
        actor=auditor(context.settings),
        take_older=take_older,
    )


def older_lines(report: ImportReport, t: Translator) -> list[str]:
    """What was not applied because the stored answer is newer: a line of count, then the
    first rows with their line numbers and both times (Japan time), then how many more;
    before them, how many rows had no time, and after them how to take them all the same.
    With --take-older, how many were taken."""
    counts = report.counts
    lines = [t("imports16.undated", count=counts.undated)] if counts.undated else []
    if counts.taken:
        lines.append(t("imports16.taken", count=len(counts.taken)))
    undated = [o for o in counts.older if o.answered_at is None]
    if counts.undated_older:  # not older: of unknown time, their own line
        lines.append(t("imports16.undated_skipped", count=counts.undated_older))
        lines.extend(_rows(undated, counts.undated_older, t))
    dated = counts.answers_older - counts.undated_older
    if dated:
        lines.append(t("data4.csv.older_skipped", count=dated))
        lines.extend(_rows([o for o in counts.older if o.answered_at is not None], dated, t))
        lines.append(t("imports16.csv_older_hint"))
    return lines


def _rows(shown: list[OlderRow], count: int, t: Translator) -> list[str]:
    """The rows not applied that are shown, each with its line number and both times; then
    how many more."""
    lines = [
        t(
            "data4.csv.older_line",
            line=older.where,
            item=older.item_id,
            row_at=_shown(older.answered_at, t),
            stored_at=_shown(older.stored_at, t),
        )
        for older in shown
    ]
    if count > len(shown):
        lines.append(t("data4.csv.older_more", count=count - len(shown)))
    return lines


def outranked_lines(report: ImportReport, t: Translator, shown: int = 5) -> list[str]:
    """The sessions made from rows without a time only that count as newer than a dated
    session of their unit: a count and today's date, the first `shown`, how many more."""
    found = report.outranked
    if not found:
        return []
    lines = [t("imports16.outranked.head", count=len(found), today=japan_today().isoformat())]
    for checklist, organization, respondent, dated in found[:shown]:
        lines.append(
            t(
                "imports16.outranked.line",
                checklist=checklist,
                organization=organization,
                respondent=respondent,
                dated=dated.isoformat(),
            ).rstrip()
        )
    if len(found) > shown:
        lines.append(t("imports16.outranked.more", count=len(found) - shown))
    return lines


def _shown(moment: datetime | None, t: Translator) -> str:
    if moment is None:  # the row gave no time
        return t("imports16.no_time")
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S")


__all__ = ["ImportReport", "import_answers_csv", "older_lines", "outranked_lines"]
