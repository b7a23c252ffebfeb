"""Revoking inspector certificates: the office's revocation list (an X.509 CRL signed by the
office root), and what a revocation means for bundles, documents and signing.

The office database's log (`certificate_revocation`) is the authority: it holds who
revoked which certificate, when and why in words. The CRL, made from it at each
revocation, is what laptops carry (`office/revocations.crl` in the keys folder, imported
with `inspector keys import-revocations`); it holds the serials, times and the standard
reason codes, signed by the root, numbered (CRLNumber) so an older list cannot replace a
newer one.

Inspector certificates name the CRL in a distribution point: a URN made from the root's
fingerprint, which only ever resolves to the file in the keys folder. Nothing is fetched.

Times. A revocation takes effect at the time it was recorded. A document signed before it
stays valid ("signer revoked later"); one signed at or after it is refused. The signing
time is the issue time the database recorded for this very file when there is one; else
the time the signer wrote into the signature, which is only the signer's claim (a thief
with the key can back-date it), and the verdict says so. A bundle signed by a revoked
certificate is refused whatever time it claims: its time is the signer's word too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector.domain.dates import japan_time
from inspector.domain.revocation import RevokedCertificate, serial_hex
from inspector.i18n import Message
from inspector.reports import keys as office_keys
from inspector.reports.key_files import check_office_files
from inspector.reports.revocation_seen import list_problem, refuse_gone_list

CRL_NAME = "revocations.crl"
URN_PREFIX = "urn:x-inspector:office-crl:"
# laptops are offline for weeks: the list's nextUpdate is not enforced when signing or
# verifying; `keys import-revocations` refuses a list past it (services.revocation)
CRL_DAYS = 365

REASON_CODES: dict[str, x509.ReasonFlags] = {
    "key-compromise": x509.ReasonFlags.key_compromise,
    "affiliation-changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation-of-operation": x509.ReasonFlags.cessation_of_operation,
    "unspecified": x509.ReasonFlags.unspecified,
}


class RevocationProblem(office_keys.KeyProblem):
    """A revocation list that cannot be used, or a revoked certificate asked to sign."""


def crl_path(keys_dir: Path) -> Path:
    return keys_dir / "office" / CRL_NAME


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def common_name(cert: x509.Certificate) -> str:
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else "?"


def _moment(value: datetime) -> str:
    return f"{japan_time(value):%Y-%m-%d %H:%M:%S %Z}"


# -- the distribution point ------------------------------------------------------------------


def distribution_point_name(root: x509.Certificate) -> str:
    """The name of the office's CRL: it identifies the root, and is resolved to the keys
    folder's file, never looked up on a network."""
    return URN_PREFIX + fingerprint(root)


def distribution_points(root: x509.Certificate) -> x509.CRLDistributionPoints:
    """The extension `keys issue` puts into inspector certificates."""
    return x509.CRLDistributionPoints(
        [
            x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(distribution_point_name(root))],
                relative_name=None,
                reasons=None,
                crl_issuer=None,
            )
        ]
    )


def named_points(cert: x509.Certificate) -> list[str]:
    try:
        points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    except x509.ExtensionNotFound:
        return []
    return [
        str(name.value)
        for point in points
        for name in point.full_name or []
        if isinstance(name, x509.UniformResourceIdentifier)
    ]


def resolve_distribution_point(
    cert: x509.Certificate, root: x509.Certificate, keys_dir: Path
) -> Path | None:
    """The keys folder's CRL when the certificate names this office's list (or names none:
    certificates issued before distribution points existed); None for any other name,
    which is never fetched."""
    names = named_points(cert)
    if not names or distribution_point_name(root) in names:
        return crl_path(keys_dir)
    return None


# -- the list --------------------------------------------------------------------------------


def crl_number(crl: x509.CertificateRevocationList) -> int:
    try:
        return int(crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number)
    except x509.ExtensionNotFound:
        return 0


