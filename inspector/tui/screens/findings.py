"""The findings of a session (or of every session): kind, title, items, the plan's deadline
and status. Enter edits a finding (logged), `p` writes its improvement plan (or opens it),
`n` makes the session's findings notice, signed, in a worker with a progress dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Footer, Label

from inspector.context import AppContext
from inspector.domain.findings import Finding, FindingKind, ImprovementPlan, MeasureStatus
from inspector.domain.model import InspectionSession, Organization, SessionKind
from inspector.i18n import Translator
from inspector.tui.messages import DbFailed
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.finding_edit import FindingEditScreen, kind_label, status_label, tf
from inspector.tui.stylesheet import beside
from inspector.tui.text import SCROLLBAR, Column, fit, pad
from inspector.tui.widgets.fitted_table import NARROW, FittedTable

LEAST_TITLE = 10
"""The title column is never narrower than this (cells)."""


def label_cells(*labels: str) -> int:
    """The widest of `labels`, in cells."""
    return max(cell_len(label) for label in labels)


def kind_cells(t: Translator) -> int:
    """Cells for the kind column: its heading and every kind."""
    return label_cells(tf(t, "col.kind"), *(kind_label(t, k) for k in FindingKind))


def status_cells(t: Translator) -> int:
    """Cells for the status column: its heading and every status (or none yet)."""
    return label_cells(tf(t, "col.status"), *(status_label(t, s) for s in (*MeasureStatus, None)))


def marks_cells(t: Translator, *, short: bool) -> int:
    """Cells for the marks column: both marks, in short form or in full."""
    return label_cells(tf(t, "col.marks"), marks(t, True, True, short=short).plain)


def marks(
    t: Translator,
    overdue: bool,
    not_independent: bool,
    *,
    short: bool = False,
    overdue_style: str = "bold red",
) -> Text:
    """The marks of a row (期限超過, 独立性なし), in full or in their short forms."""
    found: list[tuple[str, str]] = []
    if overdue:
        found.append((tf(t, "mark.overdue") if short else tf(t, "overdue"), overdue_style))
    if not_independent:
        word = tf(t, "mark.not_independent") if short else tf(t, "not_independent")
        found.append((word, "yellow"))
    text = Text()
    for word, style in found:
        if text:
            text.append(" ")
        text.append(word, style=style)
    return text


def marks_cell(
    t: Translator, overdue: bool, not_independent: bool, width: int, overdue_style: str
) -> Text:
    """The marks in full when they fit in `width` cells, else in short form (cut to fit)."""
    text = marks(t, overdue, not_independent, overdue_style=overdue_style)
    if text.cell_len > width:
        text = marks(t, overdue, not_independent, short=True, overdue_style=overdue_style)
        text.truncate(width, overflow="ellipsis")
    return text


def fit_title(fixed: dict[str, int], shrink: str) -> tuple[int, int]:
    """The title's width at 80 columns: the cells the other columns (`fixed`) leave, at
    least `LEAST_TITLE`, taken from the `shrink` column when short. Returns the title's
    and the `shrink` column's widths."""
    # Every column has a cell of padding either side; the scrollbar keeps its cells.
    room = NARROW - SCROLLBAR - 2 * (len(fixed) + 1) - sum(fixed.values())
    if room >= LEAST_TITLE:
        return room, fixed[shrink]
    return LEAST_TITLE, fixed[shrink] - (LEAST_TITLE - room)


