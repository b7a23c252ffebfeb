"""`keys issue --replace`: the replaced certificate is revoked as superseded, in the same
command (forge7b).

A replaced certificate left valid keeps signing: the old key, or a copy of it on a laptop,
still makes a document `verify` calls valid (a key from before roles even signs the
office's follow-up report: it has no role to refuse). So the replacement records the old
certificate's revocation (reason `superseded`) in the office database and the revocation
list signed by the root, as `keys revoke` does, and files the old certificate and key in
inspectors/revoked/. Documents it signed before stay valid ("revoked later"); one signed
after is refused.

Everything that can refuse is checked before a passphrase is asked (`pending`): the
old certificate readable, the keys folder's list readable. Then, in one database transaction: the
old pair filed away, the new pair issued (failing, the old pair is put back), the list
written; the database commits last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from inspector.cli.signing import _keys_dir
from inspector.cli.text import shown_time, t
from inspector.context import AppContext

if TYPE_CHECKING:
    from cryptography import x509

    from inspector.store.repositories.revocations import RevocationRepository

T = TypeVar("T")


@dataclass(frozen=True)
class Pending:
    """The certificate `--replace` will revoke, checked before any passphrase."""

    name: str
    cert: x509.Certificate
    cert_path: Path
    key_path: Path
    root: x509.Certificate
    current: x509.CertificateRevocationList | None
    repo: RevocationRepository


@dataclass(frozen=True)
class Done:
    name: str
    serial: str
    revoked_at: datetime
    list_file: Path
    number: int
    count: int

    def lines(self) -> list[str]:
        return [
            t(
                "forge7b.keys.superseded",
                name=self.name,
                serial=self.serial,
                when=shown_time(self.revoked_at),
            ),
            t(
                "cli.revocation.list_written",
                file=self.list_file,
                number=self.number,
                count=self.count,
            ),
        ]


def pending(ctx: AppContext, name: str) -> Pending | None:
    """The certificate of `name` that `--replace` revokes; None when there is none to revoke
    (no certificate, one of another root, or one revoked already). The office database,
    where it is recorded, is at hand: `keys issue` found the organization in it."""
    from inspector.reports.keys import _load_cert, inspector_paths, issued_by, load_root
    from inspector.reports.revocation import read_office_crl
    from inspector.store.repositories.revocations import RevocationRepository

    keys_dir = _keys_dir(ctx)
    cert_path, key_path = inspector_paths(keys_dir, name)
    if not cert_path.is_file():
        return None
    root = load_root(keys_dir)
    cert = _load_cert(cert_path)
    if not issued_by(cert, root):
        return None  # not the office's: it signs nothing `verify` accepts
    repo = RevocationRepository(ctx.engine)
    if repo.find(cert.serial_number) is not None:
        return None
    current = read_office_crl(keys_dir, root)  # a damaged list is refused before asking
    return Pending(name, cert, cert_path, key_path, root, current, repo)


def supersede(
    ctx: AppContext, plan: Pending, passphrase: bytes, issue: Callable[[], T]
) -> tuple[T, Done]:
    """Revoke `plan`'s certificate (superseded), file it away and `issue` the new one; the
    database's record commits only when all of it was done."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID

    from inspector.cli.revocation import _reason_code
    from inspector.output_files import OutputGuard, write_atomic
    from inspector.reports.revocation import (
        REASON_CODES,
        ListEntry,
        build_crl,
        crl_entries,
        crl_number,
        crl_path,
        fingerprint,
        load_root_key,
    )
    from inspector.store.repositories.revocations import NewRevocation

    keys_dir, repo, cert = _keys_dir(ctx), plan.repo, plan.cert
    root_key = load_root_key(keys_dir, passphrase, plan.root)
    now = datetime.now(UTC)
    # numbered after the database's last list as well as the file's (as `keys revoke`)
    number = max(crl_number(plan.current) if plan.current else 0, repo.last_list_number()) + 1
    org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    entry = NewRevocation(
        serial=cert.serial_number,
        fingerprint=fingerprint(cert),
        name=plan.name,
        organization_code=str(org[0].value) if org else None,
        reason=t("forge7b.keys.superseded_reason"),
        reason_code="superseded",
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        revoked_by=ctx.settings.user,
        revoked_at=now,
        crl_number=number,
    )
    entries = {
        e.serial: ListEntry(e.serial, e.revoked_at, _reason_code(e.reason_code))
        for e in (crl_entries(plan.current) if plan.current else [])
    }
    for known in repo.all():
        entries[known.serial] = ListEntry(
            known.serial, known.revoked_at, _reason_code(known.reason_code)
        )
    entries[entry.serial] = ListEntry(entry.serial, now, REASON_CODES["superseded"])
    crl = build_crl(plan.root, root_key, entries.values(), number, now)
    target = crl_path(keys_dir)
    archive = keys_dir / "inspectors" / "revoked"
    stem = plan.cert_path.name.removesuffix(".pem")
    moves = [
        (plan.key_path, archive / f"{stem}.{entry.serial:X}.key.pem"),
        (plan.cert_path, archive / f"{stem}.{entry.serial:X}.pem"),
    ]
    with repo.recording(entry):
        archive.mkdir(mode=0o700, exist_ok=True)
        moved: list[tuple[Path, Path]] = []
        try:
            for source, filed in moves:
                if source.exists():
                    source.replace(filed)
                    moved.append((source, filed))
            issued = issue()
        except BaseException:
            for source, filed in reversed(moved):  # not issued: the old pair stays in use
                if not source.exists():
                    filed.replace(source)
            raise
        write_atomic(
            target, crl.public_bytes(serialization.Encoding.PEM), guard=OutputGuard(force=True)
        )
    done = Done(plan.name, f"{entry.serial:X}", now, target, number, len(entries))
    return issued, done


__all__ = ["Done", "Pending", "pending", "supersede"]
