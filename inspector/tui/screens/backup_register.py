"""The backup media storage register (seed 001): each box or safe with where it and its key
are kept, its transport log, and the register's rules next to them with the broken ones
marked. Add a box, add a transport, record who received a transport, turn a broken rule
into a finding.

The broken rule "under the cursor" is the one about the storage or transport row under
the cursor (`n` steps through all of them and moves the cursor there).

Each rule shows OK (kept), NG (broken) or ?? (not checked: the register holds nothing to
judge it on — no box, no transport, a box whose location or key location is not written —
with the reason underneath); a row is marked the same way.

Open with `app.push_screen(BackupRegisterScreen(context, organization_id, session_id))`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static

from inspector.context import AppContext
from inspector.domain.backup import (
    BackupGap,
    BackupIssue,
    BackupRuleResult,
    BackupStorage,
    BackupTransport,
    backup_finding,
    check_backup,
    evaluate_backup,
)
from inspector.domain.business_days import japan_today
from inspector.domain.layout import RuleState
from inspector.services.actors import auditor
from inspector.store.errors import AlreadyExists
from inspector.store.repositories.site import AlreadyReceived
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.storage_entry import StorageEntry, StorageEntryScreen
from inspector.tui.screens.transport_entry import TransportEntry, TransportEntryScreen
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.backup_rules import BackupRules, same_issue
from inspector.tui.widgets.fitted_table import FittedTable
from inspector.tui.widgets.storage_table import StorageTable
from inspector.tui.widgets.transport_table import TransportTable
from inspector.tui.wrapping import Wrapped


@dataclass(frozen=True)
class Register:
    organization: str
    storages: list[BackupStorage]
    transports: list[BackupTransport]
    issues: list[BackupIssue]
    rules: list[BackupRuleResult]


class RegisterLoaded(Message):
    def __init__(self, register: Register) -> None:
        super().__init__()
        self.register = register


class BackupFindingAdded(Message):
    def __init__(self, finding_id: int) -> None:
        super().__init__()
        self.finding_id = finding_id


class StorageRefused(Message):
    """The store refused a new box or safe: its name is taken (found after the form)."""

    def __init__(self, entry: StorageEntry, name: str) -> None:
        super().__init__()
        self.entry = entry
        self.name = name


class BackupNotice(Message):
    """A sentence for the user after a write (already translated)."""

    def __init__(self, text: str, severity: str = "information") -> None:
        super().__init__()
        self.text = text
        self.severity = severity


class BackupRegisterScreen(InspectorScreen):
    """Storages and transports on the left, the rules on the right."""

    CATEGORY = "backup"
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        # every key in the footer, short words: it fits 80 columns in both languages
        Binding("a", "add_storage", "add box", id="backup.add_storage"),
        Binding("t", "add_transport", "add transport", id="backup.add_transport"),
        Binding("r", "received", "received", id="backup.received"),
        Binding("n", "next_rule", "next rule", id="backup.rule_next"),
        Binding("f", "finding", "make finding", id="backup.finding"),
        Binding("escape", "back", "back", id="backup.back"),
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
        self.storages: list[BackupStorage] = []
        self.transports: list[BackupTransport] = []
        self.issues: list[BackupIssue] = []
        self.rules: list[BackupRuleResult] = []
        self.selected: BackupIssue | None = None
        self.loaded = False

    # -- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        t = self.t
        yield Label(t("site.backup.register"), id="backup-title")
        with Horizontal(id="backup-body"):
            with Vertical(id="backup-left"):
                yield Label(t("site.backup.storages"), classes="backup-heading")
                yield StorageTable(t, id="backup-storages", cursor_type="row")
                yield Label(t("site.backup.transports"), classes="backup-heading")
                yield TransportTable(t, id="backup-transports", cursor_type="row")
                yield Static("", id="backup-transport-detail")
            with VerticalScroll(id="backup-side"):
                yield BackupRules("", id="backup-rules")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._storage_table.focus()
        self._redraw_rules()
        self._load()

    @property
    def _storage_table(self) -> StorageTable:
        return self.query_one("#backup-storages", StorageTable)

    @property
    def _transport_table(self) -> TransportTable:
        return self.query_one("#backup-transports", TransportTable)

    def _today(self) -> date:
        return self.today or getattr(self.app, "today", None) or japan_today()

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="backup-load")
    def _load(self) -> None:
        try:
            org = self.context.repo.organization(self.organization_id)
            storages = self.context.site.storages(self.organization_id)
            transports = self.context.site.transports([s.id for s in storages])
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        issues = evaluate_backup(storages, transports)
        rules = check_backup(storages, transports)
        ordered = sorted(transports, key=lambda tr: (tr.transport_date, tr.id))
        self.post_message(
            RegisterLoaded(Register(f"{org.code} {org.name}", storages, ordered, issues, rules))
        )

    def on_register_loaded(self, message: RegisterLoaded) -> None:
        register = message.register
        t = self.t
        self.loaded = True
        self.storages = register.storages
        self.transports = register.transports
        self.issues = register.issues
        self.rules = register.rules
        if self.selected is not None:
            self.selected = next((i for i in self.issues if same_issue(i, self.selected)), None)
        self.query_one("#backup-title", Label).update(
            plain(f"{t('site.backup.register')} — {register.organization}")
        )
        self._storage_table.show(
            t,
            self.storages,
            lambda storage_id: self._issues_of(storage_id=storage_id),
            self._gaps_of,
        )
        self._transport_table.show(
            t,
            self.transports,
            self.storages,
            lambda transport_id: self._issues_of(transport_id=transport_id),
        )
        self._show_transport_detail()
        self._redraw_rules()

    def _gaps_of(self, storage_id: int) -> list[BackupGap]:
        """The rules that could not be judged on this box (what its entry lacks)."""
        return [g for r in self.rules for g in r.gaps if g.storage_id == storage_id]

    def _not_checked(self) -> list[BackupRuleResult]:
        return [r for r in self.rules if r.state is RuleState.NOT_CHECKED]

    def _notify_nothing_broken(self) -> None:
        unchecked = self._not_checked()
        if unchecked:
            self.notify(
                self.t("site.backup.unchecked_remain", count=len(unchecked)), severity="warning"
            )
        else:
            self.notify(self.t("site.backup.ok"))

    def _issues_of(
        self, *, storage_id: int | None = None, transport_id: int | None = None
    ) -> list[BackupIssue]:
        if transport_id is not None:
            return [i for i in self.issues if i.transport_id == transport_id]
        return [i for i in self.issues if i.storage_id == storage_id and i.transport_id is None]

    # -- the rule under the cursor -------------------------------------------------------

    def _current_storage(self) -> BackupStorage | None:
        row = self._storage_table.cursor_row
        return self.storages[row] if 0 <= row < len(self.storages) else None

    def _current_transport(self) -> BackupTransport | None:
        row = self._transport_table.cursor_row
        return self.transports[row] if 0 <= row < len(self.transports) else None

    def _row_issues(self) -> list[BackupIssue]:
        """The broken rules of the row under the cursor of the focused table."""
        if self.focused is self._transport_table:
            transport = self._current_transport()
            return self._issues_of(transport_id=transport.id) if transport else []
        storage = self._current_storage()
        return self._issues_of(storage_id=storage.id) if storage else []

    def _show_transport_detail(self) -> None:
        detail = self._transport_table.detail()  # the row under the cursor, whole
        self.query_one("#backup-transport-detail", Static).update(Wrapped(Text(detail)))

    @on(DataTable.RowHighlighted)
    def _row_moved(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is self._transport_table:
            self._show_transport_detail()
        if event.data_table is not self.focused:
            return
        self._follow_cursor()

    def on_descendant_focus(self) -> None:
        self._follow_cursor()

    def _follow_cursor(self) -> None:
        here = self._row_issues()
        if self.selected is None or not any(same_issue(i, self.selected) for i in here):
            self.selected = here[0] if here else None
        self._redraw_rules()

    def action_next_rule(self) -> None:
        """Select the next broken rule and move the cursor to its row."""
        if not self.issues:
            self.selected = None
            self._notify_nothing_broken()
            self._redraw_rules()
            return
        index = -1
        if self.selected is not None:
            index = next((n for n, i in enumerate(self.issues) if same_issue(i, self.selected)), -1)
        chosen = self.issues[(index + 1) % len(self.issues)]
        self.selected = chosen
        table: FittedTable
        if chosen.transport_id is not None:
            rows = [tr.id for tr in self.transports]
            table = self._transport_table
            target = rows.index(chosen.transport_id) if chosen.transport_id in rows else 0
        else:
            rows = [s.id for s in self.storages]
            table = self._storage_table
            target = rows.index(chosen.storage_id) if chosen.storage_id in rows else 0
        table.focus()
        table.move_cursor(row=target)
        self._redraw_rules()

    def action_finding(self) -> None:
        """Record the broken rule under the cursor as a finding."""
        issue = self.selected
        if issue is None or not any(same_issue(i, issue) for i in self._row_issues()):
            here = self._row_issues()
            issue = here[0] if here else None
        if issue is None:
            storage = self._current_storage() if self.focused is not self._transport_table else None
            gaps = self._gaps_of(storage.id) if storage else []
            if gaps:
                reason = self.t(gaps[0].message_key, name=gaps[0].storage_name)
                self.notify(
                    self.t("site.backup.not_checked_here", reason=reason), severity="warning"
                )
            elif not self.storages:
                self._notify_nothing_broken()
            else:
                self.notify(self.t("site.backup.no_broken_rule"), severity="warning")
            return
        self.selected = issue
        self._redraw_rules()
        self._add_finding(issue)

    @work(thread=True, group="backup-write")
    def _add_finding(self, issue: BackupIssue) -> None:
        try:
            draft = backup_finding(issue, self.organization_id, self.session_id, self.t)
            finding = self.context.findings.add_finding(draft, auditor(self.context.settings))
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(BackupFindingAdded(finding.id))

    def on_backup_finding_added(self, message: BackupFindingAdded) -> None:
        self.notify(self.t("site.backup.finding_added", id=message.finding_id))

    # -- entries -------------------------------------------------------------------------

    def action_add_storage(self) -> None:
        """Add a box or safe to the register."""
        self._open_storage_form()

    def _open_storage_form(
        self, entry: StorageEntry | None = None, problem: str = "", taken: tuple[str, ...] = ()
    ) -> None:
        """The form, told the register's names so that a taken one is refused there, with
        what was typed kept; `entry` and `problem` after the store refused the entry."""

        def done(result: StorageEntry | None) -> None:
            if result is not None:
                self._add_storage(result)

        names = (*(s.name for s in self.storages), *taken)
        self.app.push_screen(
            StorageEntryScreen(self.context, names, entry=entry, problem=problem), done
        )

    @work(thread=True, group="backup-write")
    def _add_storage(self, entry: StorageEntry) -> None:
        try:
            self.context.site.add_storage(
                self.organization_id,
                name=entry.name,
                kind=entry.kind,
                box_location=entry.box_location,
                key_location=entry.key_location,
                key_holder=entry.key_holder,
                key_next_to_box=entry.key_next_to_box,
                note=entry.note,
                actor=auditor(self.context.settings),
            )
        except AlreadyExists as exc:
            # the last guard (a box added meanwhile): the form again, with what was typed
            self.post_message(StorageRefused(entry, exc.name))
            self._load()
            return
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.post_message(BackupNotice(self.t("site.backup.storage_added", name=entry.name)))
        self._load()

    def on_storage_refused(self, message: StorageRefused) -> None:
        problem = self.t("site.backup.name_taken", name=message.name)
        self._open_storage_form(message.entry, problem, (message.name,))

    def action_add_transport(self) -> None:
        """Add a transport of the box under the cursor to the log."""
        storage = self._current_storage()
        if self.focused is self._transport_table:
            transport = self._current_transport()
            if transport is not None:
                storage = next((s for s in self.storages if s.id == transport.storage_id), storage)
        if storage is None:
            self.notify(self.t("site.backup.no_storage"), severity="warning")
            return
        chosen = storage

        def done(entry: TransportEntry | None) -> None:
            if entry is not None:
                self._add_transport(chosen, entry)

        self.app.push_screen(TransportEntryScreen(self.context, chosen, self._today()), done)

    @work(thread=True, group="backup-write")
    def _add_transport(self, storage: BackupStorage, entry: TransportEntry) -> None:
        try:
            self.context.site.add_transport(
                storage.id,
                transport_date=entry.transport_date,
                from_place=entry.from_place,
                to_place=entry.to_place,
                carrier=entry.carrier,
                box_locked=entry.box_locked,
                key_separate=entry.key_separate,
                receiver=entry.receiver,
                note=entry.note,
                actor=auditor(self.context.settings),
            )
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.post_message(BackupNotice(self.t("site.backup.transport_added", name=storage.name)))
        self._load()

    def action_received(self) -> None:
        """Record who received the transport under the cursor."""
        from inspector.tui.screens.prompt import PromptScreen

        transport: BackupTransport | None = None
        if self.focused is self._transport_table:
            transport = self._current_transport()
        elif self.selected is not None and self.selected.transport_id is not None:
            transport = next(
                (tr for tr in self.transports if tr.id == self.selected.transport_id), None
            )
        if transport is None:
            self.notify(self.t("site.backup.no_transport"), severity="warning")
            return
        if transport.receiver.strip():
            self.notify(
                self.t("site.backup.already_received", receiver=transport.receiver),
                severity="warning",
            )
            return
        transport_id = transport.id

        def done(value: str | None) -> None:
            if value is None:
                return
            if not value.strip():
                self.notify(self.t("site.backup.receiver_required"), severity="warning")
                return
            self._receive(transport_id, value.strip())

        self.app.push_screen(
            PromptScreen(self.context, self.t("site.backup.receiver_prompt")), done
        )

    @work(thread=True, group="backup-write")
    def _receive(self, transport_id: int, receiver: str) -> None:
        try:
            self.context.site.record_receipt(transport_id, receiver)
        except AlreadyReceived as exc:
            self.post_message(
                BackupNotice(self.t("site.backup.already_received", receiver=str(exc)), "warning")
            )
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        else:
            self.post_message(
                BackupNotice(self.t("site.backup.received_recorded", receiver=receiver))
            )
        self._load()

    def on_backup_notice(self, message: BackupNotice) -> None:
        self.notify(message.text, severity=message.severity)  # type: ignore[arg-type]

    def action_back(self) -> None:
        """Go back."""
        self.app.pop_screen()

    # -- drawing -------------------------------------------------------------------------

    def _redraw_rules(self) -> None:
        self.query_one("#backup-rules", BackupRules).show(
            self.t,
            loaded=self.loaded,
            empty=not self.storages,
            rules=self.rules,
            issues=self.issues,
            selected=self.selected,
        )


__all__ = ["BackupRegisterScreen"]
