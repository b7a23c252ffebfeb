"""Checklists as data: the schema of `checklists/*.yaml` and the rules of applicability.

A checklist is validated with pydantic when it is loaded. Everything here is pure: the
YAML reading with line numbers lives in `checklist_loader`, storage elsewhere.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections.abc import Mapping
from enum import StrEnum
from functools import cached_property
from typing import Annotated, NamedTuple

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from inspector.i18n import Message, joined

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


class AnswerType(StrEnum):
    """How an item is answered."""

    COMPLIANCE = "compliance"
    YES_NO = "yes_no"
    CHOICE = "choice"
    NUMBER = "number"
    TEXT = "text"


class Unit(StrEnum):
    """Who a checklist is answered for: one answer set per department, or per person."""

    ORGANIZATION = "organization"
    RESPONDENT = "respondent"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalizedText(_Strict):
    """Text in Japanese (required) and English (optional)."""

    ja: str = Field(min_length=1)
    en: str | None = None

    @field_validator("ja")
    @classmethod
    def _ja_is_japanese(cls, value: str) -> str:
        if not _JAPANESE.search(value):
            raise ValueError(Message("more.checklist.no_japanese"))
        return value

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to Japanese."""
        if lang == "en" and self.en:
            return self.en
        return self.ja


class Choice(_Strict):
    """One option of a `choice` item; `key` is the canonical stored value."""

    key: Annotated[str, Field(pattern=ID_PATTERN)]
    label: LocalizedText


class Reason(_Strict):
    """A typical reason for non-compliance, offered to pick from."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    ja: str = Field(min_length=1)
    en: str | None = None

    def get(self, lang: str) -> str:
        if lang == "en" and self.en:
            return self.en
        return self.ja


class Dependency(_Strict):
    """The item applies only when item `item` was answered `answer`."""

    item: str
    answer: str


class Section(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: LocalizedText


class Item(_Strict):
    """One question of a checklist, with a stable id."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    section: str
    text: LocalizedText
    answer: AnswerType
    choices: list[Choice] = Field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    unit: LocalizedText | None = None
    guidance: LocalizedText | None = None
    evidence: LocalizedText | None = None
    # how an auditor writes the deficiency (「…を作成していなかった。」) and the measure the
    # office requests (「…を作成し、保存すること。」): proposed when a finding is raised
    finding: LocalizedText | None = None
    measure: LocalizedText | None = None
    reasons: list[Reason] = Field(default_factory=list)
    depends_on: Dependency | None = None
    applies_when: list[str] = Field(default_factory=list)
    # A compliance or yes/no item accepts 該当なし unless the checklist says it may not
    # (004: a department without a personal-data system answers the memo question 該当なし).
    allow_not_applicable: bool = True
    source: str | None = None

    @field_validator("minimum", "maximum")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError(Message("more.checklist.not_finite"))
        return value

    @field_validator("maximum")
    @classmethod
    def _maximum_not_below_minimum(cls, value: float | None, info: ValidationInfo) -> float | None:
        # on 'maximum' (not the item) so that the message names the line of `maximum:`
        minimum = info.data.get("minimum")
        if value is not None and minimum is not None and value < minimum:
            raise ValueError(
                Message(
                    "more.checklist.max_below_min", maximum=f"{value:g}", minimum=f"{minimum:g}"
                )
            )
        return value

    @model_validator(mode="after")
    def _choices_match_type(self) -> Item:
        if self.answer is AnswerType.CHOICE and not self.choices:
            raise ValueError(Message("more.checklist.needs_choices"))
        if self.answer is not AnswerType.CHOICE and self.choices:
            raise ValueError(
                Message("more.checklist.given_for", name="choices", answer=self.answer.value)
            )
        if self.answer is not AnswerType.NUMBER:
            for name in ("minimum", "maximum", "unit"):
                if getattr(self, name) is not None:
                    raise ValueError(
                        Message("more.checklist.given_for", name=name, answer=self.answer.value)
                    )
        if not self.allow_not_applicable and self.answer not in (
            AnswerType.COMPLIANCE,
            AnswerType.YES_NO,
        ):
            raise ValueError(
                Message(
                    "more.checklist.given_for",
                    name="allow_not_applicable",
                    answer=self.answer.value,
                )
            )
        keys = [c.key for c in self.choices]
        if len(keys) != len(set(keys)):
            raise ValueError(Message("more.checklist.duplicate_choices"))
        return self

    def allowed_values(self) -> tuple[str, ...] | None:
        """The canonical values this item accepts, or None for free number/text."""
        na = ("not_applicable",) if self.allow_not_applicable else ()
        if self.answer is AnswerType.COMPLIANCE:
            return ("compliant", "noncompliant", *na)
        if self.answer is AnswerType.YES_NO:
            return ("yes", "no", *na)
        if self.answer is AnswerType.CHOICE:
            return tuple(c.key for c in self.choices)
        return None


