"""The consolidation written to a file from the interface (the consolidation screen's `e`):
an Excel workbook as `inspector consolidate --xlsx PATH`, or the PDF with bar charts as
`inspector report summary -o PATH`, through the same writers and output rules (never over
an existing file without `force`, written through a temporary file)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from inspector.context import AppContext
from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import Consolidation
from inspector.output_files import safe_file_name

ExportFormat = Literal["xlsx", "pdf"]
FORMATS: tuple[ExportFormat, ...] = ("xlsx", "pdf")


def default_export_name(checklist_id: str, fmt: ExportFormat, codes: Sequence[str] = ()) -> str:
    """`summary-<checklist>.pdf` (the default of `report summary`), and the workbook named
    the same way (`consolidation-<checklist>.xlsx`); with the organization's code when the
    counts are restricted to one."""
    scope = "".join(f"_{code}" for code in codes)
    stem = "summary" if fmt == "pdf" else "consolidation"
    return safe_file_name(f"{stem}-{checklist_id}{scope}.{fmt}")


def export_consolidation(
    context: AppContext,
    checklist: Checklist,
    result: Consolidation,
    out: Path,
    fmt: ExportFormat,
    codes: Sequence[str] = (),
    *,
    force: bool = False,
) -> Path:
    """Write `result` to `out` as `fmt`; `codes`: the organizations counted (printed as the
    scope). Raises `OutputError` for a target the rules refuse."""
    from inspector.services.documents import scope_names, write_summary

    guard = context.output_guard(force=force)
    guard.check(out)
    scope = " ".join(codes)
    if fmt == "pdf":
        return write_summary(context, checklist, result, out, scope=scope, guard=guard)
    from inspector.exchange.excel import write_consolidation

    return write_consolidation(
        out,
        checklist,
        result,
        lang=context.settings.lang,
        guard=guard,
        scope=scope_names(context, scope),
    )


__all__ = ["FORMATS", "ExportFormat", "default_export_name", "export_consolidation"]
