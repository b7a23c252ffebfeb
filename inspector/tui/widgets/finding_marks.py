"""The runner's list with the items that have a finding marked (tui11): 「指」 (en "F") in
the row's last cells, after the item's text, which gives way to it (elided earlier). Drawn
over the list's rows rather than written into them: a row's text says its answer, and a
finding is recorded apart from the answers (the runner learns of it when it loads the
session, `SessionBundle.finding_items`)."""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip

from inspector.i18n import Translator
from inspector.tui.widgets.item_list import ItemList

FINDING_STYLE = "bold magenta"


class FindingMarkedList(ItemList):
    """`ItemList`, each item in `finding_ids` marked at the row's end."""

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(t, **kwargs)
        self.finding_ids: frozenset[str] = frozenset()
        self._finding_mark = Text(f" {t('tui11.runner.finding_mark')}", style=FINDING_STYLE)

    def mark_findings(self, item_ids: frozenset[str]) -> None:
        """Mark the items of `item_ids`, unmark the others: only changed rows are drawn."""
        changed = item_ids ^ self.finding_ids
        self.finding_ids = item_ids
        self._refresh_rows(*(self._index[i] for i in changed if i in self._index))

    def _render_row(self, index: int, width: int) -> Strip:
        mark = self._finding_mark
        room = width - mark.cell_len
        if self._rows[index].id not in self.finding_ids or room <= 0:
            return super()._render_row(index, width)
        style = self.rich_style
        if index == self._highlighted:  # the row's ground under the mark too
            style += self.get_component_rich_style("item-list--highlighted")
        elif not self._rows[index].enabled:
            style += self.get_component_rich_style("item-list--disabled")
        console = self.app.console
        options = console.options.update(width=mark.cell_len, height=1, highlight=False)
        drawn = console.render_lines(mark, options, style=style, pad=True)[0]
        return Strip.join([super()._render_row(index, room), Strip(drawn, mark.cell_len)])


__all__ = ["FINDING_STYLE", "FindingMarkedList"]
