"""Card ledgers: an organization's entrance and key cards, each card's dated events
(issue, return, loss, suspension, ...) and the usage log; events and usage lines are only
ever appended. Every write is one committed transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from inspector.domain.cards import (
    LOSS_EVENTS,
    Card,
    CardEvent,
    CardEventKind,
    CardKind,
    CardState,
    CardUsage,
    CardUse,
    card_state,
)
from inspector.domain.model import Role
from inspector.i18n import Message
from inspector.store.errors import NotFound
from inspector.store.repositories.base import DbGuard, RepositoryBase
from inspector.store.tables import CardEventRow, CardRow, CardUsageRow, SessionRow
from inspector.store.types import utcnow


class DuplicateCard(LookupError):
    """A card number that the organization's ledger already has."""


@dataclass(frozen=True)
class NewCard:
    """A card to add, with its first issue when it is already lent out."""

    organization_id: int
    number: str
    kind: CardKind
    use: CardUse
    group_name: str = ""
    members: tuple[int, ...] = ()
    note: str = ""
    holder_id: int | None = None
    issued_at: datetime | None = None


@dataclass(frozen=True)
class NewUsage:
    card_id: int
    used_at: datetime
    user_name: str
    person_id: int | None = None
    purpose: str = ""
    source: str = "site"


@dataclass(frozen=True)
class Ledger:
    """One organization's cards with everything needed to reconcile them."""

    cards: list[Card]
    events: list[CardEvent]
    usages: list[CardUsage]

    def states(self) -> list[CardState]:
        by_card: dict[int, list[CardEvent]] = {}
        for event in self.events:
            by_card.setdefault(event.card_id, []).append(event)
        return [card_state(c, by_card.get(c.id, ())) for c in self.cards]


def _card(row: CardRow) -> Card:
    assert row.id is not None
    return Card(
        id=row.id,
        organization_id=row.organization_id,
        number=row.number,
        kind=CardKind(row.kind),
        use=CardUse(row.use),
        group_name=row.group_name,
        members=tuple(int(m) for m in row.members or ()),
        note=row.note,
    )


def _event(row: CardEventRow) -> CardEvent:
    assert row.id is not None
    return CardEvent(
        id=row.id,
        card_id=row.card_id,
        kind=CardEventKind(row.kind),
        at=row.at,
        recorded_by=row.recorded_by,
        person_id=row.person_id,
        place=row.place,
        note=row.note,
    )


def _usage(row: CardUsageRow) -> CardUsage:
    assert row.id is not None
    return CardUsage(
        id=row.id,
        card_id=row.card_id,
        used_at=row.used_at,
        user_name=row.user_name,
        person_id=row.person_id,
        purpose=row.purpose,
        source=row.source,
        recorded_by=row.recorded_by,
    )


