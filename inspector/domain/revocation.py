"""A revoked certificate, as the office database and the revocation list know it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RevokedCertificate:
    """One revocation: which certificate (serial, SHA-256 fingerprint), whose, when, why.

    `source` says where it was read: "database" (the office's record, with who revoked it
    and the reason in words) or "crl" (the signed revocation list: serial, time and the
    standard reason code only).
    """

    serial: int
    revoked_at: datetime
    reason: str
    name: str | None = None
    fingerprint: str | None = None
    revoked_by: str | None = None
    source: str = "database"
    # the standard reason: our option name (database) or RFC 5280's (list)
    reason_code: str | None = None

    @property
    def serial_hex(self) -> str:
        return serial_hex(self.serial)


def serial_hex(serial: int) -> str:
    """How a certificate serial is shown and stored: upper-case hexadecimal."""
    return f"{serial:X}"


__all__ = ["RevokedCertificate", "serial_hex"]
