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


class SessionTable(DataTable[Text]):
    """One row per session; the row key is the session id."""

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.t = t
        self.summaries: dict[int, SessionSummary] = {}

    def on_mount(self) -> None:
        for key, width in COLUMNS:
            self.add_column(Text(pad(self.t(f"tui.home.col.{key}"), width)), key=key, width=width)

    def show(self, summaries: list[SessionSummary]) -> None:
        """Replace the rows, keeping the cursor on the same session when it is still listed."""
        current = self.session_id
        self.clear()
        self.summaries = {s.session.id: s for s in summaries}
        widths = dict(COLUMNS)
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
