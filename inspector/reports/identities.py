"""Inspector identities: issuing an inspector's certificate and key under the office root,
and loading an inspector's unlocked key and checked certificate to sign with."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector.domain.controls import escape_controls, first_control
from inspector.i18n import Message, message_of
from inspector.reports.cert_builder import (
    _name,
    _office_name,
    _subject,
    certificate,
    key_usage,
    with_key_ids,
    write_pair,
)
from inspector.reports.certificate_list import IssuedCertificate, list_inspectors
from inspector.reports.errors import CertificateProblem, KeyProblem, NoKey, RevokedKey
from inspector.reports.key_folder import _load_cert, _load_key, inspector_paths, root_paths
from inspector.reports.key_roles import (
    ISSUED_BACKDATE,
    KeyRole,
    UnknownRole,
    role_of,
    role_policy,
)
from inspector.reports.office_keys import load_root
from inspector.reports.signer_checks import SignerFault, SignerRefused, check_signer, inspector_role

INSPECTOR_YEARS = 3


@dataclass(frozen=True)
class Identity:
    """An inspector's certificate and unlocked key, with the office root."""

    name: str
    organization_code: str | None
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    root: x509.Certificate


def check_person_name(name: str) -> None:
    """A certificate's name is printed on documents and shown on terminals, and names the
    key's file: no control or invisible character, not empty."""
    if not name.strip():
        raise KeyProblem(Message("more.keys.name_empty"))
    if bad := first_control(name, allow_layout=False):
        raise KeyProblem(
            Message(
                "more.keys.name_control", name=escape_controls(name, keep_layout=False), bad=bad
            )
        )


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
    role: KeyRole | None = KeyRole.INSPECTOR,
) -> IssuedCertificate:
    """Issue a signing certificate and key (EC P-256) signed by the office root, with the
    `role` it is for (`key_roles`: an inspector's, or the office's for its documents; None
    only to make a certificate as issued before roles, which tests of old ones need).

    The key is encrypted with `key_passphrase` (default: the office passphrase).
    """
    check_person_name(name)
    name = unicodedata.normalize("NFC", name)  # one spelling in the certificate and file
    root = load_root(keys_dir)
    _, root_key_path = root_paths(keys_dir)
    root_key = _load_key(root_key_path, office_passphrase, Message("errors.keys.what.root"))
    cert_path, key_path = inspector_paths(keys_dir, name)
    if cert_path.exists() and not replace:
        raise KeyProblem(Message("more.keys.cert_exists", name=name, path=cert_path))
    now = datetime.now(UTC)
    start = not_before or now - ISSUED_BACKDATE
    end = not_after or now + timedelta(days=365 * years)
    office_name = _office_name(root)
    from inspector.reports.revocation import (
        distribution_points,
    )  # it imports reports.keys, which imports this module

    key = ec.generate_private_key(ec.SECP256R1())
    builder = certificate(
        _name(name, office_name, organization_code),
        root.subject,
        key,
        start,
        end,
        constraints=x509.BasicConstraints(ca=False, path_length=None),
        usage=key_usage(digital_signature=True, content_commitment=True),
    ).add_extension(inspector_role(), critical=False)  # a signing key: see signer_checks
    if role is not None:
        builder = builder.add_extension(role_policy(role), critical=False)  # see key_roles
    cert = (
        with_key_ids(builder, key, root)
        .add_extension(distribution_points(root), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    write_pair(key_path, cert_path, key, cert, key_passphrase or office_passphrase)
    return IssuedCertificate(name, organization_code, start, end, cert_path)


def check_validity(cert: x509.Certificate, now: datetime | None = None) -> None:
    now = now or datetime.now(UTC)
    name = _subject(cert, NameOID.COMMON_NAME)
    if cert.not_valid_after_utc < now:
        raise CertificateProblem(
            Message("more.keys.expired", name=name, day=f"{cert.not_valid_after_utc:%Y-%m-%d}")
        )
    if cert.not_valid_before_utc > now:
        raise CertificateProblem(
            Message(
                "more.keys.not_yet_valid", name=name, day=f"{cert.not_valid_before_utc:%Y-%m-%d}"
            )
        )


def _revoked(cert_path: Path) -> bool:
    """A certificate of this name filed in inspectors/revoked/ (`keys revoke` moved it)."""
    folder = cert_path.parent / "revoked"
    stem = cert_path.name.removesuffix(".pem")
    found = folder.glob(f"{stem}.*.pem") if folder.is_dir() else []
    return any(not p.name.endswith(".key.pem") for p in found)


def _inspector_names(keys_dir: Path) -> list[str]:
    """The names of the inspectors' keys, the office's own signing key left out."""
    names = []
    for issued in list_inspectors(keys_dir):
        try:
            office = role_of(_load_cert(issued.path)) is KeyRole.OFFICE
        except (UnknownRole, ValueError, OSError):
            office = False
        if not office:
            names.append(issued.name)
    return names


def load_identity(keys_dir: Path, name: str, passphrase: bytes, *, check: bool = True) -> Identity:
    """An inspector's unlocked key and certificate; checks validity and issuer unless told."""
    cert_path, key_path = inspector_paths(keys_dir, name)
    if not cert_path.is_file() or not key_path.is_file():
        folder = keys_dir / "inspectors"
        if _revoked(cert_path):
            raise RevokedKey(Message("fixd.keys.revoked", name=name))
        known = ", ".join(_inspector_names(keys_dir)) or Message("errors.keys.none")
        raise NoKey(Message("errors.keys.no_inspector", name=name, folder=folder, known=known))
    root = load_root(keys_dir)
    cert = _load_cert(cert_path)
    if check:
        try:
            check_signer(cert, root, at=datetime.now(UTC))
        except SignerRefused as exc:
            if exc.fault is SignerFault.EXPIRED:
                check_validity(cert)  # the same refusal, with the command that renews it
            raise CertificateProblem(
                Message("more.keys.issue_one", problem=message_of(exc), path=cert_path)
            ) from None
    key = _load_key(key_path, passphrase, Message("errors.keys.what.inspector", name=name))
    if key.public_key().public_numbers() != cert.public_key().public_numbers():  # type: ignore[union-attr]
        raise CertificateProblem(Message("more.keys.key_mismatch", name=name))
    return Identity(name, _subject(cert, NameOID.ORGANIZATIONAL_UNIT_NAME), cert, key, root)
