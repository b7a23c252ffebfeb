"""Building the office's certificates: names, key usages, the extensions every certificate
issued by the root carries, a new key written encrypted, and reading names back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector.i18n import Message
from inspector.reports.errors import KeyProblem
from inspector.reports.key_folder import _write_private
from inspector.secret_text import new_passphrase_bytes

DEFAULT_OFFICE = "監査委員事務局"


def _name(common: str, office: str, unit: str | None = None) -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COMMON_NAME, common),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, office),
    ]
    if unit:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    return x509.Name(attrs)


def _subject(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str | None:
    attrs = cert.subject.get_attributes_for_oid(oid)
    return str(attrs[0].value) if attrs else None


def _office_name(root: x509.Certificate) -> str:
    return _subject(root, NameOID.ORGANIZATION_NAME) or DEFAULT_OFFICE


def key_usage(
    *,
    digital_signature: bool = False,
    content_commitment: bool = False,
    key_agreement: bool = False,
    key_cert_sign: bool = False,
    crl_sign: bool = False,
) -> x509.KeyUsage:
    """A key usage naming only what the key is for (every other usage off)."""
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=content_commitment,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=key_agreement,
        key_cert_sign=key_cert_sign,
        crl_sign=crl_sign,
        encipher_only=False,
        decipher_only=False,
    )


def certificate(
    subject: x509.Name,
    issuer: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    start: datetime,
    end: datetime,
    *,
    constraints: x509.BasicConstraints,
    usage: x509.KeyUsage,
) -> x509.CertificateBuilder:
    """A certificate for `key`'s public key, its constraints and usage (both critical)."""
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(constraints, critical=True)
        .add_extension(usage, critical=True)
    )


def with_key_ids(
    builder: x509.CertificateBuilder, key: ec.EllipticCurvePrivateKey, root: x509.Certificate
) -> x509.CertificateBuilder:
    """The subject's and the issuing root's key identifiers, as every issued one carries."""
    return builder.add_extension(
        x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
    ).add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(root.public_key()),  # type: ignore[arg-type]
        critical=False,
    )


def _encrypted(key: ec.EllipticCurvePrivateKey, passphrase: bytes) -> bytes:
    if not passphrase:
        raise KeyProblem(Message("more.keys.empty_passphrase"))
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        # NFC, as database passphrases (`secret_text`): "が" typed on any system opens it
        serialization.BestAvailableEncryption(new_passphrase_bytes(passphrase)),
    )


def write_pair(
    key_path: Path,
    cert_path: Path,
    key: ec.EllipticCurvePrivateKey,
    cert: x509.Certificate,
    passphrase: bytes,
) -> None:
    """Key first, certificate last: a certificate on disk always has its key beside it."""
    _write_private(key_path, _encrypted(key, passphrase))
    _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
