"""The dialog that creates or edits an improvement plan: measures, responsible organization
and person, deadline (an edit is logged with the old and new values)."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static, TextArea

from inspector.context import AppContext
from inspector.domain.dates import check_plan_day
from inspector.domain.era import format_date
from inspector.domain.findings import Finding, ImprovementPlan
from inspector.domain.model import Organization
from inspector.i18n import Translator, render
from inspector.services.actors import auditor
from inspector.tui.controls import Checked, refuse_controls
from inspector.tui.dates import day_text
from inspector.tui.errors import describe_error
from inspector.tui.message_lines import message_breaks, message_text
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain, plain_cell
from inspector.tui.screens.base import InspectorModal
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.finding_edit import kind_label, tf, tp
from inspector.tui.screens.measure_entry import parse_day
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.safe_input import SafeInput, SafeTextArea
from inspector.tui.wrapping import Wrapped


def org_label(org: Organization | None) -> str:
    return f"{org.code} {org.name}" if org is not None else "?"


class PlanWritten(Message):
    def __init__(self, plan: ImprovementPlan) -> None:
        super().__init__()
        self.plan = plan


def finding_line(t: Translator, finding: Finding) -> str:
    """「指摘: 」 and what the finding states (its text's first line, the deficiency), not
    its title, which is the checklist's statement (walk7 M5, walk7b N5)."""
    lines = [line.strip() for line in finding.text.splitlines() if line.strip()]
    return tp(
        t, "detail.finding", kind=kind_label(t, finding.kind), title=(lines or [finding.title])[0]
    )


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
            # the finding as plan detail shows it (office15: the checklist's requirement was
            # shown as 指摘), wrapped by the line-break rule (no line starting with 。)
            yield Static(
                Wrapped(message_text(finding_line(t, self.finding)), message_breaks),
                classes="dialog-hint",
                id="plan-finding",
            )
            yield Label(tf(t, "plan.measures"))
            measures = plan.measures if plan else self.finding.requested_measure
            yield SafeTextArea(measures, id="plan-measures", soft_wrap=True)
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
            yield SafeInput(plan.responsible_person if plan else "", id="plan-person", compact=True)
            yield Label(t("tui.visit2.plan_deadline"))
            yield SafeInput(
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
        person = self.query_one("#plan-person", Input).value.strip()
        typed = [Checked("#plan-measures", tf(self.t, "plan.measures"), measures, True)]
        typed.append(Checked("#plan-person", tf(self.t, "plan.person"), person))
        if refuse_controls(self, self.t, typed, show=self._error):  # printed on the plan
            return
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
        store, actor = self.context.findings, auditor(self.context.settings)
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
