"""The office's own keys: the root certificate authority (`init_office`, `load_root`) and
the office encryption key bundles are encrypted for (`init_encryption`, checked on load)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from inspector.i18n import Message
from inspector.reports.cert_builder import (
    DEFAULT_OFFICE,
    _name,
    _office_name,
    _point,
    certificate,
    key_usage,
    with_key_ids,
    write_pair,
)
from inspector.reports.errors import CertificateProblem, KeyProblem, NoKey
from inspector.reports.key_files import check_not_writable_by_others, secure_folder
from inspector.reports.key_folder import _load_cert, _load_key, encryption_paths, root_paths
from inspector.reports.signer_checks import issued_by

ROOT_YEARS = 20


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
    builder = certificate(
        _name(f"{office} 持ち運び用暗号化鍵", office),
        root.subject,
        key,
        now - timedelta(minutes=5),
        end,
        constraints=x509.BasicConstraints(ca=False, path_length=None),
        usage=key_usage(key_agreement=True),
    )
    cert = with_key_ids(builder, key, root).sign(root_key, hashes.SHA256())
    write_pair(key_path, cert_path, key, cert, passphrase)
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
        message = (
            "more.keys.root_exists"
            if encryption_paths(keys_dir)[0].exists()
            else "more.keys.root_exists_no_encryption"
        )
        raise KeyProblem(Message(message, folder=cert_path.parent))
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"{office} 監査用ルート認証局", office)
    cert = (
        certificate(
            name,
            name,
            key,
            now - timedelta(minutes=5),
            now + timedelta(days=365 * years),
            constraints=x509.BasicConstraints(ca=True, path_length=0),
            usage=key_usage(key_cert_sign=True, crl_sign=True),
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    write_pair(key_path, cert_path, key, cert, passphrase)
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
        raise KeyProblem(Message("more.keys.encryption_exists", folder=cert_path.parent))
    _, root_key_path = root_paths(keys_dir)
    root_key = _load_key(root_key_path, passphrase, Message("errors.keys.what.root"))
    if _point(root_key.public_key()) != _point(root.public_key()):  # type: ignore[arg-type]
        raise CertificateProblem(Message("more.keys.root_mismatch"))
    return _issue_encryption(
        keys_dir, root, root_key, passphrase, years=years, now=now or datetime.now(UTC)
    )


def load_root(keys_dir: Path) -> x509.Certificate:
    cert_path, _ = root_paths(keys_dir)
    if not cert_path.is_file():
        raise NoKey(Message("errors.keys.no_root", folder=cert_path.parent))
    check_not_writable_by_others(cert_path)  # anyone could have put another root there
    return _load_cert(cert_path)


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
        raise NoKey(Message("errors.keys.no_encryption_cert", folder=cert_path.parent))
    cert = _load_cert(cert_path)
    check_encryption_cert(cert, root, check_dates=check_dates)
    return cert


def check_encryption_cert(
    cert: x509.Certificate, root: x509.Certificate, *, check_dates: bool = True
) -> None:
    """Raise `CertificateProblem` unless `cert` is an office encryption certificate of `root`."""
    if not issued_by(cert, root):
        raise CertificateProblem(Message("more.keys.encryption_foreign"))
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        raise CertificateProblem(Message("more.keys.encryption_no_usage")) from None
    if not usage.key_agreement or usage.key_cert_sign or constraints.ca:
        raise CertificateProblem(Message("more.keys.encryption_not_agreement"))
    public = cert.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey) or public.curve.name != "secp256r1":
        raise CertificateProblem(Message("more.keys.encryption_not_p256"))
    now = datetime.now(UTC)
    if check_dates and not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
        raise CertificateProblem(
            Message(
                "more.keys.encryption_not_valid",
                start=f"{cert.not_valid_before_utc:%Y-%m-%d}",
                end=f"{cert.not_valid_after_utc:%Y-%m-%d}",
            )
        )


def load_encryption_key(
    keys_dir: Path, passphrase: bytes, cert: x509.Certificate | None = None
) -> ec.EllipticCurvePrivateKey:
    """The unlocked office encryption key; it must match its certificate."""
    cert_path, key_path = encryption_paths(keys_dir)
    cert = cert or load_encryption_cert(keys_dir, check_dates=False)
    if not key_path.is_file():
        raise NoKey(Message("errors.keys.no_encryption_key", path=key_path))
    key = _load_key(key_path, passphrase, Message("errors.keys.what.encryption"))
    if _point(key.public_key()) != _point(cert.public_key()):  # type: ignore[arg-type]
        raise CertificateProblem(Message("more.keys.encryption_mismatch", path=cert_path))
    return key
