"""Card ledgers (seeds 001 and 002): server-room access cards and operator ID cards.

A card is issued to a person (個人貸与, personal) or lent to a group (グループ利用) whose
members write each use in the terminal usage log (端末機利用簿). Everything that happens
to a card is an appended, dated event with who recorded it; the card's state (who holds
it, whether it is lost or suspended, when it was last seen) is derived from its events,
never stored and overwritten.

Reconciliation compares the ledger with the roster: cards still held by people who are
retired, on leave or transferred; cards with no holder; operators without a card; group
cards nobody wrote in the usage log; cards not seen or found elsewhere at the on-site
check. Pure Python over plain data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from inspector.domain.dates import parse_local_datetime, recorded_date, recorded_datetime
from inspector.domain.findings import FindingDraft, FindingKind
from inspector.domain.model import Person, PersonStatus


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


# -- reconciliation -------------------------------------------------------------------------


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


_STATUS_MISMATCH = {
    PersonStatus.RETIRED: MismatchKind.HOLDER_RETIRED,
    PersonStatus.ON_LEAVE: MismatchKind.HOLDER_ON_LEAVE,
    PersonStatus.TRANSFERRED: MismatchKind.HOLDER_TRANSFERRED,
}


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
            kind = _STATUS_MISMATCH.get(person.status)
            if kind is None and person.organization_id != card.organization_id:
                kind = MismatchKind.HOLDER_TRANSFERRED
            if kind is not None:
                found.append(mismatch(kind, person_id=person_id, person_name=person.name))
            elif card.kind is CardKind.OPERATOR:
                covered.add(person_id)
        if card.use is CardUse.GROUP:
            used = usage_by_card.get(card.id, [])
            recent = [u for u in used if u.used_at.date() >= period_start]
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


# -- CSV rows (the exchange layer reads the file, the domain checks the values) --------------

CARD_COLUMNS = [
    "organization",
    "number",
    "kind",
    "use",
    "holder",
    "group",
    "members",
    "issued",
    "note",
]
USAGE_COLUMNS = ["organization", "card", "used_at", "staff_number", "name", "purpose"]

_KIND_WORDS = {
    "server_room": CardKind.SERVER_ROOM,
    "サーバ室": CardKind.SERVER_ROOM,
    "入室": CardKind.SERVER_ROOM,
    "operator": CardKind.OPERATOR,
    "操作者": CardKind.OPERATOR,
    "操作者識別": CardKind.OPERATOR,
}
_USE_WORDS = {
    "personal": CardUse.PERSONAL,
    "個人": CardUse.PERSONAL,
    "個人貸与": CardUse.PERSONAL,
    "group": CardUse.GROUP,
    "グループ": CardUse.GROUP,
    "グループ利用": CardUse.GROUP,
}


@dataclass(frozen=True)
class CardRow:
    """One card of an imported ledger, before names are resolved to ids."""

    row: int
    organization: str
    number: str
    kind: CardKind
    use: CardUse
    holder: str = ""  # staff number
    group_name: str = ""
    members: tuple[str, ...] = ()  # staff numbers
    issued: date | None = None
    note: str = ""


@dataclass(frozen=True)
class UsageRow:
    row: int
    organization: str
    card: str
    used_at: datetime
    staff_number: str = ""
    name: str = ""
    purpose: str = ""


def _split(text: str) -> tuple[str, ...]:
    return tuple(p for p in text.replace(";", " ").replace(",", " ").split() if p)


def parse_card_rows(
    rows: Sequence[Mapping[str, str]],
) -> tuple[list[CardRow], list[tuple[int, str]]]:
    """Checked card rows and (row number, problem) pairs; row 1 is the header."""
    parsed: list[CardRow] = []
    problems: list[tuple[int, str]] = []
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        org, card_no = row.get("organization", ""), row.get("number", "")
        if not org or not card_no:
            problems.append((number, "organization and number are required"))
            continue
        if (org, card_no) in seen:
            problems.append((number, f"card '{card_no}' appears twice in the file"))
        seen.add((org, card_no))
        kind = _KIND_WORDS.get(row.get("kind", "").strip().lower() or "operator")
        use = _USE_WORDS.get(row.get("use", "").strip().lower() or "personal")
        if kind is None:
            problems.append((number, f"unknown kind '{row.get('kind')}' (server_room, operator)"))
        if use is None:
            problems.append((number, f"unknown use '{row.get('use')}' (personal, group)"))
        issued: date | None = None
        if row.get("issued"):
            try:
                issued = recorded_date(row["issued"])
            except ValueError as exc:
                problems.append((number, f"issued: {exc}"))
        holder = row.get("holder", "")
        members = _split(row.get("members", ""))
        if use is CardUse.GROUP and holder:
            problems.append((number, "a group card has members, not a holder"))
        if use is CardUse.PERSONAL and members:
            problems.append((number, "a personal card has a holder, not members"))
        if kind is None or use is None:
            continue
        parsed.append(
            CardRow(
                row=number,
                organization=org,
                number=card_no,
                kind=kind,
                use=use,
                holder=holder,
                group_name=row.get("group", ""),
                members=members,
                issued=issued,
                note=row.get("note", ""),
            )
        )
    return parsed, problems


def parse_datetime(text: str) -> datetime:
    """`2025-04-01 09:30`, `2025/4/1 9:30` or a date alone (midnight), naive local time."""
    return parse_local_datetime(text)


def parse_usage_rows(
    rows: Sequence[Mapping[str, str]],
) -> tuple[list[UsageRow], list[tuple[int, str]]]:
    parsed: list[UsageRow] = []
    problems: list[tuple[int, str]] = []
    for number, row in enumerate(rows, start=2):
        org, card = row.get("organization", ""), row.get("card", "")
        if not org or not card:
            problems.append((number, "organization and card are required"))
            continue
        if not row.get("staff_number") and not row.get("name"):
            problems.append((number, "staff_number or name is required"))
            continue
        try:
            used_at = recorded_datetime(row.get("used_at", ""))
        except ValueError as exc:
            problems.append((number, f"used_at: {exc}"))
            continue
        parsed.append(
            UsageRow(
                row=number,
                organization=org,
                card=card,
                used_at=used_at,
                staff_number=row.get("staff_number", ""),
                name=row.get("name", ""),
                purpose=row.get("purpose", ""),
            )
        )
    return parsed, problems


def format_delay(delay: timedelta) -> tuple[int, int]:
    """(days, hours) of a delay, for "lost 12 days 3 hours after it was last seen"."""
    total_hours = int(delay.total_seconds() // 3600)
    return total_hours // 24, total_hours % 24


__all__ = [
    "CARD_COLUMNS",
    "LOSS_EVENTS",
    "USAGE_COLUMNS",
    "Card",
    "CardEvent",
    "CardEventKind",
    "CardKind",
    "CardRow",
    "CardState",
    "CardStatus",
    "CardThresholds",
    "CardUsage",
    "CardUse",
    "Mismatch",
    "MismatchKind",
    "UsageRow",
    "card_state",
    "format_delay",
    "mismatch_finding",
    "onsite_unchecked",
    "parse_card_rows",
    "parse_datetime",
    "parse_usage_rows",
    "reconcile",
]
