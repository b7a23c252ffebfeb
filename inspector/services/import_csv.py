"""Import answers from a CSV file (`inspector import-csv`): every row and column checked
before anything is written, in one transaction; re-importing the same file changes nothing."""

from __future__ import annotations

from pathlib import Path

from inspector.context import AppContext
from inspector.exchange.answers_csv import ImportReport, import_answers


def import_answers_csv(context: AppContext, file: Path, *, create_missing: bool) -> ImportReport:
    """Import FILE (UTF-8 or CP932) as this run's user; with `create_missing`, unknown
    organizations and respondents are added."""
    return import_answers(
        context.repo,
        context.catalog,
        file,
        create_missing=create_missing,
        actor=context.settings.user,
    )


__all__ = ["ImportReport", "import_answers_csv"]
