"""The consolidation screen: the tables of `inspector consolidate` for one checklist, bar
charts of the distribution and of the worst items, a drill-down from an item to the units
that broke it, and this fiscal year against the last.

Tabs (keys 1-5, `p` toggles the comparison):

- items: compliant / noncompliant / n.a. / unanswered / applicable / rate per item;
- distribution: items by how many units broke them, as a table and a bar chart;
- worst: the most broken items as a bar chart, and their reasons;
- unions: units counted once per union;
- staff types: the noncompliant counts by staff type (`g`, person checklists only);
- comparison: noncompliant counts per item (and per union) in the previous and the current
  fiscal year (April 1 to March 31, from `app.today`), with the difference and each
  population; with `g` (person checklists) each item is also split by staff type.

`e` writes what is shown to an Excel workbook or a PDF (`consolidation_export.py`), `r`
makes the follow-up report (`followup_report.py`).

`o` restricts every tab to one organization and those below it (`--organization CODE`),
picked in a type-to-filter list; the header says which. Enter on an item (items, worst or
comparison tab) opens `BreakersScreen` for the same organizations. Every count is computed
in a thread worker, the same way the CLI does (`ConsolidationRepository`).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Label, Static, TabbedContent, TabPane

from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.domain.checklist import Checklist, Unit
from inspector.domain.consolidation import Consolidation
from inspector.domain.model import Organization
from inspector.services.consolidation import (
    PeriodResult,
    load_comparison,
    load_consolidation,
)
from inspector.tui.messages import ComparisonLoaded, ConsolidationLoaded, DbFailed
from inspector.tui.plain import plain_cell
from inspector.tui.screens.checklist_picker import ChecklistPicker
from inspector.tui.screens.consolidation_compare import YearOnYear
from inspector.tui.screens.organization_picker import OrganizationChoice, OrganizationPicker
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.bar_chart import Bar, BarChart
from inspector.tui.widgets.comparison_table import ComparisonTable
from inspector.tui.widgets.count_cells import percent
from inspector.tui.widgets.distribution_table import DistributionTable, bucket_label
from inspector.tui.widgets.item_counts_table import ItemCountsTable
from inspector.tui.widgets.reasons_table import ReasonsTable
from inspector.tui.widgets.staff_groups_table import StaffGroupsTable
from inspector.tui.widgets.title_fit import header_line
from inspector.tui.widgets.unions_table import UnionsTable
from inspector.tui.wrapping import Wrapped

_K = "tui.consolidation."
BY_STAFF = "staff_type"


# -- the screen ----------------------------------------------------------------------------


class ConsolidationScreen(YearOnYear):
    """The consolidation of one checklist over the latest completed sessions."""

    CATEGORY = "consolidation"
    TABS: ClassVar[tuple[str, ...]] = (
        "items",
        "distribution",
        "worst",
        "unions",
        "groups",
        "compare",
    )
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("enter", "drill", "who broke it", id="consolidation.drill"),
        Binding("c", "pick_checklist", "checklist", id="consolidation.checklist"),
        Binding("o", "pick_organization", "organization", id="consolidation.organization"),
        Binding("g", "toggle_by", "by staff type", id="consolidation.by_staff"),
        Binding("p", "toggle_compare", "year on year", id="consolidation.compare"),
        Binding("e", "export", "export", id="consolidation.export"),
        Binding("r", "followup", "follow-up report", show=False, id="consolidation.followup"),
        Binding("1", "tab('items')", "items", show=False, id="consolidation.tab_items"),
        Binding(
            "2",
            "tab('distribution')",
            "distribution",
            show=False,
            id="consolidation.tab_distribution",
        ),
        Binding("3", "tab('worst')", "worst", show=False, id="consolidation.tab_worst"),
        Binding("4", "tab('unions')", "unions", show=False, id="consolidation.tab_unions"),
        Binding("5", "tab('groups')", "groups", show=False, id="consolidation.tab_groups"),
        Binding("ctrl+r", "refresh", "refresh", show=False, id="consolidation.refresh"),
        Binding("escape", "back", "back", id="consolidation.back"),
    ]

    def __init__(
        self,
        context: AppContext,
        checklist_id: str | None = None,
        *,
        session_id: int | None = None,
        top: int = 10,
        today: date | None = None,
    ) -> None:
        super().__init__(context)
        self.checklist_id = checklist_id
        self.session_id = session_id
        self.top = top
        self.today = today
        self.by: str | None = None
        self.checklist: Checklist | None = None
        self.result: Consolidation | None = None
        self.organization: Organization | None = None
        """Only this organization and those below it (None: every organization)."""
        self.comparison: tuple[PeriodResult, PeriodResult] | None = None
        self._comparison_for: tuple[str, str | None, str | None] | None = None
        self._before_compare = "items"

    def tr(self, key: str, **values: object) -> str:
        """A string of this screen (`tui.consolidation.<key>`)."""
        return self.t(_K + key, **values)

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        tr = self.tr
        yield Label(tr("loading"), id="cons-header")
        with TabbedContent(id="cons-tabs", initial="tab-items"):
            with TabPane(tr("tab.items"), id="tab-items"):
                yield ItemCountsTable(id="cons-items", cursor_type="row", zebra_stripes=True)
                yield Static("", id="cons-items-detail", classes="cons-detail")
            with (
                TabPane(tr("tab.distribution"), id="tab-distribution"),
                VerticalScroll(),
            ):
                yield DistributionTable(id="cons-distribution", cursor_type="row")
                yield Label(tr("distribution_title"), classes="cons-caption")
                yield BarChart(id="cons-distribution-chart", label_width=8)
            with TabPane(tr("tab.worst"), id="tab-worst"):
                with VerticalScroll(id="cons-worst-scroll"):
                    yield Label(
                        tr("worst_title", top=self.top),
                        id="cons-worst-title",
                        classes="cons-caption",
                    )
                    yield BarChart(id="cons-worst-chart", label_width=24, empty_text=tr("none"))
                    yield Label(tr("reasons_title"), classes="cons-caption")
                    yield ReasonsTable(id="cons-reasons", cursor_type="row")
                # the highlighted row whole, below the scrolled tables (walk8 M3)
                yield Static("", id="cons-worst-detail", classes="cons-detail")
            with TabPane(tr("tab.unions"), id="tab-unions"):
                yield Static("", id="cons-unions-empty", classes="cons-hint")
                yield UnionsTable(id="cons-unions", cursor_type="row")
            with TabPane(tr("tab.groups"), id="tab-groups"):
                yield Static(tr("groups_off"), id="cons-groups-off", classes="cons-hint")
                yield StaffGroupsTable(id="cons-groups", cursor_type="row")
            with TabPane(tr("tab.compare"), id="tab-compare"):
                yield Static("", id="cons-compare-head", classes="cons-hint")
                yield ComparisonTable(id="cons-compare", cursor_type="row", zebra_stripes=True)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._load()

    # -- workers --------------------------------------------------------------------------

    @property
    def _today(self) -> date:
        return self.today or getattr(self.app, "today", None) or japan_today()

    def _set_loading(self, loading: bool) -> None:
        self.query_one("#cons-tabs", TabbedContent).loading = loading

    @property
    def organization_codes(self) -> tuple[str, ...]:
        """The `--organization` codes of the counts: the one picked, or none (all)."""
        return (self.organization.code,) if self.organization is not None else ()

    def _load(self) -> None:
        self._set_loading(True)
        self._compute(self.checklist_id, self.session_id, self.by, self.organization)

    @work(thread=True, exclusive=True, group="consolidation-load")
    def _compute(
        self,
        checklist_id: str | None,
        session_id: int | None,
        by: str | None,
        organization: Organization | None,
    ) -> None:
        try:
            catalog = self.context.catalog
            if checklist_id is None and session_id is not None:
                candidate = self.context.repo.session(session_id).checklist_id
                checklist_id = candidate if candidate in catalog else None
            if checklist_id is None:
                first = next(iter(catalog), None)
                if first is None:
                    self.post_message(DbFailed(self.tr("no_checklist")))
                    return
                checklist_id = first.id
            checklist = catalog.get(checklist_id)
            codes = (organization.code,) if organization is not None else ()
            result = load_consolidation(self.context, checklist, by, self.top, codes)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(ConsolidationLoaded(checklist, by, result, organization))

    def on_db_failed(self, message: DbFailed) -> None:
        self._set_loading(False)
        super().on_db_failed(message)

    # -- filling the tables ---------------------------------------------------------------

    def on_consolidation_loaded(self, message: ConsolidationLoaded) -> None:
        if message.by != self.by or _code(message.organization) != _code(self.organization):
            return  # an older computation
        self.checklist = checklist = message.checklist
        self.checklist_id = checklist.id
        self.session_id = None
        self.result = result = message.result
        self._set_loading(False)
        self._show_header()
        self._fill_items(checklist, result)
        self._fill_distribution(checklist, result)
        self._fill_worst(checklist, result)
        self._fill_unions(checklist, result)
        self._fill_groups(checklist, result)
        self._show_details()
        if self._active() == "compare":
            self._request_comparison()
        self._focus_active()
        self.refresh_bindings()

    def scope_label(self) -> str:
        """Which organizations are counted."""
        if self.organization is None:
            return self.tr("scope_all")
        return self.tr("scope_org", name=self.organization.name, code=self.organization.code)

    def _show_header(self) -> None:
        """The checklist, fitted to what the organizations and the counts leave of the line
        (they always show whole)."""
        checklist, result = self.checklist, self.result
        if checklist is None or result is None:
            return
        title = checklist.title.get(self.t.lang)
        parts = [
            self.scope_label(),
            self.tr("header_units", population=result.population, missing=result.missing),
        ]
        if result.groups is not None:
            parts.append(f"[{self.tr('by_staff')}]")
        width = (self.size.width or self.app.size.width) - 2  # the label's padding
        # the id goes first, then the title's middle: its end tells （所属用） from （操作者用）
        with_id = self.tr("header_title", checklist=title, id=checklist.id)
        header = header_line(title, with_id, "  ".join(parts), width)
        self.query_one("#cons-header", Label).update(Text(header, overflow="ellipsis"))

    def on_resize(self, event: events.Resize) -> None:
        self._show_header()
        if self.comparison is not None:
            self._fill_comparison()  # the item text takes the room of a wider screen

    def _fill_items(self, checklist: Checklist, result: Consolidation) -> None:
        table = self.query_one("#cons-items", ItemCountsTable)
        table.show(checklist, result, self.tr, self.t.lang)

    def _fill_distribution(self, checklist: Checklist, result: Consolidation) -> None:
        lang = self.t.lang
        table = self.query_one("#cons-distribution", DistributionTable)
        table.show(checklist, result, self.tr, lang)
        self.query_one("#cons-distribution-chart", BarChart).set_bars(
            [
                Bar(
                    bucket_label(b, lang),
                    b.items,
                    f"{b.items} ({percent(b.share)})",
                    style="green" if b.min == 0 else "red",
                )
                for b in result.distribution
            ]
        )

    def _fill_worst(self, checklist: Checklist, result: Consolidation) -> None:
        lang = self.t.lang
        self.query_one("#cons-worst-chart", BarChart).set_bars(
            [
                Bar(f"{entry.item} {checklist.item(entry.item).text.get(lang)}", entry.noncompliant)
                for entry in result.reasons
            ]
        )
        self.query_one("#cons-reasons", ReasonsTable).show(checklist, result, self.tr, lang)

    def _fill_unions(self, checklist: Checklist, result: Consolidation) -> None:
        lang = self.t.lang
        empty = self.query_one("#cons-unions-empty", Static)
        empty.update(self.tr("no_unions"))
        empty.display = not checklist.unions
        self.query_one("#cons-unions", UnionsTable).show(checklist, result, self.tr, lang)

    def _fill_groups(self, checklist: Checklist, result: Consolidation) -> None:
        self.query_one("#cons-groups-off", Static).display = result.groups is None
        self.query_one("#cons-groups", StaffGroupsTable).show(
            checklist, result, self.tr, self.t.lang
        )

    # -- navigation -----------------------------------------------------------------------

    def _active(self) -> str:
        active = self.query_one("#cons-tabs", TabbedContent).active
        return active.removeprefix("tab-")

    def _focus_active(self) -> None:
        pane = self.query_one(f"#tab-{self._active()}", TabPane)
        for table in pane.query(DataTable):
            if table.display:
                table.focus()
                return

    @on(TabbedContent.TabActivated, "#cons-tabs")
    def _tab_activated(self) -> None:
        if self._active() == "compare":
            self._request_comparison()
        self._focus_active()

    def action_tab(self, name: str) -> None:
        """Show one tab."""
        self.query_one("#cons-tabs", TabbedContent).active = f"tab-{name}"

    def action_toggle_compare(self) -> None:
        """This fiscal year against the last, and back."""
        active = self._active()
        if active == "compare":
            self.action_tab(self._before_compare)
        else:
            self._before_compare = active
            self.action_tab("compare")

    def action_toggle_by(self) -> None:
        """Split the counts by staff type (person checklists only)."""
        if self.checklist is None:
            return
        if self.checklist.unit is not Unit.RESPONDENT:
            self.notify(self.tr("person_only"))
            return
        self.by = None if self.by else BY_STAFF
        self._load()
        if self.by and self._active() != "compare":
            self.action_tab("groups")  # the comparison stays, split by staff type

    def action_pick_checklist(self) -> None:
        """Choose another checklist (type to filter)."""

        def picked(checklist_id: str | None) -> None:
            if checklist_id is None or checklist_id == self.checklist_id:
                return
            self.checklist_id = checklist_id
            self.by = None
            self._comparison_for = None
            self._load()

        self.app.push_screen(ChecklistPicker(self.context, self.checklist_id), picked)

    def action_pick_organization(self) -> None:
        """Count only one organization and those below it, or every organization."""

        def picked(choice: OrganizationChoice | None) -> None:
            if choice is None or _code(choice.organization) == _code(self.organization):
                return
            self.organization = choice.organization
            self._comparison_for = None
            self._load()

        self.app.push_screen(OrganizationPicker(self.context, self.organization), picked)

    def action_refresh(self) -> None:
        """Count again."""
        self._comparison_for = None
        self._load()

    def selected_item(self) -> str | None:
        """The item under the cursor of the focused table (items, worst, comparison)."""
        focused = self.focused
        if not isinstance(focused, DataTable) or focused.id not in (
            "cons-items",
            "cons-reasons",
            "cons-compare",
            "cons-groups",
        ):
            return None
        if focused.row_count == 0:
            return None
        key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
        if key is None:
            return None
        item_id = key.split("\t", 1)[0]
        if self.checklist is None or not self.checklist.has_item(item_id):
            return None
        return item_id

    @on(DataTable.RowHighlighted, "#cons-items, #cons-reasons")
    def _row_highlighted(self) -> None:
        self._show_details()

    def _show_details(self) -> None:
        """The highlighted item (and reason) whole below the items and worst tables."""
        for table_id, detail_id in (
            ("#cons-items", "#cons-items-detail"),
            ("#cons-reasons", "#cons-worst-detail"),
        ):
            table = self.query_one(table_id)
            text = table.row_text(self.tr)  # type: ignore[attr-defined]
            self.query_one(detail_id, Static).update(Wrapped(plain_cell(text)))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_drill()

    def action_drill(self) -> None:
        """The units that broke the selected item, with their reasons and notes."""
        from inspector.tui.screens.consolidation_drill import BreakersScreen

        item_id = self.selected_item()
        if item_id is None or self.checklist is None:
            return
        self.app.push_screen(
            BreakersScreen(self.context, self.checklist, item_id, self.organization_codes)
        )

    def action_export(self) -> None:
        """Write the counts shown to an Excel workbook or a PDF (`consolidate --xlsx`,
        `report summary`)."""
        from inspector.tui.screens.consolidation_export import start_export

        if self.checklist is None or self.result is None:
            self.notify(self.t("office9a.export.not_ready"), severity="warning")
            return
        start_export(self, self.checklist, self.result, self.organization_codes, self.scope_label())

    def action_followup(self) -> None:
        """Make the follow-up report (措置状況報告) of the organization counted (or all)."""
        from inspector.tui.screens.followup_flow import start_followup

        start_followup(self, self.organization)

    def action_back(self) -> None:
        """Back to the home screen."""
        self.app.pop_screen()


def _code(organization: Organization | None) -> str | None:
    return organization.code if organization is not None else None


__all__ = [
    "ChecklistPicker",
    "ComparisonLoaded",
    "ConsolidationLoaded",
    "ConsolidationScreen",
    "OrganizationChoice",
    "OrganizationPicker",
    "PeriodResult",
    "load_comparison",
    "load_consolidation",
]
