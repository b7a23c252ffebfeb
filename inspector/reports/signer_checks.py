"""Who may sign for the office: every check of a signer's certificate, in one place.

Bundles (`bundle import`), documents (`verify`) and signing itself (`load_identity`) all
call `check_signer`. A signer is accepted when its certificate

- was issued by this office's root (the root's signature on it verifies);
- is an inspector's signing certificate: not a CA, key usage "digital signature", and the
  inspector role. `keys issue` writes the role as an extended key usage: document signing
  (RFC 9336) and `INSPECTOR_SIGNING`, a private OID under 2.25 (the UUID arc, which needs
  no registration). Certificates issued before the role existed have no extended key usage
  at all; they are recognised by the key usage `keys issue` always wrote (digital
  signature and content commitment, nothing else), which no other certificate of the
  office carries: the root is a CA (certificate and CRL signing) and the office encryption
  certificate is key agreement only. A certificate with an extended key usage lacking the
  role is refused. Which documents a key may sign (an inspector's notices, the office's
  follow-up reports) is a second role, a certificate policy: `key_roles`, `role_check`;
- is valid at the moment that counts: for a bundle, now (the time a signer writes into a
  bundle proves nothing); for a document, the issue time the database recorded. An
  expired certificate is accepted only when the caller says so (`--accept-expired`, after
  review), and the result says it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from inspector.domain.dates import japan_time
from inspector.i18n import Message
from inspector.reports.errors import CertificateProblem

INSPECTOR_SIGNING = x509.ObjectIdentifier("2.25.12543591350458696177766837806391475335")
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")


class SignerFault(StrEnum):
    FOREIGN = "foreign"
    NOT_INSPECTOR = "not_inspector"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


class SignerRefused(CertificateProblem):
    """A signer's certificate that cannot be accepted; `fault` says which check failed."""

    def __init__(self, fault: SignerFault, message: str) -> None:
        super().__init__(message)
        self.fault = fault


@dataclass(frozen=True)
class SignerCheck:
    """A signer that passed; `expired_on` is set when an expired one was accepted on request."""

    name: str
    legacy: bool = False  # an inspector certificate issued before the role was written
    expired_on: datetime | None = None


def inspector_role() -> x509.ExtendedKeyUsage:
    """The extended key usage `keys issue` writes into inspector certificates."""
    return x509.ExtendedKeyUsage([DOCUMENT_SIGNING, INSPECTOR_SIGNING])


def signer_name(cert: x509.Certificate) -> str:
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else "?"


def issued_by(cert: x509.Certificate, root: x509.Certificate) -> bool:
    """Whether `cert` carries a valid signature of `root`."""
    if cert.issuer != root.subject:
        return False
    try:
        cert.verify_directly_issued_by(root)
    except Exception:  # wrong key type, bad signature, unsupported algorithm: not ours
        return False
    return True


def _extension(cert: x509.Certificate, kind: type[x509.ExtensionType]) -> object | None:
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None
    except ValueError:  # a malformed extension
        return None


def role_problem(cert: x509.Certificate) -> tuple[str | None, bool]:
    """(why `cert` is not an inspector signing certificate or None, whether it is legacy)."""
    constraints = _extension(cert, x509.BasicConstraints)
    usage = _extension(cert, x509.KeyUsage)
    if isinstance(constraints, x509.BasicConstraints) and constraints.ca:
        return Message("more.signer.is_ca"), False
    if not isinstance(usage, x509.KeyUsage):
        return Message("more.signer.no_usage"), False
    if not usage.digital_signature:
        if usage.key_agreement:
            return Message("more.signer.agreement_only"), False
        return Message("more.signer.no_signatures"), False
    if usage.key_agreement or usage.key_cert_sign or usage.crl_sign:
        return Message("more.signer.not_signing_usage"), False
    purposes = _extension(cert, x509.ExtendedKeyUsage)
    if purposes is None:
        if usage.content_commitment and not usage.key_encipherment and not usage.data_encipherment:
            return None, True  # issued before the role was written: see the module's note
        return Message("more.signer.no_role"), False
    assert isinstance(purposes, x509.ExtendedKeyUsage)
    if INSPECTOR_SIGNING not in purposes or ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE in purposes:
        return Message("more.signer.wrong_role"), False
    return None, False


def check_signer(
    cert: x509.Certificate,
    root: x509.Certificate,
    *,
    at: datetime,
    accept_expired: bool = False,
) -> SignerCheck:
    """Raise `SignerRefused` unless `cert` may sign for the office at `at` (see above).

    `accept_expired` lets an expired certificate through (never a foreign one, one of
    another role or one not yet valid); the result's `expired_on` then says so.
    """
    name = signer_name(cert)
    if not issued_by(cert, root):
        raise SignerRefused(
            SignerFault.FOREIGN,
            Message("more.signer.foreign", name=name),
        )
    problem, legacy = role_problem(cert)
    if problem is not None:
        raise SignerRefused(
            SignerFault.NOT_INSPECTOR,
            Message("more.signer.not_inspector", name=name, problem=problem),
        )
    if cert.not_valid_before_utc > at:
        raise SignerRefused(
            SignerFault.NOT_YET_VALID,
            Message(
                "more.signer.not_yet_valid",
                name=name,
                start=f"{japan_time(cert.not_valid_before_utc):%Y-%m-%d %H:%M}",
            ),
        )
    expired_on = None
    if cert.not_valid_after_utc < at:
        if not accept_expired:
            raise SignerRefused(
                SignerFault.EXPIRED,
                Message(
                    "more.signer.expired",
                    name=name,
                    day=f"{japan_time(cert.not_valid_after_utc):%Y-%m-%d}",
                ),
            )
        expired_on = cert.not_valid_after_utc
    return SignerCheck(name, legacy, expired_on)


__all__ = [
    "DOCUMENT_SIGNING",
    "INSPECTOR_SIGNING",
    "SignerCheck",
    "SignerFault",
    "SignerRefused",
    "check_signer",
    "inspector_role",
    "issued_by",
    "role_problem",
    "signer_name",
]
