"""Findings, improvement plans and their dated measure entries; auditor independence.

Follows the follow-up report of 001: a finding (指摘) or opinion (意見) is answered by the
audited head with an improvement plan, whose progress is a history of dated entries
(措置済 done, 継続努力 ongoing, 検討中 considering) that are appended, never overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from inspector.domain.model import AnswerState, Organization

if TYPE_CHECKING:  # annotations only: the listings need no checklist models (pydantic)
    from inspector.domain.checklist import Checklist, Item


class FindingKind(StrEnum):
    FINDING = "finding"  # 指摘: a defect that must be remedied
    OPINION = "opinion"  # 意見: a recommendation
    RISK = "risk"  # リスク発現の可能性があるもの


FINDING_KIND_JA = {
    FindingKind.FINDING: "指摘",
    FindingKind.OPINION: "意見",
    FindingKind.RISK: "リスク",
}


class MeasureStatus(StrEnum):
    DONE = "done"  # 措置済
    ONGOING = "ongoing"  # 継続努力
    CONSIDERING = "considering"  # 検討中


MEASURE_STATUS_JA = {
    MeasureStatus.DONE: "措置済",
    MeasureStatus.ONGOING: "継続努力",
    MeasureStatus.CONSIDERING: "検討中",
}


@dataclass(frozen=True)
class FindingDraft:
    """What the inspector edits before saving a finding."""

    kind: FindingKind
    title: str
    text: str
    organization_id: int
    session_id: int | None = None
    items: tuple[str, ...] = ()
    answers: Mapping[str, str | None] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()
    requested_measure: str = ""
    layout: dict[str, object] | None = None
    requested_deadline: date | None = None


@dataclass(frozen=True)
class Finding:
    id: int
    uid: str
    kind: FindingKind
    title: str
    text: str
    organization_id: int
    session_id: int | None
    items: tuple[str, ...]
    answers: Mapping[str, str | None]
    evidence: tuple[str, ...]
    requested_measure: str
    created_by: str
    created_at: datetime
    layout: dict[str, object] | None = None
    requested_deadline: date | None = None
    """期限: the deadline the notice requests for this finding (None: the form's reply days)."""
    withdrawn_at: datetime | None = None
    """When the finding was withdrawn (取下げ); a withdrawn finding is on no document."""
    withdrawn_by: str | None = None
    withdrawn_reason: str = ""

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


@dataclass(frozen=True)
class MeasureEntry:
    id: int
    plan_id: int
    status: MeasureStatus
    entry_date: date
    text: str
    recorded_by: str
    recorded_at: datetime
    uid: str = ""
    """Unique across offices (bundles merge by it); a workbook's entries have one derived
    from the workbook, so that its later collects know them (`services/plans_stale.py`)."""


@dataclass(frozen=True)
class ImprovementPlan:
    id: int
    uid: str
    finding_id: int
    measures: str
    responsible_organization_id: int
    responsible_person: str
    deadline: date
    created_at: datetime
    entries: tuple[MeasureEntry, ...] = ()

    @property
    def latest(self) -> MeasureEntry | None:
        """The newest entry by date (ties: the later recorded)."""
        if not self.entries:
            return None
        return max(self.entries, key=lambda e: (e.entry_date, e.recorded_at, e.id))

    @property
    def status(self) -> MeasureStatus | None:
        latest = self.latest
        return latest.status if latest else None

    def is_done(self) -> bool:
        return self.status is MeasureStatus.DONE

    def is_overdue(self, today: date) -> bool:
        """Past its deadline and not done."""
        return self.deadline < today and not self.is_done()

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days


def proposed_title(checklist: Checklist, item: Item, lang: str = "ja") -> str:
    """The title a finding proposed from `item` gets: the item's text (the norm), in
    Japanese with the checklist's name when short."""
    title = item.text.get(lang)
    if lang == "ja":
        title = f"{title}（{checklist.title.ja}）" if len(title) < 40 else title
    return title


def norm_texts(checklist: Checklist, item: Item) -> tuple[str, ...]:
    """What a title that only restates `item` reads: its texts and its proposed titles."""
    texts = (item.text.ja, proposed_title(checklist, item, "ja"), item.text.en)
    return tuple(dict.fromkeys(t for t in texts if t))


def propose_finding(
    checklist: Checklist,
    item: Item,
    state: AnswerState,
    organization_id: int,
    session_id: int | None,
    lang: str = "ja",
) -> FindingDraft:
    """A finding proposed from a noncompliant answer: the deficiency as the item's `finding`
    text states it, then the reasons picked. The note (メモ) is the inspector's private
    record and is not copied: the finding editor offers to insert it."""
    reasons = [r.get(lang) for r in item.reasons if r.id in state.reasons]
    if state.reason_text:
        reasons.append(state.reason_text)
    parts = [deficiency(item, lang)]
    if reasons:
        parts.append(
            "要因：" + "、".join(reasons).rstrip("。") + "。"
            if lang == "ja"
            else "Reasons: " + "; ".join(reasons).rstrip(".") + "."
        )
    title = proposed_title(checklist, item, lang)
    return FindingDraft(
        kind=FindingKind.FINDING,
        title=title,
        text="\n".join(parts),
        organization_id=organization_id,
        session_id=session_id,
        items=(item.id,),
        answers={item.id: state.value},
        evidence=state.evidence,
        requested_measure=requested_measure(item, lang),
    )


def deficiency(item: Item, lang: str = "ja") -> str:
    """What was found wanting: the item's `finding` text, or (a user checklist without one,
    or English where the checklist gives only Japanese) that the requirement was not met."""
    if item.finding is not None and (lang == "ja" or item.finding.en):
        return item.finding.get(lang)
    requirement = item.text.get(lang).rstrip("。.")
    if lang == "ja":
        return f"「{requirement}」が守られていなかった。"
    return f"Not met: {requirement}."


def requested_measure(item: Item, lang: str = "ja") -> str:
    """The measure a finding asks for: the item's `measure` text, or (a user checklist
    without one) that the item's requirement be met. (The item's guidance says how an
    inspector verifies it, which is not a measure for the head.)"""
    if item.measure is not None and (lang == "ja" or item.measure.en):
        return item.measure.get(lang)
    requirement = item.text.get(lang).rstrip("。.")
    if lang == "ja":
        return f"「{requirement}」が守られるよう、必要な措置を講じること。"
    return f"Take the measures needed so that: {requirement}."


def insert_note(text: str, note: str, lang: str = "ja") -> str:
    """The finding text with the inspector's note added as an observed fact, when the
    inspector chooses to print it (the editor's メモを挿入)."""
    note = note.strip()
    if not note or note in text:
        return text
    line = f"状況：{note}" if lang == "ja" else f"Observed: {note}"
    return f"{text.rstrip()}\n{line}" if text.strip() else line


def independence_conflict(
    inspector_organization_id: int | None,
    audited: Organization,
    organizations: Mapping[int, Organization],
) -> bool:
    """True when the inspector belongs to the audited organization or to a division above
    it (001: the audited section audited itself)."""
    if inspector_organization_id is None:
        return False
    cursor: Organization | None = audited
    seen: set[int] = set()
    while cursor is not None and cursor.id not in seen:
        if cursor.id == inspector_organization_id:
            return True
        seen.add(cursor.id)
        cursor = organizations.get(cursor.parent_id) if cursor.parent_id is not None else None
    return False


@dataclass(frozen=True)
class PlanFilter:
    """The plans screen's and `inspector plans`'s filters."""

    organization_id: int | None = None
    kind: FindingKind | None = None
    status: MeasureStatus | None = None
    overdue_only: bool = False
    due_within_days: int | None = None


def filter_plans(
    plans: Sequence[tuple[Finding, ImprovementPlan]], flt: PlanFilter, today: date
) -> list[tuple[Finding, ImprovementPlan]]:
    """Matching plans sorted by deadline (earliest first)."""
    result = []
    for finding, plan in plans:
        if (
            flt.organization_id is not None
            and plan.responsible_organization_id != flt.organization_id
        ):
            continue
        if flt.kind is not None and finding.kind is not flt.kind:
            continue
        if flt.status is not None and plan.status is not flt.status:
            continue
        if flt.overdue_only and not plan.is_overdue(today):
            continue
        if flt.due_within_days is not None and (
            plan.is_done() or plan.days_left(today) > flt.due_within_days
        ):
            continue
        result.append((finding, plan))
    return sorted(result, key=lambda fp: (fp[1].deadline, fp[1].id))
