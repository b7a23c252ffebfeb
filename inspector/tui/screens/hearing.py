"""The ID/password hearing (000): walk the roster of one organization person by person.

Each active member of staff is one row: staff type, whether they were heard, the questions
answered "yes", and — for a case — its pattern (ケース1–6) and the detailed-hearing flag.
Enter starts or resumes the person's `id-password-hearing` session (role head, the person as
respondent) in the runner; returning refreshes the progress. `k` classifies the case under
the cursor. Without an organization (no session selected on home) the screen first asks for
one in a type-to-filter list; `o` picks another.

Open with `app.push_screen(HearingScreen(context, organization_id_or_None))`.
"""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static

from inspector.context import AppContext
from inspector.domain.checklist import Checklist
from inspector.domain.hearing import (
    HEARING_CHECKLIST_ID,
    HearingCases,
    PersonHearing,
    case_counts,
    hearing_progress,
    load_hearing_cases,
)
from inspector.domain.model import Organization
from inspector.tui.messages import DbFailed
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.text import wrap_parts
from inspector.tui.widgets.filter_list import Entry, FilterList

# The strings are in locales/*/hearing.toml; the prefix is joined so that the catalogue
# test, which reads tui.toml only, does not take it for a key of tui.toml.
_K = ".".join(("tui", "hearing"))


def _k(name: str) -> str:
    """A key of this screen (locales/*/hearing.toml)."""
    return f"{_K}.{name}"


class RosterLoaded(Message):
    def __init__(self, organization: Organization, rows: list[PersonHearing]) -> None:
        super().__init__()
        self.organization = organization
        self.rows = rows


class OrganizationsLoaded(Message):
    def __init__(self, organizations: list[Organization]) -> None:
        super().__init__()
        self.organizations = organizations