def finding_columns(t: Translator) -> tuple[Column, ...]:
    """The findings table's columns: the kind, status and marks as wide as their words (the
    marks short), the title the rest of 80 columns; a wider terminal widens the title first."""
    fixed = {
        "kind": kind_cells(t),
        "items": 5,
        "organization": 8,
        "deadline": label_cells(tf(t, "col.deadline"), tf(t, "no_plan"), "2025-01-01"),
        "status": status_cells(t),
        "marks": marks_cells(t, short=True),
    }
    title, fixed["marks"] = fit_title(fixed, "marks")
    more = 1 + cell_len(tf(t, "plans_count", count=9))
    return (
        Column("kind", fixed["kind"]),
        Column("title", title, grow=3, widest=48),
        Column("items", fixed["items"], grow=1, widest=12),
        Column("organization", fixed["organization"], grow=1, widest=16),
        Column("deadline", fixed["deadline"]),
        Column("status", fixed["status"], grow=1, widest=fixed["status"] + more),
        Column("marks", fixed["marks"], grow=2, widest=marks_cells(t, short=False)),
    )


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    plans: tuple[ImprovementPlan, ...]
    session: InspectionSession | None

    @property
    def plan(self) -> ImprovementPlan | None:
        """The plan with the earliest deadline."""
        return self.plans[0] if self.plans else None

    @property
    def not_independent(self) -> bool:
        return bool(self.session and self.session.not_independent)


@dataclass(frozen=True)
class FindingsData:
    rows: list[FindingRow]
    session: InspectionSession | None
    organizations: dict[int, Organization]


class FindingsLoaded(Message):
    def __init__(self, data: FindingsData) -> None:
        super().__init__()
        self.data = data


def load_findings(context: AppContext, session_id: int | None) -> FindingsData:
    """The findings of one session (every finding when None) with their plans."""
    repo, store = context.repo, context.findings
    session = repo.session(session_id) if session_id is not None else None
    findings = store.findings(session_id=session_id) if session_id is not None else store.findings()
    plans: dict[int, list[ImprovementPlan]] = {}
    for finding, plan in store.plans_with_findings():
        plans.setdefault(finding.id, []).append(plan)
    sessions = {s.id: s for s in repo.sessions()} if session_id is None else {}
    if session is not None:
        sessions[session.id] = session
    rows = [
        FindingRow(
            finding=f,
            plans=tuple(sorted(plans.get(f.id, []), key=lambda p: (p.deadline, p.id))),
            session=sessions.get(f.session_id) if f.session_id is not None else None,
        )
        for f in findings
    ]
    organizations = {o.id: o for o in repo.organizations()}
    return FindingsData(rows, session, organizations)


