"""The consolidation's distribution tab's table: items by how many units broke them."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.checklist import Checklist, Unit
from inspector.domain.consolidation import Bucket, Consolidation
from inspector.tui.widgets.count_cells import num, percent


def bucket_label(bucket: Bucket, lang: str) -> str:
    return bucket.label_ja() if lang == "ja" else bucket.label


class DistributionTable(DataTable[Text]):
    """One row per bucket (0, 1, 2-5, ... units), keyed by its label."""

    def show(
        self, checklist: Checklist, result: Consolidation, tr: Callable[..., str], lang: str
    ) -> None:
        self.clear(columns=True)
        person = checklist.unit is Unit.RESPONDENT
        self.add_column(tr("col.broken_by_person" if person else "col.broken_by_org"))
        self.add_column(Text(tr("col.items"), justify="right"))
        self.add_column(Text(tr("col.share"), justify="right"))
        for bucket in result.distribution:
            self.add_row(
                Text(bucket_label(bucket, lang)),
                num(bucket.items),
                num(percent(bucket.share)),
                key=bucket.label,
            )


__all__ = ["DistributionTable", "bucket_label"]
