"""How one item stands for one unit (`Outcome`): what counts as broken for an item, and
the reasons of one answer as they are counted (the rules are in the package's docstring).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from inspector.domain.checklist import AnswerType, Checklist, Item


class Outcome(StrEnum):
    """How one item stands for one unit."""

    COMPLIANT = "compliant"
    NONCOMPLIANT = "noncompliant"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"
    ANSWERED = "answered"  # a choice, number or text answer: neither compliant nor broken


def is_judged(item: Item) -> bool:
    """Whether the item can be broken (compliance and yes/no items)."""
    return item.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO)


def broken_value(checklist: Checklist, item: Item) -> str | None:
    """The stored value that counts as broken for this item, or None for unjudged items
    (`Checklist.broken_value`, the one rule)."""
    return checklist.broken_value(item)


def value_outcome(checklist: Checklist, item: Item, value: str | None) -> Outcome:
    """The outcome of an answer to an item that applies."""
    if value is None:
        return Outcome.UNANSWERED
    if item.answer is AnswerType.COMPLIANCE:
        if value == "noncompliant":
            return Outcome.NONCOMPLIANT
        if value == "not_applicable":
            return Outcome.NOT_APPLICABLE
        if value == "compliant":
            return Outcome.COMPLIANT
        return Outcome.ANSWERED
    if item.answer is AnswerType.YES_NO:
        if value == "not_applicable":
            return Outcome.NOT_APPLICABLE
        if value not in ("yes", "no"):
            return Outcome.ANSWERED
        return Outcome.NONCOMPLIANT if value == broken_value(checklist, item) else Outcome.COMPLIANT
    return Outcome.ANSWERED


def classify(
    checklist: Checklist,
    item: Item,
    values: Mapping[str, str | None],
    org_tags: frozenset[str] | set[str],
) -> Outcome:
    """The outcome of `item` for a unit with these answers and organization tags."""
    if not checklist.applies(item, values, org_tags):
        return Outcome.NOT_APPLICABLE
    return value_outcome(checklist, item, values.get(item.id))


def answer_reasons(reasons: Iterable[str], reason_text: str = "") -> tuple[str, ...]:
    """The reasons of one answer as counted: the picked reason ids, then the free text."""
    picked = tuple(r for r in reasons if r)
    text = reason_text.strip()
    return (*picked, text) if text else picked
