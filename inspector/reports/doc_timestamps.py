"""Document timestamps (PAdES B-LTA): an archive's RFC 3161 stamp over the whole signed
file, added in a later revision. `verify` accepts one only when the token verifies (its
message imprint is the hash of the bytes it covers, its signature is the TSA's) and reports
each: when, by which TSA, and whether that TSA chains to a root the caller trusts (the
office root, or a TSA root given with `verify --tsa-root`). Nothing is fetched. The signer's
certificate is still checked as before: at the recorded issue time, else now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_timestamp
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext


@dataclass(frozen=True)
class DocumentTimestamp:
    time: datetime
    tsa: str
    trusted: bool

    def to_json(self) -> dict[str, Any]:
        return {"time": self.time.isoformat(), "tsa": self.tsa, "trusted": self.trusted}


class TimestampBroken(ValueError):
    """A document timestamp that does not verify; the message says which and why."""


def _name(cert: asn1_x509.Certificate | None) -> str:
    """The TSA's common name (else its whole subject)."""
    if cert is None:
        return ""
    subject = cert.subject.native
    return str(subject.get("common_name") or cert.subject.human_friendly)


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


async def document_timestamps(
    reader: PdfFileReader, roots: Sequence[x509.Certificate]
) -> list[DocumentTimestamp]:
    """Every document timestamp of the file, verified; `TimestampBroken` for one whose
    token does not match the bytes it covers or whose signature does not verify."""
    found = []
    for embedded in reader.embedded_timestamp_signatures:
        context = ValidationContext(
            trust_roots=[_asn1(r) for r in roots],
            allow_fetching=False,
            revocation_mode="soft-fail",
        )
        where = f"the document timestamp of revision {embedded.signed_revision}"
        try:
            # the revisions after it are checked object by object by `ltv_check`
            status = await async_validate_pdf_timestamp(embedded, context, skip_diff=True)
        except Exception as exc:
            raise TimestampBroken(f"{where} cannot be read ({exc})") from None
        if not status.intact:
            raise TimestampBroken(f"{where} does not match the bytes it covers")
        if not status.valid:
            raise TimestampBroken(f"{where}: the time-stamping authority's signature is invalid")
        if status.coverage not in (
            SignatureCoverageLevel.ENTIRE_FILE,
            SignatureCoverageLevel.ENTIRE_REVISION,
        ):
            raise TimestampBroken(f"{where} does not cover its whole revision")
        cert = status.signing_cert
        found.append(
            DocumentTimestamp(
                time=status.timestamp,
                tsa=_name(cert),
                trusted=bool(status.trusted),
            )
        )
    return found


__all__ = ["DocumentTimestamp", "TimestampBroken", "document_timestamps"]
