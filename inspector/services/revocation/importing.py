"""Taking the office's revocation list into a keys folder (`keys import-revocations`, on a
laptop): a list is accepted only when it is a CRL signed by this office's root, still
current (its nextUpdate not passed), and newer than every list known here, by number and
by time, without leaving out a revocation known here (the keys folder's list, and the
database's log when it is at hand). A list that would take the keys folder backwards would
un-revoke a key: refused, nothing changed."""

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
    """Take `file` into the keys folder (see the module). `database`: whether a database is
    at hand, whose revocation log the list is checked against."""
    from cryptography.hazmat.primitives import serialization

    from inspector.output_files import OutputGuard, write_atomic
    from inspector.reports.keys import _load_cert, list_inspectors, load_root
    from inspector.reports.revocation import (
        check_replacement,
        crl_number,
        crl_path,
        parse_crl,
        read_office_crl,
    )

    keys_dir = ctx.settings.resolved_keys_dir
    root = load_root(keys_dir)
    data = read_list_file(file)
    where = str(file)
    crl = parse_crl(data, root, where)
    check_current(crl, where, now or datetime.now(UTC))
    current = read_office_crl(keys_dir, root)
    target = crl_path(keys_dir)
    if database:
        from inspector.store.repositories.revocations import RevocationRepository

        repo = RevocationRepository(ctx.engine)
        check_against_log(crl, repo.all(), repo.last_list_number(), where)
    if current is not None and crl_number(crl) > crl_number(current):
        check_not_earlier(crl, current, where)
    if not check_replacement(crl, current, where):
        return Imported(target, crl_number(crl), crl.last_update_utc, len(list(crl)), True)
    # the keys folder's own list, replaced on purpose once it is checked to be newer
    write_atomic(
        target, crl.public_bytes(serialization.Encoding.PEM), guard=OutputGuard(force=True)
    )
    own = tuple(
        i.name
        for i in list_inspectors(keys_dir)
        if crl.get_revoked_certificate_by_serial_number(_load_cert(i.path).serial_number)
    )
    return Imported(target, crl_number(crl), crl.last_update_utc, len(list(crl)), False, own)


def check_current(crl: x509.CertificateRevocationList, where: str, now: datetime) -> None:
    """A list whose nextUpdate has passed is out of date: the office has made a newer one
    since (each list says when the next is due), or none was made for a year."""
    from inspector.reports.revocation import crl_number

    due = crl.next_update_utc
    if due is not None and due < now:
        raise ListRefused(
            Message(
                "revoke8.import.expired",
                where=where,
                number=crl_number(crl),
                made=_day(crl.last_update_utc),
                due=_day(due),
            )
        )


def check_not_earlier(
    new: x509.CertificateRevocationList, current: x509.CertificateRevocationList, where: str
) -> None:
    """A higher number made before the list here: not the office's order of lists."""
    from inspector.reports.revocation import crl_number

    if new.last_update_utc < current.last_update_utc:
        raise ListRefused(
            Message(
                "revoke8.import.made_earlier",
                where=where,
                number=crl_number(new),
                made=_day(new.last_update_utc),
                old_number=crl_number(current),
                old_made=_day(current.last_update_utc),
            )
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


def _day(value: datetime) -> str:
    from inspector.domain.dates import japan_time

    return f"{japan_time(value):%Y-%m-%d %H:%M:%S %Z}"


__all__ = [
    "MAX_LIST_BYTES",
    "Imported",
    "ListRefused",
    "check_against_log",
    "check_current",
    "check_not_earlier",
    "import_list",
    "read_list_file",
]
