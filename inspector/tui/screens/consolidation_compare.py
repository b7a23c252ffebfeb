"""The consolidation screen's comparison tab (this fiscal year against the last): the
counts computed in a worker for the checklist, organization and split shown, and the table
filled when they come. `ConsolidationScreen` is built on it (`consolidation.py`)."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.widgets import Static

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import Consolidation
from inspector.domain.model import Organization
from inspector.services.consolidation import PeriodResult, load_comparison, split_by
from inspector.tui.messages import ComparisonLoaded, DbFailed
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.widgets.comparison_table import ComparisonTable, comparison_head


class YearOnYear(InspectorScreen):
    """What the consolidation screen needs to show the comparison tab."""

    checklist: Checklist | None
    result: Consolidation | None
    organization: Organization | None
    by: str | None
    comparison: tuple[PeriodResult, PeriodResult] | None
    _comparison_for: tuple[str, str | None, str | None] | None

    def tr(self, key: str, **values: object) -> str:
        raise NotImplementedError

    def _set_loading(self, loading: bool) -> None:
        raise NotImplementedError

    def _focus_active(self) -> None:
        raise NotImplementedError

    @property
    def _today(self) -> date:
        raise NotImplementedError

    @work(thread=True, exclusive=True, group="consolidation-compare")
    def _compare(
        self, checklist: Checklist, today: date, key: tuple[str, str | None, str | None]
    ) -> None:
        _checklist_id, code, by = key
        try:
            codes = (code,) if code is not None else ()
            previous, current = load_comparison(self.context, checklist, today, codes, by)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(ComparisonLoaded(checklist, previous, current, key))

    # -- the period comparison ------------------------------------------------------------

    def _comparison_key(self) -> tuple[str, str | None, str | None] | None:
        """(checklist, organization code, by) of the comparison the screen should show."""
        if self.checklist is None:
            return None
        return (self.checklist.id, _code(self.organization), split_by(self.checklist, self.by))

    def _request_comparison(self) -> None:
        key = self._comparison_key()
        if self.checklist is None or key is None or self._comparison_for == key:
            return
        self._comparison_for = key
        self.comparison = None
        self._set_loading(True)
        self._compare(self.checklist, self._today, key)

    def on_comparison_loaded(self, message: ComparisonLoaded) -> None:
        if self.checklist is None or message.checklist.id != self.checklist.id:
            return
        if message.key is not None and message.key != self._comparison_for:
            return  # computed for other organizations or without the split
        self._set_loading(False)
        self.comparison = (message.previous, message.current)
        head = comparison_head(self.comparison, self.tr)
        self.query_one("#cons-compare-head", Static).update(head)
        self._fill_comparison()
        self._focus_active()

    def _fill_comparison(self) -> None:
        """The comparison table (`ComparisonTable`), its item text as wide as the screen
        allows."""
        if self.comparison is None or self.checklist is None:
            return
        self.query_one("#cons-compare", ComparisonTable).show(
            self.checklist,
            self.comparison,
            self.tr,
            self.t.lang,
            self.size.width or self.app.size.width,
        )


def _code(organization: Organization | None) -> str | None:
    return organization.code if organization is not None else None


__all__ = ["YearOnYear"]
