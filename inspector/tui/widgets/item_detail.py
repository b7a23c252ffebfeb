"""The focused item in full: text, answer, reasons, note, evidence, guidance, evidence hint.

The pane's height is set by the screen's CSS, never by the item: it renders the item's lines
itself (Textual's line API) and scrolls them, so showing another item repaints the pane
only and never lays the screen out again (a layout reflows and repaints every widget, the
largest cost of an answer when the pane grew and shrank with each item's text).
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from inspector.domain.checklist import AnswerType, Item
from inspector.domain.model import AnswerState
from inspector.i18n import Translator
from inspector.tui.stylesheet import beside
from inspector.tui.wrapping import Wrapped

_PREPARED = 4
"""Items kept rendered: the one shown, the one prepared, and a step back."""


def answer_label(item: Item, value: str | None, t: Translator) -> str:
    """The answer in words, in the interface language."""
    if value is None:
        return t("tui.answer.unanswered")
    if item.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO):
        return t(f"tui.answer.{value}")
    if item.answer is AnswerType.CHOICE:
        for choice in item.choices:
            if choice.key == value:
                return choice.label.get(t.lang)
    if item.answer is AnswerType.NUMBER and item.unit is not None:
        return f"{value} {item.unit.get(t.lang)}"
    return value


def reason_labels(item: Item, state: AnswerState, t: Translator) -> list[str]:
    by_id = {r.id: r.get(t.lang) for r in item.reasons}
    labels = [by_id.get(r, r) for r in state.reasons]
    if state.reason_text:
        labels.append(state.reason_text)
    return labels


class ItemDetail(ScrollView, can_focus=False):
    """Shows one item; `show` replaces the content. Its vertical scrollbar is always
    there (`item_detail.tcss`): one that came and went with the item's length would change
    the width of the text, which needs a layout."""

    DEFAULT_CSS = beside(__file__)

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.t = t
        self._body: RenderableType = ""
        self._lines: list[Strip] = []
        self._width = 0
        """The width `_lines` were rendered at (0: not yet)."""
        self._prepared: dict[tuple[Any, ...], tuple[RenderableType, list[Strip]]] = {}
        """Items rendered by what they show and the width (the newest few)."""

    @property
    def lines(self) -> list[str]:
        """The item's text as rendered, one string per line (all of it, scrolled or not)."""
        return [strip.text for strip in self._lines]

    def show(self, item: Item | None, **shown: Any) -> None:
        """Show `item` (None: nothing) as `prepare` renders it."""
        if item is None:
            self._set_body("", [])
            return
        self._set_body(*self._rendered(item, **shown))

    def prepare(self, item: Item, **shown: Any) -> None:
        """Render `item` now, to be shown later without rendering it again (the runner
        prepares the item that comes next while the person reads this one)."""
        self._rendered(item, **shown)

    def _rendered(self, item: Item, **shown: Any) -> tuple[RenderableType, list[Strip]]:
        width = self.scrollable_content_region.width
        key = (item.id, width, *sorted(shown.items()))
        found = self._prepared.get(key)
        if found is None:
            body = self._body_of(item, **shown)
            found = (body, self._lines_of(body, width))
            if len(self._prepared) >= _PREPARED:
                self._prepared.pop(next(iter(self._prepared)))
            self._prepared[key] = found
        return found

    def _body_of(
        self,
        item: Item,
        *,
        number: int = 0,
        section: str = "",
        state: AnswerState | None = None,
        applies: bool = True,
        error: str | None = None,
        saving: bool = False,
        broken: bool = False,
        guidance: bool = True,
    ) -> RenderableType:
        t = self.t
        state = state or AnswerState()
        parts: list[RenderableType] = []
        heading = Text(t("tui.runner.item_no", number=number), style="bold")
        heading.append(f"  {section}", style="dim")
        parts.append(heading)
        parts.append(Text(item.text.get(t.lang), style="bold"))
        if not applies:
            parts.append(Text(t("tui.runner.skipped"), style="italic dim"))
        value_style = "bold red" if broken else "bold"
        line = Text(t("tui.runner.answer", value=""))
        line.append(answer_label(item, state.value, t), style=value_style)
        if saving:
            line.append(f"  {t('tui.runner.saving')}", style="yellow")
        parts.append(line)
        if error:
            parts.append(Text(t("tui.runner.unsaved_mark", error=error), style="bold red"))
        reasons = reason_labels(item, state, t)
        if reasons:
            parts.append(Text(t("tui.runner.reasons", value=" / ".join(reasons))))
        if state.note:
            parts.append(Text(t("tui.runner.note", value=state.note)))
        if state.evidence:
            parts.append(Text(t("tui.runner.evidence", value=", ".join(state.evidence))))
        if item.answer is AnswerType.CHOICE:
            parts.append(Rule(t("tui.runner.choices"), style="dim", align="left"))
            for index, choice in enumerate(item.choices, 1):
                chosen = choice.key == state.value
                parts.append(
                    Text(f" {index}) {choice.label.get(t.lang)}", style="bold" if chosen else "")
                )
        if item.answer is AnswerType.NUMBER:
            bits = []
            if item.minimum is not None or item.maximum is not None:
                bits.append(
                    t(
                        "tui.runner.range",
                        minimum=_num(item.minimum),
                        maximum=_num(item.maximum),
                    )
                )
            if item.unit is not None:
                bits.append(t("tui.runner.unit", unit=item.unit.get(t.lang)))
            if bits:
                parts.append(Text("  ".join(bits), style="dim"))
        # 確認方法 is the inspector's: not shown to an operator answering a self-check
        if item.guidance is not None and guidance:
            parts.append(Rule(t("tui.runner.guidance"), style="dim", align="left"))
            parts.append(Text(item.guidance.get(t.lang)))
        if item.evidence is not None:
            parts.append(Rule(t("tui.runner.evidence_hint"), style="dim", align="left"))
            parts.append(Text(item.evidence.get(t.lang)))
        # Japanese wrapped by the documents' rule (禁則): no line starts with 。、）
        return Group(*(Wrapped(p) if isinstance(p, Text) else p for p in parts))

    def _set_body(self, body: RenderableType, lines: list[Strip]) -> None:
        self._body = body
        self._set_lines(lines)
        if self.scroll_x or self.scroll_y or self.scroll_target_x or self.scroll_target_y:
            self.scroll_home(animate=False)  # not at the top: Textual's scroll costs ~0.1 ms
        # The text only: the scrollbar beside it repaints itself when its range changes.
        self.refresh(Region(0, 0, self._width, self.scrollable_content_region.height))

    def _lines_of(self, body: RenderableType, width: int) -> list[Strip]:
        if width <= 0:
            return []
        console = self.app.console
        options = console.options.update(width=width, height=None, highlight=False)
        rendered = console.render_lines(body, options, style=self.rich_style)
        return [Strip(line, width) for line in rendered]

    def _render_body(self) -> None:
        """Render the body again at the width the pane has (resized, restyled)."""
        self._prepared.clear()
        self._set_lines(self._lines_of(self._body, self.scrollable_content_region.width))

    def _set_lines(self, lines: list[Strip]) -> None:
        """The pane's size is fixed, so a new length changes the scroll range (and
        scrollbar) only, not the layout."""
        width = self.scrollable_content_region.width
        self._width = width
        self._lines = lines
        virtual = Size(width, len(self._lines))
        before = self.virtual_size
        if virtual != before:
            # `virtual_size` asks for a layout when set; set without one: the pane keeps
            # its size, only its scroll range and scrollbar change.
            self.set_reactive(ItemDetail.virtual_size, virtual)
            window = self.scrollable_content_region.height
            if max(before.height, virtual.height) > window:  # else blank before and after
                scrollbar = self.vertical_scrollbar
                scrollbar.window_virtual_size = virtual.height
                scrollbar.window_size = window

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._render_body()
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._prepared.clear()
        if self._width:  # colours from the theme are in the rendered lines
            self._render_body()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if index < len(self._lines):
            return self._lines[index]
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"
