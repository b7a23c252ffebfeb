"""The values of the answers CSV shared by its import and export: the columns, Japan
time, the answered_at and reason cells."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone

from inspector.domain.checklist import Item
from inspector.domain.dates import check_plausible, parse_local_datetime
from inspector.i18n import Message, message_of

COLUMNS = [
    "organization",
    "respondent",
    "staff_type",
    "checklist",
    "item",
    "answer",
    "reason",
    "note",
    "answered_at",
]
JST = timezone(timedelta(hours=9), "JST")
_REASON_SPLIT = re.compile(r"\s*[;；]\s*")


def parse_time(raw: str) -> datetime | None:
    """ISO 8601 or 2025/03/31 10:00, or what the project's date parser reads elsewhere
    (`parse_local_datetime`: 令和8年12月1日 10:00, R8.12.1, 2025/3/31 9:30), full-width
    digits included; a naive time is Japan time."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        try:
            value = parse_local_datetime(text)
        except ValueError:
            raise ValueError(Message("more.answers_csv.not_datetime", raw=raw)) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=JST)
    try:
        check_plausible(value)
    except ValueError as exc:
        raise ValueError(Message("more.answers_csv.implausible", problem=message_of(exc))) from None
    return value


def split_reasons(item: Item, raw: str) -> tuple[tuple[str, ...], str]:
    """The reason ids of `raw` (ids or texts of the item's reasons, separated by ';') and
    the rest as free text."""
    if not raw:
        return (), ""
    ids: list[str] = []
    free: list[str] = []
    for part in _REASON_SPLIT.split(raw.strip()):
        if not part:
            continue
        match = next((r.id for r in item.reasons if part in (r.id, r.ja, r.en)), None)
        if match is not None:
            if match not in ids:
                ids.append(match)
        else:
            free.append(part)
    return tuple(ids), "; ".join(free)
