"""One checklist's items by id and what a cell's text means for each item, memoised: the
lookups `answers_import` makes once per import (the same 遵守 on 55,000 rows is normalised
once)."""

from __future__ import annotations

from inspector.domain.answers import InvalidAnswer, normalize_answer
from inspector.domain.checklist import Checklist, Item, Unit
from inspector.domain.model import Role
from inspector.exchange.answers_values import split_reasons

MEMO = 4096  # distinct cell texts kept interpreted per kind, then the memo starts again


class ChecklistLookup:
    """One checklist's items by id, and what a cell's text means for each item."""

    def __init__(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self.items: dict[str, Item] = {item.id: item for item in checklist.items}
        self.per_respondent = checklist.unit is Unit.RESPONDENT
        self.role = Role.OPERATOR if self.per_respondent else Role.HEAD
        self.answers: dict[tuple[str, str], str | InvalidAnswer | None] = {}
        self.reasons: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {}

    def answer(self, item: Item, raw: str) -> str | InvalidAnswer | None:
        key = (item.id, raw)
        try:
            return self.answers[key]
        except KeyError:
            pass
        if len(self.answers) > MEMO:
            self.answers.clear()
        try:
            found: str | InvalidAnswer | None = normalize_answer(item, raw)
        except InvalidAnswer as exc:
            found = exc
        self.answers[key] = found
        return found

    def reason(self, item: Item, raw: str) -> tuple[tuple[str, ...], str]:
        if not raw:
            return (), ""
        key = (item.id, raw)
        found = self.reasons.get(key)
        if found is None:
            if len(self.reasons) > MEMO:
                self.reasons.clear()
            found = self.reasons[key] = split_reasons(item, raw)
        return found


__all__ = ["MEMO", "ChecklistLookup"]
