"""The ID/password hearing (000): who has been heard, who answered "yes", and the follow-up
classification of each case into the patterns of `hearing_cases.yaml` (ケース1–6).

The basic hearing is the checklist `id-password-hearing`, answered once per person (role
head: the department head hears each member of staff). A person who answered "yes" to any
of the four questions is a *case*: the follow-up hearing sorts it into one pattern and may
flag it for a detailed hearing (詳細ヒアリング) with an access-log check. The shares are
computed over the classified cases, as the document reports them.

Pure: no interface or database imports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from inspector.domain import strict_yaml
from inspector.domain.checklist import AnswerType, Checklist, LocalizedText
from inspector.domain.model import Person, StaffType
from inspector.i18n import Message

HEARING_CHECKLIST_ID = "id-password-hearing"
"""The checklist of the basic hearing (checklists/id-password-hearing.yaml)."""

CASES_FILE = Path(__file__).resolve().parent / "hearing_cases.yaml"

YES = "yes"
_CASE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class HearingCasesError(ValueError):
    """The patterns file cannot be read or is not valid."""


class UnknownCase(LookupError):
    def __init__(self, case_id: str, known: Sequence[str]) -> None:
        super().__init__(f"unknown case '{case_id}' (known: {', '.join(known)})")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HearingCase(_Strict):
    """One pattern of the follow-up hearing."""

    id: str
    label: LocalizedText
    summary: LocalizedText
    description: LocalizedText
    detailed_hearing: bool = False
    """The default of the detailed-hearing flag when a case is put in this pattern."""
    share: float | None = Field(default=None, ge=0, le=100)
    """The share the source document reports, for reference."""

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _CASE_ID.match(value):
            raise ValueError(Message("more.hearing.case_id", id=value))
        return value


class HearingCases(_Strict):
    """The patterns in the order they are listed and numbered on screen."""

    source: str = ""
    cases: list[HearingCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> HearingCases:
        seen: set[str] = set()
        for case in self.cases:
            if case.id in seen:
                raise ValueError(Message("more.hearing.case_twice", id=case.id))
            seen.add(case.id)
        return self

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cases)

    def get(self, case_id: str) -> HearingCase:
        for case in self.cases:
            if case.id == case_id:
                return case
        raise UnknownCase(case_id, self.ids)

    def __contains__(self, case_id: object) -> bool:
        return case_id in self.ids

    def __iter__(self):  # type: ignore[no-untyped-def]  # pydantic's __iter__ yields fields
        return iter(self.cases)

    def __len__(self) -> int:
        return len(self.cases)


def load_hearing_cases(path: Path | None = None) -> HearingCases:
    """The patterns from `hearing_cases.yaml` (or an office's own file of the same shape)."""
    source = path or CASES_FILE
    data = strict_yaml.load_file(source, Message("more.yaml.what.hearing_cases"), HearingCasesError)
    try:
        return HearingCases.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise HearingCasesError(f"{source}: {problems}") from exc


# -- the basic hearing -------------------------------------------------------------------------


def is_hearing_checklist(checklist: Checklist) -> bool:
    """The ID/password hearing (walk9 M7): a 「はい」 there is 該当あり, a case to classify
    (`k`), not 不遵守 (the header counts it as such), and it has no 要因 to record."""
    return checklist.id == HEARING_CHECKLIST_ID


def hearing_questions(checklist: Checklist) -> tuple[str, ...]:
    """The main questions: yes/no items that depend on no other item (q1..q4)."""
    return tuple(
        item.id
        for item in checklist.items
        if item.answer is AnswerType.YES_NO and item.depends_on is None
    )


def yes_questions(answers: Mapping[str, str | None], questions: Iterable[str]) -> tuple[str, ...]:
    """The questions answered "yes", in question order."""
    return tuple(q for q in questions if answers.get(q) == YES)


def has_any_yes(answers: Mapping[str, str | None], questions: Iterable[str]) -> bool:
    """The rule of 000: a person who answered "yes" to any question is a case to follow up."""
    return bool(yes_questions(answers, questions))


class HearingStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    HEARD = "heard"


def hearing_status(
    answers: Mapping[str, str | None], questions: Sequence[str], *, completed: bool = False
) -> HearingStatus:
    """Heard when every main question is answered (or the session was completed)."""
    if completed or (questions and all(answers.get(q) for q in questions)):
        return HearingStatus.HEARD
    if any(v for v in answers.values()):
        return HearingStatus.IN_PROGRESS
    return HearingStatus.NOT_STARTED


@dataclass(frozen=True)
class Classification:
    """One classification of a case; a reclassification is a newer row, the old ones stay."""

    id: int
    session_id: int
    case_id: str
    detailed_hearing: bool
    note: str
    classified_by: str
    classified_at: datetime


@dataclass(frozen=True)
class PersonHearing:
    """One person of the roster and where their hearing stands."""

    person: Person
    session_id: int | None
    status: HearingStatus
    yes: tuple[str, ...] = ()
    classification: Classification | None = None
    heard_by: str | None = None  # the manager who heard the person; None: not known

    @property
    def is_case(self) -> bool:
        return bool(self.yes)

    @property
    def needs_classification(self) -> bool:
        return self.is_case and self.classification is None


def needs_classification(rows: Iterable[PersonHearing]) -> list[PersonHearing]:
    """The cases not classified yet."""
    return [r for r in rows if r.needs_classification]


@dataclass(frozen=True)
class HearingProgress:
    total: int
    heard: int
    in_progress: int
    cases: int
    classified: int
    detailed: int

    @property
    def not_started(self) -> int:
        return self.total - self.heard - self.in_progress

    @property
    def to_classify(self) -> int:
        return self.cases - self.classified


def hearing_progress(rows: Sequence[PersonHearing]) -> HearingProgress:
    classified = [r for r in rows if r.is_case and r.classification is not None]
    return HearingProgress(
        total=len(rows),
        heard=sum(r.status is HearingStatus.HEARD for r in rows),
        in_progress=sum(r.status is HearingStatus.IN_PROGRESS for r in rows),
        cases=sum(r.is_case for r in rows),
        classified=len(classified),
        detailed=sum(
            r.classification is not None and r.classification.detailed_hearing for r in classified
        ),
    )


@dataclass(frozen=True)
class CaseCount:
    case_id: str
    count: int
    share: float
    """Percent of the classified cases, one decimal (0.0 when none is classified)."""


def share(count: int, total: int) -> float:
    return round(count * 100 / total, 1) if total else 0.0


def case_counts(case_ids: Iterable[str], cases: HearingCases) -> list[CaseCount]:
    """Count per pattern, in the patterns' order, with shares of all classified cases.
    Ids no longer in the patterns file (an office changed it) are counted at the end."""
    counter = Counter(case_ids)
    total = sum(counter.values())
    order = list(cases.ids) + sorted(k for k in counter if k not in cases)
    return [CaseCount(k, counter.get(k, 0), share(counter.get(k, 0), total)) for k in order]


def yes_counts_by_staff_type(
    rows: Iterable[PersonHearing], questions: Sequence[str]
) -> dict[str, dict[StaffType, int]]:
    """People answering "yes" per question and staff type (000's table); one person counts
    once per question."""
    table = {q: dict.fromkeys(StaffType, 0) for q in questions}
    for row in rows:
        for q in row.yes:
            if q in table:
                table[q][row.person.staff_type] += 1
    return table


__all__ = [
    "CASES_FILE",
    "HEARING_CHECKLIST_ID",
    "CaseCount",
    "Classification",
    "HearingCase",
    "HearingCases",
    "HearingCasesError",
    "HearingProgress",
    "HearingStatus",
    "PersonHearing",
    "UnknownCase",
    "case_counts",
    "has_any_yes",
    "hearing_progress",
    "hearing_questions",
    "hearing_status",
    "is_hearing_checklist",
    "load_hearing_cases",
    "needs_classification",
    "share",
    "yes_counts_by_staff_type",
]
