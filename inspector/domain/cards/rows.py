"""The rows of an imported card ledger or usage log: the columns, and each row's values
checked and converted (the exchange layer reads the CSV file, the domain checks the values).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from inspector.domain.cards.ledger import CardKind, CardUse
from inspector.domain.dates import parse_local_datetime, recorded_date, recorded_datetime
from inspector.i18n import Message, message_of

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
            problems.append((number, Message("more.cards.org_number_required")))
            continue
        if (org, card_no) in seen:
            problems.append((number, Message("more.cards.twice", number=card_no)))
        seen.add((org, card_no))
        kind = _KIND_WORDS.get(row.get("kind", "").strip().lower() or "operator")
        use = _USE_WORDS.get(row.get("use", "").strip().lower() or "personal")
        if kind is None:
            problems.append((number, Message("more.cards.unknown_kind", kind=row.get("kind"))))
        if use is None:
            problems.append((number, Message("more.cards.unknown_use", use=row.get("use"))))
        issued: date | None = None
        if row.get("issued"):
            try:
                issued = recorded_date(row["issued"])
            except ValueError as exc:
                problems.append(
                    (number, Message("more.cards.field", field="issued", problem=message_of(exc)))
                )
        holder = row.get("holder", "")
        members = _split(row.get("members", ""))
        if use is CardUse.GROUP and holder:
            problems.append((number, Message("more.cards.group_holder")))
        if use is CardUse.PERSONAL and members:
            problems.append((number, Message("more.cards.personal_members")))
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
    """`2025-04-01 09:30`, `2025/4/1 9:30` or a date alone (midnight), naive: Japan time."""
    return parse_local_datetime(text)


def parse_usage_rows(
    rows: Sequence[Mapping[str, str]],
) -> tuple[list[UsageRow], list[tuple[int, str]]]:
    parsed: list[UsageRow] = []
    problems: list[tuple[int, str]] = []
    for number, row in enumerate(rows, start=2):
        org, card = row.get("organization", ""), row.get("card", "")
        if not org or not card:
            problems.append((number, Message("more.cards.org_card_required")))
            continue
        if not row.get("staff_number") and not row.get("name"):
            problems.append((number, Message("more.cards.staff_or_name")))
            continue
        try:
            used_at = recorded_datetime(row.get("used_at", ""))
        except ValueError as exc:
            problems.append(
                (number, Message("more.cards.field", field="used_at", problem=message_of(exc)))
            )
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
