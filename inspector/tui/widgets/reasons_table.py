"""The consolidation's worst tab: the most broken items, each followed by its reasons.

Three columns: the item id, one wide column for the item's text and, on the rows below it,
its reasons (indented), and the count (units that broke the item; units that gave the
reason). The wide column takes what the table's width leaves, so at 80 columns an item and
a reason show some 60 cells, not 16 and 24 with the right of the screen empty (walk8 M3);
the highlighted row is shown whole below the table by the screen (`row_text`)."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import Consolidation
from inspector.tui.text import SCROLLBAR, pad
from inspector.tui.widgets.count_cells import TEXT_WIDTH, num

REASON_MARK = "・"


class ReasonsTable(DataTable[Text]):
    """Rows keyed `<item>\\t` (the item) and `<item>\\t<n>` (its reasons)."""

    _shown: tuple[Checklist, Consolidation, Callable[..., str], str] | None = None
    _text_width = 0

    def on_resize(self) -> None:
        if self._shown is not None and self._room(self._shown) != self._text_width:
            self.show(*self._shown)

    def _room(self, shown: tuple[Checklist, Consolidation, Callable[..., str], str]) -> int:
        """The wide column's cells: what the id and count columns leave of the width."""
        _checklist, result, tr, _lang = shown
        width = self.size.width or self.app.size.width
        ids = max([cell_len(tr("col.item")), *(cell_len(e.item) for e in result.reasons)])
        counts = max(
            [cell_len(tr("office9a_count")), *(len(str(e.noncompliant)) for e in result.reasons)]
        )
        return max(TEXT_WIDTH, width - SCROLLBAR - ids - counts - 2 * 3)

    def show(
        self, checklist: Checklist, result: Consolidation, tr: Callable[..., str], lang: str
    ) -> None:
        self._shown = (checklist, result, tr, lang)
        keep = self.cursor_row
        self.clear(columns=True)
        width = self._text_width = self._room(self._shown)
        self.add_column(tr("col.item"), key="item")
        self.add_column(pad(tr("office9a_text"), width), key="text", width=width)
        self.add_column(Text(tr("office9a_count"), justify="right"), key="count")
        for entry in result.reasons:
            self.add_row(
                Text(entry.item, style="bold"),
                Text(pad(checklist.item(entry.item).text.get(lang), width)),
                num(entry.noncompliant, bold=True),
                key=f"{entry.item}\t",
            )
            if not entry.reasons:
                self.add_row(
                    Text(""),
                    Text(pad(f"  {tr('reasons_none')}", width), style="dim"),
                    Text(""),
                    key=f"{entry.item}\t-",
                )
            for index, reason in enumerate(entry.reasons):
                self.add_row(
                    Text(""),
                    Text(pad(f"  {REASON_MARK}{reason.label}", width)),
                    num(reason.count),
                    key=f"{entry.item}\t{index}",
                )
        if self.row_count:
            self.move_cursor(row=min(max(keep, 0), self.row_count - 1))

    def row_text(self, tr: Callable[..., str]) -> str:
        """The highlighted row whole: the item's id and text, and the reason's."""
        if self._shown is None or self.row_count == 0:
            return ""
        checklist, result, _tr, lang = self._shown
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or ""
        item_id, _, index = key.partition("\t")
        entry = next((e for e in result.reasons if e.item == item_id), None)
        if entry is None:
            return ""
        text = tr("office9a_item", item=item_id, text=checklist.item(item_id).text.get(lang))
        if index.isdigit() and int(index) < len(entry.reasons):
            reason = entry.reasons[int(index)]
            text += "\n" + tr("office9a_reason", reason=reason.label, count=reason.count)
        return text


__all__ = ["ReasonsTable"]
