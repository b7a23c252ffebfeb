"""The consolidation's comparison tab: per item (and union) the noncompliant counts of the
previous and the current fiscal year and the change; split by staff type, a row of the
total and one per staff type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import Consolidation, group_count
from inspector.domain.era import format_fiscal_year, shown_date
from inspector.domain.model import StaffType
from inspector.services.consolidation import PeriodResult
from inspector.tui.text import pad
from inspector.tui.widgets.count_cells import TEXT_WIDTH, num


def staff_groups(*results: Consolidation) -> list[str]:
    """The staff types of the split: every type, in the document's order, then any other
    group a result holds ("unknown")."""
    groups = [t.value for t in StaffType]
    for result in results:
        groups += [g for g in result.groups or {} if g not in groups]
    return groups


def comparison_text_width(
    comparison: tuple[PeriodResult, PeriodResult],
    tr: Callable[..., str],
    screen_width: int,
    item_width: int,
    staff_width: int,
) -> int:
    """The item text's cells in the comparison: 16 at 80 columns, what the numbers
    leave on a wider screen (up to 60)."""
    years = [cell_len(tr("fiscal_year", year=_year(p.year, tr))) for p in comparison]
    numbers = sum(max(w, 6) for w in years) + max(cell_len(tr("col.diff")), 5)
    columns = 5 + (1 if staff_width else 0)
    used = item_width + staff_width + numbers + 2 * columns + 2  # padding, scrollbar
    width = screen_width - used
    return max(TEXT_WIDTH, min(width, 60))


def comparison_head(comparison: tuple[PeriodResult, PeriodResult], tr: Callable[..., str]) -> Text:
    """The two fiscal years, their dates and populations, and the hint under them."""
    head = Text()
    for index, part in enumerate(comparison):
        if index:
            head.append("\n")
        head.append(
            tr(
                "period_units",
                label=tr("fiscal_year", year=_year(part.year, tr)),
                start=_day(part.period.start, tr),
                end=_day(part.period.end, tr),
                population=part.result.population,
                missing=part.result.missing,
            )
        )
    head.append("\n" + tr("compare_hint"), style="dim")
    return head


class ComparisonTable(DataTable[Text]):
    """Rows keyed by the item id, `union:<id>`, `\\tpopulation`, and `<key>\\t<staff type>`
    when split (Enter drills into the row's item)."""

    def show(
        self,
        checklist: Checklist,
        comparison: tuple[PeriodResult, PeriodResult],
        tr: Callable[..., str],
        lang: str,
        screen_width: int,
    ) -> None:
        before_part, after_part = comparison
        previous, current = before_part.result, after_part.result
        split = previous.groups is not None and current.groups is not None
        groups = staff_groups(previous, current) if split else []
        staff_width = 0
        if split:
            names = [tr(f"staff.{g}") for g in groups]
            staff_width = max(cell_len(n) for n in (*names, tr("col.total")))
        judged = [c.item for c in current.items if c.judged]
        ids = [*judged, *(u.id for u in checklist.unions)]
        labels = [tr("col.item"), *ids] + ([tr("col.population")] if split else [])
        item_width = max(cell_len(label) for label in labels)
        text_width = comparison_text_width(comparison, tr, screen_width, item_width, staff_width)
        table = self
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_column(tr("col.item"), key="item")
        table.add_column(pad(tr("col.text"), text_width), key="text", width=text_width)
        if split:
            table.add_column(pad(tr("col.staff_type"), staff_width), key="staff", width=staff_width)
        for key, part in (("previous", before_part), ("current", after_part)):
            label = tr("fiscal_year", year=_year(part.year, tr))
            table.add_column(Text(label, justify="right"), key=key)
        table.add_column(Text(tr("col.diff"), justify="right"), key="diff")

        def add(key: str, first: list[Text], before: int, after: int) -> None:
            diff = after - before
            table.add_row(
                *first,
                num(before),
                num(after),
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
            add(key, [Text(item, style="bold"), cell, Text(tr("col.total"))], *counts)
            for group in groups:
                staff = Text(tr(f"staff.{group}"), style="dim")
                add(f"{key}\t{group}", [Text(""), Text(""), staff], *by_group[group])

        if split:
            rows(
                "\tpopulation",
                tr("col.population"),
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


def _japanese(tr: Callable[..., str]) -> bool:
    """Whether the catalogue writes dates and fiscal years in the Japanese era."""
    return tr("era_dates") == "yes"


def _year(year: int, tr: Callable[..., str]) -> str:
    """令和7 (年度) in Japanese, 2025 (FY) in English."""
    return format_fiscal_year(year) if _japanese(tr) else str(year)


def _day(day: date, tr: Callable[..., str]) -> str:
    return shown_date(day, "ja" if _japanese(tr) else "en")


__all__ = ["ComparisonTable", "comparison_text_width", "staff_groups"]
