"""Reconciliation of a card ledger with the roster and the on-site check, and the findings
(指摘) it gives: cards still held by people who are retired, on leave or transferred; cards
with no holder; operators without a card; group cards nobody wrote in the usage log or
used by non-members; cards not seen or found elsewhere at the on-site check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from inspector.domain.cards.ledger import (
    Card,
    CardEvent,
    CardEventKind,
    CardKind,
    CardState,
    CardStatus,
    CardThresholds,
    CardUsage,
    CardUse,
    card_state,
)
from inspector.domain.dates import japan_time
from inspector.domain.findings import FindingDraft, FindingKind
from inspector.domain.model import Person, PersonStatus


class MismatchKind(StrEnum):
    HOLDER_RETIRED = "holder_retired"
    HOLDER_ON_LEAVE = "holder_on_leave"
    HOLDER_TRANSFERRED = "holder_transferred"
    NO_HOLDER = "no_holder"
    OPERATOR_WITHOUT_CARD = "operator_without_card"
    GROUP_CARD_UNUSED = "group_card_unused"
    USAGE_BY_NON_MEMBER = "usage_by_non_member"
    NOT_SEEN = "not_seen"
    FOUND_ELSEWHERE = "found_elsewhere"
    # A lost card stays a mismatch (walk9 H3, seed 002): recording the loss deals with the
    # card, not with why it was lost; above all one a retired, on-leave or transferred
    # person still held, which the ledger should have had back.
    LOST = "lost"
    LOST_HELD_BY_RETIRED = "lost_held_by_retired"
    LOST_HELD_BY_ON_LEAVE = "lost_held_by_on_leave"
    LOST_HELD_BY_TRANSFERRED = "lost_held_by_transferred"


_STATUS_MISMATCH = {
    PersonStatus.RETIRED: MismatchKind.HOLDER_RETIRED,
    PersonStatus.ON_LEAVE: MismatchKind.HOLDER_ON_LEAVE,
    PersonStatus.TRANSFERRED: MismatchKind.HOLDER_TRANSFERRED,
}


_LOST_MISMATCH = {
    MismatchKind.HOLDER_RETIRED: MismatchKind.LOST_HELD_BY_RETIRED,
    MismatchKind.HOLDER_ON_LEAVE: MismatchKind.LOST_HELD_BY_ON_LEAVE,
    MismatchKind.HOLDER_TRANSFERRED: MismatchKind.LOST_HELD_BY_TRANSFERRED,
}


def _leaver(person: Person, card: Card) -> MismatchKind | None:
    """Why `person` should no longer hold a card of `card`'s organization, if so."""
    kind = _STATUS_MISMATCH.get(person.status)
    if kind is None and person.organization_id != card.organization_id:
        kind = MismatchKind.HOLDER_TRANSFERRED
    return kind


@dataclass(frozen=True)
class Mismatch:
    """One disagreement between the ledger, the roster and the on-site check."""

    kind: MismatchKind
    card_id: int | None = None
    card_number: str = ""
    person_id: int | None = None
    person_name: str = ""
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message_key(self) -> str:
        return f"site.mismatch.{self.kind.value}"

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "card": self.card_number or None,
            "person_id": self.person_id,
            "person": self.person_name or None,
            **{k: v for k, v in self.params.items()},
        }


