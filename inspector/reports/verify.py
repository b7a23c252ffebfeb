"""Verify a signed document offline against the office root.

A file is valid only when: it has a signature; the signed bytes are unchanged; the
signature covers the entire file (nothing appended after signing, not even metadata);
the signer's certificate was issued by the office root and is within its validity; and,
where the database is at hand, the content hash in the document matches the stored one.
Nothing is fetched from the network (no OCSP, no CRL).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from inspector.domain.documents import parse_payload
from inspector.reports.keys import issued_by
from inspector.reports.signing import run_sync


class Verdict(StrEnum):
    VALID = "valid"
    NO_SIGNATURE = "no_signature"
    CHANGED = "changed_after_signing"
    UNKNOWN_SIGNER = "unknown_signer"
    EXPIRED = "expired_certificate"
    UNREADABLE = "unreadable"
    UNKNOWN_DOCUMENT = "unknown_document"
    HASH_MISMATCH = "content_hash_mismatch"


@dataclass(frozen=True)
class VerifyResult:
    verdict: Verdict
    message: str
    signer: str | None = None
    organization_code: str | None = None
    signed_at: datetime | None = None
    doc_id: str | None = None
    content_hash: str | None = None
    database_checked: bool = False

    @property
    def valid(self) -> bool:
        return self.verdict is Verdict.VALID

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["verdict"] = self.verdict.value
        data["valid"] = self.valid
        data["signed_at"] = self.signed_at.isoformat() if self.signed_at else None
        return data


# doc id -> stored content hash, or None when the database does not know the document
HashLookup = Callable[[str], str | None]


def _subject(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str | None:
    attrs = cert.subject.get_attributes_for_oid(oid)
    return str(attrs[0].value) if attrs else None


def _payload(reader: PdfFileReader) -> tuple[str, str] | None:
    try:
        info = reader.trailer_view.get("/Info")
        keywords = info.get_object().get("/Keywords") if info is not None else None
    except Exception:
        return None
    return parse_payload(str(keywords)) if keywords is not None else None


async def async_verify_pdf(
    data: bytes,
    root: x509.Certificate,
    lookup: HashLookup | None = None,
    now: datetime | None = None,
) -> VerifyResult:
    now = now or datetime.now(UTC)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_regular_signatures
    except Exception as exc:
        return VerifyResult(Verdict.UNREADABLE, f"not a readable PDF: {exc}")
    if not signatures:
        return VerifyResult(Verdict.NO_SIGNATURE, "the file has no signature")
    payload = _payload(reader)
    doc_id, digest = payload if payload else (None, None)
    root_asn1 = asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
    signer: str | None = None
    org: str | None = None
    signed_at = None

    def failed(verdict: Verdict, message: str) -> VerifyResult:
        return VerifyResult(verdict, message, signer=signer, organization_code=org, doc_id=doc_id)

    for embedded in signatures:
        try:
            cert = x509.load_der_x509_certificate(embedded.signer_cert.dump())
        except Exception as exc:
            return VerifyResult(Verdict.CHANGED, f"the signature cannot be read: {exc}")
        signer = _subject(cert, NameOID.COMMON_NAME)
        org = _subject(cert, NameOID.ORGANIZATIONAL_UNIT_NAME)

        context = ValidationContext(
            trust_roots=[root_asn1], allow_fetching=False, revocation_mode="soft-fail"
        )
        try:
            status = await async_validate_pdf_signature(embedded, context)
        except Exception as exc:
            return failed(
                Verdict.CHANGED, f"changed after signing: the signature does not verify ({exc})"
            )
        signed_at = status.signer_reported_dt
        if not status.intact or not status.valid:
            return failed(
                Verdict.CHANGED,
                "changed after signing: the signed content does not match the signature",
            )
        if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
            return failed(
                Verdict.CHANGED,
                "changed after signing: data was appended after the signature "
                "(the signature does not cover the entire file)",
            )
        if not issued_by(cert, root):
            return failed(
                Verdict.UNKNOWN_SIGNER,
                f"unknown signer: the certificate of '{signer}' was not issued by this "
                "office's root",
            )
        if cert.not_valid_after_utc < now:
            return failed(
                Verdict.EXPIRED,
                f"expired certificate: the certificate of '{signer}' expired on "
                f"{cert.not_valid_after_utc:%Y-%m-%d}",
            )
        if cert.not_valid_before_utc > now:
            return failed(
                Verdict.EXPIRED,
                f"certificate not yet valid: the certificate of '{signer}' is valid from "
                f"{cert.not_valid_before_utc:%Y-%m-%d}",
            )
        if not status.trusted:
            problem = status.trust_problem_indic
            return failed(
                Verdict.UNKNOWN_SIGNER,
                f"unknown signer: the certificate of '{signer}' is not trusted "
                f"({problem if problem else 'no path to the office root'})",
            )

    def result(verdict: Verdict, message: str, *, checked: bool = False) -> VerifyResult:
        return VerifyResult(
            verdict,
            message,
            signer=signer,
            organization_code=org,
            signed_at=signed_at,
            doc_id=doc_id,
            content_hash=digest,
            database_checked=checked,
        )

    if lookup is not None:
        if doc_id is None or digest is None:
            return result(
                Verdict.UNKNOWN_DOCUMENT,
                "the signature is valid, but the file carries no inspector document id",
            )
        stored = lookup(doc_id)
        if stored is None:
            return result(
                Verdict.UNKNOWN_DOCUMENT,
                f"the signature is valid, but document {doc_id} is not recorded in this database",
            )
        if stored != digest:
            return result(
                Verdict.HASH_MISMATCH,
                f"the content hash of document {doc_id} differs from the one stored in the database",
                checked=True,
            )
    when = f" at {signed_at.astimezone():%Y-%m-%d %H:%M:%S %Z}" if signed_at else ""
    checked = " and matches the database" if lookup is not None else ""
    return result(
        Verdict.VALID,
        f"valid: signed by {signer}{f' ({org})' if org else ''}{when}; "
        f"the signature covers the entire file{checked}",
        checked=lookup is not None,
    )


def verify_pdf(
    data: bytes,
    root: x509.Certificate,
    lookup: HashLookup | None = None,
    now: datetime | None = None,
) -> VerifyResult:
    """Synchronous `async_verify_pdf`, safe from the CLI and from worker threads."""
    return run_sync(async_verify_pdf(data, root, lookup, now))


__all__ = ["HashLookup", "Verdict", "VerifyResult", "async_verify_pdf", "verify_pdf"]
