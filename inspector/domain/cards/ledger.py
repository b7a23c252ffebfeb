"""The card ledger (seeds 001 and 002): server-room access cards, operator ID cards, their
events and usage log, and a card's state replayed from its events.

A card is issued to a person (個人貸与, personal) or lent to a group (グループ利用) whose
members write each use in the terminal usage log (端末機利用簿). Everything that happens
to a card is an appended, dated event with who recorded it; the card's state (who holds
it, whether it is lost or suspended, when it was last seen) is derived from its events,
never stored and overwritten. Pure Python over plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class CardKind(StrEnum):
    SERVER_ROOM = "server_room"  # サーバ室入室カード
    OPERATOR = "operator"  # 操作者識別カード


class CardUse(StrEnum):
    PERSONAL = "personal"  # 個人貸与
    GROUP = "group"  # グループ利用


class CardEventKind(StrEnum):
    ISSUE = "issue"
    RETURN = "return"
    LOSS = "loss"
    SUSPENSION = "suspension"
    PASSWORD_CHANGE = "password_change"
    SEEN = "seen"  # on-site check: the card was where the ledger says
    NOT_SEEN = "not_seen"  # on-site check: not found
    FOUND_ELSEWHERE = "found_elsewhere"  # on-site check: found, but elsewhere (a drawer)
    # A loss recorded by mistake, corrected: the loss and the suspension stay in the
    # history, and the card stays suspended (it was) until it is issued again.
    LOSS_CANCELLED = "loss_cancelled"


CHECK_EVENTS = frozenset(
    {CardEventKind.SEEN, CardEventKind.NOT_SEEN, CardEventKind.FOUND_ELSEWHERE}
)


class CardStatus(StrEnum):
    REGISTERED = "registered"  # in the ledger, never issued
    ISSUED = "issued"
    RETURNED = "returned"
    LOST = "lost"
    SUSPENDED = "suspended"


@dataclass(frozen=True)
class CardThresholds:
    group_usage_period_days: int = 90


@dataclass(frozen=True)
class Card:
    id: int
    organization_id: int
    number: str
    kind: CardKind
    use: CardUse
    group_name: str = ""
    members: tuple[int, ...] = ()  # person ids allowed to use a group card
    note: str = ""


@dataclass(frozen=True)
class CardEvent:
    id: int
    card_id: int
    kind: CardEventKind
    at: datetime
    recorded_by: str
    person_id: int | None = None  # ISSUE: the holder of a personal card
    place: str = ""  # FOUND_ELSEWHERE: where it was found
    note: str = ""


@dataclass(frozen=True)
class CardUsage:
    """One line of the terminal usage log of a group card."""

    id: int
    card_id: int
    used_at: datetime
    user_name: str
    person_id: int | None = None
    purpose: str = ""
    source: str = "site"  # site | csv
    recorded_by: str = ""


@dataclass(frozen=True)
class CardState:
    """What a card's events say now."""

    card: Card
    status: CardStatus = CardStatus.REGISTERED
    holder_id: int | None = None
    issued_at: datetime | None = None
    last_seen_at: datetime | None = None
    last_check: CardEventKind | None = None
    last_check_at: datetime | None = None
    last_check_place: str = ""
    lost_at: datetime | None = None
    suspended_at: datetime | None = None
    password_changed_at: datetime | None = None
    events: tuple[CardEvent, ...] = ()

    @property
    def in_use(self) -> bool:
        return self.status is CardStatus.ISSUED

    @property
    def loss_delay(self) -> timedelta | None:
        """How long from the last time the card was seen to its loss being recorded."""
        if self.lost_at is None or self.last_seen_at is None:
            return None
        return self.lost_at - self.last_seen_at


def card_state(card: Card, events: Iterable[CardEvent]) -> CardState:
    """Replay a card's events in time order."""
    ordered = tuple(sorted((e for e in events if e.card_id == card.id), key=lambda e: (e.at, e.id)))
    status = CardStatus.REGISTERED
    holder: int | None = None
    issued_at = last_seen = check_at = lost_at = suspended_at = password_at = None
    check: CardEventKind | None = None
    check_place = ""
    for event in ordered:
        kind = event.kind
        if kind is CardEventKind.ISSUE:
            status = CardStatus.ISSUED
            holder = event.person_id if card.use is CardUse.PERSONAL else None
            issued_at = last_seen = event.at
            lost_at = suspended_at = None
        elif kind is CardEventKind.RETURN:
            status = CardStatus.RETURNED
            holder = None
            last_seen = event.at
        elif kind is CardEventKind.LOSS:
            status = CardStatus.LOST
            lost_at = event.at
        elif kind is CardEventKind.LOSS_CANCELLED:
            if status is CardStatus.LOST:
                status = CardStatus.SUSPENDED if suspended_at is not None else CardStatus.ISSUED
                lost_at = None
        elif kind is CardEventKind.SUSPENSION:
            suspended_at = event.at
            if status is not CardStatus.LOST:
                status = CardStatus.SUSPENDED
        elif kind is CardEventKind.PASSWORD_CHANGE:
            password_at = event.at
        elif kind in CHECK_EVENTS:
            check, check_at = kind, event.at
            check_place = event.place if kind is CardEventKind.FOUND_ELSEWHERE else ""
            if kind is not CardEventKind.NOT_SEEN:
                last_seen = event.at
    return CardState(
        card=card,
        status=status,
        holder_id=holder,
        issued_at=issued_at,
        last_seen_at=last_seen,
        last_check=check,
        last_check_at=check_at,
        last_check_place=check_place,
        lost_at=lost_at,
        suspended_at=suspended_at,
        password_changed_at=password_at,
        events=ordered,
    )


# Marking a card lost appends the loss and its suspension at the same moment (002: the
# card was suspended as soon as the loss was reported).
LOSS_EVENTS = (CardEventKind.LOSS, CardEventKind.SUSPENSION)


def format_delay(delay: timedelta) -> tuple[int, int]:
    """(days, hours) of a delay, for "lost 12 days 3 hours after it was last seen"."""
    total_hours = int(delay.total_seconds() // 3600)
    return total_hours // 24, total_hours % 24
