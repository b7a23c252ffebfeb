"""The runner's state without Textual: answers shown, saves in flight, failed saves.

Pure Python so that the cursor rules (next applicable item, next unanswered, resume point)
are testable without a terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from inspector.domain.checklist import Checklist, Item
from inspector.domain.model import AnswerState
from inspector.domain.progress import Progress, progress


def fold(text: str) -> str:
    """Text folded for searching: NFKC (full-width to ASCII) and lower case."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass
class RunnerModel:
    """The answers of one session as the runner shows them.

    `states` are the saved states; `unsaved` holds states whose save failed (shown,
    marked, retried on request) with the error in `errors`.
    """

    checklist: Checklist
    org_tags: frozenset[str]
    states: dict[str, AnswerState] = field(default_factory=dict)
    unsaved: dict[str, AnswerState] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    pending: dict[str, AnswerState] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.order: list[str] = [item.id for item in self.checklist.items]
        self._index = {item_id: index for index, item_id in enumerate(self.order)}
        self._items = {item.id: item for item in self.checklist.items}
        # what values() and applicable_ids() last computed: an answer asks for them several
        # times (next item, detail, header), each a pass over every item and its rules;
        # every change of state goes through the methods below, which drop them
        self._values: dict[str, str | None] | None = None
        self._applicable: set[str] | None = None

    def _changed(self, item_id: str | None = None) -> None:
        """Drop what the caches hold; with `item_id`, only what a change of that item's
        shown state can change: its value, and which items apply only when another item
        depends on it (an answer to an item nothing depends on leaves them as they are)."""
        if item_id is None or self._values is None:
            self._values = None
            self._applicable = None
            return
        self._values[item_id] = self.state(item_id).value
        if self._dependents().get(item_id):
            self._applicable = None

    # -- state --------------------------------------------------------------------------

    def item(self, item_id: str) -> Item:
        return self._items[item_id]

    def number(self, item_id: str) -> int:
        """1-based position of the item in the checklist, as shown in the list."""
        return self._index[item_id] + 1

    def state(self, item_id: str) -> AnswerState:
        """What is shown: a state being saved, then an unsaved one, then the saved one."""
        if item_id in self.pending:
            return self.pending[item_id]
        if item_id in self.unsaved:
            return self.unsaved[item_id]
        return self.states.get(item_id, AnswerState())

    def values(self) -> dict[str, str | None]:
        if self._values is None:
            self._values = {item_id: self.state(item_id).value for item_id in self.order}
        return dict(self._values)

    def replace_saved(self, states: Mapping[str, AnswerState]) -> None:
        self.states = dict(states)
        self._changed()

    def saving(self, item_id: str, state: AnswerState) -> None:
        """A save started: show `state` while it is written."""
        self.pending[item_id] = state
        self._changed(item_id)

    def saved(self, item_id: str, state: AnswerState) -> None:
        """A save succeeded: the state is durable, any failure mark goes."""
        self.pending.pop(item_id, None)
        if state.is_empty:
            self.states.pop(item_id, None)
        else:
            self.states[item_id] = state
        self.unsaved.pop(item_id, None)
        self.errors.pop(item_id, None)
        self._changed(item_id)

    def failed(self, item_id: str, state: AnswerState, error: str) -> None:
        """A save failed: keep the state on screen, marked unsaved."""
        self.pending.pop(item_id, None)
        self.unsaved[item_id] = state
        self.errors[item_id] = error
        self._changed(item_id)

    # -- applicability and cursor rules -------------------------------------------------

    def affected_by(self, item_id: str) -> set[str]:
        """The item and every item whose applicability depends on it (transitively): the
        only rows an answer to `item_id` can change."""
        dependents = self._dependents()
        found = {item_id}
        stack = [item_id]
        while stack:
            for child in dependents.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def _dependents(self) -> dict[str, list[str]]:
        """item id -> the items that depend on it directly."""
        dependents: dict[str, list[str]] | None = self.__dict__.get("_dependents_of")
        if dependents is None:
            dependents = {}
            for item in self.checklist.items:
                if item.depends_on is not None:
                    dependents.setdefault(item.depends_on.item, []).append(item.id)
            self.__dict__["_dependents_of"] = dependents
        return dependents

    def applicable_ids(self) -> set[str]:
        if self._applicable is None:
            values = self.values()
            applicable = self.checklist.applicable_items(values, self.org_tags)
            self._applicable = {i.id for i in applicable}
        return set(self._applicable)

    def next_applicable(self, after: str, applicable: set[str] | None = None) -> str | None:
        """The first applicable item after `after` in checklist order, or None at the end."""
        applicable = self.applicable_ids() if applicable is None else applicable
        for item_id in self.order[self._index[after] + 1 :]:
            if item_id in applicable:
                return item_id
        return None

    def previous_applicable(self, before: str, applicable: set[str] | None = None) -> str | None:
        applicable = self.applicable_ids() if applicable is None else applicable
        for item_id in reversed(self.order[: self._index[before]]):
            if item_id in applicable:
                return item_id
        return None

    def nearest_applicable(self, item_id: str) -> str | None:
        """The item itself if it applies, else the next, else the previous one."""
        applicable = self.applicable_ids()
        if item_id in applicable:
            return item_id
        return self.next_applicable(item_id, applicable) or self.previous_applicable(
            item_id, applicable
        )

    def next_unanswered(self, after: str | None) -> str | None:
        """The next applicable unanswered item after `after`, wrapping round; None if none."""
        applicable = self.applicable_ids()
        start = 0 if after is None else self._index[after] + 1
        rotated = self.order[start:] + self.order[:start]
        for item_id in rotated:
            if item_id in applicable and self.state(item_id).value is None:
                return item_id
        return None

    def resume_item(self) -> str | None:
        """Where the runner opens: the first unanswered item, else the first applicable."""
        first = self.next_unanswered(None)
        if first is not None:
            return first
        applicable = self.applicable_ids()
        return next((i for i in self.order if i in applicable), None)

    def section_start(self, item_id: str, step: int) -> str | None:
        """The first applicable item of the next (step=1) or previous (step=-1) section."""
        applicable = self.applicable_ids()
        sections = [s.id for s in self.checklist.sections]
        current = sections.index(self.item(item_id).section)
        index = current + step
        while 0 <= index < len(sections):
            for item in self.checklist.items_in(sections[index]):
                if item.id in applicable:
                    return item.id
            index += step
        return None

    def search(self, query: str, after: str | None, lang: str) -> str | None:
        """The next applicable item (wrapping) whose text, guidance or id contains `query`."""
        needle = fold(query.strip())
        if not needle:
            return None
        applicable = self.applicable_ids()
        start = 0 if after is None else self._index[after] + 1
        rotated = self.order[start:] + self.order[:start]
        for item_id in rotated:
            if item_id not in applicable:
                continue
            item = self._items[item_id]
            haystack = [item.id, item.text.get(lang), item.text.ja]
            if item.guidance is not None:
                haystack.append(item.guidance.get(lang))
            if any(needle in fold(text) for text in haystack):
                return item_id
        return None

    def progress(self) -> Progress:
        return progress(self.checklist, self.values(), self.org_tags)
