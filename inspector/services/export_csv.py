"""Export the latest session of each unit as an answers CSV (`inspector export-csv`), in
the columns `import-csv` reads."""

from __future__ import annotations

from pathlib import Path

from inspector.context import AppContext
from inspector.exchange.answers_csv import export_answers
from inspector.output_files import OutputGuard


def export_answers_csv(
    context: AppContext, *, checklist_id: str | None, organization_code: str | None
) -> str:
    """The CSV text of one checklist (or all) and one organization (or all); an unknown
    checklist or organization is an error."""
    if checklist_id:
        context.catalog.get(checklist_id)
    return export_answers(
        context.repo,
        context.catalog,
        checklist_id=checklist_id,
        organization_code=organization_code,
    )


def write_answers_csv(text: str, output: Path, guard: OutputGuard) -> Path:
    """Write the CSV for Excel: UTF-8 with a byte-order mark, under `guard`'s rules."""
    return guard.write(output, ("\ufeff" + text).encode("utf-8"))


__all__ = ["export_answers_csv", "write_answers_csv"]
