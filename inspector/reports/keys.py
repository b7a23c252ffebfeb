"""The audit office's small certificate authority: a root, and inspector certificates.

Layout under the keys folder (settings `resolved_keys_dir`):

    office/root.pem          the office root certificate (public)
    office/root.key.pem      its EC P-256 key, encrypted with a passphrase
    office/encryption.pem    the office encryption certificate (key agreement only), issued
                             by the root: bundles are encrypted for it
    office/encryption.key.pem  its EC P-256 key, encrypted with the office passphrase
    inspectors/<name>.pem    an inspector's certificate, issued by the root
    inspectors/<name>.key.pem  the inspector's key, encrypted

Every file is written to a temporary file and renamed, readable only by its owner (0600).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector.reports.errors import (
    CertificateProblem,
    DamagedKey,
    KeyProblem,
    NoKey,
    WrongPassphrase,
)
from inspector.reports.key_files import read_private_key, secure_folder, write_private
from inspector.reports.signer_checks import (
    SignerFault,
    SignerRefused,
    check_signer,
    inspector_role,
    issued_by,
)

DEFAULT_OFFICE = "監査委員事務局"
ROOT_YEARS = 20
INSPECTOR_YEARS = 3


@dataclass(frozen=True)
class Identity:
    """An inspector's certificate and unlocked key, with the office root."""

    name: str
    organization_code: str | None
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    root: x509.Certificate


@dataclass(frozen=True)
class IssuedCertificate:
    name: str
    organization_code: str | None
    not_before: datetime
    not_after: datetime
    path: Path


def _file_stem(name: str) -> str:
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", name.strip())
    if not stem or stem in (".", ".."):
        raise KeyProblem(f"'{name}' cannot be used as an inspector name")
    return stem


def root_paths(keys_dir: Path) -> tuple[Path, Path]:
    return keys_dir / "office" / "root.pem", keys_dir / "office" / "root.key.pem"


def encryption_paths(keys_dir: Path) -> tuple[Path, Path]:
    return keys_dir / "office" / "encryption.pem", keys_dir / "office" / "encryption.key.pem"


def inspector_paths(keys_dir: Path, name: str) -> tuple[Path, Path]:
    stem = _file_stem(name)
    return keys_dir / "inspectors" / f"{stem}.pem", keys_dir / "inspectors" / f"{stem}.key.pem"


def _write_private(path: Path, data: bytes) -> None:
    """Atomically, 0600, in 0700 folders (the keys folder is two levels up)."""
    write_private(path, data, path.parent.parent)


def _encrypted(key: ec.EllipticCurvePrivateKey, passphrase: bytes) -> bytes:
    if not passphrase:
        raise KeyProblem("an empty passphrase is not allowed")
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


def _load_key(path: Path, passphrase: bytes, what: str) -> ec.EllipticCurvePrivateKey:
    return read_private_key(path, passphrase, what, path.parent.parent)


def _load_cert(path: Path) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except ValueError:
        raise KeyProblem(f"{path} is not a PEM certificate") from None


def _name(common: str, office: str, unit: str | None = None) -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COMMON_NAME, common),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, office),
    ]
    if unit:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    return x509.Name(attrs)


def has_root(keys_dir: Path) -> bool:
    cert, key = root_paths(keys_dir)
    return cert.is_file() and key.is_file()


def has_encryption(keys_dir: Path) -> bool:
    cert, key = encryption_paths(keys_dir)
    return cert.is_file() and key.is_file()


def _office_name(root: x509.Certificate) -> str:
    office = root.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(office[0].value) if office else DEFAULT_OFFICE


def _issue_encryption(
    keys_dir: Path,
    root: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    passphrase: bytes,
    *,
    years: int | None,
    now: datetime,
) -> Path:
    """The office encryption key and its certificate (key agreement only), issued by the root.

    It never outlives the root. Key first, certificate last: a certificate on disk always has
    its key beside it.
    """
    cert_path, key_path = encryption_paths(keys_dir)
    office = _office_name(root)
    end = root.not_valid_after_utc
    if years is not None:
        end = min(end, now + timedelta(days=365 * years))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{office} 持ち運び用暗号化鍵", office))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    _write_private(key_path, _encrypted(key, passphrase))
    _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert_path


