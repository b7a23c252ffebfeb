"""What a bundle adds in someone's name: a visit the office does not have yet, its answers
and events, and a new finding speak for the person they name, so they come only in that
person's own bundle.

`trust.Guard` keeps the visits and findings the office already has; this keeps the new
ones: a bundle signed by one inspector may not bring a new inspection visit recorded in
another inspector's name (whose notice that inspector could then sign), nor answers or
events of a new visit naming another person, nor a new finding recorded by another
person. Self-checks are answered by the unit's own staff and may come in any
inspector's bundle (their answers name the staff). Each refused naming the session
(organization, checklist, date) or the finding, the name recorded and the signer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspector.domain.person_names import same_name
from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.rows import Ids
from inspector.i18n import Message

SELF_CHECK = "self_check"


def check_new_rows(data: Mapping[str, list[dict[str, Any]]], signer: str, ids: Ids) -> None:
    """Refuse (BundleRefused) the first new row of `data` recorded in the name of another
    person than `signer`; nothing is written here."""
    known_sessions = ids.to_id["inspection_session"]
    visits: dict[Any, dict[str, Any]] = {}
    for number, row in enumerate(data.get("inspection_session", []), start=1):
        uid = row.get("uid")
        if uid in known_sessions or row.get("kind") == SELF_CHECK:
            continue
        visits[uid] = row
        name = row.get("inspector_name")
        if _other(name, signer):
            raise BundleRefused(
                Message(
                    "bundlemerge.new_visit",
                    row=number,
                    session=_describe(row),
                    name=name,
                    signer=signer,
                )
            )
    people = (
        ("answer", "answered_by", "bundlemerge.row.answer", "item_id"),
        ("answer_change", "changed_by", "bundlemerge.row.answer_change", "item_id"),
        ("session_event", "actor", "bundlemerge.row.session_event", "action"),
    )
    for table, column, what, detail in people:
        for number, row in enumerate(data.get(table, []), start=1):
            visit = visits.get(row.get("session_id"))
            if visit is None or not _other(row.get(column), signer):
                continue
            raise BundleRefused(
                Message(
                    "bundlemerge.new_visit_row",
                    table=table,
                    row=number,
                    what=Message(what, detail=row.get(detail)),
                    session=_describe(visit),
                    name=row.get(column),
                    signer=signer,
                )
            )
    known_findings = ids.to_id["finding"]
    for number, row in enumerate(data.get("finding", []), start=1):
        if row.get("uid") in known_findings or not _other(row.get("created_by"), signer):
            continue
        raise BundleRefused(
            Message(
                "bundlemerge.new_finding",
                row=number,
                uid=row.get("uid"),
                name=row.get("created_by"),
                signer=signer,
            )
        )


def _other(name: Any, signer: str) -> bool:
    """Whether `name` names someone else than the signer (no name: nobody's)."""
    if not isinstance(name, str) or not name.strip():
        return False
    return not same_name(name, signer)


def _describe(row: Mapping[str, Any]) -> Message:
    return Message(
        "bundlemerge.visit_desc",
        organization=row.get("organization_id"),
        checklist=row.get("checklist_id"),
        date=row.get("session_date"),
    )


__all__ = ["check_new_rows"]
