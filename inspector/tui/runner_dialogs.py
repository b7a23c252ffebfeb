"""The runner's dialogs and the screens it opens: a typed value, the reasons of a
non-compliance, a note, evidence paths (each saved through the runner's one writer,
`_save`), the search prompt, the finding dialog and the summary; and the cursor's moves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from inspector.domain.checklist import AnswerType, Item
from inspector.domain.model import AnswerState, SessionKind
from inspector.tui.widgets.item_list import ItemList

if TYPE_CHECKING:
    from textual.binding import Binding

    from inspector.tui.queries import SessionBundle
    from inspector.tui.runner_model import RunnerModel
    from inspector.tui.screens.base import InspectorScreen


if TYPE_CHECKING:
    _Screen = InspectorScreen
else:
    _Screen = object


class RunnerDialogs(_Screen):
    """Mixed into `RunnerScreen`, which provides what is declared here."""

    if TYPE_CHECKING:
        session_id: int
        model: RunnerModel | None
        bundle: SessionBundle | None
        _last_query: str

        @property
        def current_item_id(self) -> str | None: ...
        def _current_item(self) -> Item | None: ...
        def _writable(self) -> bool: ...
        def _save(
            self,
            item_id: str,
            change: Callable[[AnswerState], AnswerState],
            *,
            move: bool,
            action: str = "answer",
        ) -> None: ...

    def action_input(self) -> None:
        """Type the answer of a number or text item."""
        item = self._current_item()
        if item is None or not self._writable():
            return
        if item.answer not in (AnswerType.NUMBER, AnswerType.TEXT):
            self.notify(self.t("tui.runner.not_for_type"), severity="warning")
            return
        self._open_value_input(item, None)

    def _open_value_input(self, item: Item, prefill: str | None) -> None:
        from inspector.tui.screens.value_input import ValueInputScreen

        assert self.model is not None
        current = self.model.state(item.id).value

        def done(result: tuple[str | None] | None) -> None:
            if result is None:
                return
            value = result[0]
            self._save(item.id, lambda old: replace(old, value=value), move=True)

        self.app.push_screen(ValueInputScreen(self.context, item, current, prefill), done)

    answered_then_moved: tuple[str, str] | None = None
    """(the item last answered, the item the cursor moved to from it), set by the runner
    when an answer moves the cursor on: `r` there means the item just answered."""

    def reasons_item(self) -> Item | None:
        """The item `r` writes the reasons of: the focused item when it is answered
        「不遵守」; else, when the cursor got here by answering the item before it
        「不遵守」(`2` moves on at once), that item: `2 r 1` is "No. N is noncompliant,
        reason 1", never an answer to No. N+1 (walk7 H4). None when neither."""
        item = self._current_item()
        if item is None or self.model is None:
            return None
        if self.model.state(item.id).value == "noncompliant":
            return item
        if self.answered_then_moved is not None:
            answered, moved_to = self.answered_then_moved
            if moved_to == item.id and self.model.state(answered).value == "noncompliant":
                return self.model.item(answered)
        return None

    def help_description(self, binding: Binding) -> str:
        """Help says more of `r` than the footer's 「要因」."""
        if binding.id == "runner.reasons":
            return self.t("tui7a.reasons_help")
        if binding.id == "runner.next_unanswered":  # the footer's word is short (walk9 L1)
            return self.t("walk10.next_unanswered_help")
        return binding.description

    def help_notes(self) -> list[str]:
        """`?` help says what the marks before the item numbers mean (walk9 L2), and on a
        visit the mark of an item with a finding (tui11)."""
        notes = [self.t("walk10.marks_help"), self.t("walk10.marks_help_saving")]
        if self.bundle is not None and self.bundle.session.kind is SessionKind.INSPECTION:
            notes.append(self.t("tui11.runner.finding_mark_help"))
        return notes

    def action_reasons(self) -> None:
        """Pick the reasons for a non-compliance (several) and write free text: of the
        focused item, or of the item just answered 「不遵守」 (`reasons_item`)."""
        from inspector.tui.screens.reasons import ReasonsScreen

        if self._current_item() is None or self.model is None or not self._writable():
            return
        item = self.reasons_item()
        if item is None:
            self.notify(self.t("tui.runner.reasons_only_noncompliant"), severity="warning")
            return
        state = self.model.state(item.id)

        def done(result: tuple[tuple[str, ...], str] | None) -> None:
            if result is None:
                return
            reasons, text = result
            self._save(
                item.id,
                lambda old: replace(old, reasons=reasons, reason_text=text),
                move=False,
                action="reasons",
            )

        self.app.push_screen(ReasonsScreen(self.context, item, state), done)

    def action_note(self) -> None:
        """Edit the focused item's note."""
        from inspector.tui.screens.note import NoteScreen

        item = self._current_item()
        if item is None or self.model is None or not self._writable():
            return

        def done(note: str | None) -> None:
            if note is not None:
                self._save(item.id, lambda old: replace(old, note=note), move=False, action="note")

        self.app.push_screen(NoteScreen(self.context, self.model.state(item.id).note, item), done)

    def action_evidence(self) -> None:
        """Attach evidence file paths (one per line) to the focused item."""
        from inspector.tui.screens.evidence import EvidenceScreen

        item = self._current_item()
        if item is None or self.model is None or not self._writable():
            return

        def done(paths: tuple[str, ...] | None) -> None:
            if paths is not None:
                self._save(
                    item.id,
                    lambda old: replace(old, evidence=paths),
                    move=False,
                    action="evidence",
                )

        screen = EvidenceScreen(self.context, self.model.state(item.id).evidence, item)
        self.app.push_screen(screen, done)

    def action_search(self) -> None:
        """Search the item texts (and guidance); Enter on the same query finds the next."""
        from inspector.tui.controls import TYPED
        from inspector.tui.screens.prompt import PromptScreen

        def done(query: str | None) -> None:
            if not query or self.model is None:
                return
            self._last_query = query
            target = self.model.search(query, self.current_item_id, self.t.lang)
            if target is None:
                self.notify(self.t("tui.runner.no_match", query=query), severity="warning")
            else:
                self.query_one(ItemList).show_item(target)

        title = self.t("tui.runner.search_prompt")
        prompt = PromptScreen(self.context, title, self._last_query, control_key=TYPED)
        self.app.push_screen(prompt, done)

    def action_finding(self) -> None:
        """Propose a finding for the focused noncompliant item (edited before it is saved)."""
        from inspector.tui.screens.finding_edit import propose_for_item

        item = self._current_item()
        if item is not None and self.model is not None and self.bundle is not None:
            propose_for_item(self, self.bundle, item, self.model.state(item.id))

    # -- moving -----------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Move to the next (1) or previous (-1) item that applies."""
        item_list = self.query_one(ItemList)
        if step > 0:
            item_list.action_cursor_down()
        else:
            item_list.action_cursor_up()

    def action_section(self, step: int) -> None:
        """Jump to the first item of the next or previous section."""
        current = self.current_item_id
        if self.model is None or current is None:
            return
        target = self.model.section_start(current, step)
        if target is not None:
            self.query_one(ItemList).show_item(target)

    def action_next_unanswered(self) -> None:
        """Jump to the next applicable item without an answer."""
        if self.model is None:
            return
        target = self.model.next_unanswered(self.current_item_id)
        if target is None:
            self.notify(self.t("tui.runner.all_answered"))
        else:
            self.query_one(ItemList).show_item(target)

    def action_summary(self) -> None:
        """Open the session summary."""
        from inspector.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.context, self.session_id, from_runner=True))


__all__ = ["RunnerDialogs"]
