"""Verify a signed document offline against the office root.

A file is valid only when: it has a signature; the signed bytes are unchanged; the
signature covers the entire file (nothing appended after signing, not even metadata), or
what was appended is long-term-validation data only (a DSS or a document timestamp added by
pyHanko's LTV tools: modification level LTA_UPDATES; any other change is refused; a
document timestamp must verify and is reported, `doc_timestamps`);
the signer's certificate is an inspector's signing certificate of the office root
(`signer_checks.check_signer`) within its validity; and, where the database is at hand,
the content hash in the document matches the stored one and the file is byte for byte the
one recorded at issue (its SHA-256): bytes the signature does not cover, such as the
signature's zero padding or the embedded root certificate, count too.
Nothing is fetched from the network (no OCSP, no CRL).

When is the certificate checked? The signatures carry no trusted timestamp, and the time
the signer wrote into the signature proves nothing. The database does: it records when each
document was issued, with the SHA-256 of the exact file written. When this very file is
recorded there, the certificate path is validated at the recorded issue time, so a notice
stays valid after its signer's certificate expires (but not if the certificate had already
expired when it was issued). Without the database, or for a file it does not know, the
certificate is checked at the current time.

pyHanko logs its own diagnostics (tracebacks included) when a file was changed after
signing; they are silenced while validating, as the verdict already says what is wrong.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from inspector.domain.dates import japan_time
from inspector.domain.documents import Payload, kind_of_doc_id, read_payload
from inspector.i18n import Message as M
from inspector.i18n import joined, message_of
from inspector.reports.doc_timestamps import DocumentTimestamp, TimestampBroken, document_timestamps
from inspector.reports.issuer_check import check_issuer
from inspector.reports.ltv_check import non_ltv_change
from inspector.reports.pyhanko_quiet import quiet_pyhanko
from inspector.reports.revocation import Revocations, document_revocation, revocation_json
from inspector.reports.role_check import check_roles, reissued_before
from inspector.reports.signer_checks import SignerFault, SignerRefused, check_signer
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
    FILE_DIFFERS = "differs_from_issued_document"
    NOT_INSPECTOR = "not_an_inspector_certificate"
    WRONG_SIGNER = "signer_is_not_the_named_issuer"
    REVOKED = "revoked_certificate"
    NOT_INSPECTOR_DOCUMENT = "not_an_inspector_document"
    WRONG_ROLE = "signer_role_does_not_match_document"  # `role_check`
    OLD_PAYLOAD_NEW_KEY = "old_payload_signed_by_a_new_key"


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
    # the recorded issue time the certificate was checked at (None: checked at the current time)
    issued_at: datetime | None = None
    # the signer's revocation status (`revocation.revocation_json`)
    revocation: dict[str, Any] | None = None
    # the PAdES baseline level reached (B-B, B-T, B-LT, B-LTA; None: not a PAdES signature)
    pades_level: str | None = None
    # long-term-validation data (DSS, document timestamps) was added after the signature
    ltv_updates: bool = False
    # the document timestamps (B-LTA) over the file: {"time", "tsa", "trusted"}
    document_timestamps: tuple[dict[str, Any], ...] = ()
    # whom the signed payload names as issuer (None: an old payload naming nobody; "": the
    # document names no person), and whether the signer was compared with it (or with the
    # signer the database recorded)
    issuer: str | None = None
    issuer_compared: bool = False
    # the kind the signed document id names (notice, plan_form, followup; None: none)
    document_kind: str | None = None
    # the role the signers' keys were issued for (inspector, office; None: issued before)
    signer_role: str | None = None
    # signer_role None: when the signer was first issued a key with a role (`role_check`)
    role_key_issued: datetime | None = None

    @property
    def valid(self) -> bool:
        return self.verdict is Verdict.VALID

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["verdict"] = self.verdict.value
        data["valid"] = self.valid
        data["signed_at"] = self.signed_at.isoformat() if self.signed_at else None
        data["issued_at"] = self.issued_at.isoformat() if self.issued_at else None
        data["role_key_issued"] = self.role_key_issued.isoformat() if self.role_key_issued else None
        return data


class DocumentRecord(Protocol):
    """What the database recorded for an issued document (`IssuedDocument` is one)."""

    @property
    def content_hash(self) -> str: ...

    @property
    def issued_at(self) -> datetime: ...

    @property
    def file_sha256(self) -> str | None: ...


# doc id -> the database's record of the document (or just its stored content hash, which
# gives no issue time), or None when the database does not know the document
HashLookup = Callable[[str], "str | DocumentRecord | None"]
DocumentLookup = HashLookup


def _subject(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str | None:
    attrs = cert.subject.get_attributes_for_oid(oid)
    return str(attrs[0].value) if attrs else None


def _day(moment: datetime) -> str:
    return f"{japan_time(moment):%Y-%m-%d}"


def _signed_end(embedded: EmbeddedPdfSignature) -> int | None:
    """Where the signed revision ends: the end of the signature's byte range."""
    try:
        _start, _len1, start2, len2 = (int(n) for n in embedded.byte_range)
    except (TypeError, ValueError):
        return None
    return start2 + len2


