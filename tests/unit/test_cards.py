"""Card ledger: state from events, loss, reconciliation with every kind of mismatch."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from inspector.domain.cards import (
    Card,
    CardEvent,
    CardEventKind,
    CardKind,
    CardStatus,
    CardThresholds,
    CardUsage,
    CardUse,
    MismatchKind,
    card_state,
    format_delay,
    mismatch_finding,
    parse_card_rows,
    parse_datetime,
    parse_usage_rows,
    reconcile,
)
from inspector.domain.model import Person, PersonStatus, StaffType
from inspector.i18n import Translator

ORG, OTHER = 1, 2
TODAY = date(2025, 6, 2)
T0 = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)


def person(pid: int, status: PersonStatus = PersonStatus.ACTIVE, org: int = ORG) -> Person:
    return Person(pid, f"S{pid}", f"職員{pid}", org, StaffType.REGULAR, status)


def ev(eid: int, card: int, kind: CardEventKind, days: float = 0, **kw: object) -> CardEvent:
    return CardEvent(eid, card, kind, T0 + timedelta(days=days), "tester", **kw)  # type: ignore[arg-type]


def test_state_follows_events_in_time_order() -> None:
    card = Card(1, ORG, "OP-01", CardKind.OPERATOR, CardUse.PERSONAL)
    events = [
        ev(3, 1, CardEventKind.PASSWORD_CHANGE, 5),
        ev(1, 1, CardEventKind.ISSUE, 0, person_id=10),
        ev(2, 1, CardEventKind.SEEN, 3),
    ]
    state = card_state(card, events)
    assert state.status is CardStatus.ISSUED and state.in_use
    assert state.holder_id == 10
    assert state.last_seen_at == T0 + timedelta(days=3)
    assert state.password_changed_at == T0 + timedelta(days=5)
    returned = card_state(card, [*events, ev(4, 1, CardEventKind.RETURN, 9)])
    assert returned.status is CardStatus.RETURNED and returned.holder_id is None


def test_loss_suspends_and_measures_the_delay_since_last_seen() -> None:
    card = Card(1, ORG, "OP-01", CardKind.OPERATOR, CardUse.PERSONAL)
    lost_at = T0 + timedelta(days=12, hours=3)
    events = [
        ev(1, 1, CardEventKind.ISSUE, 0, person_id=10),
        ev(2, 1, CardEventKind.NOT_SEEN, 10),
        CardEvent(3, 1, CardEventKind.LOSS, lost_at, "tester"),
        CardEvent(4, 1, CardEventKind.SUSPENSION, lost_at, "tester"),
    ]
    state = card_state(card, events)
    assert state.status is CardStatus.LOST
    assert state.suspended_at == lost_at
    assert state.loss_delay == timedelta(days=12, hours=3)  # not_seen does not count as seen
    assert format_delay(state.loss_delay) == (12, 3)


def _roster() -> dict[int, Person]:
    people = [
        person(10),  # active, holds OP-01
        person(11, PersonStatus.RETIRED),
        person(12, PersonStatus.ON_LEAVE),
        person(13, PersonStatus.TRANSFERRED),
        person(14, org=OTHER),  # active but now in another organization
        person(15),  # operator without a card
        person(16),  # member of the group card
        person(17),  # operator covered by the group card
    ]
    return {p.id: p for p in people}


def _ledger() -> tuple[list[Card], list[CardEvent], list[CardUsage]]:
    cards = [
        Card(1, ORG, "OP-01", CardKind.OPERATOR, CardUse.PERSONAL),
        Card(2, ORG, "OP-02", CardKind.OPERATOR, CardUse.PERSONAL),
        Card(3, ORG, "OP-03", CardKind.OPERATOR, CardUse.PERSONAL),
        Card(4, ORG, "OP-04", CardKind.OPERATOR, CardUse.PERSONAL),
        Card(5, ORG, "OP-05", CardKind.OPERATOR, CardUse.PERSONAL),
        Card(6, ORG, "OP-06", CardKind.OPERATOR, CardUse.PERSONAL),  # holder unknown
        Card(7, ORG, "G-01", CardKind.OPERATOR, CardUse.GROUP, "窓口班", (16, 17)),
        Card(8, ORG, "G-02", CardKind.OPERATOR, CardUse.GROUP, "証明班", (16,)),
        Card(9, ORG, "SR-01", CardKind.SERVER_ROOM, CardUse.PERSONAL),
        Card(10, ORG, "SR-02", CardKind.SERVER_ROOM, CardUse.PERSONAL),
        Card(11, ORG, "OP-07", CardKind.OPERATOR, CardUse.PERSONAL),  # returned
        Card(12, OTHER, "X-01", CardKind.OPERATOR, CardUse.PERSONAL),  # other organization
    ]
    events = [
        ev(1, 1, CardEventKind.ISSUE, person_id=10),
        ev(2, 2, CardEventKind.ISSUE, person_id=11),
        ev(3, 3, CardEventKind.ISSUE, person_id=12),
        ev(4, 4, CardEventKind.ISSUE, person_id=13),
        ev(5, 5, CardEventKind.ISSUE, person_id=14),
        ev(6, 6, CardEventKind.ISSUE, person_id=None),
        ev(7, 7, CardEventKind.ISSUE),
        ev(8, 8, CardEventKind.ISSUE),
        ev(9, 9, CardEventKind.ISSUE, person_id=10),
        ev(10, 10, CardEventKind.ISSUE, person_id=10),
        ev(11, 9, CardEventKind.NOT_SEEN, 50),
        ev(12, 10, CardEventKind.FOUND_ELSEWHERE, 50, place="個人の机の引き出し"),
        ev(13, 11, CardEventKind.ISSUE, person_id=11),
        ev(14, 11, CardEventKind.RETURN, 3),
        ev(15, 12, CardEventKind.ISSUE, person_id=11),
    ]
    recent = datetime(2025, 5, 30, 10, 0, tzinfo=UTC)
    usages = [
        CardUsage(1, 7, recent, "職員16", person_id=16),
        CardUsage(2, 7, recent, "応援 花子"),  # not a member
        CardUsage(3, 8, datetime(2024, 12, 1, tzinfo=UTC), "職員16", person_id=16),  # too old
    ]
    return cards, events, usages


def test_reconciliation_finds_every_kind_of_mismatch() -> None:
    cards, events, usages = _ledger()
    found = reconcile(
        ORG,
        cards,
        events,
        _roster(),
        operators=[10, 11, 15, 17],
        usages=usages,
        today=TODAY,
        thresholds=CardThresholds(group_usage_period_days=90),
    )
    got = {(m.kind, m.card_number, m.person_id) for m in found}
    assert got == {
        (MismatchKind.HOLDER_RETIRED, "OP-02", 11),
        (MismatchKind.HOLDER_ON_LEAVE, "OP-03", 12),
        (MismatchKind.HOLDER_TRANSFERRED, "OP-04", 13),
        (MismatchKind.HOLDER_TRANSFERRED, "OP-05", 14),
        (MismatchKind.NO_HOLDER, "OP-06", None),
        (MismatchKind.USAGE_BY_NON_MEMBER, "G-01", None),
        (MismatchKind.GROUP_CARD_UNUSED, "G-02", None),
        (MismatchKind.NOT_SEEN, "SR-01", None),
        (MismatchKind.FOUND_ELSEWHERE, "SR-02", None),
        (MismatchKind.OPERATOR_WITHOUT_CARD, "", 15),
    }
    elsewhere = next(m for m in found if m.kind is MismatchKind.FOUND_ELSEWHERE)
    assert elsewhere.params == {"place": "個人の机の引き出し"}
    # 10 holds OP-01, 17 is a member of G-01, 11 is retired (reported through OP-02)
    assert not any(m.person_id in (10, 17) for m in found)


def test_clean_ledger_has_no_mismatch() -> None:
    cards = [
        Card(1, ORG, "OP-01", CardKind.OPERATOR, CardUse.PERSONAL),
        Card(2, ORG, "G-01", CardKind.OPERATOR, CardUse.GROUP, "窓口班", (16,)),
    ]
    events = [ev(1, 1, CardEventKind.ISSUE, person_id=10), ev(2, 2, CardEventKind.ISSUE)]
    usages = [CardUsage(1, 2, datetime(2025, 6, 1, tzinfo=UTC), "職員16", person_id=16)]
    assert (
        reconcile(ORG, cards, events, _roster(), operators=[10, 16], usages=usages, today=TODAY)
        == []
    )


def test_mismatch_becomes_a_finding() -> None:
    cards, events, usages = _ledger()
    found = reconcile(ORG, cards, events, _roster(), usages=usages, today=TODAY)
    retired = next(m for m in found if m.kind is MismatchKind.HOLDER_RETIRED)
    draft = mismatch_finding(retired, ORG, None, Translator("ja"))
    assert "退職" in draft.title
    assert "OP-02" in draft.text and "職員11" in draft.text
    assert draft.requested_measure


def test_card_rows_are_checked_with_row_numbers() -> None:
    rows = [
        {
            "organization": "210",
            "number": "OP-01",
            "kind": "操作者",
            "use": "個人貸与",
            "holder": "S1",
            "issued": "2025/04/01",
        },
        {
            "organization": "210",
            "number": "G-01",
            "kind": "operator",
            "use": "group",
            "members": "S2;S3",
            "group": "窓口班",
        },
        {"organization": "210", "number": "OP-01", "kind": "sofa", "use": "personal"},
        {"organization": "", "number": "X"},
        {
            "organization": "210",
            "number": "G-02",
            "use": "group",
            "holder": "S1",
            "issued": "yesterday",
        },
    ]
    parsed, problems = parse_card_rows(rows)
    assert [p.number for p in parsed] == ["OP-01", "G-01", "G-02"]
    assert parsed[0].issued == date(2025, 4, 1)
    assert parsed[1].members == ("S2", "S3")
    assert [n for n, _ in problems] == [4, 4, 5, 6, 6]


def test_usage_rows() -> None:
    parsed, problems = parse_usage_rows(
        [
            {
                "organization": "210",
                "card": "G-01",
                "used_at": "2025/05/01 9:30",
                "staff_number": "S2",
            },
            {"organization": "210", "card": "G-01", "used_at": "soon", "name": "x"},
            {"organization": "210", "card": "G-01", "used_at": "2025-05-01"},
        ]
    )
    assert parsed[0].used_at == datetime(2025, 5, 1, 9, 30)
    assert problems == [
        (3, "used_at: not a date and time 'soon'"),
        (4, "staff_number or name is required"),
    ]
    assert parse_datetime("2025-05-02") == datetime(2025, 5, 2)
