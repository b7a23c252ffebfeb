"""The tables of a consolidation (`Consolidation`): items counted, the distribution's
buckets, reasons ranked, counts per staff type, and their JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ItemCount:
    item: str
    compliant: int
    noncompliant: int
    not_applicable: int
    unanswered: int
    answered: int
    applicable: int
    judged: bool

    @property
    def rate(self) -> float:
        return self.noncompliant / self.applicable if self.applicable else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "compliant": self.compliant,
            "noncompliant": self.noncompliant,
            "not_applicable": self.not_applicable,
            "unanswered": self.unanswered,
            "answered": self.answered,
            "applicable": self.applicable,
            "rate": round(self.rate, 4),
        }


@dataclass(frozen=True)
class Bucket:
    """Items broken by between `min` and `max` units (`max` None: no upper bound)."""

    min: int
    max: int | None
    items: int
    share: float
    item_ids: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self._range("-", "+")

    def label_ja(self) -> str:
        return self._range("～", "～")

    def _range(self, to: str, and_more: str) -> str:
        """`1-2`, `3+` (`1～2`, `3～`): the bounds joined by `to`, or `and_more` after the
        lower bound when there is no upper one."""
        if self.max is None:
            return f"{self.min}{and_more}"
        if self.max == self.min:
            return str(self.min)
        return f"{self.min}{to}{self.max}"

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "min": self.min,
            "max": self.max,
            "items": self.items,
            "share": round(self.share, 4),
            "item_ids": list(self.item_ids),
        }


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    label: str
    count: int


@dataclass(frozen=True)
class ItemReasons:
    item: str
    noncompliant: int
    reasons: tuple[ReasonCount, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "noncompliant": self.noncompliant,
            "reasons": [
                {"reason": r.reason, "label": r.label, "count": r.count} for r in self.reasons
            ],
        }


@dataclass(frozen=True)
class GroupCount:
    population: int
    items: dict[str, int]
    unions: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"population": self.population, "items": self.items, "unions": self.unions}


@dataclass(frozen=True)
class Consolidation:
    checklist: str
    unit: str
    population: int
    missing: int
    items: tuple[ItemCount, ...]
    distribution: tuple[Bucket, ...]
    unions: dict[str, int]
    reasons: tuple[ItemReasons, ...]
    groups: dict[str, GroupCount] | None = None
    by: str | None = None

    def item(self, item_id: str) -> ItemCount:
        for count in self.items:
            if count.item == item_id:
                return count
        raise KeyError(item_id)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "checklist": self.checklist,
            "unit": self.unit,
            "population": self.population,
            "missing": self.missing,
            "items": [c.to_json() for c in self.items],
            "distribution": [b.to_json() for b in self.distribution],
            "unions": dict(self.unions),
            "reasons": [r.to_json() for r in self.reasons],
        }
        if self.groups is not None:
            data["by"] = self.by
            data["groups"] = {g: c.to_json() for g, c in self.groups.items()}
        return data
