"""One improvement plan: its finding, measures, deadline and the history of dated measure
entries (appended with `a`, never edited); `e` edits the plan itself (measures,
responsible organization and person, deadline; the change is logged). And the dialog that
creates or edits a plan (`plan_edit.py`, imported here as before)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static

from inspector.context import AppContext
from inspector.domain.findings import Finding, ImprovementPlan, MeasureEntry
from inspector.domain.model import Organization
from inspector.services.reminders import reminded_plans
from inspector.store.repositories.reminders import Reminded
from inspector.tui.dates import day_cells, day_text, moment_text
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain_cell
from inspector.tui.reminder_flow import reminded_lines
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.finding_edit import status_label, tf, tp
from inspector.tui.screens.measure_entry import EntryInput, MeasureEntryScreen
from inspector.tui.screens.plan_edit import PlanEditScreen, finding_line, org_label
from inspector.tui.stylesheet import beside
from inspector.tui.text import fit
from inspector.tui.wrapping import Wrapped

TEXT_CELLS = 40
"""The entries table's text column: longer texts are cut with an ellipsis (`v` reads them)."""


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