def init_office(
    keys_dir: Path,
    passphrase: bytes,
    office: str = DEFAULT_OFFICE,
    *,
    years: int = ROOT_YEARS,
    now: datetime | None = None,
) -> Path:
    """Create the office root certificate and key, and the office encryption key issued by
    it (both encrypted with `passphrase`); refuses to replace an existing root."""
    cert_path, key_path = root_paths(keys_dir)
    secure_folder(keys_dir)
    if cert_path.exists() or key_path.exists():
        hint = (
            ""
            if encryption_paths(keys_dir)[0].exists()
            else "; to add the missing office encryption key run `inspector keys init-encryption`"
        )
        raise KeyProblem(
            f"the office root already exists in {cert_path.parent}; replacing it would make "
            f"every issued certificate and signed document unverifiable{hint}"
        )
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"{office} 監査用ルート認証局", office)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, _encrypted(key, passphrase))
    _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    _issue_encryption(keys_dir, cert, key, passphrase, years=years, now=now)
    return cert_path


def init_encryption(
    keys_dir: Path,
    passphrase: bytes,
    *,
    years: int | None = None,
    now: datetime | None = None,
) -> Path:
    """Add the office encryption key to an office made without one; the root is only read.

    Refuses when an encryption certificate exists: bundles already encrypted for it could
    not be opened with a new key.
    """
    root = load_root(keys_dir)
    cert_path, _ = encryption_paths(keys_dir)
    if cert_path.exists():
        raise KeyProblem(
            f"the office encryption key already exists in {cert_path.parent}; replacing it "
            "would make every bundle already made for it unreadable"
        )
    _, root_key_path = root_paths(keys_dir)
    root_key = _load_key(root_key_path, passphrase, "the office root key")
    if _point(root_key.public_key()) != _point(root.public_key()):  # type: ignore[arg-type]
        raise CertificateProblem("the office root key does not match the root certificate")
    return _issue_encryption(
        keys_dir, root, root_key, passphrase, years=years, now=now or datetime.now(UTC)
    )


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def load_root(keys_dir: Path) -> x509.Certificate:
    cert_path, _ = root_paths(keys_dir)
    if not cert_path.is_file():
        raise NoKey(
            f"no office root certificate in {cert_path.parent}: "
            "create one with `inspector keys init-office`"
        )
    return _load_cert(cert_path)


