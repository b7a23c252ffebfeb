"""What a bundle adds in someone's name: a visit the office does not have yet and a new
finding speak for the person they name, so they come only in that person's own bundle.

`trust.Guard` keeps the visits and findings the office already has; this keeps the new
ones: a bundle signed by one inspector may not bring a new inspection visit recorded in
another inspector's name (whose notice that inspector could then sign), nor a new finding
outside any new visit recorded by another person. A new visit's answers, their log and
its events are not compared one by one (a notice is signed by the visit's inspector, not
by who typed an answer: a visit walked before the inspector's name was set names the
login); nor are they, or its findings, when the new visit names no inspector (no notice
can be signed for it without a name). Self-checks are answered by the unit's own staff
and may come in any inspector's bundle. Each refused naming the session (organization,
checklist, date) or the finding, the name recorded and the signer.
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
    known_findings = ids.to_id["finding"]
    for number, row in enumerate(data.get("finding", []), start=1):
        session = row.get("session_id")
        if row.get("uid") in known_findings or (session is not None and session in visits):
            continue  # kept by `trust.Guard`; of a new visit: its inspector's
        if not _other(row.get("created_by"), signer):
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
