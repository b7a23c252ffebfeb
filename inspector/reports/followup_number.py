"""The follow-up report's 文書番号 (み監報第1号: its own count within the fiscal year, in the
form's `number_format`), and the notices a plan form answers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from inspector.domain.business_days import japan_today
from inspector.domain.doc_numbers import fiscal_year, format_number
from inspector.domain.documents import DocumentKind, FollowupData
from inspector.reports.forms import Form
from inspector.reports.notice_rules import Numbering
from inspector.reports.number_ledger import LedgerEntry


def number_followup(
    data: FollowupData,
    form: Form,
    documents: Iterable[Any],
    forgotten: Sequence[LedgerEntry] = (),
) -> tuple[FollowupData, Numbering]:
    """The report with the next number of its fiscal year among the follow-up reports
    recorded and those the keys folder's ledger knows were issued from this database's
    history but the register lost (`forgotten`, `number_ledger`). Given again inside the
    transaction that records it (`issuing`), as a notice's is."""
    year = fiscal_year(data.issue_date)
    used = [
        d.serial
        for d in documents
        if d.kind == DocumentKind.FOLLOWUP.value
        and d.fiscal_year == year
        and d.serial
        and not d.reissue_of
    ]
    skipped = sorted(
        {(e.serial, e.number) for e in forgotten if e.fiscal_year == year and e.serial}
    )
    serial = max(used + [s for s, _n in skipped], default=0) + 1
    number = format_number(
        form.number_format, prefix=form.number_prefix, serial=serial, day=data.issue_date
    )
    numbering = Numbering(number, year, serial, skipped=tuple(n for _s, n in skipped))
    return replace(data, number=number), numbering


def earlier_followup(documents: Iterable[Any], data: FollowupData) -> Any | None:
    """The follow-up report last issued (an original, not a copy) for `data`'s organization
    (or for all, when `data` covers every one) in the fiscal year of its date; None: none."""
    year = fiscal_year(data.issue_date)
    organization = data.organization.id if data.organization is not None else None
    found = None
    for d in documents:
        if (
            d.kind == DocumentKind.FOLLOWUP.value
            and d.number
            and not d.reissue_of
            and d.fiscal_year == year
            and d.organization_id == organization
        ):
            found = d
    return found


def copy_numbering(data: FollowupData, original: Any) -> tuple[FollowupData, Numbering]:
    """`data` as a copy of `original` (in another language): its number, recorded as a
    re-issue of it, so that one report never has two numbers (doc10, rev9 D7)."""
    numbering = Numbering(
        original.number, original.fiscal_year, original.serial, reissue_of=original.doc_id
    )
    return replace(data, number=original.number, copy=True), numbering


def _day(when: object) -> date:
    return japan_today(when) if isinstance(when, datetime) else date.fromisoformat(str(when)[:10])


def answered_notices(
    documents: Sequence[Any], session_ids: Iterable[int]
) -> tuple[tuple[str, date], ...]:
    """(文書番号, day issued in Japan) of the first notice of each visit among
    `session_ids`, oldest first; a notice recorded without a number is left out."""
    sessions = set(session_ids)
    seen: dict[str, date] = {}
    for d in documents:
        if d.kind != DocumentKind.NOTICE.value or d.session_id not in sessions:
            continue
        if d.number and d.number not in seen:
            seen[d.number] = _day(d.issued_at)
    return tuple(sorted(seen.items(), key=lambda pair: (pair[1], pair[0])))


__all__ = ["answered_notices", "copy_numbering", "earlier_followup", "number_followup"]
