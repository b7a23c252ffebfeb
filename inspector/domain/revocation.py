"""A revoked certificate, as the office database and the revocation list know it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inspector.i18n import Message


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

    @property
    def reason_words(self) -> str:
        """The reason as a person reads it: the words recorded in the office's database,
        or for an entry known only from the signed list its standard code said in the
        run's language (RFC 5280's `keyCompromise` is no sentence)."""
        if self.source == "crl" and self.reason in CRL_REASONS:
            return Message(f"lead7.crl_reason.{self.reason}")
        return self.reason


CRL_REASONS = frozenset(
    {
        "unspecified",
        "keyCompromise",
        "cACompromise",
        "affiliationChanged",
        "superseded",
        "cessationOfOperation",
        "certificateHold",
        "privilegeWithdrawn",
        "aACompromise",
        "removeFromCRL",
    }
)
"""RFC 5280's reason codes, as the `cryptography` package names them (`ReasonFlags`)."""


def serial_hex(serial: int) -> str:
    """How a certificate serial is shown and stored: upper-case hexadecimal."""
    return f"{serial:X}"


__all__ = ["CRL_REASONS", "RevokedCertificate", "serial_hex"]
