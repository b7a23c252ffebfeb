"""Recording one dated measure entry of an improvement plan (entries are never edited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, TextArea

from inspector.context import AppContext
from inspector.domain.dates import parse_date
from inspector.domain.findings import MeasureStatus
from inspector.tui.controls import Checked, refuse_controls
from inspector.tui.dates import day_text
from inspector.tui.screens.base import InspectorModal
from inspector.tui.screens.finding_edit import status_label, tp
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.safe_input import SafeInput, SafeTextArea

STATUSES: tuple[MeasureStatus, ...] = tuple(MeasureStatus)


def parse_day(text: str) -> date | None:
    """A date as typed (2027-03-31, 令和9年3月31日, R9.3.31), or None when the text is not
    a real day (the domain's `parse_date`)."""
    try:
        return parse_date(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class EntryInput:
    status: MeasureStatus
    entry_date: date
    text: str


class MeasureEntryScreen(InspectorModal[EntryInput | None]):
    """Returns the entry to append, or None when cancelled."""

    DEFAULT_CSS = beside(__file__)

    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("ctrl+t", "cycle_status", "status", priority=True, id="plans.entry_status"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
    ]

    def __init__(
        self,
        context: AppContext,
        today: date,
        status: MeasureStatus | None = None,
        entry: EntryInput | None = None,
    ) -> None:
        """`entry`: one typed before and not recorded, shown again as it was typed."""
        super().__init__(context)
        self.today = today
        self.status = status or MeasureStatus.ONGOING
        self.entry = entry

    def compose(self) -> ComposeResult:
        t = self.t
        with VerticalScroll(classes="dialog", id="entry-dialog"):
            yield Label(tp(t, "entry.title"), classes="dialog-title")
            yield Label(tp(t, "entry.status"))
            yield Select(
                [(status_label(t, s), s) for s in STATUSES],
                value=self.status,
                allow_blank=False,
                compact=True,
                id="entry-status",
            )
            yield Label(t("tui.visit2.entry_date"))
            day = self.entry.entry_date if self.entry is not None else self.today
            yield SafeInput(day_text(day, self.t), id="entry-date", compact=True)
            yield Label(tp(t, "entry.text"))
            text = self.entry.text if self.entry is not None else ""
            yield SafeTextArea(text, id="entry-text", soft_wrap=True)
            yield Label("", classes="dialog-error", id="entry-error")
            yield Label(tp(t, "entry.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#entry-text", TextArea).focus()

    @property
    def chosen_status(self) -> MeasureStatus:
        value = self.query_one("#entry-status", Select).value
        return value if isinstance(value, MeasureStatus) else self.status

    def action_cycle_status(self) -> None:
        """措置済 → 継続努力 → 検討中 → 措置済."""
        following = STATUSES[(STATUSES.index(self.chosen_status) + 1) % len(STATUSES)]
        self.query_one("#entry-status", Select).value = following

    def action_save(self) -> None:
        """Append the entry."""
        error = self.query_one("#entry-error", Label)
        day = parse_day(self.query_one("#entry-date", Input).value)
        if day is None:
            # office15: the English one named 令和9年3月31日
            self.show_error(error, self.t("office15.entry_invalid_date"))
            self.query_one("#entry-date", Input).focus()
            return
        if day > self.today:
            # entries are never edited: a day ahead would stay (the typed text stays here)
            self.show_error(
                error, self.t("tui.visit5a.entry_future_dialog", day=day_text(day, self.t))
            )
            self.query_one("#entry-date", Input).focus()
            return
        text = self.query_one("#entry-text", TextArea).text.strip()
        typed = [Checked("#entry-text", tp(self.t, "entry.text"), text, layout=True)]
        if refuse_controls(self, self.t, typed, show=partial(self.show_error, error)):
            self.text_missing = False  # never edited once recorded: refused before it is
            return
        if not text:
            self.show_error(error, tp(self.t, "entry.text_required"))
            self.text_missing = True
            self.query_one("#entry-text", TextArea).focus()
            return
        self.dismiss(EntryInput(self.chosen_status, day, text))

    text_missing = False
    """「内容を入力してください。」 is shown: it goes once something is typed (it stayed)."""

    @on(TextArea.Changed, "#entry-text")
    def _typed(self, event: TextArea.Changed) -> None:
        if self.text_missing and event.text_area.text.strip():
            self.text_missing = False
            self.show_error(self.query_one("#entry-error", Label), "")

    def action_cancel(self) -> None:
        """Close without recording (asks first when text was typed)."""
        from inspector.tui.screens.confirm import cancel_or_ask

        shown = self.entry.text if self.entry is not None else ""
        typed = self.query_one("#entry-text", TextArea).text.strip()
        cancel_or_ask(self, typed != shown.strip())
