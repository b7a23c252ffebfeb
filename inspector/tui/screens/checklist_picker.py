"""Pick the checklist the consolidation screen counts (or the forms handed out, office15):
type to filter, Enter picks."""

from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from inspector.context import AppContext
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.filter_list import Entry, FilterList
from inspector.tui.widgets.title_fit import fit_middle

_K = "tui.consolidation."


class ChecklistPicker(InspectorModal[str]):
    """Type to filter the checklists; Enter picks one."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [Binding("escape", "cancel", "cancel", id="consolidation.pick_cancel")]

    def __init__(
        self, context: AppContext, current: str | None, title_key: str = _K + "pick_title"
    ) -> None:
        super().__init__(context)
        self.current = current
        self.title_key = title_key
        """The frame's title: what the checklist is picked for (to count, to hand out)."""

    def compose(self) -> ComposeResult:
        picker = FilterList(self.t(_K + "pick_placeholder"), self.t(_K + "pick_empty"))
        picker.border_title = self.t(self.title_key)
        yield picker

    def on_mount(self) -> None:
        lang = self.t.lang
        # the list's width inside the frame (at most 80 wide), the scrollbar and padding:
        # a long title gives way in its middle, its end and the id show whole (walk7 M3)
        inner = min(self.app.size.width, 80) - 6
        entries = [
            Entry(
                c.id,
                f"{fit_middle(c.title.get(lang), inner - cell_len(c.id) - 4)}  ({c.id})",
                c.title.get("en"),
            )
            for c in self.context.catalog
        ]
        self.query_one(FilterList).set_entries(entries, highlight=self.current)

    @on(FilterList.Picked)
    def _picked(self, event: FilterList.Picked) -> None:
        self.dismiss(event.key)

    def action_cancel(self) -> None:
        """Keep the current checklist."""
        self.dismiss(None)
