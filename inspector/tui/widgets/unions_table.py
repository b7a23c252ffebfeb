"""The consolidation's unions tab: units counted once per union, and their rate."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import Consolidation
from inspector.tui.text import pad
from inspector.tui.widgets.count_cells import num, percent


class UnionsTable(DataTable[Text]):
    """One row per union of the checklist, keyed by its id; hidden when there is none."""

    def show(
        self, checklist: Checklist, result: Consolidation, tr: Callable[..., str], lang: str
    ) -> None:
        self.clear(columns=True)
        self.display = bool(checklist.unions)
        # the union's label, not its id (let-another-act says nothing to a reader)
        self.add_column(pad(tr("col.union"), 40), key="label", width=40)
        self.add_column(Text(tr("col.count"), justify="right"), key="count")
        # which rate: the units counted of the whole population (率 alone said nothing)
        self.add_column(Text(tr("col.rate_population"), justify="right"), key="rate")
        for union in checklist.unions:
            count = result.unions[union.id]
            rate = count / result.population if result.population else 0.0
            self.add_row(
                Text(pad(union.label.get(lang), 40)),
                num(count),
                num(percent(rate)),
                key=union.id,
            )


__all__ = ["UnionsTable"]
