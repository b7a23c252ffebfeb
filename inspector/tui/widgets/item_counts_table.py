"""The consolidation's items tab: per item compliant, noncompliant, n.a., unanswered,
applicable and the rate (yes/no for a hearing, as the CLI says)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.checklist import AnswerType, Checklist, Unit
from inspector.domain.consolidation import Consolidation, is_judged
from inspector.tui.text import pad
from inspector.tui.widgets.count_cells import TEXT_WIDTH, item_text, num, percent


def is_hearing(checklist: Checklist) -> bool:
    """A person checklist of yes/no questions: columns say yes/no (as the CLI does)."""
    return checklist.unit is Unit.RESPONDENT and all(
        i.answer is AnswerType.YES_NO for i in checklist.items if is_judged(i)
    )


class ItemCountsTable(DataTable[Text]):
    """One row per item, keyed by the item id."""

    def show(
        self, checklist: Checklist, result: Consolidation, tr: Callable[..., str], lang: str
    ) -> None:
        self.clear(columns=True)
        bad, good = ("yes", "no") if is_hearing(checklist) else ("noncompliant", "compliant")
        keys = ("compliant", "noncompliant", "not_applicable", "unanswered", "applicable", "rate")
        labels = (good, bad, "not_applicable", "unanswered", "applicable", "rate")
        rows = [
            (
                c.item,
                [
                    Text(c.item),
                    item_text(checklist, c.item, lang),
                    num(c.compliant if c.judged else f"({c.answered})"),
                    num(c.noncompliant if c.judged else "", bold=c.judged and c.noncompliant > 0),
                    num(c.not_applicable),
                    num(c.unanswered),
                    num(c.applicable),
                    num(percent(c.rate) if c.judged else ""),
                ],
            )
            for c in result.items
        ]
        # Every width given from the cells: auto widths are measured on the next idle, and
        # a table drawn before that showed its rates cut to "0." (issue 14).
        headings = [Text(tr("col.item")), Text(pad(tr("col.text"), TEXT_WIDTH))]
        headings += [Text(tr(f"col.{label}"), justify="right") for label in labels]
        for index, (key, heading) in enumerate(zip(("item", "text", *keys), headings, strict=True)):
            width = TEXT_WIDTH if key == "text" else widest(heading, (r[index] for _k, r in rows))
            self.add_column(heading, key=key, width=width)
        for key, cells in rows:
            self.add_row(*cells, key=key)


def widest(heading: Text, cells: Iterable[Text]) -> int:
    """The cells a column needs for its heading and every cell."""
    return max([heading.cell_len, *(cell.cell_len for cell in cells)])


__all__ = ["ItemCountsTable", "is_hearing"]
