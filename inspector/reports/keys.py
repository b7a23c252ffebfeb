"""The audit office's small certificate authority: a root, and inspector certificates.

Layout under the keys folder (settings `resolved_keys_dir`):

    office/root.pem          the office root certificate (public)
    office/root.key.pem      its EC P-256 key, encrypted with a passphrase
    inspectors/<name>.pem    an inspector's certificate, issued by the root
    inspectors/<name>.key.pem  the inspector's key, encrypted

Every file is written to a temporary file and renamed, readable only by its owner (0600).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector.reports.errors import ReportProblem

DEFAULT_OFFICE = "監査委員事務局"
ROOT_YEARS = 20
INSPECTOR_YEARS = 3


class KeyProblem(ReportProblem):
    """A key or certificate cannot be used; the message says what to do."""


class NoKey(KeyProblem):
    pass


class WrongPassphrase(KeyProblem):
    pass


class CertificateProblem(KeyProblem):
    pass


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


def inspector_paths(keys_dir: Path, name: str) -> tuple[Path, Path]:
    stem = _file_stem(name)
    return keys_dir / "inspectors" / f"{stem}.pem", keys_dir / "inspectors" / f"{stem}.key.pem"


def _write_private(path: Path, data: bytes) -> None:
    """Write atomically (temp file + rename) with mode 0600 in a 0700 folder."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _encrypted(key: ec.EllipticCurvePrivateKey, passphrase: bytes) -> bytes:
    if not passphrase:
        raise KeyProblem("an empty passphrase is not allowed")
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


def _load_key(path: Path, passphrase: bytes, what: str) -> ec.EllipticCurvePrivateKey:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NoKey(f"no key file {path}") from None
    try:
        key = serialization.load_pem_private_key(data, password=passphrase or None)
    except (ValueError, TypeError):
        raise WrongPassphrase(f"wrong passphrase for {what} ({path})") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise KeyProblem(f"{path} is not an EC key")
    return key


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


def init_office(
    keys_dir: Path,
    passphrase: bytes,
    office: str = DEFAULT_OFFICE,
    *,
    years: int = ROOT_YEARS,
    now: datetime | None = None,
) -> Path:
    """Create the office root certificate and key; refuses to replace an existing root."""
    cert_path, key_path = root_paths(keys_dir)
    keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if cert_path.exists() or key_path.exists():
        raise KeyProblem(
            f"the office root already exists in {cert_path.parent}; replacing it would make "
            "every issued certificate and signed document unverifiable"
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
    return cert_path


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
    office = root.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    office_name = str(office[0].value) if office else DEFAULT_OFFICE
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
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
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


def issued_by(cert: x509.Certificate, root: x509.Certificate) -> bool:
    """Whether `cert` carries a valid signature of `root`."""
    if cert.issuer != root.subject:
        return False
    try:
        cert.verify_directly_issued_by(root)
    except (ValueError, TypeError, Exception):
        return False
    return True


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
        if not issued_by(cert, root):
            raise CertificateProblem(
                f"the certificate of '{name}' was not issued by this office's root "
                f"({cert_path}); issue one with `inspector keys issue`"
            )
        check_validity(cert)
    key = _load_key(key_path, passphrase, f"the key of '{name}'")
    if key.public_key().public_numbers() != cert.public_key().public_numbers():  # type: ignore[union-attr]
        raise CertificateProblem(f"the key of '{name}' does not match its certificate")
    return Identity(name, _subject(cert, NameOID.ORGANIZATIONAL_UNIT_NAME), cert, key, root)


__all__ = [
    "CertificateProblem",
    "Identity",
    "IssuedCertificate",
    "KeyProblem",
    "NoKey",
    "WrongPassphrase",
    "check_validity",
    "has_root",
    "init_office",
    "inspector_paths",
    "issue_inspector",
    "issued_by",
    "list_inspectors",
    "load_identity",
    "load_root",
    "root_paths",
]