class Union(_Strict):
    """A named set of items counted once per unit (e.g. yes to q2 or q4 counts one person)."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    label: LocalizedText
    items: list[str] = Field(min_length=1)
    answer: str = "yes"


class Checklist(_Strict):
    """A whole checklist: sections, items, tabulation edges and unions."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: LocalizedText
    version: str
    unit: Unit
    description: LocalizedText | None = None
    source: str | None = None
    sections: list[Section] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)
    distribution: list[int] = Field(default_factory=lambda: [0, 1])
    unions: list[Union] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("distribution")
    @classmethod
    def _edges_ascending(cls, edges: list[int]) -> list[int]:
        if not edges or edges[0] != 0:
            raise ValueError(Message("more.checklist.edges_start"))
        if any(b <= a for a, b in itertools.pairwise(edges)):
            raise ValueError(Message("more.checklist.edges_ascending"))
        return edges

    @model_validator(mode="after")
    def _references_resolve(self) -> Checklist:
        problems = reference_problems(self)
        if problems:
            raise ChecklistProblems(problems)
        return self

    # -- queries ------------------------------------------------------------------------

    @cached_property
    def digest(self) -> str:
        """What the checklist says, as a short hash (`content_digest` of its JSON form): the
        session counters name the checklist they were counted with."""
        return content_digest(self.model_dump(mode="json"))

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        # the first item of an id wins, as `item` always did (duplicates fail validation)
        index: dict[str, Item] = {}
        for item in self.items:
            index.setdefault(item.id, item)
        return index

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    # -- what counts as broken: the one rule (README, consolidation) -----------------------

    def broken_value(self, item: Item) -> str | None:
        """The stored value that counts as broken for `item`, or None when the item can not
        be broken: `noncompliant` for compliance items; for yes/no items `yes` in person
        checklists (hearing questions: "have you ever...?") and `no` in organization
        checklists (surveys of measures: "do you...?")."""
        if item.answer is AnswerType.COMPLIANCE:
            return "noncompliant"
        if item.answer is AnswerType.YES_NO:
            return "yes" if self.unit is Unit.RESPONDENT else "no"
        return None

    def is_broken(self, item: Item, value: str | None) -> bool:
        """Whether `value` answered to `item` counts against the unit (header, summary,
        findings, consolidation and documents all ask this)."""
        return value is not None and value == self.broken_value(item)

    def has_item(self, item_id: str) -> bool:
        return item_id in self._by_id

    def items_in(self, section_id: str) -> list[Item]:
        return [i for i in self.items if i.section == section_id]

    def applies(
        self, item: Item, answers: Mapping[str, str | None], org_tags: frozenset[str] | set[str]
    ) -> bool:
        """Whether `item` applies, given the unit's answers so far and its organization's tags.

        An item applies when its `applies_when` tags meet the organization's (any one
        suffices) and the item it depends on applies and was given the named answer, up the
        whole chain. An item that depends on an unanswered item does not apply yet.
        Walked as a loop (a chain may be thousands of items long); `applicability` answers
        for every item at once in linear time.
        """
        seen: set[str] = set()
        cursor: Item | None = item
        while cursor is not None:
            if cursor.applies_when and not (set(cursor.applies_when) & set(org_tags)):
                return False
            dep = cursor.depends_on
            if dep is None:
                return True
            if answers.get(dep.item) != dep.answer or dep.item in seen:
                return False  # (a cycle cannot pass validation; never loop on one)
            seen.add(dep.item)
            cursor = self._by_id.get(dep.item)
        return False

    def applicability(
        self, answers: Mapping[str, str | None], org_tags: frozenset[str] | set[str]
    ) -> dict[str, bool]:
        """Whether each item applies (as `applies`), for every item in one linear pass: each
        item is decided once, after the item it depends on."""
        tags = set(org_tags)
        result: dict[str, bool] = {}
        for item in self.items:
            if item.id in result:
                continue
            path: list[Item] = []  # undecided items, child first
            on_path: set[str] = set()
            cursor: Item | None = item
            while cursor is not None and cursor.id not in result and cursor.id not in on_path:
                path.append(cursor)
                on_path.add(cursor.id)
                dep = cursor.depends_on
                cursor = self._by_id.get(dep.item) if dep is not None else None
            for current in reversed(path):
                dep = current.depends_on
                ok = not current.applies_when or bool(set(current.applies_when) & tags)
                if ok and dep is not None:
                    # an unknown or cyclic parent (never in a validated checklist) is False
                    ok = result.get(dep.item, False) and answers.get(dep.item) == dep.answer
                result[current.id] = ok
        return result

    def applicable_items(
        self, answers: Mapping[str, str | None], org_tags: frozenset[str] | set[str]
    ) -> list[Item]:
        applicable = self.applicability(answers, org_tags)
        return [i for i in self.items if applicable[i.id]]

    def distribution_buckets(self) -> list[tuple[int, int | None]]:
        """The (min, max) of each bucket; max is None for the open last bucket."""
        edges = self.distribution
        buckets: list[tuple[int, int | None]] = []
        for index, low in enumerate(edges):
            high = edges[index + 1] - 1 if index + 1 < len(edges) else None
            buckets.append((low, high))
        return buckets


