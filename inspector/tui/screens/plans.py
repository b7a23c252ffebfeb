"""Improvement plans across organizations, by deadline, with filters (organization, kind,
status, overdue only, due within N days). Overdue plans are marked in red (期限超過);
visits that were not independent are marked too, and plans already reminded (督促済 with
the day). Enter opens a plan and its entries; `m` writes the reminders (督促状) of the
overdue plans of the department selected, or of every department (`tui/reminder_flow.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import Checkbox, DataTable, Footer, Input, Label, Select

from inspector.context import AppContext
from inspector.domain.findings import FindingKind, MeasureStatus, PlanFilter
from inspector.domain.model import Organization
from inspector.i18n import Translator
from inspector.services.documents import plan_rows
from inspector.services.reminders import reminded_plans
from inspector.tui.dates import day_cells, short_day_text
from inspector.tui.finding_columns import fit_title, label_cells, marks, marks_cells
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain_cell
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.finding_edit import kind_label, status_label, tp
from inspector.tui.stylesheet import beside
from inspector.tui.text import Column, fit, pad
from inspector.tui.widgets.fitted_table import FittedTable
from inspector.tui.widgets.safe_input import SafeInput

_OVERDUE = "bold white on red"
# a reminded plan's mark, from the longest: 督促済6.2, 督6.2, 督
_REMINDED = tuple(f"office9b.tui.reminded_{n}" for n in ("mark", "short", "tiny"))

if TYPE_CHECKING:
    from inspector.reports.service import PlanRow
    from inspector.store.repositories.reminders import Reminded


def plan_columns(t: Translator) -> tuple[Column, ...]:
    """The plans table's columns: the kind, status and marks as wide as their words (the
    marks short), the title the rest of 80 columns. The person responsible shows only on a
    wider terminal, which widens the title first."""
    fixed = {
        # 12 cells (令和10.12.31), the 12th from the title: a long title shows seven
        # double-width characters and an ellipsis in 15 cells as in 16
        "deadline": max(label_cells(tp(t, "col.deadline")), day_cells(t, short=True)),
        "days": label_cells(tp(t, "col.days"), "-999"),
        # 情報政策課 whole (five double-width characters), not 情報政… (walk8 M3)
        "organization": 10,
        "kind": label_cells(tp(t, "col.kind"), *(kind_label(t, k) for k in FindingKind)),
        "status": label_cells(
            tp(t, "col.status"), *(status_label(t, s) for s in (*MeasureStatus, None))
        ),
        "marks": marks_cells(t, short=True),
    }
    title, marks_room = fit_title(fixed, "marks")
    # both short marks whole, the title giving the cells (office15: 「LATE not ind」 in
    # English); the title is said whole under the list
    title -= fixed["marks"] - marks_room
    return (
        Column("deadline", fixed["deadline"]),
        Column("days", fixed["days"]),
        Column("organization", fixed["organization"], grow=1, widest=16),
        Column("kind", fixed["kind"]),
        Column("status", fixed["status"]),
        Column("title", title, grow=3, widest=48),
        Column("person", 0, grow=1, widest=16, least=8),
        Column("marks", fixed["marks"], grow=2, widest=marks_cells(t, short=False)),
    )


class OrganizationsLoaded(Message):
    def __init__(self, organizations: list[Organization]) -> None:
        super().__init__()
        self.organizations = organizations


class PlansLoaded(Message):
    def __init__(self, rows: list[PlanRow], reminded: dict[int, Reminded] | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.reminded = reminded or {}


class PlansScreen(InspectorScreen):
    """Every improvement plan, filtered; the earliest deadline first (`s` reverses)."""

    CATEGORY = "plans"
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("enter", "open", "details", id="plans.open"),
        Binding("o", "toggle_overdue", "overdue", id="plans.overdue"),
        Binding("s", "sort", "sort", id="plans.sort"),
        Binding("m", "remind", "remind", id="plans.remind"),
        Binding("ctrl+r", "refresh", "refresh", show=False, id="plans.refresh"),
        Binding("escape", "back", "back", id="plans.back"),
    ]

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.rows: list[PlanRow] = []
        self.reminded: dict[int, Reminded] = {}
        """The latest reminder (督促) of each plan, by plan id."""
        self.descending = False
        self._organizations_loaded = False
        self._org_labels: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        t = self.t
        yield Label(tp(t, "title"), id="plans-title", classes="area-title")
        with Horizontal(id="plans-filters"):
            yield Select[int](
                [], prompt=tp(t, "filter.organization"), compact=True, id="filter-organization"
            )
            yield Select[FindingKind](
                [(kind_label(t, k), k) for k in FindingKind],
                prompt=tp(t, "filter.kind"),
                compact=True,
                id="filter-kind",
            )
            yield Select[MeasureStatus](
                [(status_label(t, s), s) for s in MeasureStatus],
                prompt=tp(t, "filter.status"),
                compact=True,
                id="filter-status",
            )
            yield Checkbox(tp(t, "filter.overdue"), compact=True, id="filter-overdue")
            # a label that stays once a number is typed: the placeholder was the only
            # label, gone after typing `30` (walk7b N5)
            yield SafeInput(
                placeholder="N",
                restrict=r"[0-9]*",
                max_length=4,
                compact=True,
                id="filter-days",
                tooltip=tp(t, "filter.due_within"),
            )
            yield Label(t("tui8.plans.due_within_unit"), id="filter-days-unit")
        yield FittedTable(
            plan_columns(t),
            lambda key: tp(t, f"col.{key}"),
            self._show,
            id="plans-table",
            cursor_type="row",
            zebra_stripes=True,
        )
        yield Label(tp(t, "loading"), id="plans-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(FittedTable).focus()
        self._load_organizations()

    def on_screen_resume(self) -> None:
        self._load()

    # -- filters ------------------------------------------------------------------------------

    def current_filter(self) -> PlanFilter | None:
        """The filter the widgets show; None when the days are not a number."""
        org = self.query_one("#filter-organization", Select).value
        kind = self.query_one("#filter-kind", Select).value
        status = self.query_one("#filter-status", Select).value
        days_text = self.query_one("#filter-days", Input).value.strip()
        days: int | None = None
        if days_text:
            if not days_text.isdigit():
                return None
            days = int(days_text)
        return PlanFilter(
            organization_id=org if isinstance(org, int) else None,
            kind=kind if isinstance(kind, FindingKind) else None,
            status=status if isinstance(status, MeasureStatus) else None,
            overdue_only=self.query_one("#filter-overdue", Checkbox).value,
            due_within_days=days,
        )

    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(Input.Changed, "#filter-days")
    def _filters_changed(self) -> None:
        self._load()

    def action_toggle_overdue(self) -> None:
        """Show only the overdue plans (again: every plan)."""
        box = self.query_one("#filter-overdue", Checkbox)
        box.value = not box.value

    def action_sort(self) -> None:
        """Earliest deadline first, or latest first."""
        self.descending = not self.descending
        self._show()
        key = "sort_descending" if self.descending else "sort_ascending"
        self.notify(tp(self.t, key))

    def _show_title(self) -> None:
        """The title names the organization chosen and the order (office15: it said 全所属・
        期限順 whatever was chosen)."""
        chosen = self.query_one("#filter-organization", Select).value
        scope = self._org_labels.get(chosen) if isinstance(chosen, int) else None
        scope = scope or self.t("office15.plans_all")
        order = tp(self.t, "sort_descending" if self.descending else "sort_ascending")
        title = self.t("office15.plans_title", scope=scope, order=order)
        self.query_one("#plans-title", Label).update(plain_cell(title))

    def action_refresh(self) -> None:
        """Reload the plans."""
        self._load()

    # -- loading --------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="plans-orgs")
    def _load_organizations(self) -> None:
        try:
            organizations = self.context.repo.organizations()
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(OrganizationsLoaded(organizations))

    def on_organizations_loaded(self, message: OrganizationsLoaded) -> None:
        select = self.query_one("#filter-organization", Select)
        self._org_labels = {o.id: f"{o.code} {o.name}" for o in message.organizations}
        with select.prevent(Select.Changed):
            select.set_options(
                (plain_cell(f"{o.code} {o.name}"), o.id)
                for o in sorted(message.organizations, key=lambda o: o.code)
            )
        self._organizations_loaded = True
        self._load()

    def _load(self) -> None:
        if not self._organizations_loaded:
            return
        flt = self.current_filter()
        status = self.query_one("#plans-status", Label)
        if flt is None:
            status.update(tp(self.t, "invalid_days"))
            status.add_class("-error")
            return
        status.remove_class("-error")
        self._load_rows(flt)

    @work(thread=True, exclusive=True, group="plans-load")
    def _load_rows(self, flt: PlanFilter) -> None:
        try:
            rows = plan_rows(self.context, flt, self.inspector.today)
            reminded = reminded_plans(self.context)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(PlansLoaded(rows, reminded))

    def on_plans_loaded(self, message: PlansLoaded) -> None:
        self.rows = message.rows
        self.reminded = message.reminded
        self._show()

    def _show(self) -> None:
        t = self.t
        self._show_title()
        table = self.query_one(FittedTable)
        current = self.current_plan
        table.clear()
        widths = table.widths
        rows = list(reversed(self.rows)) if self.descending else self.rows
        # one spelling for the whole list: the short marks (超過, 非独立) for every row when
        # one row's do not fit in full (期限超過 and 超過 were mixed: walk7 M6)
        # and the reminders' 督促済6.2, else 督6.2, else 督: the first that fits every row
        short = any(self._marks(r, short=False).cell_len > widths["marks"] for r in rows)
        level = next(
            (
                n
                for n in range(len(_REMINDED))
                if all(
                    self._marks(r, short=short, level=n).cell_len <= widths["marks"] for r in rows
                )
            ),
            len(_REMINDED) - 1,
        )
        for row in rows:
            red = "bold red" if row.overdue else ""
            cells = {
                "deadline": Text(short_day_text(row.plan.deadline, t), style=red),
                "days": Text(str(row.days_left).rjust(widths["days"]), style=red),
                "organization": Text(fit(row.organization.name, widths["organization"])),
                "kind": Text(pad(kind_label(t, row.finding.kind), widths["kind"])),
                "status": Text(pad(status_label(t, row.status), widths["status"])),
                "title": Text(fit(row.finding.title, widths["title"])),
                "person": Text(fit(row.plan.responsible_person, widths.get("person", 0))),
                "marks": self._marks(row, short=short, level=level),
            }
            table.add_cells(cells, key=str(row.plan.id))
        if current is not None and any(r.plan.id == current for r in rows):
            table.move_cursor(row=table.get_row_index(str(current)))
        status = self.query_one("#plans-status", Label)
        text = tp(t, "count", count=len(rows)) if rows else tp(t, "empty")
        if any(r.overdue or r.not_independent for r in rows):
            text += "  " + t("tui7b.plans.legend")
        status.update(Text(text))

    def _marks(self, row: PlanRow, *, short: bool, level: int = 0) -> Text:
        """期限超過 / 非独立, then 督促済 and the day of the latest reminder (month.day);
        `level`: how short the reminder's mark is (`_REMINDED`)."""
        cell = marks(self.t, row.overdue, row.not_independent, short=short, overdue_style=_OVERDUE)
        seen = self.reminded.get(row.plan.id) if row.plan.id is not None else None
        if seen is not None:
            if cell.cell_len:
                cell.append(" ")
            day = seen.reminded_on
            cell.append(self.t(_REMINDED[level], month=day.month, day=day.day), style="cyan")
        return cell

    @property
    def current_plan(self) -> int | None:
        """The id of the plan under the cursor."""
        table = self.query_one(DataTable)
        if table.row_count == 0 or not 0 <= table.cursor_row < table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return int(key) if key is not None else None

    @property
    def overdue_shown(self) -> list[bool]:
        """Whether each listed plan is overdue, in the order shown (tests)."""
        rows = list(reversed(self.rows)) if self.descending else self.rows
        return [r.overdue for r in rows]

    # -- actions ------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#plans-table")
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Open the plan with its measure entries."""
        from inspector.tui.screens.plan_detail import PlanDetailScreen

        plan_id = self.current_plan
        if plan_id is not None:
            self.app.push_screen(PlanDetailScreen(self.context, plan_id))

    def action_remind(self) -> None:
        """Write the reminders (督促状) of the overdue plans: of the department selected in
        the 所属 filter, else of every department."""
        from inspector.tui.reminder_flow import remind

        org = self.query_one("#filter-organization", Select).value
        remind(
            self,
            organization_id=org if isinstance(org, int) else None,
            plans=True,
            forms=False,
            done=lambda _n: self.action_refresh(),
        )

    def help_notes(self) -> list[str]:
        """`?` help names the filters on the row above the list (walk8 M10): the selects
        and the N日以内 field are reached with Tab, not with a key of their own."""
        return [
            self.t(f"office9b.plans_help.{key}")
            for key in ("filters", "days", "remind", "reminded")
        ]

    def action_back(self) -> None:
        """Go back."""
        self.app.pop_screen()