def _appended_change(
    reader: PdfFileReader, embedded: EmbeddedPdfSignature, status: PdfSignatureStatus
) -> str | None:
    """None when the signature covers its whole revision and what follows is long-term-
    validation data only: pyHanko's difference analysis says LTA_UPDATES, and object by
    object nothing but a DSS was added (`ltv_check`: pyHanko lets an /Info change through
    as well). Otherwise what else was changed ("" when pyHanko says no more)."""
    if (
        status.coverage is not SignatureCoverageLevel.ENTIRE_REVISION
        or status.modification_level is not ModificationLevel.LTA_UPDATES
        or status.docmdp_ok is False
    ):
        return ""
    with quiet_pyhanko():
        return non_ltv_change(reader, embedded.signed_revision)


def pades_level(
    reader: PdfFileReader, embedded: EmbeddedPdfSignature, status: PdfSignatureStatus
) -> str | None:
    """The PAdES baseline level (ETSI EN 319 142-1): B-B a CAdES signature; B-T with a
    signature timestamp; B-LT with validation data in a DSS as well; B-LTA with a document
    timestamp over it. None for a signature that is not PAdES."""
    if str(embedded.sig_object.get("/SubFilter")) != "/ETSI.CAdES.detached":
        return None
    if status.timestamp_validity is None:
        return "B-B"
    try:
        has_dss = "/DSS" in reader.root
        stamped = bool(reader.embedded_timestamp_signatures)
    except Exception:
        return "B-T"
    if not has_dss:
        return "B-T"
    return "B-LTA" if stamped else "B-LT"


def _payload(reader: PdfFileReader) -> Payload | None:
    try:
        info = reader.trailer_view.get("/Info")
        keywords = info.get_object().get("/Keywords") if info is not None else None
    except Exception:
        return None
    return read_payload(str(keywords)) if keywords is not None else None


