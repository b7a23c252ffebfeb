"""One improvement plan: its finding, measures, deadline and the history of dated measure
entries (appended with `a`, never edited); `e` edits the plan itself (measures,
responsible organization and person, deadline; the change is logged). And the dialog that
creates or edits a plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Label, Select, Static, TextArea

from inspector.context import AppContext
from inspector.domain.dates import check_plan_day
from inspector.domain.era import format_date
from inspector.domain.findings import Finding, ImprovementPlan, MeasureEntry
from inspector.domain.model import Organization
from inspector.i18n import Translator, render
from inspector.services.reminders import reminded_plans
from inspector.store.repositories.reminders import Reminded
from inspector.tui.dates import day_cells, day_text, moment_text
from inspector.tui.errors import describe_error
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain, plain_cell
from inspector.tui.reminder_flow import reminded_lines
from inspector.tui.screens.base import InspectorModal, InspectorScreen
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.finding_edit import kind_label, status_label, tf, tp
from inspector.tui.screens.measure_entry import EntryInput, MeasureEntryScreen, parse_day
from inspector.tui.stylesheet import beside
from inspector.tui.text import fit
from inspector.tui.wrapping import Wrapped

TEXT_CELLS = 40
"""The entries table's text column: longer texts are cut with an ellipsis (`v` reads them)."""


def org_label(org: Organization | None) -> str:
    return f"{org.code} {org.name}" if org is not None else "?"


# -- creating or editing a plan -------------------------------------------------------------


def finding_line(t: Translator, finding: Finding) -> str:
    """「指摘: 」 and what the finding states (its text's first line, the deficiency), not
    its title, which is the checklist's statement (walk7 M5, walk7b N5)."""
    lines = [line.strip() for line in finding.text.splitlines() if line.strip()]
    return tp(
        t, "detail.finding", kind=kind_label(t, finding.kind), title=(lines or [finding.title])[0]
    )


class PlanWritten(Message):
    def __init__(self, plan: ImprovementPlan) -> None:
        super().__init__()
        self.plan = plan


