"""The office's log of revoked certificates (`certificate_revocation`): append-only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlmodel import Session as DbSession

from inspector.domain.revocation import RevokedCertificate, serial_hex
from inspector.store.locking import write_connection
from inspector.store.repositories.base import DbGuard
from inspector.store.tables import CertificateRevocationRow


@dataclass(frozen=True)
class NewRevocation:
    serial: int
    fingerprint: str
    name: str
    organization_code: str | None
    reason: str
    reason_code: str
    certificate_pem: str
    revoked_by: str
    revoked_at: datetime
    crl_number: int


def _revoked(row: CertificateRevocationRow) -> RevokedCertificate:
    return RevokedCertificate(
        serial=int(row.serial, 16),
        revoked_at=row.revoked_at,
        reason=row.reason,
        name=row.name,
        fingerprint=row.fingerprint,
        revoked_by=row.revoked_by,
        source="database",
        reason_code=row.reason_code,
    )


class RevocationRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def all(self) -> list[RevokedCertificate]:
        with DbGuard(), DbSession(self.engine) as db:
            return [_revoked(r) for r in _rows(db)]

    def find(self, serial: int) -> RevokedCertificate | None:
        with DbGuard(), DbSession(self.engine) as db:
            row = (
                db.exec(  # type: ignore[call-overload]
                    select(CertificateRevocationRow).where(
                        CertificateRevocationRow.serial == serial_hex(serial)
                    )
                )
                .scalars()
                .first()
            )
            return _revoked(row) if row is not None else None

    def last_list_number(self) -> int:
        """The highest revocation list number the office has issued, as far as the database
        knows: the numbers recorded since 0008, and the count of revocations (each wrote a
        list, so earlier lists were numbered at least that far)."""
        with DbGuard(), DbSession(self.engine) as db:
            return _last_number(db)

    @contextmanager
    def recording(
        self, make: Callable[[int, list[RevokedCertificate]], NewRevocation]
    ) -> Iterator[NewRevocation]:
        """Take the database's write lock, then call `make` with the last list number and
        every recorded revocation (read under the lock: a second office worker revoking at
        the same time waits, and numbers its list after this one, with this revocation in
        it), insert what it returns, and commit when the block ends without error (the
        block writes the revocation list), else roll back."""
        with DbGuard(), write_connection(self.engine) as conn, DbSession(bind=conn) as db:
            entry = make(_last_number(db), [_revoked(r) for r in _rows(db)])
            db.add(
                CertificateRevocationRow(
                    serial=serial_hex(entry.serial),
                    fingerprint=entry.fingerprint,
                    name=entry.name,
                    organization_code=entry.organization_code,
                    reason=entry.reason,
                    reason_code=entry.reason_code,
                    certificate=entry.certificate_pem,
                    revoked_by=entry.revoked_by,
                    revoked_at=entry.revoked_at,
                    crl_number=entry.crl_number,
                )
            )
            db.flush()  # a second revocation of the same serial fails here, before the list
            yield entry
            db.flush()


def _rows(db: DbSession) -> list[CertificateRevocationRow]:
    query = select(CertificateRevocationRow).order_by(CertificateRevocationRow.id)
    return list(db.exec(query).scalars())  # type: ignore[call-overload]


def _last_number(db: DbSession) -> int:
    recorded, count = db.exec(  # type: ignore[call-overload]
        select(
            func.max(CertificateRevocationRow.crl_number),
            func.count(CertificateRevocationRow.id),  # type: ignore[arg-type]
        )
    ).one()
    return max(recorded or 0, count or 0)


def all_revocations(engine: Engine) -> list[RevokedCertificate]:
    return RevocationRepository(engine).all()


__all__ = ["NewRevocation", "RevocationRepository", "all_revocations"]
