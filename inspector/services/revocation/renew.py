"""Renewing the office's revocation list before it expires (`keys renew-revocations`).

A list is valid for `CRL_DAYS` days and only a revocation made a new one, so an office that
revoked nothing for a year left laptops warning or refusing at every signature check. A
renewal signs the next list number with the same revocations (the database's and the
keys folder's list's) and a new validity, under the database's write lock as a revocation
does: a revocation at the same time waits, and numbers its list after this one.

Everything that can refuse is checked before the passphrase is asked (`plan_renewal`): the
root key at hand (the office, not a laptop), the database at the newest revision (it is
not migrated here), the current list readable. Nothing is written when one fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.i18n import Message
from inspector.services.errors import Refused

if TYPE_CHECKING:
    from cryptography import x509

# `keys list` and the signer checks say so when the list expires within as many days.
EXPIRY_WARNING_DAYS = 30


class RenewalRefused(Refused):
    """A renewal refused before anything was written."""


@dataclass(frozen=True)
class RenewalPlan:
    keys_dir: Path
    root: x509.Certificate
    current: x509.CertificateRevocationList | None


@dataclass(frozen=True)
class Renewed:
    list_file: Path
    number: int
    previous: int | None  # the list number replaced (None: there was none)
    count: int
    made: datetime
    next_update: datetime


def plan_renewal(ctx: AppContext) -> RenewalPlan:
    """The checks before the passphrase: the root and its key here, the database at the
    newest revision, the current list (if any) readable and the office's."""
    from inspector.reports.keys import load_root, root_paths
    from inspector.reports.revocation import read_office_crl

    keys_dir = ctx.settings.resolved_keys_dir
    root = load_root(keys_dir)  # none: says `inspector keys init-office`
    key_path = root_paths(keys_dir)[1]
    if not key_path.is_file():
        raise RenewalRefused(Message("keys9.renew.no_root_key", path=key_path))
    _check_revision(ctx)
    return RenewalPlan(keys_dir, root, read_office_crl(keys_dir, root))


def _check_revision(ctx: AppContext) -> None:
    """Refuse a database not at this build's newest revision (opening it would migrate it)."""
    from inspector.store.database import create_db_engine, current_revision, shown_url
    from inspector.store.database_revision import head_revision

    url = ctx.settings.database_url
    engine = create_db_engine(url, passphrase=ctx.db_passphrase)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    if revision != head:
        raise RenewalRefused(
            Message(
                "keys9.renew.old_database",
                path=shown_url(url),
                revision=revision or "-",
                head=head or "-",
            )
        )


def renew(ctx: AppContext, plan: RenewalPlan, passphrase: bytes) -> Renewed:
    """Sign and write the next list (see the module). A wrong passphrase raises before the
    lock is taken; the list is written atomically, its number above every earlier one."""
    from cryptography.hazmat.primitives import serialization

    from inspector.output_files import OutputGuard, write_atomic
    from inspector.reports.revocation import (
        ListEntry,
        build_crl,
        crl_entries,
        crl_number,
        crl_path,
        load_root_key,
        read_office_crl,
    )
    from inspector.reports.revocation_seen import remember_number, remembered_number
    from inspector.services.revocation.revoke import reason_flag
    from inspector.store.locking import write_connection
    from inspector.store.repositories.revocations import RevocationRepository

    root_key = load_root_key(plan.keys_dir, passphrase, plan.root)
    repo = RevocationRepository(ctx.engine)
    target = crl_path(plan.keys_dir)
    with write_connection(ctx.engine):
        # under the write lock: a revocation at the same time has committed its record and
        # written its list, or waits for this one and numbers its list after it
        current = read_office_crl(plan.keys_dir, plan.root)
        known = repo.all()
        previous = crl_number(current) if current is not None else None
        # after the number the keys folder took too (a first list the database never saw)
        number = max(previous or 0, repo.last_list_number(), remembered_number(plan.keys_dir)) + 1
        entries = {
            e.serial: ListEntry(e.serial, e.revoked_at, reason_flag(e.reason_code))
            for e in (crl_entries(current) if current is not None else [])
        }
        for k in known:
            entries[k.serial] = ListEntry(k.serial, k.revoked_at, reason_flag(k.reason_code))
        now = datetime.now(UTC)
        crl = build_crl(plan.root, root_key, entries.values(), number, now)
        # the keys folder's own list, replaced on purpose (its number is above the old one's)
        write_atomic(
            target, crl.public_bytes(serialization.Encoding.PEM), guard=OutputGuard(force=True)
        )
    remember_number(plan.keys_dir, number)  # a list deleted or put back older is seen
    due = crl.next_update_utc
    assert due is not None
    return Renewed(target, number, previous, len(entries), now, due)


def expiry_warning(
    crl: x509.CertificateRevocationList | None, lang: str, now: datetime | None = None
) -> str | None:
    """A word when the list is past its next update or expires within
    `EXPIRY_WARNING_DAYS` days, naming `inspector keys renew-revocations`; else None."""
    from inspector.reports.revocation import crl_number
    from inspector.services.revocation.revoke import moment

    if crl is None or crl.next_update_utc is None:
        return None
    now = now or datetime.now(UTC)
    due = crl.next_update_utc
    if due - now > timedelta(days=EXPIRY_WARNING_DAYS):
        return None
    key = "keys9.renew.expired" if due <= now else "keys9.renew.expires_soon"
    days = max((due - now).days, 0)
    return Message(key, number=crl_number(crl), due=moment(due, lang), days=days)


__all__ = [
    "EXPIRY_WARNING_DAYS",
    "RenewalPlan",
    "RenewalRefused",
    "Renewed",
    "expiry_warning",
    "plan_renewal",
    "renew",
]
