"""The consolidation's staff types tab: noncompliant counts per item and union, one
column per staff type and the total (`g`, person checklists only)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import Consolidation
from inspector.tui.text import pad
from inspector.tui.widgets.count_cells import item_text, num

LABEL_WIDTH = 24


class StaffGroupsTable(DataTable[Text]):
    """Rows keyed `population`, the item id, and `union:<id>`."""

    def show(
        self,
        checklist: Checklist,
        result: Consolidation,
        tr: Callable[..., str],
        lang: str = "ja",
    ) -> None:
        self.clear(columns=True)
        groups = result.groups
        self.display = groups is not None
        if groups is None:
            return
        names = list(groups)
        self.add_column("", key="row")
        for name in names:
            self.add_column(Text(tr(f"staff.{name}"), justify="right"), key=name)
        self.add_column(Text(tr("col.total"), justify="right"), key="total")
        self.add_row(
            Text(tr("col.population")),
            *(num(groups[g].population) for g in names),
            num(result.population),
            key="population",
        )
        for c in result.items:
            if c.judged:
                self.add_row(
                    item_text(checklist, c.item, lang, LABEL_WIDTH),  # its text, not its id
                    *(num(groups[g].items[c.item]) for g in names),
                    num(c.noncompliant, bold=True),
                    key=c.item,
                )
        for union in checklist.unions:
            self.add_row(
                Text(pad(union.label.get(lang), LABEL_WIDTH)),
                *(num(groups[g].unions[union.id]) for g in names),
                num(result.unions[union.id], bold=True),
                key=f"union:{union.id}",
            )


__all__ = ["StaffGroupsTable"]