def content_digest(data: object) -> str:
    """A short hash of a checklist's JSON form (the same for the model and its cached data)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class Problem(NamedTuple):
    """One thing wrong with a checklist: where (`kind` 'item', 'section' or 'union', and
    the position and id of that entry) and what."""

    kind: str
    position: int
    ref_id: str
    message: str


class ChecklistProblems(ValueError):
    """Cross-reference problems found after the structure validated; one per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(joined([p.message for p in problems]))
        self.problems = problems


def reference_problems(checklist: Checklist) -> list[Problem]:
    """Duplicate ids, unknown sections, dangling or cyclic `depends_on`, unknown union items."""
    problems: list[Problem] = []
    seen_sections: set[str] = set()
    for index, section in enumerate(checklist.sections):
        if section.id in seen_sections:
            problems.append(
                Problem(
                    "section",
                    index,
                    section.id,
                    Message("more.checklist.duplicate_section", id=section.id),
                )
            )
        seen_sections.add(section.id)
    by_id: dict[str, Item] = {}
    for index, item in enumerate(checklist.items):
        if item.id in by_id:
            problems.append(
                Problem(
                    "item", index, item.id, Message("more.checklist.duplicate_item", id=item.id)
                )
            )
        else:
            by_id[item.id] = item
    for index, item in enumerate(checklist.items):
        if item.section not in seen_sections:
            problems.append(
                Problem(
                    "item",
                    index,
                    item.id,
                    Message("more.checklist.unknown_section", section=item.section),
                )
            )
        dep = item.depends_on
        if dep is None:
            continue
        target = by_id.get(dep.item)
        if target is None:
            problems.append(
                Problem(
                    "item",
                    index,
                    item.id,
                    Message("more.checklist.depends_unknown", item=dep.item),
                )
            )
            continue
        allowed = target.allowed_values()
        if allowed is not None and dep.answer not in allowed:
            problems.append(
                Problem(
                    "item",
                    index,
                    item.id,
                    Message(
                        "more.checklist.depends_answer",
                        answer=dep.answer,
                        item=dep.item,
                        allowed=", ".join(allowed),
                    ),
                )
            )
    problems.extend(_cycles(checklist, by_id))
    for index, union in enumerate(checklist.unions):
        for ref in union.items:
            if ref not in by_id:
                problems.append(
                    Problem(
                        "union", index, union.id, Message("more.checklist.unknown_item", item=ref)
                    )
                )
    return problems


def _cycles(checklist: Checklist, by_id: Mapping[str, Item]) -> list[Problem]:
    """One problem per `depends_on` cycle, at its first item in the file, naming its items.

    Each item is walked once (a chain already walked is not walked again), so a chain of
    thousands of items is checked in linear time."""
    position = {item.id: index for index, item in reversed(list(enumerate(checklist.items)))}
    done: set[str] = set()
    problems: list[Problem] = []
    for item in checklist.items:
        path: list[str] = []
        on_path: dict[str, int] = {}
        cursor: str | None = item.id
        while cursor is not None and cursor in by_id and cursor not in done:
            if cursor in on_path:
                cycle = path[on_path[cursor] :]
                first = min(cycle, key=position.__getitem__)
                start = cycle.index(first)
                ordered = cycle[start:] + cycle[:start]
                problems.append(
                    Problem(
                        "item",
                        position[first],
                        first,
                        Message("more.checklist.cycle", cycle=_cycle_text(ordered)),
                    )
                )
                break
            on_path[cursor] = len(path)
            path.append(cursor)
            dep = by_id[cursor].depends_on
            cursor = dep.item if dep is not None else None
        done.update(path)
    return problems


def _cycle_text(ids: list[str], shown: int = 6) -> str:
    """'a -> b -> c -> a', or the first few and the count for a long cycle."""
    if len(ids) <= shown:
        return " -> ".join([*ids, ids[0]])
    return " -> ".join(ids[:shown]) + f" -> ... ({len(ids)} items) -> {ids[0]}"
