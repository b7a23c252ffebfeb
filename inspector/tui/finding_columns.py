"""The findings table's columns and marks, fitted to 80 columns (also used by the plans
screen)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from inspector.domain.findings import FindingKind, MeasureStatus
from inspector.i18n import Translator
from inspector.tui.dates import day_cells
from inspector.tui.screens.finding_edit import kind_label, status_label, tf
from inspector.tui.text import SCROLLBAR, Column
from inspector.tui.widgets.fitted_table import NARROW

LEAST_TITLE = 10
"""The title column is never narrower than this (cells)."""


def organization_cells(deadline: int) -> int:
    """The organization column at 80 columns beside a deadline column `deadline` wide: 8
    cells, 7 (three double-width characters and an ellipsis) when the deadline takes 12
    (令和10.12.28, Japanese): a name of five or more characters showed three then too, and
    the title keeps its width."""
    return 7 if deadline > 11 else 8


def label_cells(*labels: str) -> int:
    """The widest of `labels`, in cells."""
    return max(cell_len(label) for label in labels)


def kind_cells(t: Translator) -> int:
    """Cells for the kind column: its heading and every kind."""
    return label_cells(tf(t, "col.kind"), *(kind_label(t, k) for k in FindingKind))


def status_cells(t: Translator) -> int:
    """Cells for the status column: its heading and every status (or none yet)."""
    return label_cells(tf(t, "col.status"), *(status_label(t, s) for s in (*MeasureStatus, None)))


def marks_cells(t: Translator, *, short: bool) -> int:
    """Cells for the marks column: both marks, in short form or in full."""
    return label_cells(tf(t, "col.marks"), marks(t, True, True, short=short).plain)


def marks(
    t: Translator,
    overdue: bool,
    not_independent: bool,
    *,
    short: bool = False,
    overdue_style: str = "bold red",
) -> Text:
    """The marks of a row (期限超過, 独立性なし), in full or in their short forms."""
    found: list[tuple[str, str]] = []
    if overdue:
        found.append((tf(t, "mark.overdue") if short else tf(t, "overdue"), overdue_style))
    if not_independent:
        word = tf(t, "mark.not_independent") if short else tf(t, "not_independent")
        found.append((word, "yellow"))
    text = Text()
    for word, style in found:
        if text:
            text.append(" ")
        text.append(word, style=style)
    return text


def marks_cell(
    t: Translator, overdue: bool, not_independent: bool, width: int, overdue_style: str
) -> Text:
    """The marks in full when they fit in `width` cells, else in short form (cut to fit)."""
    text = marks(t, overdue, not_independent, overdue_style=overdue_style)
    if text.cell_len > width:
        text = marks(t, overdue, not_independent, short=True, overdue_style=overdue_style)
        text.truncate(width, overflow="ellipsis")
    return text


def fit_title(fixed: dict[str, int], shrink: str) -> tuple[int, int]:
    """The title's width at 80 columns: the cells the other columns (`fixed`) leave, at
    least `LEAST_TITLE`, taken from the `shrink` column when short. Returns the title's
    and the `shrink` column's widths."""
    # Every column has a cell of padding either side; the scrollbar keeps its cells.
    room = NARROW - SCROLLBAR - 2 * (len(fixed) + 1) - sum(fixed.values())
    if room >= LEAST_TITLE:
        return room, fixed[shrink]
    return LEAST_TITLE, fixed[shrink] - (LEAST_TITLE - room)


def finding_columns(t: Translator) -> tuple[Column, ...]:
    """The findings table's columns: the kind, status and marks as wide as their words (the
    marks short), the title the rest of 80 columns; a wider terminal widens the title first."""
    deadline = max(label_cells(tf(t, "col.deadline"), tf(t, "no_plan")), day_cells(t, short=True))
    fixed = {
        "kind": kind_cells(t),
        "items": 5,
        "organization": organization_cells(deadline),
        "deadline": deadline,
        "status": status_cells(t),
        "marks": marks_cells(t, short=True),
    }
    title, fixed["marks"] = fit_title(fixed, "marks")
    more = 1 + cell_len(tf(t, "plans_count", count=9))
    return (
        Column("kind", fixed["kind"]),
        Column("title", title, grow=3, widest=48),
        Column("items", fixed["items"], grow=1, widest=12),
        Column("organization", fixed["organization"], grow=1, widest=16),
        Column("deadline", fixed["deadline"]),
        Column("status", fixed["status"], grow=1, widest=fixed["status"] + more),
        Column("marks", fixed["marks"], grow=2, widest=marks_cells(t, short=False)),
    )