def parse_crl(data: bytes, root: x509.Certificate, where: str) -> x509.CertificateRevocationList:
    """A CRL (PEM or DER) checked: readable, issued and signed by `root`, numbered."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            crl = x509.load_pem_x509_crl(data)
        else:
            crl = x509.load_der_x509_crl(data)
        list(crl)  # parse the entries now, not at first use
    except ValueError:
        raise RevocationProblem(Message("more.revocation.not_crl", where=where)) from None
    public = root.public_key()
    if crl.issuer != root.subject or not isinstance(public, ec.EllipticCurvePublicKey):
        raise RevocationProblem(Message("more.revocation.foreign", where=where))
    if not crl.is_signature_valid(public):
        raise RevocationProblem(Message("more.revocation.forged", where=where))
    if crl_number(crl) <= 0:
        raise RevocationProblem(Message("more.revocation.no_number", where=where))
    return crl


def read_office_crl(
    keys_dir: Path, root: x509.Certificate
) -> x509.CertificateRevocationList | None:
    """The keys folder's CRL, checked; None when there is none yet. Every use of the root
    reads the list, so the office files are checked here for modes others could write."""
    check_office_files(keys_dir)
    path = crl_path(keys_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse_crl(data, root, Message("more.revocation.the_list", path=path))


def crl_entries(crl: x509.CertificateRevocationList) -> list[RevokedCertificate]:
    result = []
    for entry in crl:
        try:
            reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason.value
        except x509.ExtensionNotFound:
            reason = x509.ReasonFlags.unspecified.value
        result.append(
            RevokedCertificate(
                serial=entry.serial_number,
                revoked_at=entry.revocation_date_utc,
                reason=reason,
                source="crl",
                reason_code=reason,
            )
        )
    return result


@dataclass(frozen=True)
class ListEntry:
    serial: int
    revoked_at: datetime
    reason_code: x509.ReasonFlags


def build_crl(
    root: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    entries: Iterable[ListEntry],
    number: int,
    now: datetime | None = None,
) -> x509.CertificateRevocationList:
    now = now or datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.subject)
        .last_update(now)
        .next_update(now + timedelta(days=CRL_DAYS))
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    for entry in sorted(entries, key=lambda e: (e.revoked_at, e.serial)):
        revoked = (
            x509.RevokedCertificateBuilder()
            .serial_number(entry.serial)
            .revocation_date(entry.revoked_at)
        )
        if entry.reason_code is not x509.ReasonFlags.unspecified:  # RFC 5280 5.3.1
            revoked = revoked.add_extension(x509.CRLReason(entry.reason_code), critical=False)
        builder = builder.add_revoked_certificate(revoked.build())
    return builder.sign(root_key, hashes.SHA256())


def load_root_key(
    keys_dir: Path, passphrase: bytes, root: x509.Certificate
) -> ec.EllipticCurvePrivateKey:
    _, key_path = office_keys.root_paths(keys_dir)
    key = office_keys._load_key(key_path, passphrase, Message("errors.keys.what.root"))
    if key.public_key().public_numbers() != root.public_key().public_numbers():  # type: ignore[union-attr]
        raise office_keys.CertificateProblem(Message("more.keys.root_mismatch"))
    return key


def check_replacement(
    new: x509.CertificateRevocationList, current: x509.CertificateRevocationList | None, where: str
) -> bool:
    """Whether `new` may replace `current`; False when it is the same list. Refuses an older
    list, a different list with the same number, and one that drops a revocation."""
    if current is None:
        return True
    new_number, old_number = crl_number(new), crl_number(current)
    if new_number == old_number:
        if new.public_bytes(serialization.Encoding.DER) == current.public_bytes(
            serialization.Encoding.DER
        ):
            return False
        raise RevocationProblem(
            Message("more.revocation.same_number", where=where, number=new_number)
        )
    if new_number < old_number:
        raise RevocationProblem(
            Message(
                "more.revocation.older",
                where=where,
                number=new_number,
                made=_moment(new.last_update_utc),
                old_number=old_number,
                old_made=_moment(current.last_update_utc),
            )
        )
    dropped = {e.serial_number for e in current} - {e.serial_number for e in new}
    if dropped:
        raise RevocationProblem(
            Message(
                "more.revocation.leaves_out",
                where=where,
                serials=", ".join(serial_hex(s) for s in sorted(dropped)),
            )
        )
    return True


# -- what a revocation means -----------------------------------------------------------------


class Revocations:
    """The revocations known here: the office database's (preferred: who, why in words) and
    the keys folder's CRL, by serial, for certificates of one root."""

    def __init__(
        self,
        root: x509.Certificate,
        database: Iterable[RevokedCertificate] = (),
        crl: Iterable[RevokedCertificate] = (),
        *,
        sources: Iterable[str] = (),
        list_why: str | None = None,
        list_gone: bool = False,
    ) -> None:
        self.root = root
        self.sources = list(sources)  # what was consulted, for the JSON and the messages
        # why the keys folder's list was not consulted; whether a list taken here is gone
        self.list_why = list_why
        self.list_gone = list_gone
        self.by_serial: dict[int, RevokedCertificate] = {e.serial: e for e in crl}
        self.by_serial.update({e.serial: e for e in database})

    @property
    def checked(self) -> bool:
        return bool(self.sources)

    def find(self, cert: x509.Certificate) -> RevokedCertificate | None:
        if cert.issuer != self.root.subject:
            return None  # serials are unique per issuer only
        return self.by_serial.get(cert.serial_number)


