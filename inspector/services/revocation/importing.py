"""Taking the office's revocation list into a keys folder (`keys import-revocations`, on a
laptop): a list is accepted only when it is a CRL signed by this office's root, numbered
after every list known here, without leaving out a revocation known here (the keys
folder's list, and the database's log when it opens without asking anything). A list that
would take the keys folder backwards would un-revoke a key: refused, nothing changed.

Time decides nothing (revoke8b): a list past its nextUpdate, or made before the one here
(an office clock set wrong once), is taken with a warning, since a laptop that takes it
keeps every revocation in it, and the number and the "leaves out a revocation" checks
already refuse a rollback; a refusal on time would leave a laptop without revocations
until the office revokes someone again."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.i18n import Message, os_error
from inspector.services.errors import Refused
from inspector.services.revocation.revoke import moment

if TYPE_CHECKING:
    from cryptography import x509

    from inspector.domain.revocation import RevokedCertificate

# a list of the office's revocations: ~60 bytes each, in PEM; a million is far beyond any
# office, and a file larger than this is not read into memory
MAX_LIST_BYTES = 16 * 1024 * 1024


class ListRefused(Refused):
    """A revocation list not taken: what and where; the keys folder is unchanged."""


@dataclass(frozen=True)
class Imported:
    """A list taken (or found to be the one already here: `up_to_date`)."""

    list_file: Path
    number: int
    made: datetime
    count: int
    up_to_date: bool
    own_revoked: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    log_consulted: bool = True


def read_list_file(file: Path) -> bytes:
    """The bytes of `file`: a regular file, not empty, not larger than any list."""
    try:
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode):
            raise ListRefused(Message("revoke8.import.not_a_file", path=file))
        if info.st_size == 0:
            raise ListRefused(Message("revoke8.import.empty", path=file))
        if info.st_size > MAX_LIST_BYTES:
            raise ListRefused(
                Message(
                    "revoke8.import.too_large", path=file, size=info.st_size, limit=MAX_LIST_BYTES
                )
            )
        with file.open("rb") as handle:
            data = handle.read(MAX_LIST_BYTES + 1)
    except OSError as exc:
        raise ListRefused(
            Message("revoke8.import.unreadable", path=file, why=os_error(exc))
        ) from None
    if len(data) > MAX_LIST_BYTES:  # grew while read
        raise ListRefused(
            Message("revoke8.import.too_large", path=file, size=len(data), limit=MAX_LIST_BYTES)
        )
    if not data.strip():
        raise ListRefused(Message("revoke8.import.empty", path=file))
    return data


def import_list(
    ctx: AppContext,
    file: Path,
    *,
    database: bool,
    now: datetime | None = None,
) -> Imported:
    """Take `file` into the keys folder (see the module). `database`: whether a database
    file is at hand, whose revocation log the list is checked against when it opens
    without asking anything (`Imported.log_consulted` says whether it was)."""
    from cryptography.hazmat.primitives import serialization

    from inspector.output_files import OutputGuard, write_atomic
    from inspector.reports.keys import list_inspectors, load_certificate, load_root
    from inspector.reports.revocation import (
        check_replacement,
        crl_number,
        crl_path,
        parse_crl,
        read_office_crl,
    )

    keys_dir = ctx.settings.resolved_keys_dir
    lang = ctx.settings.lang
    root = load_root(keys_dir)
    data = read_list_file(file)
    where = str(file)
    crl = parse_crl(data, root, where)
    current = read_office_crl(keys_dir, root)
    target = crl_path(keys_dir)
    consulted = False
    if database:
        log = read_log(ctx)
        if log is not None:
            consulted = True
            check_against_log(crl, log[0], log[1], where)
    number, made, count = crl_number(crl), crl.last_update_utc, len(list(crl))
    from inspector.reports.revocation_seen import remember_number

    if not check_replacement(crl, current, where):  # the list already here, whatever its age
        remember_number(keys_dir, number)
        return Imported(target, number, made, count, True, log_consulted=consulted)
    warnings = [
        w
        for w in (
            past_due(crl, where, now or datetime.now(UTC), lang),
            made_earlier(crl, current, where, lang),
        )
        if w is not None
    ]
    # the keys folder's own list, replaced on purpose once it is checked to be newer
    write_atomic(
        target, crl.public_bytes(serialization.Encoding.PEM), guard=OutputGuard(force=True)
    )
    remember_number(keys_dir, number)  # a list deleted or put back older is seen
    own = tuple(
        i.name
        for i in list_inspectors(keys_dir)
        if crl.get_revoked_certificate_by_serial_number(load_certificate(i.path).serial_number)
    )
    return Imported(target, number, made, count, False, own, tuple(warnings), consulted)


def read_log(ctx: AppContext) -> tuple[list[RevokedCertificate], int] | None:
    """The database's revocations and last list number, when the database opens without
    asking anything: no passphrase prompt (one set in the environment is used), no
    migration (it is at the newest revision). None when it does not (then the list is
    taken without it, and the command says so)."""
    from inspector.store.database import create_db_engine, current_revision
    from inspector.store.database_revision import head_revision
    from inspector.store.repositories.revocations import RevocationRepository

    engine = None
    try:
        engine = create_db_engine(ctx.settings.database_url, passphrase=ctx.db_passphrase)
        if current_revision(engine) != head_revision():
            return None
        repo = RevocationRepository(engine)
        return repo.all(), repo.last_list_number()
    except Exception:  # encrypted, damaged, unreachable, older: the log is not consulted
        return None
    finally:
        if engine is not None:
            engine.dispose()


def past_due(
    crl: x509.CertificateRevocationList, where: str, now: datetime, lang: str
) -> str | None:
    """A list whose nextUpdate has passed: taken (it only adds revocations), with a word
    that the office makes a new one with its next revocation."""
    from inspector.reports.revocation import crl_number

    due = crl.next_update_utc
    if due is None or due >= now:
        return None
    return Message(
        "revoke8b.import.past_due",
        where=where,
        number=crl_number(crl),
        made=moment(crl.last_update_utc, lang),
        due=moment(due, lang),
    )


def made_earlier(
    new: x509.CertificateRevocationList,
    current: x509.CertificateRevocationList | None,
    where: str,
    lang: str,
) -> str | None:
    """A higher number made before the list here (a clock set wrong at the office once):
    taken, with a word to check the office's clock."""
    from inspector.reports.revocation import crl_number

    if current is None or new.last_update_utc >= current.last_update_utc:
        return None
    return Message(
        "revoke8b.import.made_earlier",
        where=where,
        number=crl_number(new),
        made=moment(new.last_update_utc, lang),
        old_number=crl_number(current),
        old_made=moment(current.last_update_utc, lang),
    )


def check_against_log(
    crl: x509.CertificateRevocationList,
    known: list[RevokedCertificate],
    last_number: int,
    where: str,
) -> None:
    """The database's log is the office's authority: a list must hold every revocation it
    records, and be numbered at least as far as the lists it recorded."""
    from inspector.domain.revocation import serial_hex
    from inspector.reports.revocation import crl_number

    if crl_number(crl) < last_number:
        raise ListRefused(
            Message(
                "revoke8.import.older_than_log",
                where=where,
                number=crl_number(crl),
                last=last_number,
            )
        )
    listed = {e.serial_number for e in crl}
    missing = sorted({k.serial for k in known} - listed)
    if missing:
        raise ListRefused(
            Message(
                "revoke8.import.log_leaves_out",
                where=where,
                serials=", ".join(serial_hex(s) for s in missing),
            )
        )


__all__ = [
    "MAX_LIST_BYTES",
    "Imported",
    "ListRefused",
    "check_against_log",
    "import_list",
    "made_earlier",
    "past_due",
    "read_list_file",
    "read_log",
]
