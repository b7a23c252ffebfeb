"""The consolidation's items tab: per item compliant, noncompliant, n.a., unanswered,
applicable and the rate (yes/no for a hearing, as the CLI says)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.checklist import AnswerType, Checklist, Unit
from inspector.domain.consolidation import Consolidation, is_judged
from inspector.tui.text import SCROLLBAR, pad
from inspector.tui.widgets.count_cells import TEXT_WIDTH, item_text, num, percent


def is_hearing(checklist: Checklist) -> bool:
    """A person checklist of yes/no questions: columns say yes/no (as the CLI does)."""
    return checklist.unit is Unit.RESPONDENT and all(
        i.answer is AnswerType.YES_NO for i in checklist.items if is_judged(i)
    )


class ItemCountsTable(DataTable[Text]):
    """One row per item, keyed by the item id. The item's text takes the width the counts
    leave (at least `TEXT_WIDTH`); a resize that changes it shows the rows again."""

    _shown: tuple[Checklist, Consolidation, Callable[..., str], str] | None = None
    _text_width = TEXT_WIDTH

    def on_resize(self) -> None:
        if self._shown is not None and self._room(self._shown) != self._text_width:
            self.show(*self._shown)

    def row_text(self, tr: Callable[..., str]) -> str:
        """The highlighted item whole, with its counts in words (the headings are short)."""
        if self._shown is None or self.row_count == 0:
            return ""
        checklist, result, _tr, lang = self._shown
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        counts = next((c for c in result.items if c.item == key), None)
        if counts is None:
            return ""
        bad, good = ("yes", "no") if is_hearing(checklist) else ("noncompliant", "compliant")
        said = [
            f"{tr('col.' + good)} {counts.compliant if counts.judged else counts.answered}",
            f"{tr('col.' + bad)} {counts.noncompliant if counts.judged else ''}".rstrip(),
            f"{tr('col.not_applicable')} {counts.not_applicable}",
            f"{tr('col.unanswered')} {counts.unanswered}",
            f"{tr('col.applicable')} {counts.applicable}",
        ]
        text = checklist.item(counts.item).text.get(lang)
        return f"{counts.item}  {text}\n" + "  ".join(said)

    def _room(self, shown: tuple[Checklist, Consolidation, Callable[..., str], str]) -> int:
        """The item text's width: what the other columns leave of the table's width, no
        more than the longest text."""
        checklist, result, _tr, lang = shown
        width = self.size.width or self.app.size.width
        others = self._other_widths
        room = width - SCROLLBAR - sum(others) - 2 * (len(others) + 1)
        longest = max(
            (cell_len(checklist.item(c.item).text.get(lang)) for c in result.items), default=0
        )
        return max(TEXT_WIDTH, min(room, longest))

    _other_widths: tuple[int, ...] = ()

    def show(
        self, checklist: Checklist, result: Consolidation, tr: Callable[..., str], lang: str
    ) -> None:
        self._shown = (checklist, result, tr, lang)
        self.clear(columns=True)
        bad, good = ("yes", "no") if is_hearing(checklist) else ("noncompliant", "compliant")
        keys = ("compliant", "noncompliant", "not_applicable", "unanswered", "applicable", "rate")
        labels = (good, bad, "not_applicable", "unanswered", "applicable", f"rate_{bad}")
        rows = [
            (
                c.item,
                [
                    Text(c.item),
                    Text(""),  # the text, once the other columns' widths are known
                    num(c.compliant if c.judged else f"({c.answered})"),
                    num(c.noncompliant if c.judged else "", bold=c.judged and c.noncompliant > 0),
                    num(c.not_applicable),
                    num(c.unanswered),
                    num(c.applicable),
                    # no site it applies to: no rate (not 0.0%)
                    num(
                        percent(c.rate) if c.judged and c.applicable else ("—" if c.judged else "")
                    ),
                ],
            )
            for c in result.items
        ]
        # Every width given from the cells: auto widths are measured on the next idle, and
        # a table drawn before that showed its rates cut to "0." (issue 14).
        headings = [Text(tr("col.item")), Text("")]
        # short headings (office9a): the rate fits at 80 columns in English too
        headings += [Text(tr(f"office9a_col.{label}"), justify="right") for label in labels]
        widths = [
            widest(heading, (r[index] for _k, r in rows)) for index, heading in enumerate(headings)
        ]
        self._other_widths = tuple(w for index, w in enumerate(widths) if index != 1)
        self._text_width = widths[1] = self._room(self._shown)
        headings[1] = Text(pad(tr("col.text"), widths[1]))
        for key, heading, width in zip(("item", "text", *keys), headings, widths, strict=True):
            self.add_column(heading, key=key, width=width)
        for key, cells in rows:
            cells[1] = item_text(checklist, key, lang, widths[1])
            self.add_row(*cells, key=key)


def widest(heading: Text, cells: Iterable[Text]) -> int:
    """The cells a column needs for its heading and every cell."""
    return max([heading.cell_len, *(cell.cell_len for cell in cells)])


__all__ = ["ItemCountsTable", "is_hearing"]