def describe(cert: x509.Certificate, revoked: RevokedCertificate) -> str:
    return Message(
        "more.revocation.describe",
        name=revoked.name or common_name(cert),
        serial=serial_hex(cert.serial_number),
        when=_moment(revoked.revoked_at),
        reason=revoked.reason_words,
    )


def listed_revocations(
    keys_dir: Path, root: x509.Certificate, database: Iterable[RevokedCertificate] | None = None
) -> Revocations:
    """The keys folder's list (checked against `root`) and the database's revocations (None:
    no database consulted)."""
    crl = read_office_crl(keys_dir, root)  # `is None`: a list with no entries is falsy
    listed = [] if crl is None else [str(crl_path(keys_dir))]
    why, gone = list_problem(keys_dir, crl_path(keys_dir), None if crl is None else crl_number(crl))
    sources = (["database"] if database is not None else []) + listed
    entries = [] if crl is None else crl_entries(crl)
    return Revocations(root, database or [], entries, sources=sources, list_why=why, list_gone=gone)


def check_signer(
    keys_dir: Path,
    identity: office_keys.Identity,
    database: Iterable[RevokedCertificate] | None = None,
) -> None:
    """Before signing (the interface's path): a revoked key signs nothing."""
    refuse_revoked_signer(
        identity.certificate, listed_revocations(keys_dir, identity.root, database)
    )


def revoked_signer(cert: x509.Certificate, revocations: Revocations | None) -> str | None:
    """Why a bundle signed by `cert` is refused, or None. Its own time is not trusted."""
    revoked = revocations.find(cert) if revocations is not None else None
    if revoked is None:
        return None
    return Message("more.revocation.revoked_signer", what=describe(cert, revoked))


def refuse_revoked_signer(cert: x509.Certificate, revocations: Revocations) -> None:
    """Signing with a revoked key is refused (documents and bundles), and any signing where
    the list this keys folder took is gone (`revocation_seen`)."""
    refuse_gone_list(revocations)
    revoked = revocations.find(cert)
    if revoked is not None:
        raise RevocationProblem(
            Message("more.revocation.cannot_sign", what=describe(cert, revoked))
        )


