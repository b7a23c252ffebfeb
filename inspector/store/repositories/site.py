"""Site tools: server room layouts, card ledgers with their events and usage logs, the
backup storage register and its transport log.

Card events, usage lines and transports are only ever appended. Every write is one
committed transaction; database failures become `DatabaseError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as DbSession

from inspector.domain.backup import BackupStorage, BackupTransport, StorageKind
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
from inspector.domain.layout import Layout
from inspector.domain.model import Role
from inspector.store.errors import AlreadyExists
from inspector.store.repository import NotFound, _DbGuard
from inspector.store.tables import (
    BackupStorageRow,
    BackupTransportRow,
    CardEventRow,
    CardRow,
    CardUsageRow,
    SessionRow,
    SiteLayoutRow,
)
from inspector.store.types import utcnow


class AlreadyReceived(ValueError):
    """The transport's receiver is already recorded; the log is never overwritten."""


class DuplicateCard(LookupError):
    """A card number that the organization's ledger already has."""


@dataclass(frozen=True)
class SavedLayout:
    session_id: int
    organization_id: int
    layout: Layout
    saved_by: str
    saved_at: datetime
    session_date: date | None = None


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


def _storage(row: BackupStorageRow) -> BackupStorage:
    assert row.id is not None
    return BackupStorage(
        id=row.id,
        organization_id=row.organization_id,
        name=row.name,
        kind=StorageKind(row.kind),
        box_location=row.box_location,
        key_location=row.key_location,
        key_holder=row.key_holder,
        key_next_to_box=bool(row.key_next_to_box),
        note=row.note,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def _transport(row: BackupTransportRow) -> BackupTransport:
    assert row.id is not None
    return BackupTransport(
        id=row.id,
        storage_id=row.storage_id,
        transport_date=row.transport_date,
        from_place=row.from_place,
        to_place=row.to_place,
        carrier=row.carrier,
        box_locked=bool(row.box_locked),
        key_separate=bool(row.key_separate),
        receiver=row.receiver,
        note=row.note,
        recorded_by=row.recorded_by,
    )


class SiteRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _db(self) -> DbSession:
        return DbSession(self.engine, expire_on_commit=False)

    # -- layouts ------------------------------------------------------------------------

    def save_layout(self, session_id: int, layout: Layout, actor: str) -> SavedLayout:
        """Store the session's layout, replacing the one saved before."""
        with _DbGuard(), self._db() as db:
            session = db.get(SessionRow, session_id)
            if session is None:
                raise NotFound(f"session #{session_id}")
            row = (
                db.exec(select(SiteLayoutRow).where(SiteLayoutRow.session_id == session_id))  # type: ignore[call-overload]
                .scalars()
                .first()
            )
            if row is None:
                row = SiteLayoutRow(
                    session_id=session_id,
                    organization_id=session.organization_id,
                    layout={},
                    saved_by=actor,
                    saved_at=utcnow(),
                )
            row.layout = layout.to_json()
            row.saved_by = actor
            row.saved_at = utcnow()
            db.add(row)
            db.commit()
            return SavedLayout(
                session_id, row.organization_id, layout, actor, row.saved_at, session.session_date
            )

    def layout_for(self, session_id: int) -> SavedLayout | None:
        with self._db() as db:
            found = db.exec(
                select(SiteLayoutRow, SessionRow.session_date)  # type: ignore[call-overload]
                .join(SessionRow, SessionRow.id == SiteLayoutRow.session_id)
                .where(SiteLayoutRow.session_id == session_id)
            ).first()
            if found is None:
                return None
            return _saved(found[0], found[1])

    def latest_layout(
        self, organization_id: int, *, excluding_session: int | None = None
    ) -> SavedLayout | None:
        """The newest layout recorded for the organization at another visit, so a later
        visit can start from it and record the change."""
        with self._db() as db:
            query = (
                select(SiteLayoutRow, SessionRow.session_date)  # type: ignore[call-overload]
                .join(SessionRow, SessionRow.id == SiteLayoutRow.session_id)
                .where(SiteLayoutRow.organization_id == organization_id)
                .order_by(SessionRow.session_date.desc(), SiteLayoutRow.saved_at.desc())  # type: ignore[attr-defined]
            )
            if excluding_session is not None:
                query = query.where(SiteLayoutRow.session_id != excluding_session)
            found = db.exec(query).first()
            if found is None:
                return None
            return _saved(found[0], found[1])

    # -- cards ----------------------------------------------------------------------------

    def add_cards(self, cards: Sequence[NewCard], actor: str) -> list[Card]:
        """Add every card (and the first issue of those already lent) or none."""
        now = utcnow()
        added: list[Card] = []
        with _DbGuard(), self._db() as db:
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
                raise NotFound(f"card #{card_id}")
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
        with _DbGuard(), self._db() as db:
            if db.get(CardRow, card_id) is None:
                raise NotFound(f"card #{card_id}")
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
        with _DbGuard(), self._db() as db:
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

    # -- backup storage ---------------------------------------------------------------------

    def add_storage(
        self,
        organization_id: int,
        *,
        name: str,
        box_location: str,
        key_location: str,
        key_holder: str = "",
        kind: StorageKind = StorageKind.BOX,
        key_next_to_box: bool = False,
        note: str = "",
        actor: str,
    ) -> BackupStorage:
        row = BackupStorageRow(
            organization_id=organization_id,
            name=name,
            kind=kind.value,
            box_location=box_location,
            key_location=key_location,
            key_holder=key_holder,
            key_next_to_box=key_next_to_box,
            note=note,
            updated_by=actor,
            updated_at=utcnow(),
        )
        with _DbGuard(), self._db() as db:
            _check_storage_name(db, organization_id, name, None)
            db.add(row)
            db.commit()
            return _storage(row)

    def update_storage(self, storage_id: int, actor: str, **changes: Any) -> BackupStorage:
        allowed = {"name", "box_location", "key_location", "key_holder", "key_next_to_box", "note"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        with _DbGuard(), self._db() as db:
            row = db.get(BackupStorageRow, storage_id)
            if row is None:
                raise NotFound(f"backup storage #{storage_id}")
            if "name" in changes:
                _check_storage_name(db, row.organization_id, str(changes["name"]), storage_id)
            for key, value in changes.items():
                setattr(row, key, value)
            row.updated_by = actor
            row.updated_at = utcnow()
            db.add(row)
            db.commit()
            return _storage(row)

    def storages(self, organization_id: int | None = None) -> list[BackupStorage]:
        with self._db() as db:
            query = select(BackupStorageRow).order_by(BackupStorageRow.id)
            if organization_id is not None:
                query = query.where(BackupStorageRow.organization_id == organization_id)
            return [_storage(r) for r in db.exec(query).scalars()]  # type: ignore[call-overload]

    def record_receipt(self, transport_id: int, receiver: str) -> None:
        """Fill in the receiver of a transport that has none (a recorded receiver is never
        overwritten: the transport log stays append-only in effect)."""
        with _DbGuard(), DbSession(self.engine, expire_on_commit=False) as db:
            row = db.get(BackupTransportRow, transport_id)
            if row is None:
                raise NotFound(f"backup transport #{transport_id}")
            if row.receiver.strip():
                raise AlreadyReceived(row.receiver)
            row.receiver = receiver
            db.add(row)
            db.commit()

    def add_transport(
        self,
        storage_id: int,
        *,
        transport_date: date,
        from_place: str,
        to_place: str,
        carrier: str,
        box_locked: bool,
        key_separate: bool,
        receiver: str = "",
        note: str = "",
        actor: str,
    ) -> BackupTransport:
        row = BackupTransportRow(
            storage_id=storage_id,
            transport_date=transport_date,
            from_place=from_place,
            to_place=to_place,
            carrier=carrier,
            box_locked=box_locked,
            key_separate=key_separate,
            receiver=receiver,
            note=note,
            recorded_by=actor,
            recorded_at=utcnow(),
        )
        with _DbGuard(), self._db() as db:
            if db.get(BackupStorageRow, storage_id) is None:
                raise NotFound(f"backup storage #{storage_id}")
            db.add(row)
            db.commit()
            return _transport(row)

    def transports(self, storage_ids: Iterable[int]) -> list[BackupTransport]:
        ids = list(storage_ids)
        if not ids:
            return []
        with self._db() as db:
            rows = db.exec(
                select(BackupTransportRow)
                .where(BackupTransportRow.storage_id.in_(ids))  # type: ignore[attr-defined]
                .order_by(BackupTransportRow.transport_date, BackupTransportRow.id)
            ).scalars()  # type: ignore[call-overload]
            return [_transport(r) for r in rows]


def _saved(row: SiteLayoutRow, session_date: date | None) -> SavedLayout:
    return SavedLayout(
        session_id=row.session_id,
        organization_id=row.organization_id,
        layout=Layout.from_json(row.layout),
        saved_by=row.saved_by,
        saved_at=row.saved_at,
        session_date=session_date,
    )


__all__ = ["DuplicateCard", "Ledger", "NewCard", "NewUsage", "SavedLayout", "SiteRepository"]


def _check_storage_name(db: Any, organization_id: int, name: str, own_id: int | None) -> None:
    """Raises `AlreadyExists` when another box or safe of the organization has the name
    (a bundle identifies a storage by organization and name)."""
    others = db.exec(
        select(BackupStorageRow.id, BackupStorageRow.name).where(
            BackupStorageRow.organization_id == organization_id
        )
    ).all()
    wanted = name.strip()
    if any(other_id != own_id and other.strip() == wanted for other_id, other in others):
        raise AlreadyExists(f"the register already has a box or safe named '{wanted}'", wanted)