class HearingScreen(InspectorScreen):
    """The roster of one organization and where each person's hearing stands."""

    CATEGORY = "hearing"
    DEFAULT_CSS = """
    #hearing-title { width: 100%; height: auto; padding: 0 1; background: $primary; text-style: bold; }
    #hearing-progress { width: 100%; height: auto; padding: 0 1; }
    #hearing-table { height: 1fr; }
    #hearing-cases { height: auto; max-height: 6; padding: 0 1; border-top: solid $primary; }
    #hearing-orgs { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "open", "hear", id="hearing.open"),
        Binding("k", "classify", "classify", id="hearing.classify"),
        Binding("o", "pick_organization", "organization", id="hearing.organization"),
        Binding("ctrl+r", "refresh", "refresh", show=False, id="hearing.refresh"),
        Binding("escape", "back", "back", id="hearing.back"),
    ]

    def __init__(self, context: AppContext, organization_id: int | None = None) -> None:
        super().__init__(context)
        self.organization_id = organization_id
        self.organization: Organization | None = None
        self.rows: list[PersonHearing] = []
        self.cases: HearingCases | None = None
        self.checklist: Checklist | None = None
        self.picking = organization_id is None
        self.progress: list[str] = []
        """The roster's progress (heard; cases), one line when the screen is wide enough."""
        self.case_parts: list[str] = []
        """The count of each case, as many on a line as fit."""

    def compose(self) -> ComposeResult:
        yield Label(self.t(_k("title")), id="hearing-title")
        yield Label("", id="hearing-progress")
        yield FilterList(self.t(_k("filter")), self.t(_k("nothing_matches")), id="hearing-orgs")
        table: DataTable[str] = DataTable(id="hearing-table", cursor_type="row")
        yield table
        yield Static("", id="hearing-cases")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        t = self.t
        table = self.query_one(DataTable)
        table.add_columns(
            *[
                t(_k(f"columns.{name}"))
                for name in ("number", "name", "staff_type", "status", "yes", "case", "detailed")
            ]
        )
        try:
            self.checklist = self.context.catalog.get(HEARING_CHECKLIST_ID)
            self.cases = load_hearing_cases()
        except Exception as exc:
            self.query_one("#hearing-progress", Label).update(
                t(_k("unavailable"), error=self.describe(exc))
            )
            self._show_mode()
            return
        if self.picking:
            self._load_organizations()
        else:
            self._load()
        self._show_mode()

    def _show_mode(self) -> None:
        self.query_one("#hearing-orgs", FilterList).display = self.picking
        self.query_one(DataTable).display = not self.picking
        self.query_one("#hearing-cases", Static).display = not self.picking
        if self.picking:
            self.query_one("#hearing-progress", Label).update(self.t(_k("pick_organization")))
        else:
            self.query_one(DataTable).focus()
            self._show_progress()  # back from the organization list: the roster's again

    def on_screen_resume(self) -> None:
        if not self.picking and self.checklist is not None:
            self._load()

    # -- loading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="hearing-orgs")
    def _load_organizations(self) -> None:
        try:
            organizations = self.context.repo.organizations()
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.post_message(OrganizationsLoaded(organizations))

    def on_organizations_loaded(self, message: OrganizationsLoaded) -> None:
        self.query_one("#hearing-orgs", FilterList).set_entries(
            [Entry(str(o.id), f"{o.name}（{o.code}）", o.code) for o in message.organizations],
            str(self.organization_id) if self.organization_id is not None else None,
        )

    @on(FilterList.Picked)
    def _organization_picked(self, message: FilterList.Picked) -> None:
        self.organization_id = int(message.key)
        self.picking = False
        self.rows = []
        self.query_one(DataTable).clear()
        self._show_mode()
        self._load()

    @work(thread=True, exclusive=True, group="hearing-load")
    def _load(self) -> None:
        assert self.checklist is not None and self.organization_id is not None
        try:
            organization = self.context.repo.organization(self.organization_id)
            rows = self.context.hearing.roster(self.checklist, self.organization_id)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.post_message(RosterLoaded(organization, rows))

    def on_roster_loaded(self, message: RosterLoaded) -> None:
        t = self.t
        self.organization = message.organization
        self.query_one("#hearing-title", Label).update(
            f"{t(_k('title'))} — {message.organization.name}（{message.organization.code}）"
        )
        table = self.query_one(DataTable)
        current = self.current
        keep = current.person.id if current is not None else None
        table.clear()
        self.rows = message.rows
        for row in message.rows:
            table.add_row(*self._cells(row), key=str(row.person.id))
        if message.rows:
            index = next((i for i, r in enumerate(message.rows) if r.person.id == keep), 0)
            table.move_cursor(row=index)
        progress = hearing_progress(message.rows)
        self.progress = [
            t(
                _k("progress"),
                heard=progress.heard,
                total=progress.total,
                in_progress=progress.in_progress,
                not_started=progress.not_started,
            ),
            t(
                _k("progress_cases"),
                cases=progress.cases,
                classified=progress.classified,
                to_classify=progress.to_classify,
                detailed=progress.detailed,
            ),
        ]
        if not message.rows:
            self.progress = [t(_k("no_staff"))]
        self.case_parts = self._case_summary(message.rows)
        self._show_progress()

    def _show_progress(self) -> None:
        """The progress and the counts by case, wrapped to the screen's width between their
        parts, not inside one."""
        if self.picking or not self.progress:
            return
        t = self.t
        width = self.app.size.width - 2  # the padding of the label and of the summary
        progress = wrap_parts(self.progress, t(_k("progress_separator")), width)
        self.query_one("#hearing-progress", Label).update(progress)
        cases = wrap_parts(self.case_parts, t(_k("separator")), width)
        self.query_one("#hearing-cases", Static).update(cases)

    def on_resize(self, event: events.Resize) -> None:
        self._show_progress()

    def _cells(self, row: PersonHearing) -> tuple[str, ...]:
        t = self.t
        yes = " ".join(self._question(q) for q in row.yes)
        case = ""
        detailed = ""
        if row.classification is not None:
            case = self._case_label(row.classification.case_id)
            detailed = t(_k("detailed_mark")) if row.classification.detailed_hearing else ""
        elif row.is_case:
            case = t(_k("to_classify"))
        return (
            row.person.staff_number,
            row.person.name,
            t(_k(f"staff_type.{row.person.staff_type.value}")),
            t(_k(f"status.{row.status.value}")),
            yes,
            case,
            detailed,
        )

    def _question(self, question_id: str) -> str:
        key = _k(f"questions.{question_id}")
        text = self.t(key)
        return question_id if text == key else text

    def _case_label(self, case_id: str) -> str:
        if self.cases is not None and case_id in self.cases:
            return self.cases.get(case_id).label.get(self.t.lang)
        return case_id

    def _case_summary(self, rows: list[PersonHearing]) -> list[str]:
        t = self.t
        assert self.cases is not None
        classified = [
            r.classification.case_id for r in rows if r.is_case and r.classification is not None
        ]
        if not classified:
            return [t(_k("cases_none"))]
        parts = [
            t(_k("case_share"), case=self._case_label(c.case_id), count=c.count, share=c.share)
            for c in case_counts(classified, self.cases)
        ]
        parts[0] = t(_k("cases"), total=len(classified)) + " " + parts[0]
        return parts

    # -- actions ---------------------------------------------------------------------------

    @property
    def current(self) -> PersonHearing | None:
        if self.picking:
            return None
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowSelected, "#hearing-table")
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Start or resume the hearing of the person under the cursor, in the runner."""
        row = self.current
        if row is None or self.checklist is None or self.organization_id is None:
            return
        self._open(row.person.id)

    @work(thread=True, exclusive=True, group="hearing-open")
    def _open(self, person_id: int) -> None:
        assert self.checklist is not None and self.organization_id is not None
        try:
            start = self.context.hearing.start_or_resume(
                self.checklist, self.organization_id, person_id, session_date=self.inspector.today
            )
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.app.call_from_thread(self.inspector.open_runner, start.session.id)

    def action_classify(self) -> None:
        """Classify the case under the cursor into a pattern, flag a detailed hearing."""
        from inspector.tui.screens.hearing_case import CaseChoice, HearingCaseScreen

        row = self.current
        if row is None or self.cases is None:
            return
        if not row.is_case or row.session_id is None:
            self.notify(self.t(_k("not_a_case"), name=row.person.name))
            return
        session_id = row.session_id

        def done(choice: CaseChoice | None) -> None:
            if choice is not None:
                self._classify(session_id, choice)

        self.app.push_screen(
            HearingCaseScreen(self.context, self.cases, row.person.name, row.classification),
            done,
        )

    @work(thread=True, group="hearing-write")
    def _classify(self, session_id: int, choice: object) -> None:
        from inspector.tui.screens.hearing_case import CaseChoice

        assert isinstance(choice, CaseChoice)
        try:
            self.context.hearing.classify(
                session_id,
                choice.case_id,
                detailed_hearing=choice.detailed_hearing,
                note=choice.note,
                actor=self.context.settings.user,
            )
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self._load()

    def action_pick_organization(self) -> None:
        """Hear another organization."""
        if self.checklist is None or self.picking:
            return
        self.picking = True
        self._show_mode()
        self._load_organizations()

    def action_refresh(self) -> None:
        """Reload the roster."""
        if not self.picking and self.checklist is not None:
            self._load()

    def action_back(self) -> None:
        """Back to the roster from the organization list, or back home."""
        if self.picking and self.rows:
            self.picking = False
            self._show_mode()
            return
        self.app.pop_screen()


__all__ = ["HearingScreen"]
