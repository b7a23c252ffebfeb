"""A revoked certificate filed away but recorded nowhere (a revocation stopped part-way,
before revoke8b's order or a replacement killed before its commit): found, and revoked
by the next `keys revoke` of that name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from inspector.context import AppContext

if TYPE_CHECKING:
    from cryptography import x509

    from inspector.services.revocation.revoke import RevocationPlan


def filed_unrecorded(
    ctx: AppContext, keys_dir: Path, cert_path: Path, root: x509.Certificate
) -> Path | None:
    """A certificate of this name filed in inspectors/revoked/ that neither the database
    nor the keys folder's list knows: a revocation stopped after the pair was moved (the
    order before revoke8b, or a replacement killed before its commit). The newest one."""
    from inspector.reports.keys import issued_by, load_certificate
    from inspector.reports.revocation import read_office_crl
    from inspector.services.revocation.revoke import archived_certificates
    from inspector.store.repositories.revocations import RevocationRepository

    stem = cert_path.name.removesuffix(".pem")
    filed = [p for p in archived_certificates(keys_dir) if p.name.startswith(f"{stem}.")]
    if not filed:
        return None
    current = read_office_crl(keys_dir, root)
    repo = RevocationRepository(ctx.engine)
    stray = []
    for path in filed:
        cert = load_certificate(path)
        listed = current is not None and current.get_revoked_certificate_by_serial_number(
            cert.serial_number
        )
        if issued_by(cert, root) and not listed and repo.find(cert.serial_number) is None:
            stray.append((cert.not_valid_before_utc, path))
    return max(stray)[1] if stray else None


def stray_plan(keys_dir: Path, name: str, path: Path, root: x509.Certificate) -> RevocationPlan:
    """The plan to revoke the certificate at `path`, left in inspectors/revoked/."""
    from inspector.reports.keys import load_certificate
    from inspector.reports.revocation import read_office_crl
    from inspector.services.revocation.revoke import RevocationPlan

    key_path = path.with_name(path.name.removesuffix(".pem") + ".key.pem")
    current = read_office_crl(keys_dir, root)
    return RevocationPlan(
        name, load_certificate(path), path, key_path, root, current, keys_dir, True
    )


__all__ = ["filed_unrecorded", "stray_plan"]
