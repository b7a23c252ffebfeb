"""More of who a bundle speaks for (`trust.Guard`): the organization it declares, the visits
that record no inspector, and the completed sessions it reopens.

- A bundle declares the organization whose records it carries (`payload["organization"]`,
  shown in the receipt): its sessions, findings, cards, storages and layouts belong to
  that organization or one below it (by the bundle's organizations, else this database's);
  the first row outside is refused, named (judged after the merge, in its transaction,
  so that the organizations' own checks speak first). A session a card event of the
  bundle refers to travels with the event, wherever it belongs (`payload.collect`).
- A visit whose inspector is not recorded is kept by the person who completed it (the
  actor of its last completion in its events), else by who recorded anything of it;
  a bundle of another signer may not change it. With nobody known, no bundle may.
- A session completed here that the merge leaves reopened (or completed anew) is the
  signer's own visit; any other (a self-check, a visit without an inspector) is reopened
  only when the import accepts it (`accept_reopen`), and is then listed in the receipt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table, select

from inspector.domain.person_names import same_name
from inspector.exchange.bundle.errors import BundleRefused
from inspector.i18n import Message

# the tables whose rows belong to an organization, and the column naming it
_OWNED = (
    ("inspection_session", "organization_id"),
    ("finding", "organization_id"),
    ("site_layout", "organization_id"),
    ("card", "organization_id"),
    ("backup_storage", "organization_id"),
)
# session events the office writes itself on import: not a person's work on the session
OFFICE_WRITTEN = frozenset({"bundle_imported", "bundle_accepted_expired"})
_OFFICE_EVENTS = OFFICE_WRITTEN
_BROUGHT = "bundle_imported"


def check_scope(conn: Connection, tables: Mapping[str, Table], payload: Mapping[str, Any]) -> None:
    """Refuse the first row of the payload outside its declared organization's subtree."""
    declared = payload.get("organization")
    data: Mapping[str, list[dict[str, Any]]] = payload.get("tables") or {}
    if not isinstance(declared, str) or not declared:
        return
    o_t = tables["organization"]
    codes = {r.id: r.code for r in conn.execute(select(o_t.c.id, o_t.c.code))}
    parent_of: dict[Any, Any] = {
        r.code: codes.get(r.parent_id) for r in conn.execute(select(o_t.c.code, o_t.c.parent_id))
    }
    for row in data.get("organization", []):
        parent_of[row.get("code")] = row.get("parent_id")  # the bundle's word first
    inside: dict[Any, bool] = {}

    def within(code: Any) -> bool:
        if code not in inside:
            seen: set[Any] = set()
            cursor = code
            while cursor is not None and cursor != declared and cursor not in seen:
                seen.add(cursor)
                cursor = parent_of.get(cursor)
            inside[code] = cursor == declared
        return inside[code]

    carried = {r.get("session_id") for r in data.get("card_event", [])}
    for name, column in _OWNED:
        for number, row in enumerate(data.get(name, []), start=1):
            if name == "inspection_session" and row.get("uid") in carried:
                continue
            code = row.get(column)
            if code is not None and not within(code):
                raise BundleRefused(
                    Message(
                        "bundleguard.outside_organization",
                        table=name,
                        row=number,
                        field=column,
                        code=code,
                        declared=declared,
                    )
                )


def keepers(
    conn: Connection, tables: Mapping[str, Table], sessions: list[int]
) -> dict[int, tuple[str, str]]:
    """Of `sessions`, the inspection visits recording no inspector: who keeps each one
    (who completed it last, else who recorded its latest event; "" when nobody) and the
    signer of the bundle that brought it to this database ("" when none did): a visit
    walked before the inspector's name was set names the login, its bundle the inspector."""
    s_t, e_t = tables["inspection_session"], tables["session_event"]
    unnamed: list[int] = []
    for start in range(0, len(sessions), 500):
        unnamed += [
            r.id
            for r in conn.execute(
                select(s_t.c.id, s_t.c.inspector_name).where(
                    s_t.c.id.in_(sessions[start : start + 500]), s_t.c.kind == "inspection"
                )
            )
            if not (r.inspector_name or "").strip()
        ]
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(unnamed), 500):
        completed: dict[int, str] = {}
        latest: dict[int, str] = {}
        brought: dict[int, str] = {}
        for r in conn.execute(
            select(e_t.c.session_id, e_t.c.action, e_t.c.actor, e_t.c.note)
            .where(e_t.c.session_id.in_(unnamed[start : start + 500]))
            .order_by(e_t.c.at, e_t.c.id)
        ):
            if r.action == _BROUGHT and r.session_id not in brought:
                brought[r.session_id] = _signer_of(r.note or "")
            if r.action in _OFFICE_EVENTS or not (r.actor or "").strip():
                continue
            latest[r.session_id] = r.actor
            if r.action == "complete":
                completed[r.session_id] = r.actor
        for session in unnamed[start : start + 500]:
            keeper = completed.get(session) or latest.get(session) or ""
            found[session] = (keeper, brought.get(session, ""))
    return found


def _signer_of(label: str) -> str:
    """The signer's name in the note of a `bundle_imported` event (`trust.Source.label`:
    "bundle ID signed by NAME (certificate SERIAL)"); "" when it is not one."""
    head, found, rest = label.partition(" signed by ")
    name, certificate, _serial = rest.rpartition(" (certificate ")
    return name if found and certificate and head.startswith("bundle ") else ""


def check_reopened(
    conn: Connection,
    tables: Mapping[str, Table],
    completed: Mapping[int, tuple[Any, Any]],
    signer: str,
    accept: bool | set[int],
) -> list[dict[str, Any]]:
    """The completed sessions (id -> their completion time before the merge) the merge
    reopened: refused unless the signer's own visit or accepted (`accept`: all, or the
    sessions of a set, the visits recording no inspector the signer keeps); the accepted
    that are not the signer's own, listed."""
    s_t, o_t = tables["inspection_session"], tables["organization"]
    reopened: list[dict[str, Any]] = []
    for session, (completed_at, _answers) in completed.items():
        now = conn.execute(
            select(
                s_t.c.uid,
                s_t.c.kind,
                s_t.c.status,
                s_t.c.completed_at,
                s_t.c.inspector_name,
                o_t.c.code,
            )
            .join(o_t, o_t.c.id == s_t.c.organization_id)
            .where(s_t.c.id == session)
        ).one()
        if now.status == "completed" and now.completed_at == completed_at:
            continue
        if now.kind == "inspection" and same_name(now.inspector_name or "", signer):
            continue
        if session in (accept if isinstance(accept, set) else ()):
            continue
        if accept is not True:
            raise BundleRefused(
                Message(
                    "bundleguard.reopened",
                    kind=Message(f"bundle7t.kind.{now.kind}"),
                    session=now.uid,
                    organization=now.code,
                    signer=signer,
                )
            )
        reopened.append(
            {
                "session": now.uid,
                "kind": now.kind,
                "organization": now.code,
                "signer": signer,
                "status": now.status,
            }
        )
    return reopened


__all__ = ["check_reopened", "check_scope", "keepers"]
