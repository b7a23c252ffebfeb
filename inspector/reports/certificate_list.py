"""The inspector certificates the office has issued, as listed from the keys folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.x509.oid import NameOID

from inspector.reports.cert_builder import _subject
from inspector.reports.key_folder import _load_cert


@dataclass(frozen=True)
class IssuedCertificate:
    name: str
    organization_code: str | None
    not_before: datetime
    not_after: datetime
    path: Path


def list_inspectors(keys_dir: Path) -> list[IssuedCertificate]:
    folder = keys_dir / "inspectors"
    result = []
    for path in sorted(folder.glob("*.pem")) if folder.is_dir() else []:
        if path.name.endswith(".key.pem"):
            continue
        cert = _load_cert(path)
        result.append(
            IssuedCertificate(
                _subject(cert, NameOID.COMMON_NAME) or path.stem,
                _subject(cert, NameOID.ORGANIZATIONAL_UNIT_NAME),
                cert.not_valid_before_utc,
                cert.not_valid_after_utc,
                path,
            )
        )
    return result
