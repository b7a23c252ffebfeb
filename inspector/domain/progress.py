"""How far a session has got: answered, applicable, broken (`Checklist.is_broken`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from inspector.domain.checklist import Checklist
from inspector.domain.hearing import is_hearing_checklist


@dataclass(frozen=True)
class Progress:
    applicable: int
    answered: int
    noncompliant: int
    not_applicable: int
    hearing: bool = False
    """A hearing's count: `noncompliant` is the questions answered 「はい」 (該当あり)."""

    @property
    def unanswered(self) -> int:
        return self.applicable - self.answered

    @property
    def done(self) -> bool:
        return self.applicable > 0 and self.answered >= self.applicable


def progress(
    checklist: Checklist, values: Mapping[str, str | None], org_tags: frozenset[str] | set[str]
) -> Progress:
    """Counts over the items that apply; answers to items that no longer apply are ignored."""
    applicable = checklist.applicable_items(values, org_tags)
    answered = [i for i in applicable if values.get(i.id) is not None]
    return Progress(
        applicable=len(applicable),
        answered=len(answered),
        noncompliant=sum(1 for i in answered if checklist.is_broken(i, values.get(i.id))),
        not_applicable=sum(1 for i in answered if values.get(i.id) == "not_applicable"),
        hearing=is_hearing_checklist(checklist),
    )
