"""The on-site check of a card ledger: walk the cards and mark each seen, not seen or found
elsewhere; mark a card lost (suspended at once). The reconciliation with the roster is
shown under the table.

Open with `app.push_screen(CardLedgerScreen(context, organization_id))`.
"""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static

from inspector.context import AppContext
from inspector.domain.cards import (
    CardEventKind,
    CardState,
    CardUse,
    Mismatch,
    format_delay,
    reconcile,
)
from inspector.domain.layout import load_site_rules
from inspector.domain.model import Person
from inspector.tui.messages import DbFailed
from inspector.tui.screens.base import InspectorScreen


class LedgerLoaded(Message):
    def __init__(
        self, states: list[CardState], people: dict[int, Person], mismatches: list[Mismatch]
    ) -> None:
        super().__init__()
        self.states = states
        self.people = people
        self.mismatches = mismatches


class CardLedgerScreen(InspectorScreen):
    """One organization's cards with their state and the last on-site check."""

    CATEGORY = "cards"
    DEFAULT_CSS = """
    #cards-title { height: 1; padding: 0 1; background: $primary; text-style: bold; }
    #cards-table { height: 1fr; }
    #cards-mismatches { height: auto; max-height: 8; padding: 0 1; border-top: solid $primary; }
    """
    BINDINGS = [
        Binding("s", "mark('seen')", "seen", id="cards.seen"),
        Binding("n", "mark('not_seen')", "not seen", id="cards.not_seen"),
        Binding("e", "elsewhere", "found elsewhere", id="cards.elsewhere"),
        Binding("l", "lost", "lost", id="cards.lost"),
        Binding("escape", "back", "back", id="cards.back"),
    ]

    def __init__(
        self, context: AppContext, organization_id: int, *, today: date | None = None
    ) -> None:
        super().__init__(context)
        self.organization_id = organization_id
        self.today = today
        self.states: list[CardState] = []

    def compose(self) -> ComposeResult:
        yield Label(self.t("site.card.ledger"), id="cards-title")
        table: DataTable[str] = DataTable(id="cards-table", cursor_type="row")
        yield table
        yield Static("", id="cards-mismatches")
        yield Footer()

    def on_mount(self) -> None:
        t = self.t
        table = self.query_one(DataTable)
        table.add_columns(
            *[
                t(f"site.card.columns.{k}")
                for k in ("number", "kind", "use", "holder", "status", "last_seen", "check")
            ]
        )
        table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="cards-load")
    def _load(self) -> None:
        try:
            ledger = self.context.site.ledger(self.organization_id)
            people = {p.id: p for p in self.context.repo.people()}
            operators = self.context.site.operators(self.organization_id)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        today = self.today or getattr(self.app, "today", None) or date.today()
        found = reconcile(
            self.organization_id,
            ledger.cards,
            ledger.events,
            people,
            operators=operators,
            usages=ledger.usages,
            today=today,
            thresholds=load_site_rules().cards,
        )
        self.post_message(LedgerLoaded(ledger.states(), people, found))

    def on_ledger_loaded(self, message: LedgerLoaded) -> None:
        t = self.t
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        self.states = message.states
        for state in message.states:
            card = state.card
            holder = card.group_name if card.use is CardUse.GROUP else ""
            if state.holder_id in message.people:
                holder = message.people[state.holder_id].name
            check = ""
            if state.last_check is not None:
                check = t(f"site.card.event.{state.last_check.value}")
                if state.last_check_place:
                    check += f"（{state.last_check_place}）"
            status = t(f"site.card.status.{state.status.value}")
            if state.loss_delay is not None:
                days, hours = format_delay(state.loss_delay)
                status += " " + t("site.card.loss_delay", days=days, hours=hours)
            seen = (
                state.last_seen_at.astimezone().strftime("%Y-%m-%d") if state.last_seen_at else ""
            )
            table.add_row(
                card.number,
                t(f"site.card.kind.{card.kind.value}"),
                t(f"site.card.use.{card.use.value}"),
                holder,
                status,
                seen,
                check,
                key=str(card.id),
            )
        if message.states:
            table.move_cursor(row=min(row, len(message.states) - 1))
        lines = [
            t(m.message_key, card=m.card_number, person=m.person_name, **m.params)
            for m in message.mismatches
        ]
        text = f"{t('site.mismatches')}: " + ("\n".join(lines) if lines else t("site.no_mismatch"))
        self.query_one("#cards-mismatches", Static).update(text)

    def _current(self) -> CardState | None:
        table = self.query_one(DataTable)
        if not self.states or table.cursor_row < 0 or table.cursor_row >= len(self.states):
            return None
        return self.states[table.cursor_row]

    def action_mark(self, kind: str, place: str = "") -> None:
        """Record the on-site check of the selected card."""
        state = self._current()
        if state is not None:
            self._record(state.card.id, CardEventKind(kind), place)

    def action_elsewhere(self) -> None:
        """The card was found, but not where the ledger says: ask where."""
        from inspector.tui.screens.prompt import PromptScreen

        state = self._current()
        if state is None:
            return
        card_id = state.card.id

        def done(value: str | None) -> None:
            if value:
                self._record(card_id, CardEventKind.FOUND_ELSEWHERE, value)

        self.app.push_screen(PromptScreen(self.context, self.t("site.card.place_prompt")), done)

    def action_lost(self) -> None:
        """Mark the selected card lost; it is suspended at the same moment."""
        state = self._current()
        if state is not None:
            self._record(state.card.id, CardEventKind.LOSS, "")

    @work(thread=True, group="cards-write")
    def _record(self, card_id: int, kind: CardEventKind, place: str) -> None:
        try:
            self.context.site.record_event(card_id, kind, self.context.settings.user, place=place)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self._load()

    def action_back(self) -> None:
        """Go back."""
        self.app.pop_screen()


__all__ = ["CardLedgerScreen"]
