"""Whether a bundle's exporter may be trusted, judged at IMPORT time; and the log of an
expired certificate accepted on request.

The bundle's `created_at` is written by the signer, so it proves nothing: a back-dated
bundle signed with an expired key must not pass. The exporter's certificate must be an
inspector certificate of this office's root (`reports.signer_checks.check_signer`: not
the office encryption key, nor any other role) valid now. `bundle import --accept-expired`
lets an expired one through after review (never a foreign one, one of another role, or a
bundle that claims to be made outside the certificate's validity); every session of such
a bundle gets a session event saying so, in the same transaction as the merge, and the
receipt names the expiry.

Only an inspector-role key signs a bundle (`key_roles`): a bundle carries a laptop
inspector's work, and the office-role key is the office's own, for its documents
(follow-up reports). `check_signer` accepts both (both carry the inspector EKU), so the
role policy is checked here, at export (`role_problem`) and at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cryptography import x509
from sqlalchemy import Connection, Table, insert, select

from inspector.domain.dates import japan_time
from inspector.i18n import Message, message_of
from inspector.reports.key_roles import KeyRole, UnknownRole, role_of
from inspector.reports.signer_checks import SignerCheck, SignerFault, SignerRefused, check_signer

ACCEPTED_EXPIRED = "bundle_accepted_expired"


class SignerNotAccepted(Exception):
    """The exporter cannot be trusted; the message says why (and what would help)."""


def accept_exporter(
    cert: x509.Certificate,
    root: x509.Certificate,
    created_at: datetime,
    *,
    now: datetime,
    accept_expired: bool = False,
) -> SignerCheck:
    """The checks of the exporter's certificate, at `now`; raises `SignerNotAccepted`."""
    try:
        check = check_signer(cert, root, at=now, accept_expired=accept_expired)
    except SignerRefused as exc:
        if exc.fault is SignerFault.FOREIGN:
            raise SignerNotAccepted(
                Message("more.signer.foreign_bundle", problem=message_of(exc))
            ) from None
        if exc.fault is SignerFault.EXPIRED:
            raise SignerNotAccepted(
                Message("more.signer.expired_bundle", problem=message_of(exc))
            ) from None
        raise SignerNotAccepted(message_of(exc)) from None
    if (problem := role_problem(cert, check.name, exporting=False)) is not None:
        raise SignerNotAccepted(problem)
    if check.expired_on is not None and not (
        cert.not_valid_before_utc <= created_at <= cert.not_valid_after_utc
    ):
        raise SignerNotAccepted(
            Message(
                "more.signer.outside_validity",
                name=check.name,
                expired=f"{japan_time(check.expired_on):%Y-%m-%d}",
                created=f"{japan_time(created_at):%Y-%m-%d}",
            )
        )
    return check


def role_problem(cert: x509.Certificate, name: str, *, exporting: bool) -> str | None:
    """Why `cert`'s key may not sign a bundle (None: it may): an office-role key, or a role
    that cannot be read. A key issued before roles were written signs as before."""
    try:
        role = role_of(cert)
    except UnknownRole:
        return Message("bundle7t.unknown_role", name=name)
    if role is KeyRole.OFFICE:
        key = "bundle7t.office_role_export" if exporting else "bundle7t.office_role_import"
        return Message(key, name=name)
    return None


def note(bundle_id: str, signer: str, expired_on: datetime) -> str:
    return (
        f"bundle {bundle_id} signed by {signer}, whose certificate expired on "
        f"{expired_on:%Y-%m-%d}, accepted with --accept-expired"
    )


def log_accepted_expired(
    conn: Connection,
    tables: Mapping[str, Table],
    payload: Mapping[str, Any],
    *,
    bundle_id: str,
    signer: str,
    expired_on: datetime,
    actor: str,
    at: datetime,
) -> int:
    """A session event on every session the bundle carries; returns how many were logged."""
    s_t, e_t = tables["inspection_session"], tables["session_event"]
    uids = [row.get("uid") for row in (payload.get("tables") or {}).get("inspection_session", [])]
    ids = conn.execute(select(s_t.c.id).where(s_t.c.uid.in_(uids))).scalars().all()
    text = note(bundle_id, signer, expired_on)
    for session_id in ids:
        conn.execute(
            insert(e_t).values(
                session_id=session_id, action=ACCEPTED_EXPIRED, actor=actor, at=at, note=text
            )
        )
    return len(ids)


__all__ = [
    "ACCEPTED_EXPIRED",
    "SignerNotAccepted",
    "accept_exporter",
    "log_accepted_expired",
    "role_problem",
]
