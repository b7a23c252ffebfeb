"""The consolidation's items tab: per item compliant, noncompliant, n.a., unanswered,
applicable and the rate (yes/no for a hearing, as the CLI says)."""

from __future__ import annotations

from collections.abc import Callable

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
        self.add_column(tr("col.item"), key="item")
        self.add_column(pad(tr("col.text"), TEXT_WIDTH), key="text", width=TEXT_WIDTH)
        for key, label in (
            ("compliant", good),
            ("noncompliant", bad),
            ("not_applicable", "not_applicable"),
            ("unanswered", "unanswered"),
            ("applicable", "applicable"),
            ("rate", "rate"),
        ):
            self.add_column(Text(tr(f"col.{label}"), justify="right"), key=key)
        for c in result.items:
            self.add_row(
                Text(c.item),
                item_text(checklist, c.item, lang),
                num(c.compliant if c.judged else f"({c.answered})"),
                num(c.noncompliant if c.judged else "", bold=c.judged and c.noncompliant > 0),
                num(c.not_applicable),
                num(c.unanswered),
                num(c.applicable),
                num(percent(c.rate) if c.judged else ""),
                key=c.item,
            )


__all__ = ["ItemCountsTable", "is_hearing"]
