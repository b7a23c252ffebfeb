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

`o` restricts every tab to one organization and those below it (`--organization CODE`),
picked in a type-to-filter list; the header says which. Enter on an item (items, worst or
comparison tab) opens `BreakersScreen` for the same organizations. Every count is computed
in a thread worker, the same way the CLI does (`ConsolidationRepository`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static, TabbedContent, TabPane

from inspector.context import AppContext
from inspector.domain.checklist import AnswerType, Checklist, Unit
from inspector.domain.consolidation import Bucket, Consolidation, group_count, is_judged
from inspector.domain.model import Organization, StaffType
from inspector.store.repositories.consolidation import ConsolidationRepository
from inspector.store.repositories.consolidation_drill import (
    Period,
    fiscal_period,
    fiscal_year,
)
from inspector.tui.messages import DbFailed
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.checklist_picker import ChecklistPicker
from inspector.tui.screens.organization_picker import OrganizationChoice, OrganizationPicker
from inspector.tui.stylesheet import beside
from inspector.tui.text import fit, pad
from inspector.tui.widgets.bar_chart import Bar, BarChart

_K = "tui.consolidation."
BY_STAFF = "staff_type"
TEXT_WIDTH = 16
"""Cells of the item text in the tables (the id column stays whole)."""


# -- loading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodResult:
    """The consolidation of one fiscal year."""

    year: int
    period: Period
    result: Consolidation


def _split(checklist: Checklist, by: str | None) -> str | None:
    """`by` for a person checklist; organization checklists are never split."""
    return by if checklist.unit is Unit.RESPONDENT else None


def load_consolidation(
    context: AppContext,
    checklist: Checklist,
    by: str | None,
    top: int,
    organization_codes: Sequence[str] = (),
) -> Consolidation:
    """What `inspector consolidate --checklist ID [--by staff_type] [--organization CODE]`
    computes."""
    repo = ConsolidationRepository(context.engine)
    return repo.consolidate(
        checklist,
        tuple(organization_codes),
        by=_split(checklist, by),
        top=top,
        lang=context.settings.lang,
    )


def load_comparison(
    context: AppContext,
    checklist: Checklist,
    today: date,
    organization_codes: Sequence[str] = (),
    by: str | None = None,
) -> tuple[PeriodResult, PeriodResult]:
    """(previous fiscal year, current fiscal year), each over the latest completed session
    per unit dated within it, for the organizations named (and those below them; all when
    none is), split by staff type with `by` (person checklists)."""
    repo = ConsolidationRepository(context.engine)
    scope = repo.scope(checklist, tuple(organization_codes))
    current = fiscal_year(today)
    results = []
    for year in (current - 1, current):
        period = fiscal_period(year)
        result = repo.consolidate_scope(
            replace(scope, period_start=period.start, period_end=period.end),
            by=_split(checklist, by),
            lang=context.settings.lang,
        )
        results.append(PeriodResult(year, period, result))
    return results[0], results[1]


class ConsolidationLoaded(Message):
    def __init__(
        self,
        checklist: Checklist,
        by: str | None,
        result: Consolidation,
        organization: Organization | None = None,
    ) -> None:
        super().__init__()
        self.checklist = checklist
        self.by = by
        self.result = result
        self.organization = organization


class ComparisonLoaded(Message):
    def __init__(
        self,
        checklist: Checklist,
        previous: PeriodResult,
        current: PeriodResult,
        key: tuple[str, str | None, str | None] | None = None,
    ) -> None:
        super().__init__()
        self.checklist = checklist
        self.previous = previous
        self.current = current
        self.key = key
        """(checklist id, organization code, by) it was computed for."""


# -- the screen ----------------------------------------------------------------------------


class ConsolidationScreen(InspectorScreen):
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
                yield DataTable(id="cons-items", cursor_type="row", zebra_stripes=True)
            with (
                TabPane(tr("tab.distribution"), id="tab-distribution"),
                VerticalScroll(),
            ):
                yield DataTable(id="cons-distribution", cursor_type="row")
                yield Label(tr("distribution_title"), classes="cons-caption")
                yield BarChart(id="cons-distribution-chart", label_width=8)
            with TabPane(tr("tab.worst"), id="tab-worst"), VerticalScroll():
                yield Label(
                    tr("worst_title", top=self.top),
                    id="cons-worst-title",
                    classes="cons-caption",
                )
                yield BarChart(id="cons-worst-chart", label_width=24, empty_text=tr("none"))
                yield Label(tr("reasons_title"), classes="cons-caption")
                yield DataTable(id="cons-reasons", cursor_type="row")
            with TabPane(tr("tab.unions"), id="tab-unions"):
                yield Static("", id="cons-unions-empty", classes="cons-hint")
                yield DataTable(id="cons-unions", cursor_type="row")
            with TabPane(tr("tab.groups"), id="tab-groups"):
                yield Static(tr("groups_off"), id="cons-groups-off", classes="cons-hint")
                yield DataTable(id="cons-groups", cursor_type="row")
            with TabPane(tr("tab.compare"), id="tab-compare"):
                yield Static("", id="cons-compare-head", classes="cons-hint")
                yield DataTable(id="cons-compare", cursor_type="row", zebra_stripes=True)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._load()

    # -- workers --------------------------------------------------------------------------

    @property
    def _today(self) -> date:
        return self.today or getattr(self.app, "today", None) or date.today()

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

    @work(thread=True, exclusive=True, group="consolidation-compare")
    def _compare(
        self, checklist: Checklist, today: date, key: tuple[str, str | None, str | None]
    ) -> None:
        _checklist_id, code, by = key
        try:
            codes = (code,) if code is not None else ()
            previous, current = load_comparison(self.context, checklist, today, codes, by)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(ComparisonLoaded(checklist, previous, current, key))

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
        title = self.tr("header_title", checklist=checklist.title.get(self.t.lang), id=checklist.id)
        parts = [
            self.scope_label(),
            self.tr("header_counts", population=result.population, missing=result.missing),
        ]
        if result.groups is not None:
            parts.append(f"[{self.tr('by_staff')}]")
        rest = "  ".join(parts)
        width = (self.size.width or self.app.size.width) - 2  # the label's padding
        room = width - cell_len(rest) - 2
        header = f"{fit(title, room)}  {rest}" if room >= 8 else rest
        self.query_one("#cons-header", Label).update(Text(header, overflow="ellipsis"))

    def on_resize(self, event: events.Resize) -> None:
        self._show_header()
        if self.comparison is not None:
            self._fill_comparison()  # the item text takes the room of a wider screen

    def _text(self, checklist: Checklist, item_id: str, width: int = TEXT_WIDTH) -> Text:
        return Text(pad(checklist.item(item_id).text.get(self.t.lang), width))

    def _hearing(self, checklist: Checklist) -> bool:
        """A person checklist of yes/no questions: columns say yes/no (as the CLI does)."""
        return checklist.unit is Unit.RESPONDENT and all(
            i.answer is AnswerType.YES_NO for i in checklist.items if is_judged(i)
        )

    def _fill_items(self, checklist: Checklist, result: Consolidation) -> None:
        table: DataTable[Text] = self.query_one("#cons-items", DataTable)
        table.clear(columns=True)
        bad, good = ("yes", "no") if self._hearing(checklist) else ("noncompliant", "compliant")
        table.add_column(self.tr("col.item"), key="item")
        table.add_column(pad(self.tr("col.text"), TEXT_WIDTH), key="text", width=TEXT_WIDTH)
        for key, label in (
            ("compliant", good),
            ("noncompliant", bad),
            ("not_applicable", "not_applicable"),
            ("unanswered", "unanswered"),
            ("applicable", "applicable"),
            ("rate", "rate"),
        ):
            table.add_column(Text(self.tr(f"col.{label}"), justify="right"), key=key)
        for c in result.items:
            table.add_row(
                Text(c.item),
                self._text(checklist, c.item),
                _num(c.compliant if c.judged else f"({c.answered})"),
                _num(c.noncompliant if c.judged else "", bold=c.judged and c.noncompliant > 0),
                _num(c.not_applicable),
                _num(c.unanswered),
                _num(c.applicable),
                _num(_percent(c.rate) if c.judged else ""),
                key=c.item,
            )

    def _bucket_label(self, bucket: Bucket) -> str:
        return bucket.label_ja() if self.t.lang == "ja" else bucket.label

    def _fill_distribution(self, checklist: Checklist, result: Consolidation) -> None:
        table: DataTable[Text] = self.query_one("#cons-distribution", DataTable)
        table.clear(columns=True)
        person = checklist.unit is Unit.RESPONDENT
        table.add_column(self.tr("col.broken_by_person" if person else "col.broken_by_org"))
        table.add_column(Text(self.tr("col.items"), justify="right"))
        table.add_column(Text(self.tr("col.share"), justify="right"))
        for bucket in result.distribution:
            table.add_row(
                Text(self._bucket_label(bucket)),
                _num(bucket.items),
                _num(_percent(bucket.share)),
                key=bucket.label,
            )
        self.query_one("#cons-distribution-chart", BarChart).set_bars(
            [
                Bar(
                    self._bucket_label(b),
                    b.items,
                    f"{b.items} ({_percent(b.share)})",
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
        table: DataTable[Text] = self.query_one("#cons-reasons", DataTable)
        table.clear(columns=True)
        table.add_column(self.tr("col.item"), key="item")
        table.add_column(pad(self.tr("col.text"), TEXT_WIDTH), key="text", width=TEXT_WIDTH)
        table.add_column(Text(self.tr("col.noncompliant"), justify="right"), key="noncompliant")
        table.add_column(pad(self.tr("col.reasons"), 24), key="reason", width=24)
        table.add_column(Text(self.tr("col.count"), justify="right"), key="count")
        for entry in result.reasons:
            table.add_row(
                Text(entry.item, style="bold"),
                self._text(checklist, entry.item),
                _num(entry.noncompliant, bold=True),
                Text(self.tr("reasons_none") if not entry.reasons else "", style="dim"),
                Text(""),
                key=f"{entry.item}\t",
            )
            for index, reason in enumerate(entry.reasons):
                table.add_row(
                    Text(""),
                    Text(""),
                    Text(""),
                    Text(fit(reason.label, 24)),
                    _num(reason.count),
                    key=f"{entry.item}\t{index}",
                )

    def _fill_unions(self, checklist: Checklist, result: Consolidation) -> None:
        lang = self.t.lang
        table: DataTable[Text] = self.query_one("#cons-unions", DataTable)
        table.clear(columns=True)
        empty = self.query_one("#cons-unions-empty", Static)
        empty.update(self.tr("no_unions"))
        empty.display = not checklist.unions
        table.display = bool(checklist.unions)
        table.add_column(self.tr("col.item"), key="id")
        table.add_column(pad(self.tr("col.union"), 30), key="label", width=30)
        table.add_column(Text(self.tr("col.count"), justify="right"), key="count")
        table.add_column(Text(self.tr("col.rate"), justify="right"), key="rate")
        for union in checklist.unions:
            count = result.unions[union.id]
            rate = count / result.population if result.population else 0.0
            table.add_row(
                Text(union.id),
                Text(pad(union.label.get(lang), 30)),
                _num(count),
                _num(_percent(rate)),
                key=union.id,
            )

    def _fill_groups(self, checklist: Checklist, result: Consolidation) -> None:
        table: DataTable[Text] = self.query_one("#cons-groups", DataTable)
        table.clear(columns=True)
        groups = result.groups
        self.query_one("#cons-groups-off", Static).display = groups is None
        table.display = groups is not None
        if groups is None:
            return
        names = list(groups)
        table.add_column("", key="row")
        for name in names:
            table.add_column(Text(self.tr(f"staff.{name}"), justify="right"), key=name)
        table.add_column(Text(self.tr("col.total"), justify="right"), key="total")
        table.add_row(
            Text(self.tr("col.population")),
            *(_num(groups[g].population) for g in names),
            _num(result.population),
            key="population",
        )
        for c in result.items:
            if c.judged:
                table.add_row(
                    Text(c.item),
                    *(_num(groups[g].items[c.item]) for g in names),
                    _num(c.noncompliant, bold=True),
                    key=c.item,
                )
        for union in checklist.unions:
            table.add_row(
                Text(union.id),
                *(_num(groups[g].unions[union.id]) for g in names),
                _num(result.unions[union.id], bold=True),
                key=f"union:{union.id}",
            )

    # -- the period comparison ------------------------------------------------------------

    def _comparison_key(self) -> tuple[str, str | None, str | None] | None:
        """(checklist, organization code, by) of the comparison the screen should show."""
        if self.checklist is None:
            return None
        return (self.checklist.id, _code(self.organization), _split(self.checklist, self.by))

    def _request_comparison(self) -> None:
        key = self._comparison_key()
        if self.checklist is None or key is None or self._comparison_for == key:
            return
        self._comparison_for = key
        self.comparison = None
        self._set_loading(True)
        self._compare(self.checklist, self._today, key)

    def on_comparison_loaded(self, message: ComparisonLoaded) -> None:
        if self.checklist is None or message.checklist.id != self.checklist.id:
            return
        if message.key is not None and message.key != self._comparison_for:
            return  # computed for other organizations or without the split
        self._set_loading(False)
        self.comparison = (message.previous, message.current)
        head = Text()
        for index, part in enumerate(self.comparison):
            if index:
                head.append("\n")
            head.append(
                self.tr(
                    "period",
                    label=self.tr("fiscal_year", year=part.year),
                    start=part.period.start.isoformat(),
                    end=part.period.end.isoformat(),
                    population=part.result.population,
                    missing=part.result.missing,
                )
            )
        head.append("\n" + self.tr("compare_hint"), style="dim")
        self.query_one("#cons-compare-head", Static).update(head)
        self._fill_comparison()
        self._focus_active()

    def _comparison_text_width(self, item_width: int, staff_width: int) -> int:
        """The item text's cells in the comparison: 16 at 80 columns, what the numbers
        leave on a wider screen (up to 60)."""
        if self.comparison is None:
            return TEXT_WIDTH
        years = [cell_len(self.tr("fiscal_year", year=p.year)) for p in self.comparison]
        numbers = sum(max(w, 6) for w in years) + max(cell_len(self.tr("col.diff")), 5)
        columns = 5 + (1 if staff_width else 0)
        used = item_width + staff_width + numbers + 2 * columns + 2  # padding, scrollbar
        width = (self.size.width or self.app.size.width) - used
        return max(TEXT_WIDTH, min(width, 60))

    def _fill_comparison(self) -> None:
        """The comparison table: per item (and union) the counts of both years and the
        change; split by staff type, a row of the total and one per staff type."""
        if self.comparison is None or self.checklist is None:
            return
        checklist = self.checklist
        lang = self.t.lang
        before_part, after_part = self.comparison
        previous, current = before_part.result, after_part.result
        split = previous.groups is not None and current.groups is not None
        groups = _staff_groups(previous, current) if split else []
        staff_width = 0
        if split:
            names = [self.tr(f"staff.{g}") for g in groups]
            staff_width = max(cell_len(n) for n in (*names, self.tr("col.total")))
        judged = [c.item for c in current.items if c.judged]
        ids = [*judged, *(u.id for u in checklist.unions)]
        labels = [self.tr("col.item"), *ids] + ([self.tr("col.population")] if split else [])
        item_width = max(cell_len(label) for label in labels)
        text_width = self._comparison_text_width(item_width, staff_width)
        table: DataTable[Text] = self.query_one("#cons-compare", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_column(self.tr("col.item"), key="item")
        table.add_column(pad(self.tr("col.text"), text_width), key="text", width=text_width)
        if split:
            table.add_column(
                pad(self.tr("col.staff_type"), staff_width), key="staff", width=staff_width
            )
        for key, part in (("previous", before_part), ("current", after_part)):
            label = self.tr("fiscal_year", year=part.year)
            table.add_column(Text(label, justify="right"), key=key)
        table.add_column(Text(self.tr("col.diff"), justify="right"), key="diff")

        def add(key: str, first: list[Text], before: int, after: int) -> None:
            diff = after - before
            table.add_row(
                *first,
                _num(before),
                _num(after),
                Text(
                    f"{diff:+d}" if diff else "0",
                    justify="right",
                    style="bold red" if diff > 0 else ("green" if diff < 0 else "dim"),
                ),
                key=key,
            )

        def rows(
            key: str,
            item: str,
            text: str,
            counts: tuple[int, int],
            by_group: dict[str, tuple[int, int]],
        ) -> None:
            """One row (all units); split, one row of the total and one per staff type
            (keys `<key>\\t<staff type>`: Enter drills into the row's item)."""
            cell = Text(pad(text, text_width))
            if not split:
                add(key, [Text(item), cell], *counts)
                return
            add(key, [Text(item, style="bold"), cell, Text(self.tr("col.total"))], *counts)
            for group in groups:
                staff = Text(self.tr(f"staff.{group}"), style="dim")
                add(f"{key}\t{group}", [Text(""), Text(""), staff], *by_group[group])

        if split:
            rows(
                "\tpopulation",
                self.tr("col.population"),
                "",
                (previous.population, current.population),
                {
                    g: (group_count(previous, g).population, group_count(current, g).population)
                    for g in groups
                },
            )
        for item_id in judged:
            rows(
                item_id,
                item_id,
                checklist.item(item_id).text.get(lang),
                (previous.item(item_id).noncompliant, current.item(item_id).noncompliant),
                {
                    g: (
                        group_count(previous, g).items.get(item_id, 0),
                        group_count(current, g).items.get(item_id, 0),
                    )
                    for g in groups
                },
            )
        for union in checklist.unions:
            rows(
                f"union:{union.id}",
                union.id,
                union.label.get(lang),
                (previous.unions[union.id], current.unions[union.id]),
                {
                    g: (
                        group_count(previous, g).unions.get(union.id, 0),
                        group_count(current, g).unions.get(union.id, 0),
                    )
                    for g in groups
                },
            )
        if 0 < keep < table.row_count:
            table.move_cursor(row=keep)

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

    def action_back(self) -> None:
        """Back to the home screen."""
        self.app.pop_screen()


def _code(organization: Organization | None) -> str | None:
    return organization.code if organization is not None else None


def _staff_groups(*results: Consolidation) -> list[str]:
    """The staff types of the split: every type, in the document's order, then any other
    group a result holds ("unknown")."""
    groups = [t.value for t in StaffType]
    for result in results:
        groups += [g for g in result.groups or {} if g not in groups]
    return groups


def _num(value: object, *, bold: bool = False) -> Text:
    return Text(str(value), justify="right", style="bold red" if bold else "")


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


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
