"""The runner's list: every item of the checklist in its sections, with its answer mark.

A line-API widget rather than Textual's `OptionList`: an answer changes one row's mark and
moves the highlight, and this list repaints those rows only. `OptionList` measures and
renders every option again whenever one prompt is replaced (it has no public way to change
one row), which was the largest part of an answer's repaint (issue 17).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from inspector.domain.checklist import AnswerType, Item
from inspector.domain.model import AnswerState
from inspector.i18n import Translator
from inspector.tui.runner_model import RunnerModel
from inspector.tui.stylesheet import beside
from inspector.tui.text import fit, pad

MARK_WIDTH = 6
SECTION_PREFIX = "section:"

_MARK_STYLES = {
    "compliant": "green",
    "noncompliant": "bold red",
    "not_applicable": "",
    "yes": "",
    "no": "",
}


def answer_mark(
    item: Item, state: AnswerState, t: Translator, broken: bool = False
) -> tuple[str, str]:
    """(mark, style) of an item's answer for the list's mark column (`broken`: the answer
    counts against the unit, shown in red whatever its value)."""
    value = state.value
    if value is None:
        return t("tui.mark.unanswered"), "dim"
    if item.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO):
        return t(f"tui.mark.{value}"), "bold red" if broken else _MARK_STYLES.get(value, "")
    if item.answer is AnswerType.CHOICE:
        for number, choice in enumerate(item.choices, 1):
            if choice.key == value:
                return f"{number}:{choice.label.get(t.lang)}", "cyan"
        return value, "cyan"
    if item.answer is AnswerType.NUMBER:
        return value, "cyan"
    return t("tui.mark.text"), "cyan"


@dataclass
class _Row:
    id: str
    prompt: Text
    enabled: bool


class ItemList(ScrollView, can_focus=True):
    """Items as one-line rows: flag, mark, number, text, under their section's title. Items
    that do not apply are disabled, so the cursor skips them, and marked as skipped."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "down", show=False, id="item_list.down"),
        Binding("up", "cursor_up", "up", show=False, id="item_list.up"),
        Binding("home", "first", "first", show=False, id="item_list.first"),
        Binding("end", "last", "last", show=False, id="item_list.last"),
        Binding("pagedown", "page(1)", "page down", show=False, id="item_list.page_down"),
        Binding("pageup", "page(-1)", "page up", show=False, id="item_list.page_up"),
        Binding("enter", "select", "select", show=False, id="item_list.select"),
    ]
    COMPONENT_CLASSES = {"item-list--highlighted", "item-list--disabled"}
    DEFAULT_CSS = beside(__file__)

    class ItemMessage(Message):
        """A message about one item of the list."""

        def __init__(self, item_list: ItemList, item_id: str) -> None:
            super().__init__()
            self.item_list = item_list
            self.item_id = item_id

        @property
        def control(self) -> ItemList:
            return self.item_list

    class Highlighted(ItemMessage):
        """Another item is highlighted (by a key, a click or `show_item`)."""

    class Selected(ItemMessage):
        """Enter (or a click) on the highlighted item."""

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.t = t
        self._rows: list[_Row] = []
        self._index: dict[str, int] = {}
        self._highlighted: int | None = None
        self._strips: dict[int, Strip] = {}
        """Each row drawn at `_width` in its current state (cleared when a row changes)."""
        self._width = 0

    # -- content -----------------------------------------------------------------------

    def build(self, model: RunnerModel) -> None:
        """Fill the list from scratch."""
        applicable = model.applicable_ids()
        self._rows = []
        self._index.clear()
        for section in model.checklist.sections:
            title = Text(f"■ {section.title.get(self.t.lang)}", style="bold")
            self._rows.append(_Row(f"{SECTION_PREFIX}{section.id}", title, False))
            for item in model.checklist.items_in(section.id):
                applies = item.id in applicable
                self._index[item.id] = len(self._rows)
                self._rows.append(_Row(item.id, self._prompt(model, item, applies), applies))
        self._highlighted = None
        self._strips.clear()
        # Once per session: the list's length sets its scroll range (a layout is fine here).
        self.virtual_size = Size(self._width, len(self._rows))
        self.refresh()

    def refresh_rows(self, model: RunnerModel, only: set[str] | None = None) -> None:
        """Update only the rows whose mark or applicability changed; `only` limits the
        look to those items (an answer can change only its own row and its dependents')."""
        applicable = model.applicable_ids()
        changed = []
        for item in model.checklist.items:
            if only is not None and item.id not in only:
                continue
            applies = item.id in applicable
            index = self._index[item.id]
            row = self._rows[index]
            prompt = self._prompt(model, item, applies)
            if row.enabled == applies and row.prompt == prompt:
                continue
            row.prompt, row.enabled = prompt, applies
            changed.append(index)
        self._refresh_rows(*changed)

    def row(self, item_id: str) -> tuple[Text, bool]:
        """(the row's text, whether the item applies) of `item_id`."""
        row = self._rows[self._index[item_id]]
        return row.prompt, row.enabled

    def _prompt(self, model: RunnerModel, item: Item, applies: bool) -> Text:
        state = model.state(item.id)
        if item.id in model.unsaved:
            flag, flag_style = "!", "bold red"
        elif item.id in model.pending:
            flag, flag_style = "…", "yellow"
        elif state.note or state.evidence or state.reasons or state.reason_text:
            flag, flag_style = "+", "cyan"
        else:
            flag, flag_style = " ", ""
        if applies:
            broken = model.checklist.is_broken(item, state.value)
            mark, mark_style = answer_mark(item, state, self.t, broken)
        else:
            mark, mark_style = self.t("tui.mark.skipped"), "dim"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(flag, style=flag_style)
        text.append(pad(mark, MARK_WIDTH), style=mark_style)
        text.append(f" {model.number(item.id):>3} ", style="dim")
        text.append(item.text.get(self.t.lang), style="" if applies else "dim")
        return text

    # -- the highlight -------------------------------------------------------------------

    @property
    def item_id(self) -> str | None:
        """The id of the highlighted item, if an item is highlighted."""
        index = self._highlighted
        if index is None or self._rows[index].id.startswith(SECTION_PREFIX):
            return None
        return self._rows[index].id  # also when it no longer applies (until moved)

    def show_item(self, item_id: str) -> None:
        """Highlight `item_id` and scroll it into view."""
        index = self._index.get(item_id)
        if index is not None:
            self._highlight(index)

    def _highlight(self, index: int) -> None:
        old = self._highlighted
        if index == old or not self._rows[index].enabled:
            return
        self._highlighted = index
        self._refresh_rows(*(row for row in (old, index) if row is not None))
        self._scroll_to_row(index)
        self.post_message(self.Highlighted(self, self._rows[index].id))

    def _scroll_to_row(self, index: int) -> None:
        """Scroll only when the row is out of view, and then so that it is in the middle:
        the items that come next are in view, and the following answers repaint their
        rows rather than the whole list scrolled by one line each."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if top <= index < top + height or height <= 0:
            return
        self.scroll_to_region(
            Region(0, index, 1, 1), animate=False, force=True, immediate=True, center=True
        )

    def _step(self, start: int, direction: int, wrap: bool) -> int | None:
        count = len(self._rows)
        for step in range(1, count + 1):
            index = start + direction * step
            if wrap:
                index %= count
            elif not 0 <= index < count:
                return None
            if self._rows[index].enabled:
                return index
        return None

    def action_cursor_down(self) -> None:
        """Highlight the next item that applies (from the last, the first)."""
        self._move(1)

    def action_cursor_up(self) -> None:
        """Highlight the previous item that applies (from the first, the last)."""
        self._move(-1)

    def _move(self, direction: int) -> None:
        start = self._highlighted if self._highlighted is not None else -direction
        index = self._step(start % max(len(self._rows), 1), direction, wrap=True)
        if self._highlighted is None and index is None:
            return
        if index is not None:
            self._highlight(index)

    def action_first(self) -> None:
        """Highlight the first item that applies."""
        index = self._step(-1, 1, wrap=False)
        if index is not None:
            self._highlight(index)

    def action_last(self) -> None:
        """Highlight the last item that applies."""
        index = self._step(len(self._rows), -1, wrap=False)
        if index is not None:
            self._highlight(index)

    def action_page(self, direction: int) -> None:
        """Move the highlight about one page up or down."""
        if not self._rows:
            return
        height = max(self.scrollable_content_region.height, 1)
        target = min(max((self._highlighted or 0) + direction * height, 0), len(self._rows) - 1)
        index = target if self._rows[target].enabled else None
        index = index if index is not None else self._step(target, direction, wrap=False)
        index = index if index is not None else self._step(target, -direction, wrap=False)
        if index is not None:
            self._highlight(index)

    def action_select(self) -> None:
        """Select the highlighted item (the runner opens the input of a number or text)."""
        item_id = self.item_id
        if item_id is not None:
            self.post_message(self.Selected(self, item_id))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - self.gutter.top
        if 0 <= index < len(self._rows) and self._rows[index].enabled:
            self._highlight(index)
            self.action_select()

    # -- drawing -------------------------------------------------------------------------

    def _refresh_rows(self, *indexes: int) -> None:
        """Repaint these rows; their text only, not the scrollbar beside them (`refresh_line`
        marks the scrollbar's column too, and a scrollbar redraws its whole length). One
        refresh for all: each works out the widget's regions again (an answer's rows)."""
        if not indexes:
            return
        for index in indexes:
            self._strips.pop(index, None)
        width, top = self.scrollable_content_region.width, self.scroll_offset.y
        self.refresh(*(Region(0, index - top, width, 1) for index in indexes))

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._strips.clear()
            self.virtual_size = Size(width, len(self._rows))
        if self._highlighted is not None:
            self._scroll_to_row(self._highlighted)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # focus, theme: the rows' colours change

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._rows) or width <= 0:
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None or strip.cell_length != width:
            strip = self._strips[index] = self._render_row(index, width)
        return strip

    def _render_row(self, index: int, width: int) -> Strip:
        row = self._rows[index]
        style = self.rich_style
        if index == self._highlighted:
            style += self.get_component_rich_style("item-list--highlighted")
        elif not row.enabled:
            style += self.get_component_rich_style("item-list--disabled")
        console = self.app.console
        options = console.options.update(width=width, height=1, highlight=False)
        segments = console.render_lines(row.prompt, options, style=style, pad=True)[0]
        return Strip(segments, width)


__all__ = ["ItemList", "answer_mark", "fit"]
