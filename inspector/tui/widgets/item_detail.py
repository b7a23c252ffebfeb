"""The focused item in full: text, answer, reasons, note, evidence, guidance, evidence hint."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from inspector.domain.checklist import AnswerType, Item
from inspector.domain.model import AnswerState
from inspector.i18n import Translator
from inspector.tui.wrapping import Wrapped


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


class ItemDetail(VerticalScroll, can_focus=False):
    """Shows one item; `show` replaces the content."""

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.t = t
        self._body = Static(id="item-detail-body")

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    def show(
        self,
        item: Item | None,
        *,
        number: int = 0,
        section: str = "",
        state: AnswerState | None = None,
        applies: bool = True,
        error: str | None = None,
        saving: bool = False,
        broken: bool = False,
    ) -> None:
        if item is None:
            self._set_body("")
            return
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
        if item.guidance is not None:
            parts.append(Rule(t("tui.runner.guidance"), style="dim", align="left"))
            parts.append(Text(item.guidance.get(t.lang)))
        if item.evidence is not None:
            parts.append(Rule(t("tui.runner.evidence_hint"), style="dim", align="left"))
            parts.append(Text(item.evidence.get(t.lang)))
        # Japanese wrapped by the documents' rule (禁則): no line starts with 。、）
        self._set_body(Group(*(Wrapped(p) if isinstance(p, Text) else p for p in parts)))
        self.scroll_home(animate=False)

    def _set_body(self, body: RenderableType) -> None:
        """Replace the body; lay the screen out again only when its height changes (a
        layout reflows and repaints the whole screen, after every answer otherwise)."""
        size = self._body.content_size
        self._body.update(body, layout=False)
        if not size.width:
            self._body.refresh(layout=True)  # not laid out yet
            return
        height = self._body.get_content_height(self.content_size, self.app.size, size.width)
        if height != size.height:
            self._body.refresh(layout=True)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"
