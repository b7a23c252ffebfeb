"""The ID/password hearing (000): walk the roster of one organization person by person.

Each active member of staff is one row: staff type, whether they were heard, the questions
answered "yes", and — for a case — its pattern (ケース1–6) and the detailed-hearing flag.
Enter starts or resumes the person's `id-password-hearing` session (role head, the person as
respondent) in the runner; returning refreshes the progress. `k` classifies the case under
the cursor. Without an organization (no session selected on home) the screen first asks for
one in a type-to-filter list; `o` picks another.

`t` shows, in place of the roster, the table the source document reports: for each question
and each union of questions (`let-another-act` = ② or ④ ...), the people who answered "yes",
by staff type, with the totals — the consolidation of the hearing checklist split by staff
type, exactly what `inspector consolidate --checklist id-password-hearing --by staff_type
[--organization CODE]` prints. `a` switches it between the organization (and those below
it) and every organization. The line under the table spells out the highlighted row, e.g.
② 115 + ④ 33 − both 15 = 133 (8.3 %).

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
from inspector.domain.person_names import normalized_name
from inspector.services.actors import auditor
from inspector.tui.messages import DbFailed, HearingTallyLoaded, OrganizationsLoaded
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.stylesheet import beside
from inspector.tui.text import wrap_parts
from inspector.tui.widgets.filter_list import Entry, FilterList
from inspector.tui.widgets.fitted_table import FittedTable
from inspector.tui.widgets.hearing_roster import HearingRosterTable, case_label
from inspector.tui.widgets.hearing_tally import HearingTallyTable, question_label
from inspector.tui.widgets.hearing_tally import hearing_key as _k


class RosterLoaded(Message):
    def __init__(self, organization: Organization, rows: list[PersonHearing]) -> None:
        super().__init__()
        self.organization = organization
        self.rows = rows


class HearingScreen(InspectorScreen):
    """The roster of one organization and where each person's hearing stands."""

    CATEGORY = "hearing"
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("enter", "open", "hear", id="hearing.open"),
        Binding("k", "classify", "classify", id="hearing.classify"),
        Binding("t", "toggle_tally", "table", id="hearing.tally"),
        Binding("a", "toggle_scope", "all departments", id="hearing.tally_scope"),
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
        self.showing_tally = False
        """The table of "yes" counts by staff type is shown in place of the roster."""
        self.tally_all = False
        """The table counts every organization, not only the one heard."""
        self.tally: HearingTallyLoaded | None = None
        """The table's counts, once computed."""
        self._tally_cursor: str | None = None
        """The row under the cursor before the table was cleared for another scope."""

    def compose(self) -> ComposeResult:
        yield Label(self.t(_k("title")), id="hearing-title")
        yield Label("", id="hearing-progress")
        yield FilterList(self.t(_k("filter")), self.t(_k("nothing_matches")), id="hearing-orgs")
        yield HearingRosterTable(id="hearing-table", cursor_type="row")
        yield Static("", id="hearing-cases")
        yield HearingTallyTable(self.t, id="hearing-tally", cursor_type="row")
        yield Static("", id="hearing-tally-detail")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        t = self.t
        self.query_one("#hearing-table", HearingRosterTable).add_roster_columns(t)
        try:
            self.checklist = self.context.catalog.get(HEARING_CHECKLIST_ID)
            self.cases = load_hearing_cases()
        except Exception as exc:
            self.query_one("#hearing-progress", Label).update(
                plain(t(_k("unavailable"), error=self.describe(exc)))
            )
            self._show_mode()
            return
        if self.picking:
            self._load_organizations()
        else:
            self._load()
        self._show_mode()

    @property
    def tally_shown(self) -> bool:
        """The table of counts is on screen (not the roster, nor the organization list)."""
        return self.showing_tally and not self.picking

    def _show_mode(self) -> None:
        tally = self.tally_shown
        roster = not self.picking and not tally
        self.query_one("#hearing-orgs", FilterList).display = self.picking
        self.query_one("#hearing-table", DataTable).display = roster
        self.query_one("#hearing-cases", Static).display = roster
        self.query_one("#hearing-tally", FittedTable).display = tally
        self.query_one("#hearing-tally-detail", Static).display = tally
        if self.picking:
            self.query_one("#hearing-progress", Label).update(self.t(_k("pick_organization")))
        elif tally:
            self.query_one("#hearing-tally", FittedTable).focus()
            self._show_progress()
        else:
            self.query_one("#hearing-table", DataTable).focus()
            self._show_progress()  # back from the organization list: the roster's again
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "classify"):
            return not self.tally_shown
        if action == "toggle_scope":
            return self.tally_shown
        return True

    def on_screen_resume(self) -> None:
        if not self.picking and self.checklist is not None:
            self._load()
            if self.showing_tally:
                self._load_tally()

    # -- loading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="hearing-orgs")
    def _load_organizations(self) -> None:
        try:
            organizations = self.context.repo.organizations()
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.post_message(OrganizationsLoaded(organizations))

    def _named(self, name: str, code: str) -> str:
        """A department with its code: 市民課（210）, in English 市民課 (210) (walk8 M9)."""
        return self.t("tui9a.hearing.organization", name=name, code=code)

    def on_organizations_loaded(self, message: OrganizationsLoaded) -> None:
        self.query_one("#hearing-orgs", FilterList).set_entries(
            [Entry(str(o.id), self._named(o.name, o.code), o.code) for o in message.organizations],
            str(self.organization_id) if self.organization_id is not None else None,
        )

    @on(FilterList.Picked)
    def _organization_picked(self, message: FilterList.Picked) -> None:
        self.organization_id = int(message.key)
        self.picking = False
        self.rows = []
        self.query_one("#hearing-table", DataTable).clear()
        if self.showing_tally and not self.tally_all:
            self._clear_tally()
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
            plain(
                f"{t(_k('title'))} — "
                + self._named(message.organization.name, message.organization.code)
            )
        )
        current = self.current
        keep = current.person.id if current is not None else None
        self.rows = message.rows
        table = self.query_one("#hearing-table", HearingRosterTable)
        table.show(message.rows, t, self.cases, keep)
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
        if self.showing_tally and self.tally is None:
            self._load_tally()  # the table waited for the organization's code

    def _show_progress(self) -> None:
        """The progress and the counts by case, wrapped to the screen's width between their
        parts, not inside one (or, with the table shown, what it counts)."""
        if self.tally_shown:
            self._show_tally_caption()
            return
        if self.picking or not self.progress:
            return
        t = self.t
        width = self.app.size.width - 2  # the padding of the label and of the summary
        progress = wrap_parts(self.progress, t(_k("progress_separator")), width)
        self.query_one("#hearing-progress", Label).update(plain(progress))
        cases = wrap_parts(self.case_parts, t(_k("separator")), width)
        self.query_one("#hearing-cases", Static).update(plain(cases))

    def on_resize(self, event: events.Resize) -> None:
        self._show_progress()

    def _question(self, question_id: str) -> str:
        return question_label(self.t, question_id)

    def _case_label(self, case_id: str) -> str:
        return case_label(self.cases, case_id, self.t.lang)

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
        if self.picking or self.tally_shown:
            return None
        table = self.query_one("#hearing-table", DataTable)
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
            settings = self.context.settings
            start = self.context.hearing.start_or_resume(
                self.checklist,
                self.organization_id,
                person_id,
                session_date=self.inspector.today,
                # who hears is whoever uses this machine (shown as 聴取者, not as a manager),
                # written as `selfcheck collect --manager` writes a name
                heard_by=normalized_name(auditor(settings)) or None,
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
                actor=auditor(self.context.settings),
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
        """Reload the roster (and the table)."""
        if not self.picking and self.checklist is not None:
            self._load()
            if self.showing_tally:
                self._load_tally()

    # -- the table of "yes" counts by staff type (000) -------------------------------------

    def action_toggle_tally(self) -> None:
        """Show the people who answered yes by question and staff type, or the roster."""
        if self.checklist is None or self.picking:
            return
        self.showing_tally = not self.showing_tally
        self._show_mode()
        if self.showing_tally:
            self._load_tally()

    def action_toggle_scope(self) -> None:
        """Count every organization, or only the one heard."""
        if not self.tally_shown:
            return
        self.tally_all = not self.tally_all
        self._clear_tally()
        self._load_tally()

    def _clear_tally(self) -> None:
        self.tally = None
        table = self.query_one("#hearing-tally", FittedTable)
        self._tally_cursor = table.cursor_key or self._tally_cursor
        table.clear()
        self.query_one("#hearing-tally-detail", Static).update("")
        if self.tally_shown:
            self._show_tally_caption()

    def _load_tally(self) -> None:
        if self.checklist is None:
            return
        if self.tally_all:
            self._count(None)
        elif self.organization is not None and self.organization.id == self.organization_id:
            self._count(self.organization)
        # else: counted once the roster (and the organization's code) is loaded

    @work(thread=True, exclusive=True, group="hearing-tally")
    def _count(self, organization: Organization | None) -> None:
        """The consolidation of the hearing checklist by staff type: the CLI's computation
        (`inspector consolidate --by staff_type [--organization CODE]`)."""
        from inspector.services.consolidation import load_staff_tally

        assert self.checklist is not None
        try:
            codes = (organization.code,) if organization is not None else ()
            result, below = load_staff_tally(self.context, self.checklist, codes)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.post_message(HearingTallyLoaded(organization, below, result))

    def on_hearing_tally_loaded(self, message: HearingTallyLoaded) -> None:
        wanted = None if self.tally_all else self.organization_id
        got = message.organization.id if message.organization is not None else None
        if got != wanted:
            return  # counted for a scope no longer asked for
        self.tally = message
        table = self.query_one("#hearing-tally", FittedTable)
        keep = table.cursor_key or self._tally_cursor  # the same row in another scope
        self._fill_tally()
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self._show_tally_caption()
        self._show_tally_detail()

    def _fill_tally(self) -> None:
        table = self.query_one("#hearing-tally", HearingTallyTable)
        table.show(self.checklist, self.tally.result if self.tally is not None else None)

    def _scope_label(self) -> str:
        tally = self.tally
        organization = tally.organization if tally is not None else self.organization
        if self.tally_all or organization is None:
            return self.t(_k("tally.scope_all"))
        below = tally is not None and tally.includes_below
        return self.t(
            _k("tally.scope_below" if below else "tally.scope_org"),
            name=organization.name,
            code=organization.code,
        )

    def _show_tally_caption(self) -> None:
        t = self.t
        parts = [t(_k("tally.caption"), scope=self._scope_label())]
        if self.tally is None:
            parts.append(t(_k("tally.loading")))
        else:
            result = self.tally.result
            parts.append(
                t(_k("tally.counted"), population=result.population, missing=result.missing)
            )
        width = self.app.size.width - 2
        self.query_one("#hearing-progress", Label).update(
            plain(wrap_parts(parts, t(_k("progress_separator")), width))
        )

    @on(DataTable.RowHighlighted, "#hearing-tally")
    def _tally_highlighted(self) -> None:
        self._show_tally_detail()

    def _show_tally_detail(self) -> None:
        """The highlighted row in words: the question or union in full, the count and its
        share of the people counted, a union of two questions as ② + ④ − both."""
        detail = self.query_one("#hearing-tally-detail", Static)
        detail.update(self.query_one("#hearing-tally", HearingTallyTable).detail() or "")

    def action_back(self) -> None:
        """Back to the roster from the organization list or the table, or back home."""
        if self.picking and self.rows:
            self.picking = False
            self._show_mode()
            return
        if self.tally_shown:
            self.showing_tally = False
            self._show_mode()
            return
        self.app.pop_screen()


__all__ = ["HearingScreen"]
