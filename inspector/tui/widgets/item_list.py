"""The runner's list: every item of the checklist in its sections, with its answer mark."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

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


class ItemList(OptionList):
    """Items as one-line rows: flag, mark, number, text. Items that do not apply are
    disabled, so the cursor skips them, and marked as skipped."""

    DEFAULT_CSS = beside(__file__)

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.t = t
        self._rows: dict[str, tuple[Text, bool]] = {}
        self._index: dict[str, int] = {}

    def build(self, model: RunnerModel) -> None:
        """Fill the list from scratch."""
        options: list[Option] = []
        applicable = model.applicable_ids()
        self._rows.clear()
        self._index.clear()
        for section in model.checklist.sections:
            title = Text(f"■ {section.title.get(self.t.lang)}", style="bold")
            options.append(Option(title, id=f"{SECTION_PREFIX}{section.id}", disabled=True))
            for item in model.checklist.items_in(section.id):
                prompt = self._prompt(model, item, item.id in applicable)
                self._index[item.id] = len(options)
                self._rows[item.id] = (prompt, item.id in applicable)
                options.append(Option(prompt, id=item.id, disabled=item.id not in applicable))
        self.set_options(options)

    def refresh_rows(self, model: RunnerModel, only: set[str] | None = None) -> None:
        """Update only the rows whose mark or applicability changed; `only` limits the
        look to those items (an answer can change only its own row and its dependents')."""
        applicable = model.applicable_ids()
        for item in model.checklist.items:
            if only is not None and item.id not in only:
                continue
            applies = item.id in applicable
            prompt = self._prompt(model, item, applies)
            old = self._rows.get(item.id)
            if old is not None and old[1] == applies and old[0] == prompt:
                continue
            index = self._index[item.id]
            self._rows[item.id] = (prompt, applies)
            self.replace_option_prompt_at_index(index, prompt)
            if old is None or old[1] != applies:
                if applies:
                    self.enable_option_at_index(index)
                else:
                    self.disable_option_at_index(index)

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

    @property
    def item_id(self) -> str | None:
        """The id of the highlighted item, if an item is highlighted."""
        option = self.highlighted_option
        if option is None or option.id is None or option.id.startswith(SECTION_PREFIX):
            return None
        return option.id

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Scroll only when the highlighted row is out of view. Every row is one line
        (`text-wrap: nowrap`), so the option's index is its line: checking that costs
        nothing, while Textual's own check first measures every option again (after any
        row changed, which an answer does)."""
        index = self.highlighted
        if not top and index is not None and self.virtual_size.height == self.option_count:
            first = self.scroll_offset.y
            if first <= index < first + self.scrollable_content_region.height:
                return
        super().scroll_to_highlight(top)

    def show_item(self, item_id: str) -> None:
        """Highlight `item_id` and scroll it into view."""
        index = self._index.get(item_id)
        if index is not None:
            self.highlighted = index


__all__ = ["ItemList", "answer_mark", "fit"]