class FindingsScreen(InspectorScreen):
    """Findings with their plans; the notice of the visit."""

    CATEGORY = "findings"
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("enter", "edit", "edit", priority=True, id="findings.edit"),
        Binding("p", "plan", "plan", id="findings.plan"),
        Binding("n", "notice", "notice", id="findings.notice"),
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
        yield FittedTable(
            finding_columns(self.t),
            lambda key: tf(self.t, f"col.{key}"),
            self._show,
            id="findings-table",
            cursor_type="row",
            zebra_stripes=True,
        )
        yield Label(tf(self.t, "loading"), id="findings-empty", classes="area-empty")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#findings-note", Label).display = False
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
                tf(
                    t,
                    "title_session",
                    organization=org.name if org else "?",
                    date=data.session.session_date.isoformat(),
                    inspector=data.session.inspector_name or "",
                ).rstrip()
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
        widths = table.widths
        for row in data.rows:
            f, plan = row.finding, row.plan
            org = data.organizations.get(f.organization_id)
            overdue = plan is not None and plan.is_overdue(today)
            if plan is None:
                deadline = Text(tf(t, "no_plan"), style="dim")
                status = Text("")
            else:
                deadline = Text(plan.deadline.isoformat(), style="bold red" if overdue else "")
                status = Text(status_label(t, plan.status))
                more = " " + tf(t, "plans_count", count=len(row.plans) - 1)
                if len(row.plans) > 1 and status.cell_len + cell_len(more) <= widths["status"]:
                    status.append(more, style="dim")
            cells = {
                "kind": Text(pad(kind_label(t, f.kind), widths["kind"]), style="bold"),
                "title": Text(fit(f.title, widths["title"])),
                "items": Text(fit(", ".join(f.items), widths["items"])),
                "organization": Text(fit(org.name if org else "?", widths["organization"])),
                "deadline": deadline,
                "status": status,
                "marks": marks_cell(t, overdue, row.not_independent, widths["marks"], "bold red"),
            }
            table.add_cells(cells, key=str(f.id))
        if current is not None and any(r.finding.id == current.finding.id for r in data.rows):
            table.move_cursor(row=table.get_row_index(str(current.finding.id)))

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
        if row.plan is not None:
            self.app.push_screen(PlanDetailScreen(self.context, row.plan.id))
            return
        organizations = list(self.data.organizations.values())
        self.app.push_screen(PlanEditScreen(self.context, row.finding, organizations))

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
        """Make the findings notice of the visit (signed; `d`: an unsigned draft)."""
        from inspector.tui.screens.document_progress import (
            NoticeProblem,
            PassphraseScreen,
            ask_reissue,
            default_notice_path,
            env_passphrase,
            notice_signer,
        )
        from inspector.tui.screens.prompt import PromptScreen

        t = self.t
        session = self._notice_session()
        if session is None or self.data is None:
            self.notify(tf(t, "notice.no_session"), severity="warning")
            return
        if session.kind is not SessionKind.INSPECTION:
            self.notify(tf(t, "notice.not_visit"), severity="warning")
            return
        signer: str | None = None
        if not unsigned:
            try:
                signer = notice_signer(self.context, session, self.inspector.today)
            except NoticeProblem as exc:
                self.notify(str(exc), severity="error", timeout=12)
                return
        org = self.data.organizations.get(session.organization_id)
        code = org.code if org else str(session.organization_id)
        default = default_notice_path(code, session.session_date, self.output_dir)

        def with_path(value: str | None) -> None:
            if not value or not value.strip():
                return
            out = Path(value.strip()).expanduser()
            if out.is_dir():
                out = out / default.name
            self._confirm_target(out, with_target)

        def with_target(out: Path, force: bool) -> None:
            if signer is None:
                self._start_notice(session.id, out, None, None, force)
                return
            ask_reissue(self, session.id, lambda reissue: signed(out, force, reissue))

        def signed(out: Path, force: bool, reissue: bool) -> None:
            assert signer is not None  # a draft never comes here
            passphrase = env_passphrase()
            if passphrase is not None:
                self._start_notice(session.id, out, signer, passphrase, force, reissue)
                return

            def with_passphrase(secret: bytes | None) -> None:
                if secret:
                    self._start_notice(session.id, out, signer, secret, force, reissue)

            self.app.push_screen(PassphraseScreen(self.context, signer), with_passphrase)

        prompt = PromptScreen(self.context, tf(t, "notice.path_prompt"), str(default))
        self.app.push_screen(prompt, with_path)

    def _confirm_target(self, out: Path, then: Callable[[Path, bool], None]) -> None:
        """The output rules before any work: a protected file, a link or a missing folder
        is refused; an existing file is replaced only when the user says so."""
        from inspector.output_files import OutputError, OutputExists
        from inspector.tui.screens.confirm import ConfirmScreen

        try:
            self.context.output_guard().check(out)
        except OutputExists:

            def answered(yes: bool | None) -> None:
                if yes:
                    then(out, True)

            question = tf(self.t, "notice.replace", path=out)
            self.app.push_screen(ConfirmScreen(self.context, question), answered)
            return
        except OutputError as exc:
            self.notify(tf(self.t, "notice.error.write", detail=exc), severity="error", timeout=12)
            return
        then(out, False)

    def _start_notice(
        self,
        session_id: int,
        out: Path,
        signer: str | None,
        passphrase: bytes | None,
        force: bool = False,
        reissue: bool = False,
    ) -> None:
        from inspector.tui.screens.document_progress import NoticeProgressScreen, NoticeRequest

        today = self.inspector.today
        request = NoticeRequest(
            session_id, out, signer, passphrase, today, force=force, reissue=reissue
        )
        self.app.push_screen(NoticeProgressScreen(self.context, request))

    def action_back(self) -> None:
        """Go back."""
        self.app.pop_screen()
