"""The on-site check of a card ledger: walk the cards and mark each seen, not seen or found
elsewhere; mark a card lost (asked first; suspended at once; `l` again corrects a mistaken
loss, logged, the suspension kept); write a group card's use in the terminal
usage log. The reconciliation with the roster is listed under the table; a mismatch
becomes a finding with `f` (the one under the cursor of the list, or the first one about
the card under the cursor of the ledger).

Open with `app.push_screen(CardLedgerScreen(context, organization_id, session_id))`.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static

from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.domain.cards import (
    CardEventKind,
    CardState,
    CardStatus,
    CardUse,
    Mismatch,
    format_delay,
    reconcile,
)
from inspector.domain.layout import load_site_rules
from inspector.domain.model import Person
from inspector.i18n import Translator
from inspector.services.actors import auditor
from inspector.store.repositories.site import NewUsage
from inspector.tui.dates import day_cells, fitted_moment_day
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain, plain_cell
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.usage_entry import UsageEntry, UsageEntryScreen
from inspector.tui.stylesheet import beside
from inspector.tui.text import Column, fit
from inspector.tui.widgets.card_detail import card_detail, check_cell, check_word
from inspector.tui.widgets.fitted_table import FittedTable
from inspector.tui.wrapping import Wrapped

LEDGER_COLUMNS = (
    Column("number", 6, grow=1, widest=12),
    Column("kind", 10, grow=2, widest=18),
    Column("use", 8, grow=1, widest=12),
    Column("holder", 10, grow=2, widest=16),
    Column("status", 12, grow=3, widest=40),
    Column("last_seen", 10),
    Column("check", 8, grow=2, widest=20),
)
"""64 cells and their padding: the ledger fits 80 columns (a loss shows "紛失+399日", its
column no wider than that, so the names keep the rest: walk8b M3)."""


def ledger_columns(t: Translator) -> tuple[Column, ...]:
    """The columns in `t`'s language: an era date (令和7年12月28日) takes 5 cells more than
    ISO, taken from the card's kind (操作者… and サーバ… still tell the two apart) and the
    holder; both grow back on a wider terminal."""
    extra = day_cells(t) - 10
    if extra <= 0:
        return LEDGER_COLUMNS
    narrower = {"kind": extra - 2, "holder": 2, "last_seen": -extra}
    return tuple(
        Column(c.key, c.width - narrower.get(c.key, 0), c.grow, c.widest, c.least)
        for c in LEDGER_COLUMNS
    )


class LedgerLoaded(Message):
    def __init__(
        self,
        states: list[CardState],
        people: dict[int, Person],
        mismatches: list[Mismatch],
        organization: str,
    ) -> None:
        super().__init__()
        self.states = states
        self.people = people
        self.mismatches = mismatches
        self.organization = organization


class CardNotice(Message):
    """A sentence for the user after a write (already translated)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class CardLedgerScreen(InspectorScreen):
    """One organization's cards with their state and the last on-site check."""

    CATEGORY = "cards"
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("s", "mark('seen')", "seen", id="cards.seen"),
        Binding("n", "mark('not_seen')", "not seen", id="cards.not_seen"),
        Binding("e", "elsewhere", "found elsewhere", id="cards.elsewhere"),
        # Asks first; on a lost card it corrects a mistaken loss.
        Binding("l", "lost", "lost", id="cards.lost"),
        Binding("u", "usage", "usage log", id="cards.usage"),
        Binding("f", "finding", "make finding", id="cards.finding"),
        Binding("escape", "back", "back", id="cards.back"),
    ]

    def __init__(
        self,
        context: AppContext,
        organization_id: int,
        session_id: int | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(context)
        self.organization_id = organization_id
        self.session_id = session_id
        self.today = today
        self.states: list[CardState] = []
        self.people: dict[int, Person] = {}
        self.mismatches: list[Mismatch] = []

    def compose(self) -> ComposeResult:
        yield Label(self.t("site.card.ledger"), id="cards-title")
        # Fixed widths fitted to 80 columns: DataTable's own widths followed the longest
        # status and pushed 最終確認 and 現地確認 off the screen.
        yield FittedTable(
            ledger_columns(self.t),
            lambda key: self.t(f"site.card.columns.{key}"),
            self._show_rows,
            id="cards-table",
            cursor_type="row",
        )
        yield Static("", id="cards-detail")
        yield Static(self.t("site.mismatches"), id="cards-mismatch-title")
        mismatches: DataTable[str] = DataTable(
            id="cards-mismatches", cursor_type="row", show_header=False
        )
        yield mismatches
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#cards-table", DataTable)
        self.query_one("#cards-mismatches", DataTable).add_column("mismatch")
        table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="cards-load")
    def _load(self) -> None:
        try:
            ledger = self.context.site.ledger(self.organization_id)
            people = {p.id: p for p in self.context.repo.people()}
            operators = self.context.site.operators(self.organization_id)
            organization = self.context.repo.organization(self.organization_id).name
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        today = self._today()
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
        self.post_message(LedgerLoaded(ledger.states(), people, found, organization))

    def _today(self) -> date:
        return self.today or getattr(self.app, "today", None) or japan_today()

    def _show_rows(self) -> None:
        """Fill the ledger table from the loaded states, each cell fitted to its column."""
        t = self.t
        table = self.query_one("#cards-table", FittedTable)
        row = max(table.cursor_row, 0)
        table.clear()
        rows = [self._values(state, table.widths, short=True) for state in self.states]
        # the columns fitted to what they hold: an empty column gives its room to the cut ones;
        # a loss in words where the status column can grow to them (walk9 L8), else short
        words = [
            dict(row, status=self._status(s, 0)) for s, row in zip(self.states, rows, strict=True)
        ]
        table.fit_content(words)
        if any(cell_len(r["status"]) > table.widths.get("status", 0) for r in words):
            table.fit_content(rows)
        widths = table.widths
        for state, values in zip(self.states, rows, strict=True):
            values["last_seen"] = fitted_moment_day(
                state.last_seen_at, t, widths.get("last_seen", 0)
            )
            values["status"] = self._status(state, widths.get("status", 0))
            cells = {key: Text(fit(value, widths.get(key, 0))) for key, value in values.items()}
            if state.last_check is not None:  # the check's word whole, then the place
                event = check_word(t, state.last_check)
                place = state.last_check_place
                cells["check"] = Text(check_cell(event, place, widths.get("check", 0), t.lang))
            table.add_cells(cells, key=str(state.card.id))
        if self.states:
            table.move_cursor(row=min(row, len(self.states) - 1))
        self._show_detail()

    def _show_detail(self) -> None:
        """The card under the cursor whole, under the list (`card_detail`)."""
        state = self._current()
        values = self._values(state, {}) if state is not None else {}
        detail = card_detail(self.t, state, values)
        self.query_one("#cards-detail", Static).update(Wrapped(Text(detail)))

    @on(DataTable.RowHighlighted, "#cards-table")
    def _card_moved(self) -> None:
        self._show_detail()

    def help_notes(self) -> list[str]:
        """`?` help says what the list's loss days count (walk7b N5)."""
        return [self.t("tui8.cards.lost_note")]

    def help_description(self, binding: Binding) -> str:
        """In `?` help, `l` also says that it cancels the loss of a lost card."""
        if binding.id == "cards.lost":
            return self.t("tui7b.cards.lost_help")
        return binding.description

    def _status(self, state: CardState, cells: int) -> str:
        """The status for a column `cells` wide: a loss in words (紛失（最終確認から399日）,
        walk9 L8) where they fit, else 紛失+399日 (`?` help and the line under the list
        say what the days count); 0 cells: the words (what the column is fitted to)."""
        status = self.t(f"site.card.status.{state.status.value}")
        if state.loss_delay is None:
            return status
        days, _hours = format_delay(state.loss_delay)
        words = self.t("fix9w.cards.lost_words", status=status, days=days)
        if not cells or cell_len(words) <= cells:
            return words
        return self.t("tui8.cards.lost_after", status=status, days=days)

    def _values(
        self, state: CardState, widths: dict[str, int], *, short: bool = False
    ) -> dict[str, str]:
        """A card's row as texts, by column key; `short`: the list's kind and use in short
        words (操作者, グループ: 「操作者…」「グルー…」 were cut at 80 columns, walk9 M5), the
        line under the list says them whole."""
        t = self.t
        card = state.card
        holder = card.group_name if card.use is CardUse.GROUP else ""
        if state.holder_id in self.people:
            holder = self.people[state.holder_id].name
        check = ""
        if state.last_check is not None:
            check = t(f"site.card.event.{state.last_check.value}")
            if state.last_check_place:
                # the brackets of the interface's language (office15: 「Elsewhere（」 in English)
                check = t("office15.check_place", check=check, place=state.last_check_place)
        # short at 80 columns, in words where they fit (`_status`, walk9 L8)
        status = self._status(state, widths.get("status", 0))
        kind = f"fix9w.cards.kind_short.{card.kind.value}" if short else "site.card.kind."
        use = f"fix9w.cards.use_short.{card.use.value}" if short else "site.card.use."
        return {
            "number": card.number,
            "kind": t(kind if short else kind + card.kind.value),
            "use": t(use if short else use + card.use.value),
            "holder": holder,
            "status": status,
            "last_seen": fitted_moment_day(state.last_seen_at, t, widths.get("last_seen", 0)),
            "check": check,
        }

    def on_ledger_loaded(self, message: LedgerLoaded) -> None:
        t = self.t
        self.states = message.states
        self.people = message.people
        self.mismatches = message.mismatches
        self._show_rows()
        listed = self.query_one("#cards-mismatches", DataTable)
        mismatch_row = listed.cursor_row
        listed.clear()
        for m in message.mismatches:
            listed.add_row(
                plain_cell(  # a name is cut: one line each (hunt9 L1)
                    t(m.message_key, card=m.card_number, person=fit(m.person_name, 40), **m.params)
                )
            )
        if message.mismatches:
            listed.move_cursor(row=max(0, min(mismatch_row, len(message.mismatches) - 1)))
        # Which organization's ledger, how many cards, and what to do when it is empty.
        heading = t("site.card.ledger_of", organization=message.organization)
        count = t("site.card.count", count=len(message.states))
        empty = "" if message.states else "  " + t("site.card.empty_hint")
        self.query_one("#cards-title", Label).update(plain(f"{heading}  {count}{empty}"))
        title = f"{t('site.mismatches')}: " + (
            str(len(message.mismatches)) if message.mismatches else t("site.no_mismatch")
        )
        self.query_one("#cards-mismatch-title", Static).update(title)

    def _current(self) -> CardState | None:
        table = self.query_one("#cards-table", DataTable)
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

        prompt = PromptScreen(
            self.context,
            self.t("site.card.place_prompt"),
            required=True,  # Enter on an empty line said nothing and recorded nothing
            required_text=self.t("tui7a.place_required"),
        )
        self.app.push_screen(prompt, done)

    def action_lost(self) -> None:
        """Mark the selected card lost, after asking (it is suspended at the same moment);
        on a lost card, correct a mistaken loss (logged; the suspension stays)."""
        from inspector.tui.screens.confirm import ConfirmScreen

        state = self._current()
        if state is None:
            return
        card = state.card
        lost = state.status is CardStatus.LOST
        kind = CardEventKind.LOSS_CANCELLED if lost else CardEventKind.LOSS
        question = "visit.cards.cancel_loss_question" if lost else "visit.cards.lose_question"
        done = "visit.cards.loss_cancelled" if lost else "visit.cards.lost"

        def answered(yes: bool | None) -> None:
            if yes:
                self._record(card.id, kind, "", self.t(done, card=card.number))

        self.app.push_screen(
            ConfirmScreen(self.context, self.t(question, card=card.number)), answered
        )

    @work(thread=True, group="cards-write")
    def _record(self, card_id: int, kind: CardEventKind, place: str, notice: str = "") -> None:
        try:
            self.context.site.record_event(
                card_id, kind, auditor(self.context.settings), place=place
            )
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        if notice:
            self.post_message(CardNotice(notice))
        self._load()

    # -- usage log -------------------------------------------------------------------------

    def action_usage(self) -> None:
        """Write a use of the group card under the cursor in the terminal usage log."""
        state = self._current()
        if state is None:
            self.notify(self.t("site.card.no_cards"), severity="warning")
            return
        card = state.card
        if card.use is not CardUse.GROUP:
            self.notify(self.t("site.card.usage_group_only", card=card.number), severity="warning")
            return

        def done(entry: UsageEntry | None) -> None:
            if entry is not None:
                self._add_usage(card.id, card.number, entry)

        self.app.push_screen(UsageEntryScreen(self.context, card, self.people, self._today()), done)

    @work(thread=True, group="cards-write")
    def _add_usage(self, card_id: int, number: str, entry: UsageEntry) -> None:
        try:
            self.context.site.add_usages(
                [
                    NewUsage(
                        card_id=card_id,
                        used_at=entry.used_at,
                        user_name=entry.user_name,
                        person_id=entry.person_id,
                        purpose=entry.purpose,
                        source="site",
                    )
                ],
                auditor(self.context.settings),
            )
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.post_message(
            CardNotice(self.t("site.card.usage_added", card=number, person=entry.user_name))
        )
        self._load()

    # -- findings --------------------------------------------------------------------------

    def _current_mismatch(self) -> Mismatch | None:
        """The mismatch under the cursor of the list, or the first about the selected card."""
        listed = self.query_one("#cards-mismatches", DataTable)
        if self.focused is listed:
            row = listed.cursor_row
            return self.mismatches[row] if 0 <= row < len(self.mismatches) else None
        state = self._current()
        if state is None:
            return None
        return next((m for m in self.mismatches if m.card_id == state.card.id), None)

    def action_finding(self) -> None:
        """Record the mismatch under the cursor as a finding."""
        mismatch = self._current_mismatch()
        if mismatch is None:
            self.notify(self.t("site.card.no_mismatch_here"), severity="warning")
            return
        self._add_finding(mismatch)

    @work(thread=True, group="cards-write")
    def _add_finding(self, mismatch: Mismatch) -> None:
        from inspector.services.cards import record_mismatch_finding

        try:
            finding, created = record_mismatch_finding(
                self.context, mismatch, self.organization_id, self.session_id, self.t
            )
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        key = "site.card.finding_added" if created else "fix9w.cards.finding_exists"
        self.post_message(CardNotice(self.t(key, id=finding.id)))

    def on_card_notice(self, message: CardNotice) -> None:
        self.notify(message.text)

    @on(DataTable.RowSelected, "#cards-mismatches")
    def _mismatch_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a mismatch moves the ledger's cursor to its card."""
        row = event.cursor_row
        if not 0 <= row < len(self.mismatches):
            return
        card_id = self.mismatches[row].card_id
        ids = [s.card.id for s in self.states]
        if card_id in ids:
            self.query_one("#cards-table", DataTable).move_cursor(row=ids.index(card_id))

    def action_back(self) -> None:
        """Go back."""
        self.app.pop_screen()


__all__ = ["CardLedgerScreen"]
