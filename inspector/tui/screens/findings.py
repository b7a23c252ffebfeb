"""The findings of a session (or of every session): kind, title, items, the plan's deadline
and status. Enter edits a finding (logged), `p` writes its improvement plan (or opens it),
`n` makes the session's findings notice, signed, in a worker with a progress dialog. `x`
withdraws a finding (取下げ, with a reason, logged; shown struck out and left out of every
document) or restores a withdrawn one.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Label

from inspector.context import AppContext
from inspector.domain.findings import Finding
from inspector.domain.model import InspectionSession
from inspector.tui.dates import day_text, short_day_text
from inspector.tui.finding_columns import finding_columns, marks_cell
from inspector.tui.findings_data import FindingRow, FindingsData, FindingsLoaded, load_findings
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.finding_edit import FindingEditScreen, kind_label, status_label, tf
from inspector.tui.stylesheet import beside
from inspector.tui.text import fit, pad
from inspector.tui.widgets.fitted_table import FittedTable
from inspector.tui.widgets.fitted_table_detail import CutDetail
from inspector.tui.widgets.requested_deadline import requested_deadline_text


class FindingsScreen(InspectorScreen):
    """Findings with their plans; the notice of the visit."""

    CATEGORY = "findings"
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("enter", "edit", "edit", id="findings.edit"),
        Binding("p", "plan", "plan", id="findings.plan"),
        Binding("n", "notice", "notice", id="findings.notice"),
        Binding("x", "withdraw", "withdraw", id="findings.withdraw"),
        Binding("d", "notice(True)", "draft", show=False, id="findings.notice_draft"),
        Binding("a", "scope", "all", show=False, id="findings.scope"),
        Binding("ctrl+r", "refresh", "refresh", show=False, id="findings.refresh"),
        Binding("escape", "back", "back", id="findings.back"),
    ]

    def __init__(
        self, context: AppContext, session_id: int | None, *, output_dir: Path | None = None
    ) -> None:
        super().__init__(context)
        self.session_id = session_id
        self.home_session_id = session_id
        self.output_dir = output_dir
        """Where notices are proposed to be written (default: the current folder)."""
        self.data: FindingsData | None = None

    def compose(self) -> ComposeResult:
        yield Label(tf(self.t, "title_all"), id="findings-title", classes="area-title")
        yield Label("", id="findings-note", classes="area-note")
        table = FittedTable(
            finding_columns(self.t),
            lambda key: tf(self.t, f"col.{key}"),
            self._show,
            id="findings-table",
            cursor_type="row",
            zebra_stripes=True,
            screen_enter=True,  # Enter edits the row the cursor is on after the keys before it
        )
        yield table
        yield table.show_cut_in(CutDetail(id="findings-detail"))  # the whole title
        yield Label("", id="findings-withdrawn", classes="area-note")
        yield Label(tf(self.t, "loading"), id="findings-empty", classes="area-empty")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#findings-note", Label).display = False
        self.query_one("#findings-withdrawn", Label).display = False
        self.query_one(FittedTable).focus()

    def on_screen_resume(self) -> None:
        self._load()

    def action_refresh(self) -> None:
        """Reload the findings."""
        self._load()

    @work(thread=True, exclusive=True, group="findings-load")
    def _load(self) -> None:
        try:
            data = load_findings(self.context, self.session_id)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(FindingsLoaded(data))

    def on_findings_loaded(self, message: FindingsLoaded) -> None:
        t = self.t
        self.data = data = message.data
        title = self.query_one("#findings-title", Label)
        note = self.query_one("#findings-note", Label)
        if data.session is not None:
            org = data.organizations.get(data.session.organization_id)
            title.update(
                plain(
                    tf(
                        t,
                        "title_session",
                        organization=org.name if org else "?",
                        date=day_text(data.session.session_date, t),
                        inspector=data.session.inspector_name or "",
                    ).rstrip()
                )
            )
            note.update(tf(t, "not_independent_note"))
            note.display = data.session.not_independent
        else:
            title.update(tf(t, "title_all"))
            note.display = False
        self._show()
        empty = self.query_one("#findings-empty", Label)
        empty.update(tf(t, "empty"))
        empty.display = not data.rows

    def _show(self) -> None:
        """Fill the table with the loaded findings, fitted to the columns' widths."""
        t, data = self.t, self.data
        if data is None:
            return
        table = self.query_one(FittedTable)
        current = self.current_row
        table.clear()
        today = self.inspector.today
        table.fit_content(self._texts())
        widths = table.widths
        # two findings never read the same (サーバ室レイア… twice); the selected one's
        # whole title is under the table
        titles = table.fitted("title", [self._title(r.finding) for r in data.rows])
        for index, row in enumerate(data.rows):
            f, plan = row.finding, row.plan
            org = data.organizations.get(f.organization_id)
            overdue = plan is not None and plan.is_overdue(today)
            if plan is None:
                deadline = Text(tf(t, "no_plan"), style="dim")
                status = Text("")
            else:
                deadline = Text(
                    short_day_text(plan.deadline, t), style="bold red" if overdue else ""
                )
                status = Text(status_label(t, plan.status))
                more = " " + tf(t, "plans_count", count=len(row.plans) - 1)
                if len(row.plans) > 1 and status.cell_len + cell_len(more) <= widths["status"]:
                    status.append(more, style="dim")
            cells = {
                "kind": Text(pad(kind_label(t, f.kind), widths["kind"]), style="bold"),
                "title": Text(titles[index], style="dim strike" if f.withdrawn else ""),
                "items": Text(fit(", ".join(f.items), widths["items"])),
                "organization": Text(fit(org.name if org else "?", widths["organization"])),
                "deadline": deadline,
                "status": status,
                "marks": marks_cell(t, overdue, row.not_independent, widths["marks"], "bold red"),
            }
            whole = {
                "title": self._title(f),
                "items": ", ".join(f.items),
                "organization": org.name if org else "?",
                # the deadline the notice asks for, under the table (walk9 M2)
                "deadline": requested_deadline_text(t, deadline.plain, f.requested_deadline),
            }
            table.add_cells(cells, key=str(f.id), whole=whole)
        if current is not None and any(r.finding.id == current.finding.id for r in data.rows):
            table.move_cursor(row=table.get_row_index(str(current.finding.id)))

    def _texts(self) -> list[dict[str, str]]:
        """The rows' texts by column, for fitting the columns to them: a column with short
        words (no marks, one department) gives its room to the title."""
        t, data, today = self.t, self.data, self.inspector.today
        assert data is not None
        texts: list[dict[str, str]] = []
        for row in data.rows:
            f, plan = row.finding, row.plan
            org = data.organizations.get(f.organization_id)
            overdue = plan is not None and plan.is_overdue(today)
            title = self._title(f)
            # in full: the room a wider terminal may give them
            marks = marks_cell(t, overdue, row.not_independent, 80, "").plain
            if plan is None:
                deadline, status = tf(t, "no_plan"), ""
            else:
                deadline = short_day_text(plan.deadline, t)
                status = status_label(t, plan.status)
                if len(row.plans) > 1:
                    status += " " + tf(t, "plans_count", count=len(row.plans) - 1)
            texts.append(
                {
                    "title": title,
                    "deadline": deadline,
                    "status": status,
                    "items": ", ".join(f.items),
                    "organization": org.name if org else "?",
                    "marks": marks,
                }
            )
        return texts

    def _title(self, finding: Finding) -> str:
        """The title; a withdrawn finding's marked (and shown dimmed: on no document)."""
        if not finding.withdrawn:
            return finding.title
        return "［" + self.t("visit.findings.withdrawn_mark") + "］" + finding.title

    @property
    def current_row(self) -> FindingRow | None:
        """The finding under the cursor."""
        if self.data is None or not self.data.rows:
            return None
        table = self.query_one(DataTable)
        if not 0 <= table.cursor_row < table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((r for r in self.data.rows if str(r.finding.id) == key), None)

    @property
    def selected_session_id(self) -> int | None:
        """The palette's areas work on this session."""
        row = self.current_row
        if row is not None and row.finding.session_id is not None:
            return row.finding.session_id
        return self.session_id

    # -- actions ------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#findings-table")
    def _show_withdrawal(self) -> None:
        """Under the table: why the finding under the cursor was withdrawn, by whom."""
        row = self.current_row
        label = self.query_one("#findings-withdrawn", Label)
        finding = row.finding if row is not None else None
        label.display = finding is not None and finding.withdrawn
        if finding is not None and finding.withdrawn:
            label.update(
                plain(
                    self.t(
                        "visit.findings.withdrawn_because",
                        reason=fit(finding.withdrawn_reason, 50),
                        by=finding.withdrawn_by or "",
                    )
                )
            )

    @on(DataTable.RowSelected, "#findings-table")
    def _row_selected(self) -> None:
        self.action_edit()

    def _require_row(self) -> FindingRow | None:
        row = self.current_row
        if row is None:
            self.notify(tf(self.t, "no_selection"), severity="warning")
        return row

    def action_edit(self) -> None:
        """Edit the selected finding (the change log keeps old and new)."""
        row = self._require_row()
        if row is not None:
            self.app.push_screen(FindingEditScreen.for_finding(self.context, row.finding))

    def action_plan(self) -> None:
        """Write the improvement plan of the selected finding, or open it when it exists."""
        from inspector.tui.screens.plan_detail import PlanDetailScreen, PlanEditScreen

        row = self._require_row()
        if row is None or self.data is None:
            return
        if row.finding.withdrawn:
            self.notify(self.t("visit.findings.withdrawn_no_plan"), severity="warning")
            return
        if row.plan is not None:
            self.app.push_screen(PlanDetailScreen(self.context, row.plan.id))
            return
        organizations = list(self.data.organizations.values())
        self.app.push_screen(PlanEditScreen(self.context, row.finding, organizations))

    def action_withdraw(self) -> None:
        """Withdraw (取下げ) the selected finding with a reason, or restore a withdrawn one;
        both are logged, and a withdrawn finding is on no document."""
        from inspector.tui.screens.confirm import ConfirmScreen
        from inspector.tui.screens.prompt import PromptScreen

        row = self._require_row()
        if row is None:
            return
        finding = row.finding
        title = fit(finding.title, 30)
        if finding.withdrawn:

            def restore(yes: bool | None) -> None:
                if yes:
                    # the withdrawal on the screen: refused if withdrawn again since
                    self._withdraw(finding.id, None, title, finding.withdrawn_at)

            question = self.t("visit.findings.restore_question", title=title)
            self.app.push_screen(ConfirmScreen(self.context, question), restore)
            return

        def withdraw(reason: str | None) -> None:
            if reason and reason.strip():
                self._withdraw(finding.id, reason.strip(), title)

        prompt = self.t("visit.findings.withdraw_prompt", title=title)
        self.app.push_screen(
            PromptScreen(self.context, prompt, required=True, field=self.t("tui14.field.withdraw")),
            withdraw,
        )

    @work(thread=True, exclusive=True, group="findings-withdraw")
    def _withdraw(
        self, finding_id: int, reason: str | None, title: str, seen: datetime | None = None
    ) -> None:
        from inspector.services.findings import restore_finding, withdraw_finding

        try:
            if reason is None:
                restore_finding(self.context, finding_id, seen)
            else:
                withdraw_finding(self.context, finding_id, reason)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            # the list shows what is there now (someone else's withdrawal, restore)
            self.app.call_from_thread(self._load)
            return
        key = "visit.findings.restored" if reason is None else "visit.findings.withdrawn"
        self.app.call_from_thread(self.notify, self.t(key, title=title))
        self.app.call_from_thread(self._load)

    def action_scope(self) -> None:
        """Switch between this session's findings and every finding."""
        self.session_id = None if self.session_id is not None else self.home_session_id
        self._load()

    def _notice_session(self) -> InspectionSession | None:
        if self.data is None:
            return None
        if self.data.session is not None:
            return self.data.session
        row = self.current_row
        return row.session if row is not None else None

    def action_notice(self, unsigned: bool = False) -> None:
        """Make the findings notice of the visit (signed; `d`: an unsigned draft); refused
        after its path was given, the path is asked again as typed (`notice_flow.py`)."""
        from inspector.tui.screens.notice_flow import start_notice

        session = self._notice_session()
        if session is None or self.data is None:
            self.notify(tf(self.t, "notice.no_session"), severity="warning")
            return
        start_notice(self, session, unsigned)

    def action_back(self) -> None:
        """Go back."""
        self.app.pop_screen()
