"""The consolidation's worst tab: the most broken items, each followed by its reasons."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import Consolidation
from inspector.tui.text import fit, pad
from inspector.tui.widgets.count_cells import TEXT_WIDTH, item_text, num


class ReasonsTable(DataTable[Text]):
    """Rows keyed `<item>\\t` (the item) and `<item>\\t<n>` (its reasons)."""

    def show(
        self, checklist: Checklist, result: Consolidation, tr: Callable[..., str], lang: str
    ) -> None:
        self.clear(columns=True)
        self.add_column(tr("col.item"), key="item")
        self.add_column(pad(tr("col.text"), TEXT_WIDTH), key="text", width=TEXT_WIDTH)
        self.add_column(Text(tr("col.noncompliant"), justify="right"), key="noncompliant")
        self.add_column(pad(tr("col.reasons"), 24), key="reason", width=24)
        self.add_column(Text(tr("col.count"), justify="right"), key="count")
        for entry in result.reasons:
            self.add_row(
                Text(entry.item, style="bold"),
                item_text(checklist, entry.item, lang),
                num(entry.noncompliant, bold=True),
                Text(tr("reasons_none") if not entry.reasons else "", style="dim"),
                Text(""),
                key=f"{entry.item}\t",
            )
            for index, reason in enumerate(entry.reasons):
                self.add_row(
                    Text(""),
                    Text(""),
                    Text(""),
                    Text(fit(reason.label, 24)),
                    num(reason.count),
                    key=f"{entry.item}\t{index}",
                )


__all__ = ["ReasonsTable"]
