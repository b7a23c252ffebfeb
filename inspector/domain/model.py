"""The plain domain objects: organizations, people, sessions, answers and their history.

These are what the store returns and what the interface and documents consume. They
carry no database identity beyond an integer id and hold no connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class StaffType(StrEnum):
    """Employment type, used to count survey answers by type (000's table)."""

    REGULAR = "regular"
    PART_TIME = "part_time"
    TEMPORARY = "temporary"
    DISPATCHED = "dispatched"


STAFF_TYPE_JA: dict[StaffType, str] = {
    StaffType.REGULAR: "職員",
    StaffType.PART_TIME: "非常勤嘱託員",
    StaffType.TEMPORARY: "臨時的任用職員",
    StaffType.DISPATCHED: "派遣労働者",
}


class PersonStatus(StrEnum):
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    TRANSFERRED = "transferred"
    RETIRED = "retired"


PERSON_STATUS_JA: dict[PersonStatus, str] = {
    PersonStatus.ACTIVE: "在職",
    PersonStatus.ON_LEAVE: "休職",
    PersonStatus.TRANSFERRED: "異動",
    PersonStatus.RETIRED: "退職",
}


class Role(StrEnum):
    """Who answers a session."""

    INSPECTOR = "inspector"
    HEAD = "head"
    OPERATOR = "operator"


class SessionKind(StrEnum):
    """A visit by an inspector, or a self-check by the department or the person."""

    INSPECTION = "inspection"
    SELF_CHECK = "self_check"


class SessionStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"


class SessionSource(StrEnum):
    """Where a session's answers came from; imported ones count as completed."""

    LOCAL = "local"
    CSV = "csv"
    BUNDLE = "bundle"


@dataclass(frozen=True)
class Organization:
    id: int
    code: str
    name: str
    parent_id: int | None = None
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Person:
    id: int
    staff_number: str
    name: str
    organization_id: int | None
    staff_type: StaffType
    status: PersonStatus


@dataclass(frozen=True)
class InspectionSession:
    """One visit or self-check: a checklist answered for one organization or person."""

    id: int
    uid: str
    checklist_id: str
    checklist_version: str
    organization_id: int
    respondent_id: int | None
    role: Role
    kind: SessionKind
    session_date: date
    status: SessionStatus
    source: SessionSource
    inspector_name: str | None = None
    inspector_organization_id: int | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None
    not_independent: bool = False
    heard_by: str | None = None
    """A hearing's manager (聴取した管理者); None: not known."""

    @property
    def is_completed(self) -> bool:
        return self.status is SessionStatus.COMPLETED


@dataclass(frozen=True)
class AnswerState:
    """Everything recorded for one item: the answer and what explains it."""

    value: str | None = None
    reasons: tuple[str, ...] = ()
    reason_text: str = ""
    note: str = ""
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "value": self.value,
            "reasons": list(self.reasons),
            "reason_text": self.reason_text,
            "note": self.note,
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_json(cls, data: dict[str, object] | None) -> AnswerState:
        if not data:
            return cls()
        value = data.get("value")
        return cls(
            value=str(value) if value is not None else None,
            reasons=tuple(str(r) for r in _as_list(data.get("reasons"))),
            reason_text=str(data.get("reason_text") or ""),
            note=str(data.get("note") or ""),
            evidence=tuple(str(e) for e in _as_list(data.get("evidence"))),
        )

    @property
    def is_empty(self) -> bool:
        return self == AnswerState()


@dataclass(frozen=True)
class Answer:
    session_id: int
    item_id: str
    state: AnswerState
    answered_by: str
    answered_at: datetime

    @property
    def value(self) -> str | None:
        return self.state.value


@dataclass(frozen=True)
class AnswerChange:
    """One entry of the append-only change log."""

    id: int
    session_id: int
    item_id: str
    action: str
    old: AnswerState
    new: AnswerState
    changed_by: str
    changed_at: datetime


@dataclass(frozen=True)
class SessionSummary:
    """A session with the numbers the home screen lists."""

    session: InspectionSession
    organization: Organization
    respondent: Person | None
    answered: int
    total: int
    noncompliant: int
    checklist_title: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def _as_list(value: object) -> list[object]:
    if isinstance(value, list | tuple):
        return list(value)
    return []