class PlanEditScreen(InspectorModal[ImprovementPlan | None]):
    """Measures, responsible organization (default: the finding's), person and deadline;
    saved in a worker. With `plan`, the form starts from that plan and saves an edit (logged
    with old and new values). Returns the plan, or None when cancelled."""

    DEFAULT_CSS = beside(__file__, "plan_edit")

    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
    ]

    def __init__(
        self,
        context: AppContext,
        finding: Finding,
        organizations: list[Organization],
        plan: ImprovementPlan | None = None,
    ) -> None:
        super().__init__(context)
        self.finding = finding
        self.organizations = sorted(organizations, key=lambda o: o.code)
        self.plan = plan
        """The plan being edited; None when writing a new one."""
        self._saving = False

    def compose(self) -> ComposeResult:
        t = self.t
        plan = self.plan
        ids = {o.id for o in self.organizations}
        wanted = plan.responsible_organization_id if plan else self.finding.organization_id
        default = wanted if wanted in ids else None
        title = tf(t, "plan.title_edit") if plan else tf(t, "plan.title_new")
        with VerticalScroll(classes="dialog", id="plan-dialog"):
            yield Label(title, classes="dialog-title")
            yield Label(
                plain(tf(t, "plan.finding", title=self.finding.title)), classes="dialog-hint"
            )
            yield Label(tf(t, "plan.measures"))
            measures = plan.measures if plan else self.finding.requested_measure
            yield TextArea(measures, id="plan-measures", soft_wrap=True)
            yield Label(tf(t, "plan.organization"))
            yield Select(
                [(plain_cell(org_label(o)), o.id) for o in self.organizations],
                value=default if default is not None else Select.NULL,
                allow_blank=default is None,
                type_to_search=True,
                compact=True,
                id="plan-organization",
            )
            yield Label(tf(t, "plan.person"))
            yield Input(plan.responsible_person if plan else "", id="plan-person", compact=True)
            yield Label(t("tui.visit2.plan_deadline"))
            yield Input(
                day_text(plan.deadline, self.t) if plan else "",
                placeholder=self.t("tui.visit2.date_placeholder"),
                id="plan-deadline",
                compact=True,
            )
            yield Label("", classes="dialog-error", id="plan-error")
            yield Label(tf(t, "plan.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#plan-measures", TextArea).focus()

    def _error(self, text: str, focus: str | None = None) -> None:
        self.show_error(self.query_one("#plan-error", Label), plain(text))
        if focus is not None:
            self.query_one(focus).focus()

    def action_save(self) -> None:
        """Save the plan."""
        if self._saving:
            return
        measures = self.query_one("#plan-measures", TextArea).text.strip()
        if not measures:
            self._error(tf(self.t, "plan.measures_required"), "#plan-measures")
            return
        organization = self.query_one("#plan-organization", Select).value
        if not isinstance(organization, int):
            self._error(tf(self.t, "plan.organization"), "#plan-organization")
            return
        deadline = parse_day(self.query_one("#plan-deadline", Input).value)
        if deadline is None:
            self._error(tf(self.t, "plan.invalid_deadline"), "#plan-deadline")
            return
        try:
            check_plan_day(deadline)  # the range the Excel form takes: 0001-01-01 is a slip
        except ValueError as exc:
            self._error(render(exc.args[0], self.t), "#plan-deadline")
            return
        person = self.query_one("#plan-person", Input).value.strip()
        today = getattr(self.app, "today", None)
        changed = self.plan is None or self.plan.deadline != deadline
        if changed:  # before the visit or on a closed day: refused, the form kept (docs8a)
            from inspector.services.deadlines import deadline_refusal

            problem = deadline_refusal(
                self.context.repo, self.finding.session_id, deadline, self.context.settings.lang
            )
            if problem is not None:
                self._error(problem, "#plan-deadline")
                return
        if today is not None and deadline < today and changed:
            # Allowed (a plan may be recorded late), but it is overdue at once: asked first,
            # a mistyped year is the likelier cause.
            self._saving = True

            def answered(yes: bool | None) -> None:
                self._saving = False
                if yes:
                    self._start_write(measures, organization, person, deadline)
                else:
                    self._error(tf(self.t, "plan.deadline_past"), "#plan-deadline")

            question = self.t(
                "tui.plan.confirm_past_deadline",
                deadline=format_date(deadline, self.context.settings.lang),
            )
            self.app.push_screen(ConfirmScreen(self.context, question), answered)
            return
        self._start_write(measures, organization, person, deadline)

    def _start_write(self, measures: str, organization: int, person: str, deadline: date) -> None:
        self._saving = True
        self._error("")
        self._write(measures, organization, person, deadline)

    @work(thread=True, exclusive=True, group="plan-save")
    def _write(self, measures: str, organization_id: int, person: str, deadline: date) -> None:
        store, actor = self.context.findings, self.context.settings.user
        try:
            if self.plan is not None:
                was = self.plan
                seen = {
                    "measures": was.measures,
                    "responsible_organization_id": was.responsible_organization_id,
                    "responsible_person": was.responsible_person,
                    "deadline": was.deadline,
                }
                entered = {
                    "measures": measures,
                    "responsible_organization_id": organization_id,
                    "responsible_person": person,
                    "deadline": deadline,
                }
                # As for findings: only the edited fields, checked against those shown.
                changes = {k: v for k, v in entered.items() if v != seen[k]}
                plan = store.update_plan(was.id, changes, actor, seen)
            else:
                plan = store.add_plan(
                    self.finding.id,
                    measures=measures,
                    responsible_organization_id=organization_id,
                    responsible_person=person,
                    deadline=deadline,
                    actor=actor,
                )
        except Exception as exc:
            self.post_message(DbFailed(describe_error(exc, self.t)))
        else:
            self.post_message(PlanWritten(plan))

    def on_plan_written(self, message: PlanWritten) -> None:
        deadline = day_text(message.plan.deadline, self.t)
        if self.plan is not None:
            self.notify(tf(self.t, "plan.updated", deadline=deadline))
        else:
            self.notify(tf(self.t, "plan.saved", deadline=deadline))
        self.dismiss(message.plan)

    def on_db_failed(self, message: DbFailed) -> None:
        self._saving = False
        self._error(message.error)
        self.notify(message.error, severity="error", timeout=8)

    def action_cancel(self) -> None:
        """Close without saving (asks first when something was typed or changed)."""
        if not self._saving:
            self.cancel_keeping_work()


# -- the plan and its entries ---------------------------------------------------------------


@dataclass(frozen=True)
class PlanView:
    plan: ImprovementPlan
    finding: Finding
    organization: Organization | None
    organizations: tuple[Organization, ...] = ()
    """Every organization (the choices of the edit form)."""
    reminded: Reminded | None = None  # the latest reminder (督促, office9b)


class PlanLoaded(Message):
    def __init__(self, view: PlanView) -> None:
        super().__init__()
        self.view = view


class EntryAdded(Message):
    pass


class EntryNotRecorded(Message):
    """The entry was not recorded (`error`, a sentence): its dialog opens again with it, so
    nothing typed is lost; `seen`: the entries there are now."""

    def __init__(self, entry: EntryInput, error: str, seen: int | None) -> None:
        super().__init__()
        self.entry = entry
        self.error = error
        self.seen = seen


class PlanDetailScreen(InspectorScreen):
    """The plan, and its measure entries oldest first."""

    CATEGORY = "plans"
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("a", "add_entry", "record", id="plans.add_entry"),
        Binding("e", "edit", "edit", id="plan_detail.edit"),
        Binding("v", "read", "read in full", id="plan_detail.read"),
        Binding("ctrl+r", "refresh", "refresh", show=False, id="plans.refresh"),
        Binding("escape", "back", "back", id="plans.back"),
    ]

    def __init__(self, context: AppContext, plan_id: int) -> None:
        super().__init__(context)
        self.plan_id = plan_id
        self.view: PlanView | None = None
        self.text_cells = TEXT_CELLS

    def compose(self) -> ComposeResult:
        yield Label(tp(self.t, "detail.title"), id="plan-title", classes="area-title")
        with VerticalScroll(id="plan-head"):
            yield Static(tp(self.t, "loading"), id="plan-info")
        yield Label(tp(self.t, "detail.history"), id="plan-history-title")
        yield DataTable(id="plan-entries", cursor_type="row", zebra_stripes=True)
        yield Label("", id="plan-empty", classes="area-empty")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        t = self.t
        table = self.query_one(DataTable)
        # an era date (令和7年12月28日) takes its cells from the text, which `v` reads whole
        day = day_cells(t)
        by = max(10, cell_len(tp(t, "detail.col.by")))  # not `Recorded b` (walk8 M3)
        self.text_cells = TEXT_CELLS - (day - 10) - (by - 10)
        for key, width in (("date", day), ("status", 8), ("text", self.text_cells), ("by", by)):
            table.add_column(tp(t, f"detail.col.{key}"), key=key, width=width)
        table.focus()
        self._load()

    def action_refresh(self) -> None:
        """Reload the plan."""
        self._load()

    @work(thread=True, exclusive=True, group="plan-load")
    def _load(self) -> None:
        try:
            plan = self.context.findings.plan(self.plan_id)
            finding = self.context.findings.finding(plan.finding_id)
            organizations = {o.id: o for o in self.context.repo.organizations()}
            reminded = reminded_plans(self.context).get(self.plan_id)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            org = organizations.get(plan.responsible_organization_id)
            view = PlanView(plan, finding, org, tuple(organizations.values()), reminded)
            self.post_message(PlanLoaded(view))

    def on_plan_loaded(self, message: PlanLoaded) -> None:
        t = self.t
        self.view = view = message.view
        plan, finding = view.plan, view.finding
        today = self.inspector.today
        overdue = plan.is_overdue(today)
        days = plan.days_left(today)
        # A plan whose measures are done shows its deadline plainly: days left or passed
        # only matter while it is open.
        deadline = Text(
            t("tui.visit2.deadline_done", deadline=day_text(plan.deadline, t))
            if plan.is_done()
            else tp(t, "detail.deadline", deadline=day_text(plan.deadline, t), days=days)
            if days >= 0
            else tp(t, "detail.deadline_passed", deadline=day_text(plan.deadline, t), days=-days)
        )
        if overdue:
            deadline.stylize("bold red")
            deadline.append("  " + tf(t, "overdue"), style="bold white on red")
        # each part wrapped by the 禁則 rule: Rich broke 「…を毎日実施する」/「。」 (walk7b N5)
        info = Group(
            *(
                Wrapped(part)
                for part in (
                    Text(finding_line(t, finding), style="bold"),
                    Text(
                        tp(
                            t,
                            "detail.organization",
                            organization=org_label(view.organization),
                            person=plan.responsible_person or "-",
                        )
                    ),
                    deadline,
                    Text(tp(t, "detail.status", status=status_label(t, plan.status))),
                    *reminded_lines(t, view.reminded),
                    Text(tp(t, "detail.measures"), style="underline"),
                    Text(plan.measures),
                )
            )
        )
        self.query_one("#plan-info", Static).update(info)
        self.set_class(overdue, "-overdue")
        table = self.query_one(DataTable)
        table.clear()
        for entry in plan.entries:
            # Cut with an ellipsis; `v` (or Enter) reads the entry in full.
            table.add_row(
                day_text(entry.entry_date, t),
                status_label(t, entry.status),
                plain_cell(fit(entry.text.replace("\n", " "), self.text_cells)),
                plain_cell(fit(entry.recorded_by, 10)),
                key=str(entry.id),
            )
        if plan.entries:
            table.move_cursor(row=len(plan.entries) - 1)
        empty = self.query_one("#plan-empty", Label)
        empty.update(tp(t, "detail.no_entries"))
        empty.display = not plan.entries

    @on(DataTable.RowSelected, "#plan-entries")
    def _entry_chosen(self) -> None:
        self.action_read()

    def action_read(self) -> None:
        """Read the measures and the entry under the cursor in full."""
        from inspector.tui.screens.text_view import TextViewScreen

        view = self.view
        if view is None:
            return
        t = self.t
        parts = [tp(t, "detail.measures"), view.plan.measures]
        table = self.query_one(DataTable)
        entries = view.plan.entries
        if entries and 0 <= table.cursor_row < len(entries):
            entry = entries[table.cursor_row]
            heading = f"{day_text(entry.entry_date, t)}  {status_label(t, entry.status)}"
            parts += ["", heading + f"  {entry.recorded_by}", entry.text]
        title = finding_line(t, view.finding)
        self.app.push_screen(TextViewScreen(self.context, title, "\n".join(parts)))

    def action_add_entry(self) -> None:
        """Append a dated entry (status, date, text)."""
        view = self.view
        if view is None:
            return

        self._entry_dialog(None, len(view.plan.entries))

    def _entry_dialog(self, entry: EntryInput | None, seen: int | None) -> None:
        """The entry dialog (filled with `entry` when it comes back); `seen`: the entries
        the person saw when deciding, checked when it is recorded."""
        view = self.view
        assert view is not None

        def done(typed: EntryInput | None) -> None:
            if typed is not None:
                self._append(typed, seen)

        status = entry.status if entry is not None else view.plan.status
        screen = MeasureEntryScreen(self.context, self.inspector.today, status, entry)
        self.app.push_screen(screen, done)

    def action_edit(self) -> None:
        """Edit the plan: measures, responsible organization and person, deadline (logged)."""
        view = self.view
        if view is None:
            return

        def done(plan: ImprovementPlan | None) -> None:
            if plan is not None:
                self._load()

        screen = PlanEditScreen(self.context, view.finding, list(view.organizations), view.plan)
        self.app.push_screen(screen, done)

    @work(thread=True, group="plan-write")
    def _append(self, entry: EntryInput, seen: int | None) -> None:
        from inspector.services.measure_entries import add_measure_entry
        from inspector.store.errors import ChangedMeanwhile

        try:
            add_measure_entry(
                self.context, self.plan_id, entry.status, entry.entry_date, entry.text, seen=seen
            )
        except ChangedMeanwhile as exc:
            # recorded by someone else since the person looked: theirs is shown, this one
            # comes back in its dialog to be saved again (or dropped) knowing it
            since = cast(list[MeasureEntry], exc.current)
            last = since[-1]
            error = self.t(
                "trust4.entry_meanwhile",
                by=last.recorded_by,
                when=moment_text(last.recorded_at, self.t),
                status=status_label(self.t, last.status),
                text=fit(last.text, 40),
            )
            self.post_message(EntryNotRecorded(entry, error, (seen or 0) + len(since)))
        except Exception as exc:
            self.post_message(EntryNotRecorded(entry, self.describe(exc), seen))
        else:
            self.post_message(EntryAdded())

    def on_entry_not_recorded(self, message: EntryNotRecorded) -> None:
        self.notify(message.error, severity="error", timeout=12)
        self._load()
        if self.view is not None:
            self._entry_dialog(message.entry, message.seen)

    def on_entry_added(self, _message: EntryAdded) -> None:
        self.notify(tp(self.t, "detail.added"))
        self._load()

    def action_back(self) -> None:
        """Go back."""
        self.app.pop_screen()