async def async_verify_pdf(
    data: bytes,
    root: x509.Certificate,
    lookup: HashLookup | None = None,
    now: datetime | None = None,
    revocations: Revocations | None = None,
    tsa_roots: Sequence[x509.Certificate] = (),
    role_keys: dict[str, datetime] | None = None,
) -> VerifyResult:
    now = now or datetime.now(UTC)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_regular_signatures
    except Exception as exc:
        return VerifyResult(Verdict.UNREADABLE, M("more.verify.unreadable", detail=exc))
    if not signatures:
        return VerifyResult(Verdict.NO_SIGNATURE, M("more.verify.no_signature"))
    payload = _payload(reader)
    doc_id, digest = (payload.doc_id, payload.sha256) if payload else (None, None)

    # what the database knows; its issue time counts only for the very file it recorded
    record = lookup(doc_id) if lookup is not None and doc_id is not None else None
    stored = record if record is None or isinstance(record, str) else record.content_hash
    issued_at: datetime | None = None
    why_now = M("more.verify.no_issue_time")
    # the file as issued: the whole file, or (long-term-validation data appended later) the
    # revision the signature ends; whether what follows is LTV data only is checked below
    end = _signed_end(signatures[-1])
    issued_hashes = {hashlib.sha256(data).hexdigest()}
    if end is not None and 0 < end < len(data):
        issued_hashes.add(hashlib.sha256(data[:end]).hexdigest())
    if record is not None and not isinstance(record, str):
        if record.file_sha256 and record.file_sha256 in issued_hashes:
            issued_at = record.issued_at
        else:
            why_now = M("more.verify.no_file_hash", doc=doc_id)
    # The database holds the issued file's hash and this file's differs: bytes were changed,
    # perhaps where the signature does not reach (its zero padding, the embedded root).
    differs = (
        record is not None
        and not isinstance(record, str)
        and bool(record.file_sha256)
        and issued_at is None
    )
    at = issued_at or now
    root_asn1 = asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
    signer: str | None = None
    org: str | None = None
    signed_at = None
    revoked = None
    level: str | None = None
    ltv = False
    stamps: list[DocumentTimestamp] = []
    signers: list[str] = []
    certs: list[x509.Certificate] = []

    def file_differs() -> VerifyResult:
        return VerifyResult(
            Verdict.FILE_DIFFERS,
            M("more.verify.file_differs", doc=doc_id),
            signer=signer,
            organization_code=org,
            doc_id=doc_id,
            content_hash=digest,
            database_checked=True,
        )

    def failed(verdict: Verdict, message: str) -> VerifyResult:
        if differs and verdict is Verdict.EXPIRED:
            return file_differs()  # checked now only because the file is not the one issued
        return VerifyResult(
            verdict,
            message,
            signer=signer,
            organization_code=org,
            doc_id=doc_id,
            issued_at=issued_at,
            revocation=revocation_json(revoked, revocations),
        )

    for embedded in signatures:
        try:
            cert = x509.load_der_x509_certificate(embedded.signer_cert.dump())
        except Exception as exc:
            return VerifyResult(Verdict.CHANGED, M("more.verify.signature_unreadable", detail=exc))
        signer = _subject(cert, NameOID.COMMON_NAME)
        signers.append(signer or "")
        certs.append(cert)
        org = _subject(cert, NameOID.ORGANIZATIONAL_UNIT_NAME)

        context = ValidationContext(
            trust_roots=[root_asn1],
            allow_fetching=False,
            revocation_mode="soft-fail",
            moment=at,
        )
        try:
            with quiet_pyhanko():
                status = await async_validate_pdf_signature(embedded, context)
        except Exception as exc:
            return failed(Verdict.CHANGED, M("more.verify.does_not_verify", detail=exc))
        signed_at = status.signer_reported_dt
        if not status.intact:
            return failed(Verdict.CHANGED, M("more.verify.content_mismatch"))
        if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
            other = _appended_change(reader, embedded, status)
            if other is not None:
                appended = M("more.verify.appended")
                if other:
                    appended = M("more.verify.appended_what", appended=appended, what=other)
                return failed(Verdict.CHANGED, appended)
            ltv = True
        fault: SignerFault | None = None
        refusal = ""
        try:
            check_signer(cert, root, at=at)
        except SignerRefused as exc:
            fault, refusal = exc.fault, message_of(exc)
        if fault is SignerFault.FOREIGN:
            return failed(Verdict.UNKNOWN_SIGNER, M("more.verify.unknown_signer", why=refusal))
        if fault is SignerFault.NOT_INSPECTOR:
            return failed(Verdict.NOT_INSPECTOR, M("more.verify.not_inspector", why=refusal))
        if not status.valid:
            return failed(Verdict.CHANGED, M("more.verify.content_mismatch"))
        if fault is SignerFault.EXPIRED:
            return failed(
                Verdict.EXPIRED,
                M(
                    "more.verify.expired_before_issue",
                    signer=signer,
                    day=_day(cert.not_valid_after_utc),
                    issued=_day(issued_at),
                )
                if issued_at is not None
                else M(
                    "more.verify.expired",
                    why=why_now,
                    signer=signer,
                    day=_day(cert.not_valid_after_utc),
                ),
            )
        if fault is SignerFault.NOT_YET_VALID:
            return failed(
                Verdict.EXPIRED,
                M(
                    "more.verify.not_yet_valid_issue" if issued_at else "more.verify.not_yet_valid",
                    signer=signer,
                    day=_day(cert.not_valid_before_utc),
                    issued=_day(issued_at) if issued_at else "",
                ),
            )
        if not status.trusted:
            problem = status.trust_problem_indic
            return failed(
                Verdict.UNKNOWN_SIGNER,
                M(
                    "more.verify.not_trusted",
                    signer=signer,
                    problem=problem or M("more.verify.no_path"),
                ),
            )
        level = pades_level(reader, embedded, status)
        revoked = document_revocation(cert, revocations, issued_at, signed_at)
        if revoked is not None and not revoked.revoked_later:
            return failed(Verdict.REVOKED, revoked.message)

    if ltv:
        try:
            with quiet_pyhanko():  # an untrusted TSA is reported, not logged with a traceback
                stamps = await document_timestamps(reader, [root, *tsa_roots])
        except TimestampBroken as exc:
            return failed(Verdict.CHANGED, f"changed after signing: {exc}")

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
            issued_at=issued_at,
            revocation=revocation_json(revoked, revocations),
            pades_level=level,
            ltv_updates=ltv,
            document_timestamps=tuple(s.to_json() for s in stamps),
            issuer=issuer.issuer,
            issuer_compared=issuer.compared,
            document_kind=kind.value if kind is not None else None,
            signer_role=roles.role,
            role_key_issued=since,
        )

    # signed by someone other than the named issuer: a forgery, whatever the database says
    issuer = check_issuer(payload, signers, record)
    kind = kind_of_doc_id(doc_id) if doc_id is not None else None
    roles = check_roles(payload, certs)  # the keys' roles against the kind (and version)
    # a key without a role signing after its holder was given one: not from before roles
    reissue, since = (None, None)
    if roles.refusal is None and roles.role is None and kind is not None:
        reissue, since = reissued_before(certs, issued_at, signed_at, role_keys or {})
    if issuer.refusal is not None:
        if issuer.not_inspector_document:
            return result(Verdict.NOT_INSPECTOR_DOCUMENT, issuer.refusal)
        return result(Verdict.WRONG_SIGNER, issuer.refusal)
    if roles.refusal is not None:
        return result(Verdict(roles.verdict), roles.refusal)
    if reissue is not None:
        return result(Verdict.WRONG_ROLE, reissue)
    if differs:
        return file_differs()
    if lookup is not None:
        if doc_id is None or digest is None:
            return result(
                Verdict.UNKNOWN_DOCUMENT,
                M("more.verify.no_document_id"),
            )
        if stored is None:
            return result(
                Verdict.UNKNOWN_DOCUMENT,
                M("more.verify.not_recorded", doc=doc_id),
            )
        if stored != digest:
            return result(
                Verdict.HASH_MISMATCH,
                M("more.verify.hash_differs", doc=doc_id),
                checked=True,
            )
    # each part a message of its own, empty when it does not apply
    e = ""
    when = (
        M("more.verify.at", when=f"{japan_time(signed_at):%Y-%m-%d %H:%M:%S %Z}")
        if signed_at
        else ""
    )
    recorded = M("more.verify.recorded", day=_day(issued_at)) if issued_at else e
    stamped: str = e
    for stamp in stamps:  # each document timestamp after the one before
        stamped = M(
            "more.verify.stamped" if stamp.trusted else "more.verify.stamped_untrusted",
            before=stamped,
            time=f"{stamp.time:%Y-%m-%d %H:%M:%S %Z}",
            tsa=stamp.tsa,
        )
    valid = M(
        "more.verify.valid",
        head=revoked.message if revoked else M("more.verify.valid_head"),
        signer=signer,
        org=M("more.verify.org", org=org) if org else e,
        when=when,
        coverage=M("more.verify.covers_revision" if ltv else "more.verify.covers_file"),
        checked=M("more.verify.matches_database") if lookup is not None else e,
        recorded=recorded,
        tail=M("more.verify.tail", detail=revoked.detail) if revoked else e,
        stamped=stamped,
    )
    note = roles.note or issuer.note
    return result(
        Verdict.VALID,
        joined([valid, note]) if note else valid,
        checked=lookup is not None,
    )


def verify_pdf(
    data: bytes,
    root: x509.Certificate,
    lookup: HashLookup | None = None,
    now: datetime | None = None,
    revocations: Revocations | None = None,
    tsa_roots: Sequence[x509.Certificate] = (),
    role_keys: dict[str, datetime] | None = None,
) -> VerifyResult:
    """Synchronous `async_verify_pdf`, safe from the CLI and from worker threads.
    `role_keys`: when each person was first issued a key with a role (`role_keys_in`)."""
    return run_sync(async_verify_pdf(data, root, lookup, now, revocations, tsa_roots, role_keys))


__all__ = [
    "DocumentLookup",
    "DocumentRecord",
    "HashLookup",
    "Verdict",
    "VerifyResult",
    "async_verify_pdf",
    "quiet_pyhanko",
    "verify_pdf",
]