def issue_inspector(
    keys_dir: Path,
    name: str,
    organization_code: str | None,
    office_passphrase: bytes,
    key_passphrase: bytes | None = None,
    *,
    years: int = INSPECTOR_YEARS,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    replace: bool = False,
) -> IssuedCertificate:
    """Issue an inspector's certificate and key (EC P-256) signed by the office root.

    The key is encrypted with `key_passphrase` (default: the office passphrase).
    """
    root = load_root(keys_dir)
    _, root_key_path = root_paths(keys_dir)
    root_key = _load_key(root_key_path, office_passphrase, "the office root key")
    cert_path, key_path = inspector_paths(keys_dir, name)
    if cert_path.exists() and not replace:
        raise KeyProblem(f"a certificate for '{name}' already exists: {cert_path}")
    now = datetime.now(UTC)
    start = not_before or now - timedelta(minutes=5)
    end = not_after or now + timedelta(days=365 * years)
    office_name = _office_name(root)
    from inspector.reports.revocation import distribution_points  # it imports this module

    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name, office_name, organization_code))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(inspector_role(), critical=False)  # the role: see signer_checks
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .add_extension(distribution_points(root), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    _write_private(key_path, _encrypted(key, key_passphrase or office_passphrase))
    _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return IssuedCertificate(name, organization_code, start, end, cert_path)


def _subject(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str | None:
    attrs = cert.subject.get_attributes_for_oid(oid)
    return str(attrs[0].value) if attrs else None


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


def check_validity(cert: x509.Certificate, now: datetime | None = None) -> None:
    now = now or datetime.now(UTC)
    name = _subject(cert, NameOID.COMMON_NAME)
    if cert.not_valid_after_utc < now:
        raise CertificateProblem(
            f"the certificate of '{name}' expired on {cert.not_valid_after_utc:%Y-%m-%d}: "
            f'issue a new one with `inspector keys issue "{name}" --organization CODE --replace`'
        )
    if cert.not_valid_before_utc > now:
        raise CertificateProblem(
            f"the certificate of '{name}' is not valid before {cert.not_valid_before_utc:%Y-%m-%d}"
        )


_NO_ENCRYPTION = (
    "bundles are encrypted for the office encryption key, and an office created before it "
    "existed has none: add one with `inspector keys init-encryption` at the office "
    "(a laptop only needs a copy of the office's public office/encryption.pem)"
)


def load_encryption_cert(
    keys_dir: Path,
    root: x509.Certificate | None = None,
    *,
    check_dates: bool = True,
) -> x509.Certificate:
    """The office encryption certificate, checked: issued by the office root, key agreement
    usage, not a CA, an EC P-256 key and (unless told) valid now."""
    root = root or load_root(keys_dir)
    cert_path, _ = encryption_paths(keys_dir)
    if not cert_path.is_file():
        raise NoKey(f"no office encryption certificate in {cert_path.parent}: {_NO_ENCRYPTION}")
    cert = _load_cert(cert_path)
    check_encryption_cert(cert, root, check_dates=check_dates)
    return cert


def check_encryption_cert(
    cert: x509.Certificate, root: x509.Certificate, *, check_dates: bool = True
) -> None:
    """Raise `CertificateProblem` unless `cert` is an office encryption certificate of `root`."""
    if not issued_by(cert, root):
        raise CertificateProblem(
            "the office encryption certificate was not issued by this office's root"
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        raise CertificateProblem(
            "the office encryption certificate lacks its key usage or basic constraints"
        ) from None
    if not usage.key_agreement or usage.key_cert_sign or constraints.ca:
        raise CertificateProblem("the office encryption certificate is not for key agreement only")
    public = cert.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey) or public.curve.name != "secp256r1":
        raise CertificateProblem("the office encryption certificate does not carry an EC P-256 key")
    now = datetime.now(UTC)
    if check_dates and not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
        raise CertificateProblem(
            "the office encryption certificate is not valid now (valid "
            f"{cert.not_valid_before_utc:%Y-%m-%d} to {cert.not_valid_after_utc:%Y-%m-%d})"
        )


def load_encryption_key(
    keys_dir: Path, passphrase: bytes, cert: x509.Certificate | None = None
) -> ec.EllipticCurvePrivateKey:
    """The unlocked office encryption key; it must match its certificate."""
    cert_path, key_path = encryption_paths(keys_dir)
    cert = cert or load_encryption_cert(keys_dir, check_dates=False)
    if not key_path.is_file():
        raise NoKey(f"no office encryption key {key_path}: {_NO_ENCRYPTION}")
    key = _load_key(key_path, passphrase, "the office encryption key")
    if _point(key.public_key()) != _point(cert.public_key()):  # type: ignore[arg-type]
        raise CertificateProblem(
            f"the office encryption key does not match its certificate ({cert_path})"
        )
    return key


def load_identity(keys_dir: Path, name: str, passphrase: bytes, *, check: bool = True) -> Identity:
    """An inspector's unlocked key and certificate; checks validity and issuer unless told."""
    cert_path, key_path = inspector_paths(keys_dir, name)
    if not cert_path.is_file() or not key_path.is_file():
        known = ", ".join(i.name for i in list_inspectors(keys_dir)) or "none"
        raise NoKey(
            f"no key for inspector '{name}' in {keys_dir / 'inspectors'} (issued: {known}); "
            f'create one with `inspector keys issue "{name}" --organization CODE`'
        )
    root = load_root(keys_dir)
    cert = _load_cert(cert_path)
    if check:
        try:
            check_signer(cert, root, at=datetime.now(UTC))
        except SignerRefused as exc:
            if exc.fault is SignerFault.EXPIRED:
                check_validity(cert)  # the same refusal, with the command that renews it
            raise CertificateProblem(
                f"{exc} ({cert_path}); issue one with `inspector keys issue`"
            ) from None
    key = _load_key(key_path, passphrase, f"the key of '{name}'")
    if key.public_key().public_numbers() != cert.public_key().public_numbers():  # type: ignore[union-attr]
        raise CertificateProblem(f"the key of '{name}' does not match its certificate")
    return Identity(name, _subject(cert, NameOID.ORGANIZATIONAL_UNIT_NAME), cert, key, root)


__all__ = [
    "CertificateProblem",
    "DamagedKey",
    "Identity",
    "IssuedCertificate",
    "KeyProblem",
    "NoKey",
    "WrongPassphrase",
    "check_encryption_cert",
    "check_validity",
    "encryption_paths",
    "has_encryption",
    "has_root",
    "init_encryption",
    "init_office",
    "inspector_paths",
    "issue_inspector",
    "issued_by",
    "list_inspectors",
    "load_encryption_cert",
    "load_encryption_key",
    "load_identity",
    "load_root",
    "root_paths",
]
