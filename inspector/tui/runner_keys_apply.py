"""Which of the runner's keys apply: the answer keys of the focused item's answer type, none
that a session hides (`hidden_by_session`), the palette's answers of this checklist only; the
footer redrawn only when that changes; and a key typed while an answer was saving, replayed
on the item the cursor moved to."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.actions import parse as parse_action

from inspector.domain.checklist import AnswerType, Item
from inspector.tui.bindings import declared_bindings
from inspector.tui.runner_bindings import hidden_by_session, never_for_kind, offered_by

if TYPE_CHECKING:
    from inspector.domain.model import InspectionSession
    from inspector.tui.runner_model import RunnerModel
    from inspector.tui.screens.base import InspectorScreen

    _Screen = InspectorScreen
else:
    _Screen = object

_COMPLIANCE_VALUES = ("compliant", "noncompliant", "not_applicable")
_YES_NO_VALUES = ("yes", "no", "not_applicable")


class RunnerKeysApply(_Screen):
    """Mixed into `RunnerScreen`, which provides what is declared here."""

    if TYPE_CHECKING:
        session: InspectionSession | None
        model: RunnerModel | None
        _in_flight: bool
        _queue: deque[Callable[[], None]]
        _binding_signature: tuple[object, ...] | None
        _footer_stale: bool

        def _current_item(self) -> Item | None: ...
        def reasons_item(self) -> Item | None: ...

    def _refresh_footer(self) -> None:
        """Refresh the footer only when the keys that apply change: a footer refresh
        rebuilds its widgets, which costs more than the rest of an answer together."""
        item = self._current_item()
        signature = (
            None if item is None else item.answer,
            0 if item is None else len(item.choices),
            self.session is not None and self.session.is_completed,
        )
        if signature != self._binding_signature:
            self._binding_signature = signature
            self.refresh_bindings()

    def palette_offers(self, action: str) -> bool:
        """Only the answers this checklist has (walk7b N5); not the finding on a
        self-check, which never applies there (tui11)."""
        if self.session is not None and never_for_kind(self.session, action):
            return False
        return self.model is None or offered_by(self.model.checklist, action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._in_flight and action in ("answer", "choose"):
            # While an answer is saving the cursor is about to move: the key is queued and
            # checked against the item it lands on (see `_replay`). A footer drawn now
            # (back from a dialog) shows every answer key: redrawn when the save ends.
            self._footer_stale = True
            return True
        if (session := self.session) and hidden_by_session(session, action):
            return False
        item = self._current_item()
        if action == "answer":
            if item is None:
                return False
            value = parameters[0] if parameters else None
            if value == "not_applicable" and not item.allow_not_applicable:
                return False
            if item.answer is AnswerType.COMPLIANCE:
                return value in _COMPLIANCE_VALUES
            if item.answer is AnswerType.YES_NO:
                return value in _YES_NO_VALUES
            return False
        if action == "choose":
            if item is None:
                return False
            number = int(str(parameters[0])) if parameters else 0
            return item.answer is AnswerType.CHOICE and number <= len(item.choices)
        if action == "input":
            return item is not None and item.answer in (AnswerType.NUMBER, AnswerType.TEXT)
        if action == "reasons":  # also right after answering the item before 不遵守
            return item is not None and (
                item.answer is AnswerType.COMPLIANCE or self.reasons_item() is not None
            )
        return True

    def _replay(self, action: str) -> None:
        """Run a key typed while the previous answer was saving, as it applies to the item
        the cursor has moved to: "2" is "noncompliant" on a compliance item and the second
        choice on a choice item. A key that means nothing there rings the bell."""
        declared = declared_bindings(self).key_to_bindings
        keys = [
            key
            for key, bindings in declared.items()
            if any(binding.action == action for binding in bindings)
        ]
        for key in keys:
            for binding in declared[key]:
                _namespace, name, parameters = parse_action(binding.action)
                if name in ("answer", "choose") and self.check_action(name, parameters):
                    getattr(self, f"action_{name}")(*parameters)
                    return
        self.app.bell()


__all__ = ["RunnerKeysApply"]
