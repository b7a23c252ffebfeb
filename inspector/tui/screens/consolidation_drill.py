"""The drill-down from one item of the consolidation: the units whose latest completed
session broke it (the organization, or the person and staff type), with the reasons and
the note of that answer. The highlighted row's reasons and note are shown in full below
the table, so nothing is lost to narrow columns.

Open with `app.push_screen(BreakersScreen(context, checklist, item_id))`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static

from inspector.context import AppContext
from inspector.domain.checklist import Checklist, Unit
from inspector.store.repositories.consolidation_drill import Breaker, breakers
from inspector.tui.dates import day_cells, fitted_day_text
from inspector.tui.errors import describe_error
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside
from inspector.tui.text import pad
from inspector.tui.wrapping import Wrapped

_K = "tui.consolidation."


class BreakersLoaded(Message):
    """The units that broke the item are ready."""

    def __init__(self, breakers: list[Breaker]) -> None:
        super().__init__()
        self.breakers = breakers


class BreakersFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class BreakersScreen(InspectorModal[None]):
    """Who broke one item, and why."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("escape", "close", "close", id="consolidation.drill_back"),
        # a dialog stops the app's bindings: only F1 (a priority one) reached the help,
        # while the footer and the help said `?` (office15)
        Binding("question_mark", "app.help", "help", key_display="?", id="office15.drill_help"),
    ]

    def __init__(
        self,
        context: AppContext,
        checklist: Checklist,
        item_id: str,
        organization_codes: Sequence[str] = (),
    ) -> None:
        super().__init__(context)
        self.checklist = checklist
        self.item_id = item_id
        self.organization_codes = tuple(organization_codes)
        self.breakers: list[Breaker] = []

    def compose(self) -> ComposeResult:
        item = self.checklist.item(self.item_id)
        with Vertical():
            # wrapped by the line-break rule, whole (Rich put the id alone on a line and
            # cut the text at the end without a mark)
            yield Static(
                Wrapped(
                    Text(self.t(_K + "drill_title", item=item.id, text=item.text.get(self.t.lang)))
                ),
                id="drill-title",
            )
            yield Label(self.t(_K + "loading"), id="drill-count")
            table: DataTable[Text] = DataTable(id="drill-table", cursor_type="row")
            yield table
            yield Static("", id="drill-detail")
            yield Footer(show_command_palette=False)

    @property
    def person(self) -> bool:
        return self.checklist.unit is Unit.RESPONDENT

    def columns(self) -> list[tuple[str, int]]:
        """(column key, width in cells), narrow enough for 80 columns."""
        # an era date (令和7年12月28日) is 5 cells wider than ISO: the reasons give them
        wider = day_cells(self.t) - 10
        if self.person:
            return [
                ("organization", 12),
                ("person", 10),
                ("staff_type", 8),
                ("date", 10 + wider),
                ("reasons", 18 - wider),
                ("note", 8),
            ]
        return [("organization", 16), ("date", 10 + wider), ("reasons", 26 - wider), ("note", 14)]

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, width in self.columns():
            table.add_column(Text(pad(self.t(_K + "col." + key), width)), key=key, width=width)
        table.loading = True
        table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="consolidation-drill")
    def _load(self) -> None:
        try:
            found = breakers(
                self.context.engine,
                self.checklist,
                self.item_id,
                self.organization_codes,
                lang=self.t.lang,
            )
        except Exception as exc:
            self.post_message(BreakersFailed(describe_error(exc, self.t)))
        else:
            self.post_message(BreakersLoaded(found))

    def on_breakers_failed(self, message: BreakersFailed) -> None:
        self.query_one(DataTable).loading = False
        self.query_one("#drill-count", Label).update(plain(message.error))
        self.notify(message.error, severity="error", timeout=8)

    def staff_label(self, staff: str | None) -> str:
        return self.t(_K + "staff." + (staff or "unknown"))

    def on_breakers_loaded(self, message: BreakersLoaded) -> None:
        self.breakers = message.breakers
        table = self.query_one(DataTable)
        table.loading = False
        table.clear()
        widths = dict(self.columns())
        for index, breaker in enumerate(self.breakers):
            cells = {
                "organization": breaker.organization,
                "person": breaker.person or "",
                "staff_type": self.staff_label(breaker.staff_type),
                "date": fitted_day_text(breaker.session_date, self.t, widths["date"]),
                "reasons": " / ".join(breaker.reasons) or self.t(_K + "reasons_none"),
                "note": breaker.note,
            }
            table.add_row(
                *(Text(pad(cells[key], widths[key])) for key, _ in self.columns()),
                key=str(index),
            )
        count = self.query_one("#drill-count", Label)
        if self.breakers:
            count.update(self.t(_K + "drill_count", count=len(self.breakers)))
        else:
            count.update(self.t(_K + "drill_none"))
        self._show_detail(0)

    @on(DataTable.RowHighlighted, "#drill-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, index: int) -> None:
        detail = self.query_one("#drill-detail", Static)
        if not 0 <= index < len(self.breakers):
            detail.update("")
            return
        breaker = self.breakers[index]
        who = breaker.organization
        if breaker.person:
            who = f"{who}  {breaker.person}（{self.staff_label(breaker.staff_type)}）"
        text = Text(who, style="bold")
        reasons = " / ".join(breaker.reasons) or self.t(_K + "reasons_none")
        text.append(f"\n{self.t(_K + 'col.reasons')}: {reasons}")
        if breaker.note:
            text.append(f"\n{self.t(_K + 'col.note')}: {breaker.note}")
        detail.update(text)

    def action_close(self) -> None:
        """Back to the consolidation."""
        self.dismiss(None)
