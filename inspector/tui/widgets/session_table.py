"""The home screen's table of recent sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text

from inspector.i18n import Translator
from inspector.tui.dates import day_cells, fitted_day_text
from inspector.tui.text import Column, pad
from inspector.tui.widgets.fitted_table import FittedTable

if TYPE_CHECKING:
    from inspector.domain.model import SessionKind, SessionSummary

COLUMNS: tuple[Column, ...] = (
    Column("status", 2),
    Column("organization", 12, grow=1, widest=24),
    Column("checklist", 18, grow=3, widest=48),
    Column("who", 10, grow=1, widest=16),
    Column("date", 10),
    Column("progress", 5),
    Column("noncompliant", 6),
)
"""The session table's columns (ISO dates); the names and titles take a wider terminal's
room."""


def session_columns(t: Translator) -> tuple[Column, ...]:
    """The columns in `t`'s language: an era date (令和7年12月28日) takes 5 cells more than
    ISO, taken from the organization and the checklist title (which grow back on a wider
    terminal), so that the progress and 不遵守 counts stay at 80 columns."""
    extra = day_cells(t) - 10
    # the counts' headings whole ("Answered" was shown "Answ…"): the checklist gives the room
    counts = {
        key: max(0, cell_len(t(f"tui.home.col.{key}")) - width)
        for key, width in (("progress", 5), ("noncompliant", 6))
    }
    if extra <= 0 and not any(counts.values()):
        return COLUMNS
    narrower = {
        "organization": 2 if extra > 0 else 0,
        "checklist": max(extra - 2, 0) + sum(counts.values()),
        "date": -max(extra, 0),
        **{key: -more for key, more in counts.items()},
    }
    return tuple(
        Column(c.key, c.width - narrower.get(c.key, 0), c.grow, c.widest, c.least) for c in COLUMNS
    )


class SessionTable(FittedTable):
    """One row per session; the row key is the session id."""

    def __init__(self, t: Translator, **kwargs: Any) -> None:
        super().__init__(
            session_columns(t),
            lambda key: t(f"tui.home.col.{key}"),
            cursor_type="row",
            zebra_stripes=True,
            screen_enter=True,  # home's Enter (resume) acts after the keys before it
            **kwargs,
        )
        self.t = t
        self.summaries: dict[int, SessionSummary] = {}
        self._shown: list[SessionSummary] = []

    def refill(self) -> None:
        self.show(self._shown)

    def show(self, summaries: list[SessionSummary], select: int | None = None) -> None:
        """Replace the rows, keeping the cursor on the same session when it is still listed
        (on `select` when given and listed: the session just worked on)."""
        # here, not at the top: the domain model's dataclasses are not needed to draw the
        # first (empty) frame; the list's worker has imported them by now
        from inspector.domain.model import SessionKind

        current = (
            select
            if select is not None and select in {s.session.id for s in summaries}
            else self.session_id
        )
        self.clear()
        self._shown = summaries
        self.summaries = {s.session.id: s for s in summaries}
        widths = self.widths
        # two checklists never read the same (住民基本台帳ネ… for 所属用 and 操作者用): each
        # shows what tells it apart; the selected row's whole texts are under the table
        titles = self.fitted("checklist", [s.checklist_title for s in summaries])
        organizations = self.fitted("organization", [s.organization.name for s in summaries])
        whos = [_who(s, SessionKind.INSPECTION) for s in summaries]
        people = self.fitted("who", whos)
        for index, summary in enumerate(summaries):
            session = summary.session
            mark = self.t("tui.home.completed_mark") if session.is_completed else ""
            whole = {
                "organization": summary.organization.name,
                "checklist": summary.checklist_title,
                "who": whos[index],
            }
            cells = {
                "status": Text(pad(mark, widths["status"]), style="green"),
                "organization": Text(organizations[index]),
                "checklist": Text(titles[index]),
                "who": Text(people[index]),
                "date": Text(fitted_day_text(session.session_date, self.t, widths["date"])),
                "progress": Text(f"{summary.answered}/{summary.total}".rjust(widths["progress"])),
                "noncompliant": Text(
                    str(summary.noncompliant).rjust(widths["noncompliant"]),
                    style="bold red" if summary.noncompliant else "",
                ),
            }
            self.add_cells(cells, key=str(session.id), whole=whole)
        if current is not None and current in self.summaries:
            self.move_cursor(row=self.get_row_index(str(current)))

    @property
    def session_id(self) -> int | None:
        """The id of the session under the cursor."""
        key = self.cursor_key
        return int(key) if key is not None else None


def _who(summary: SessionSummary, inspection: SessionKind) -> str:
    """Who answers for the session: an audit's inspector, a self-check's respondent."""
    session = summary.session
    respondent = summary.respondent.name if summary.respondent else ""
    if session.kind is inspection:
        return session.inspector_name or respondent
    return respondent or session.inspector_name or ""