def reconcile(
    organization_id: int,
    cards: Sequence[Card],
    events: Iterable[CardEvent],
    people: Mapping[int, Person],
    *,
    operators: Iterable[int] = (),
    usages: Iterable[CardUsage] = (),
    today: date,
    thresholds: CardThresholds | None = None,
) -> list[Mismatch]:
    """Every mismatch of one organization's ledger against the roster, cards first in
    ledger order, then operators without a card."""
    thresholds = thresholds or CardThresholds()
    by_card: dict[int, list[CardEvent]] = {}
    for event in events:
        by_card.setdefault(event.card_id, []).append(event)
    usage_by_card: dict[int, list[CardUsage]] = {}
    for usage in usages:
        usage_by_card.setdefault(usage.card_id, []).append(usage)
    period_start = today - timedelta(days=thresholds.group_usage_period_days)
    found: list[Mismatch] = []
    covered: set[int] = set()  # operators who hold a personal operator card or are members

    def name(person_id: int | None) -> str:
        person = people.get(person_id) if person_id is not None else None
        return person.name if person else ""

    for card in sorted(cards, key=lambda c: (c.kind.value, c.number)):
        if card.organization_id != organization_id:
            continue
        state = card_state(card, by_card.get(card.id, ()))

        def mismatch(kind: MismatchKind, card: Card = card, **extra: object) -> Mismatch:
            return Mismatch(kind, card.id, card.number, **extra)  # type: ignore[arg-type]

        if state.last_check is CardEventKind.NOT_SEEN and state.status not in (
            CardStatus.LOST,
            CardStatus.RETURNED,
        ):
            found.append(mismatch(MismatchKind.NOT_SEEN))
        elif state.last_check is CardEventKind.FOUND_ELSEWHERE and state.in_use:
            found.append(
                mismatch(MismatchKind.FOUND_ELSEWHERE, params={"place": state.last_check_place})
            )
        if state.status is CardStatus.LOST:
            found.append(_lost(state, people))
        if not state.in_use:
            continue
        holders: list[int]
        if card.use is CardUse.PERSONAL:
            if state.holder_id is None or state.holder_id not in people:
                found.append(mismatch(MismatchKind.NO_HOLDER))
                continue
            holders = [state.holder_id]
        else:
            if not card.members and not card.group_name:
                found.append(mismatch(MismatchKind.NO_HOLDER))
            holders = [m for m in card.members if m in people]
        for person_id in holders:
            person = people[person_id]
            kind = _leaver(person, card)
            if kind is not None:
                found.append(mismatch(kind, person_id=person_id, person_name=person.name))
            elif card.kind is CardKind.OPERATOR:
                covered.add(person_id)
        if card.use is CardUse.GROUP:
            used = usage_by_card.get(card.id, [])
            recent = [u for u in used if japan_time(u.used_at).date() >= period_start]
            if not recent:
                found.append(
                    mismatch(
                        MismatchKind.GROUP_CARD_UNUSED,
                        params={"days": thresholds.group_usage_period_days},
                    )
                )
            members = set(card.members)
            outsiders: dict[str, int | None] = {}
            for usage in used:
                if usage.person_id is not None and usage.person_id in members:
                    continue
                label = name(usage.person_id) or usage.user_name
                outsiders.setdefault(label, usage.person_id)
            for label, user_id in sorted(outsiders.items()):
                found.append(
                    mismatch(MismatchKind.USAGE_BY_NON_MEMBER, person_id=user_id, person_name=label)
                )
    for operator_id in sorted(set(operators)):
        operator = people.get(operator_id)
        if operator is None or operator.status is not PersonStatus.ACTIVE:
            continue
        if operator_id not in covered:
            found.append(
                Mismatch(
                    MismatchKind.OPERATOR_WITHOUT_CARD,
                    person_id=operator_id,
                    person_name=operator.name,
                )
            )
    return found


def _lost(state: CardState, people: Mapping[int, Person]) -> Mismatch:
    """A lost card: held by someone who had left (the seed 002 case), or lost as such;
    the holder named (a group card: its group)."""
    card = state.card
    holder = people.get(state.holder_id) if state.holder_id is not None else None
    if holder is None:
        return Mismatch(MismatchKind.LOST, card.id, card.number, person_name=card.group_name)
    left = _leaver(holder, card)
    kind = _LOST_MISMATCH[left] if left is not None else MismatchKind.LOST
    return Mismatch(kind, card.id, card.number, person_id=holder.id, person_name=holder.name)


def mismatch_finding(
    mismatch: Mismatch,
    organization_id: int,
    session_id: int | None,
    t: Callable[..., str],
) -> FindingDraft:
    """A finding (指摘) for one mismatch of the card ledger."""
    values = {"card": mismatch.card_number, "person": mismatch.person_name, **mismatch.params}
    return FindingDraft(
        kind=FindingKind.FINDING,
        title=t(f"site.mismatch_title.{mismatch.kind.value}"),
        text=t(mismatch.message_key, **values),
        organization_id=organization_id,
        session_id=session_id,
        requested_measure=t(f"site.mismatch_measure.{mismatch.kind.value}"),
    )


def onsite_unchecked(states: Iterable[CardState], since: datetime) -> list[CardState]:
    """Cards in use that were not marked seen, not seen or found elsewhere since `since`."""
    return [s for s in states if s.in_use and (s.last_check_at is None or s.last_check_at < since)]