@dataclass(frozen=True)
class DocumentRevocation:
    """A revoked signer, and whether the document was signed before the revocation."""

    revoked: RevokedCertificate
    signed_at: datetime | None
    time_source: str  # "database" (recorded at issue) | "signer" (the signature's claim)
    revoked_later: bool
    message: str
    # for a document signed before the revocation: when it was signed, and how we know
    detail: str = ""
    # signed "before" a compromise by the signer's own word only: a thief's back-dating
    unconfirmed: bool = False

    def to_json(self) -> dict[str, Any]:
        status = "revoked_later" if self.revoked_later else "revoked"
        return {
            "status": "revoked_time_unconfirmed" if self.unconfirmed else status,
            "revoked_at": self.revoked.revoked_at.isoformat(),
            "reason": self.revoked.reason,
            "serial": self.revoked.serial_hex,
            "revocation_source": self.revoked.source,
            "signing_time": self.signed_at.isoformat() if self.signed_at else None,
            "signing_time_source": self.time_source,
        }


def document_revocation(
    cert: x509.Certificate,
    revocations: Revocations | None,
    issued_at: datetime | None,
    signer_claim: datetime | None,
) -> DocumentRevocation | None:
    """None when the signer is not revoked; else the verdict's words."""
    revoked = revocations.find(cert) if revocations is not None else None
    if revoked is None:
        return None
    signed_at = issued_at or signer_claim
    source = "database" if issued_at is not None else "signer"
    when = Message("more.verify.revoked_on", when=_moment(revoked.revoked_at))
    if signed_at is None:
        return DocumentRevocation(
            revoked,
            None,
            "none",
            False,
            Message("more.verify.revoked_time_unknown", when=when, what=describe(cert, revoked)),
        )
    how = Message("more.verify.how_database" if issued_at else "more.verify.how_claim")
    # a signature's own time is in whole seconds: within the revocation's second it is after
    limit = (
        revoked.revoked_at if issued_at is not None else revoked.revoked_at.replace(microsecond=0)
    )
    if signed_at < limit and issued_at is None:
        # whoever holds the key writes any signing time they like: whatever the reason of
        # the revocation (a key "superseded" may still be at hand), without a recorded
        # issue time a time before it is only the signer's claim
        return DocumentRevocation(
            revoked,
            signed_at,
            source,
            False,
            Message(
                "more.verify.revoked_unconfirmed",
                what=describe(cert, revoked),
                claim=_moment(signed_at),
            ),
            unconfirmed=True,
        )
    if signed_at < limit:
        return DocumentRevocation(
            revoked,
            signed_at,
            source,
            True,
            Message("more.verify.revoked_later", when=_moment(revoked.revoked_at)),
            Message(
                "more.verify.revoked_later_detail",
                serial=revoked.serial_hex,
                when=_moment(revoked.revoked_at),
                reason=revoked.reason_words,
                signed=_moment(signed_at),
                how=how,
            ),
        )
    return DocumentRevocation(
        revoked,
        signed_at,
        source,
        False,
        Message(
            "more.verify.revoked_before",
            when=when,
            what=describe(cert, revoked),
            signed=_moment(signed_at),
            how=how,
        ),
    )


def revocation_json(
    found: DocumentRevocation | None, revocations: Revocations | None
) -> dict[str, Any]:
    if found is not None:
        return {**found.to_json(), "checked": revocations.sources if revocations else []}
    if revocations is None or not revocations.checked or revocations.list_gone:
        why = revocations.list_why if revocations is not None else None
        checked = revocations.sources if revocations is not None else []
        return {"status": "not_checked", "checked": checked, "why": why and str(why)}
    return {"status": "not_revoked", "checked": revocations.sources}


__all__ = [
    "CRL_NAME",
    "REASON_CODES",
    "DocumentRevocation",
    "ListEntry",
    "RevocationProblem",
    "Revocations",
    "build_crl",
    "check_replacement",
    "crl_entries",
    "crl_number",
    "crl_path",
    "distribution_point_name",
    "distribution_points",
    "document_revocation",
    "load_root_key",
    "parse_crl",
    "read_office_crl",
    "refuse_revoked_signer",
    "resolve_distribution_point",
    "revocation_json",
    "revoked_signer",
]
