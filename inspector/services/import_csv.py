"""Import answers from a CSV file (`inspector import-csv`): every row and column checked
before anything is written, in one transaction; re-importing the same file changes nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from inspector.context import AppContext
from inspector.exchange.answers_csv import ImportReport, import_answers
from inspector.exchange.answers_values import JST
from inspector.i18n import Translator
from inspector.services.actors import auditor


def import_answers_csv(context: AppContext, file: Path, *, create_missing: bool) -> ImportReport:
    """Import FILE (UTF-8 or CP932) as this run's user; with `create_missing`, unknown
    organizations and respondents are added."""
    return import_answers(
        context.repo,
        context.catalog,
        file,
        create_missing=create_missing,
        actor=auditor(context.settings),
    )


def older_lines(report: ImportReport, t: Translator) -> list[str]:
    """What was not applied because the stored answer is newer: a line of count, then the
    first rows with their line numbers and both times (Japan time), then how many more."""
    counts = report.counts
    if not counts.answers_older:
        return []
    lines = [t("data4.csv.older_skipped", count=counts.answers_older)]
    for older in counts.older:
        lines.append(
            t(
                "data4.csv.older_line",
                line=older.where,
                item=older.item_id,
                row_at=_shown(older.answered_at),
                stored_at=_shown(older.stored_at),
            )
        )
    if counts.answers_older > len(counts.older):
        lines.append(t("data4.csv.older_more", count=counts.answers_older - len(counts.older)))
    return lines


def _shown(moment: datetime) -> str:
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S")


__all__ = ["ImportReport", "import_answers_csv", "older_lines"]
