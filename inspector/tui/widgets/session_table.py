"""The home screen's table of recent sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from inspector.i18n import Translator
from inspector.tui.text import pad

if TYPE_CHECKING:
    from inspector.domain.model import SessionSummary

# (catalogue key, width in cells); narrow enough for 80 columns with cell padding.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("status", 2),
    ("organization", 12),
    ("checklist", 18),
    ("who", 10),
    ("date", 10),
    ("progress", 5),
    ("noncompliant", 6),
)

GROWS: dict[str, tuple[int, int]] = {
    "organization": (1, 24),
    "checklist": (3, 48),
    "who": (1, 16),
}
"""Columns that take a share of a wider terminal: (weight, widest width in cells)."""


def column_widths(table_width: int) -> dict[str, int]:
    """Each column's width for a table `table_width` cells wide: the 80-column widths, with
    the spare cells shared out among the columns of names and titles."""
    widths = dict(COLUMNS)
    # Each cell has one cell of padding either side; keep room for the scrollbar.
    spare = table_width - sum(widths.values()) - 2 * len(COLUMNS) - 2
    if spare <= 0:
        return widths
    weights = sum(weight for weight, _ in GROWS.values())
    for key, (weight, widest) in GROWS.items():
        widths[key] = min(widest, widths[key] + spare * weight // weights)
    return widths


class SessionTable(DataTable[Text]):
    """One row per session; the row key is the session id."""

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.t = t
        self.summaries: dict[int, SessionSummary] = {}
        self._shown: list[SessionSummary] = []
        self._widths = dict(COLUMNS)

    def on_mount(self) -> None:
        self._add_columns()

    def on_resize(self) -> None:
        widths = column_widths(self.size.width)
        if widths != self._widths:
            self._widths = widths
            self.clear(columns=True)
            self._add_columns()
            self.show(self._shown)

    def _add_columns(self) -> None:
        for key, _ in COLUMNS:
            width = self._widths[key]
            self.add_column(Text(pad(self.t(f"tui.home.col.{key}"), width)), key=key, width=width)

    def show(self, summaries: list[SessionSummary]) -> None:
        """Replace the rows, keeping the cursor on the same session when it is still listed."""
        current = self.session_id
        self.clear()
        self._shown = summaries
        self.summaries = {s.session.id: s for s in summaries}
        widths = self._widths
        for summary in summaries:
            session = summary.session
            who = summary.respondent.name if summary.respondent else session.inspector_name or ""
            mark = self.t("tui.home.completed_mark") if session.is_completed else ""
            cells = {
                "status": Text(pad(mark, widths["status"]), style="green"),
                "organization": Text(pad(summary.organization.name, widths["organization"])),
                "checklist": Text(pad(summary.checklist_title, widths["checklist"])),
                "who": Text(pad(who, widths["who"])),
                "date": Text(session.session_date.isoformat()),
                "progress": Text(f"{summary.answered}/{summary.total}".rjust(widths["progress"])),
                "noncompliant": Text(
                    str(summary.noncompliant).rjust(widths["noncompliant"]),
                    style="bold red" if summary.noncompliant else "",
                ),
            }
            self.add_row(*(cells[key] for key, _ in COLUMNS), key=str(session.id))
        if current is not None and current in self.summaries:
            self.move_cursor(row=self.get_row_index(str(current)))

    @property
    def session_id(self) -> int | None:
        """The id of the session under the cursor."""
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return int(key.value) if key.value is not None else None