class CardRepository(RepositoryBase):
    """Adds cards, appends their events and usage lines, and reads an organization's
    ledger."""

    def add_cards(self, cards: Sequence[NewCard], actor: str) -> list[Card]:
        """Add every card (and the first issue of those already lent) or none."""
        now = utcnow()
        added: list[Card] = []
        with DbGuard(), self._db() as db:
            for new in cards:
                row = CardRow(
                    organization_id=new.organization_id,
                    number=new.number,
                    kind=new.kind.value,
                    use=new.use.value,
                    group_name=new.group_name,
                    members=list(new.members),
                    note=new.note,
                    created_by=actor,
                    created_at=now,
                )
                db.flush()  # the previous card's event first: its failure is no duplicate
                db.add(row)
                try:
                    db.flush()
                except IntegrityError as exc:
                    db.rollback()
                    raise DuplicateCard(f"card '{new.number}' is already in the ledger") from exc
                assert row.id is not None
                if new.issued_at is not None:
                    db.add(
                        CardEventRow(
                            card_id=row.id,
                            kind=CardEventKind.ISSUE.value,
                            at=new.issued_at,
                            person_id=new.holder_id,
                            recorded_by=actor,
                            recorded_at=now,
                        )
                    )
                added.append(_card(row))
            db.commit()
        return added

    def add_card(self, card: NewCard, actor: str) -> Card:
        return self.add_cards([card], actor)[0]

    def cards(self, organization_id: int | None = None) -> list[Card]:
        with self._db() as db:
            query = select(CardRow).order_by(CardRow.organization_id, CardRow.kind, CardRow.number)
            if organization_id is not None:
                query = query.where(CardRow.organization_id == organization_id)
            return [_card(r) for r in db.exec(query).scalars()]  # type: ignore[call-overload]

    def card(self, card_id: int) -> Card:
        with self._db() as db:
            row = db.get(CardRow, card_id)
            if row is None:
                raise NotFound(Message("time5.record.card", id=card_id))
            return _card(row)

    def card_numbers(self) -> dict[tuple[int, str], int]:
        """(organization id, number) -> card id, for resolving imported rows."""
        with self._db() as db:
            rows = db.exec(select(CardRow.id, CardRow.organization_id, CardRow.number)).all()  # type: ignore[call-overload]
            return {(org, number): cid for cid, org, number in rows}

    def record_event(
        self,
        card_id: int,
        kind: CardEventKind,
        actor: str,
        *,
        at: datetime | None = None,
        person_id: int | None = None,
        place: str = "",
        note: str = "",
        session_id: int | None = None,
    ) -> CardEvent:
        """Append one dated event to a card's history."""
        if kind is CardEventKind.LOSS:
            return self.mark_lost(card_id, actor, at=at, note=note, session_id=session_id)[0]
        return self._append(card_id, [kind], actor, at, person_id, place, note, session_id)[0]

    def mark_lost(
        self,
        card_id: int,
        actor: str,
        *,
        at: datetime | None = None,
        note: str = "",
        session_id: int | None = None,
    ) -> list[CardEvent]:
        """The loss and the card's suspension, at the same moment, in one transaction."""
        return self._append(card_id, list(LOSS_EVENTS), actor, at, None, "", note, session_id)

    def _append(
        self,
        card_id: int,
        kinds: list[CardEventKind],
        actor: str,
        at: datetime | None,
        person_id: int | None,
        place: str,
        note: str,
        session_id: int | None,
    ) -> list[CardEvent]:
        now = utcnow()
        with DbGuard(), self._db() as db:
            if db.get(CardRow, card_id) is None:
                raise NotFound(Message("time5.record.card", id=card_id))
            rows = [
                CardEventRow(
                    card_id=card_id,
                    kind=kind.value,
                    at=at or now,
                    person_id=person_id,
                    place=place,
                    note=note,
                    session_id=session_id,
                    recorded_by=actor,
                    recorded_at=now,
                )
                for kind in kinds
            ]
            db.add_all(rows)
            db.commit()
            return [_event(r) for r in rows]

    def add_usages(self, usages: Sequence[NewUsage], actor: str) -> int:
        """Append usage log lines (all or none)."""
        now = utcnow()
        with DbGuard(), self._db() as db:
            for usage in usages:
                db.add(
                    CardUsageRow(
                        card_id=usage.card_id,
                        used_at=usage.used_at,
                        person_id=usage.person_id,
                        user_name=usage.user_name,
                        purpose=usage.purpose,
                        source=usage.source,
                        recorded_by=actor,
                        recorded_at=now,
                    )
                )
            db.commit()
        return len(usages)

    def ledger(self, organization_id: int) -> Ledger:
        cards = self.cards(organization_id)
        ids = [c.id for c in cards]
        with self._db() as db:
            events: list[CardEvent] = []
            usages: list[CardUsage] = []
            if ids:
                events = [
                    _event(r)
                    for r in db.exec(
                        select(CardEventRow)
                        .where(CardEventRow.card_id.in_(ids))  # type: ignore[attr-defined]
                        .order_by(CardEventRow.at, CardEventRow.id)
                    ).scalars()  # type: ignore[call-overload]
                ]
                usages = [
                    _usage(r)
                    for r in db.exec(
                        select(CardUsageRow)
                        .where(CardUsageRow.card_id.in_(ids))  # type: ignore[attr-defined]
                        .order_by(CardUsageRow.used_at, CardUsageRow.id)
                    ).scalars()  # type: ignore[call-overload]
                ]
        return Ledger(cards, events, usages)

    def operators(self, organization_id: int) -> set[int]:
        """People of the organization who answered an operator self-check: the operators."""
        with self._db() as db:
            rows = db.exec(
                select(SessionRow.respondent_id).where(  # type: ignore[call-overload]
                    SessionRow.organization_id == organization_id,
                    SessionRow.role == Role.OPERATOR.value,
                    SessionRow.respondent_id.is_not(None),  # type: ignore[union-attr]
                )
            ).all()
            return {int(r[0]) for r in rows}


__all__ = ["CardRepository", "DuplicateCard", "Ledger", "NewCard", "NewUsage"]
