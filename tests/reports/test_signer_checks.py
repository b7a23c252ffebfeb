"""Who may sign (issue 11 point 1) and how key files are kept (point 5, issue 10 point 14):
a document signed with the office encryption key is refused by `verify` and by signing
itself; certificates issued before the inspector role keep working; key folders are made
0700 under any umask; a key readable by others is refused; a damaged key is not a
"wrong passphrase"."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from _report_samples import PASS, notice
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from inspector.reports import keys
from inspector.reports.notice import build_notice
from inspector.reports.signer_checks import (
    INSPECTOR_SIGNING,
    SignerFault,
    SignerRefused,
    check_signer,
)
from inspector.reports.signing import sign_pdf
from inspector.reports.verify import Verdict, verify_pdf


@pytest.fixture
def office(tmp_path: Path) -> Path:
    folder = tmp_path / "keys"
    keys.init_office(folder, PASS)
    keys.issue_inspector(folder, "監査 太郎", "130", PASS)
    return folder


def _encryption_identity(folder: Path) -> keys.Identity:
    cert = keys.load_encryption_cert(folder)
    return keys.Identity(
        "暗号化鍵", None, cert, keys.load_encryption_key(folder, PASS), keys.load_root(folder)
    )


def test_inspector_certificates_carry_the_role(office: Path) -> None:
    identity = keys.load_identity(office, "監査 太郎", PASS)
    purposes = identity.certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert INSPECTOR_SIGNING in purposes.value
    check = check_signer(identity.certificate, identity.root, at=datetime.now(UTC))
    assert not check.legacy and check.expired_on is None


def test_a_document_signed_with_the_encryption_key_is_refused(office: Path) -> None:
    encryption = _encryption_identity(office)
    root = keys.load_root(office)
    with pytest.raises(SignerRefused) as refused:
        check_signer(encryption.certificate, root, at=datetime.now(UTC))
    assert refused.value.fault is SignerFault.NOT_INSPECTOR
    assert "key agreement only" in str(refused.value)
    data = sign_pdf(build_notice(notice(1)), encryption)
    result = verify_pdf(data, root)
    assert result.verdict is Verdict.NOT_INSPECTOR, result.message
    assert "not an inspector's signature" in result.message
    # the good signature next to it still verifies
    good = sign_pdf(build_notice(notice(1)), keys.load_identity(office, "監査 太郎", PASS))
    assert verify_pdf(good, root).valid


def test_signing_refuses_a_key_that_is_not_an_inspector_key(office: Path) -> None:
    # the encryption certificate and key copied where an inspector's would be
    cert_path, key_path = keys.inspector_paths(office, "偽 花子")
    cert_path.write_bytes(keys.encryption_paths(office)[0].read_bytes())
    key_path.write_bytes(keys.encryption_paths(office)[1].read_bytes())
    key_path.chmod(0o600)
    with pytest.raises(keys.CertificateProblem, match="not an inspector's signing certificate"):
        keys.load_identity(office, "偽 花子", PASS)


def _legacy_certificate(folder: Path, name: str) -> x509.Certificate:
    """An inspector certificate as `keys issue` wrote it before the role existed."""
    root = keys.load_root(folder)
    root_key = keys._load_key(keys.root_paths(folder)[1], PASS, "root")
    now = datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    usage = dict.fromkeys(
        (
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, name)]))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, **usage),
            critical=True,
        )
        .sign(root_key, hashes.SHA256())
    )


def test_certificates_issued_before_the_role_keep_working(office: Path) -> None:
    root = keys.load_root(office)
    check = check_signer(_legacy_certificate(office, "旧 証明書"), root, at=datetime.now(UTC))
    assert check.legacy and check.name == "旧 証明書"


def test_a_certificate_with_another_extended_key_usage_is_refused(office: Path) -> None:
    root = keys.load_root(office)
    root_key = keys._load_key(keys.root_paths(office)[1], PASS, "root")
    legacy = _legacy_certificate(office, "TLS")
    builder = (
        x509.CertificateBuilder()
        .subject_name(legacy.subject)
        .issuer_name(root.subject)
        .public_key(legacy.public_key())  # type: ignore[arg-type]
        .serial_number(x509.random_serial_number())
        .not_valid_before(legacy.not_valid_before_utc)
        .not_valid_after(legacy.not_valid_after_utc)
    )
    for ext in legacy.extensions:
        builder = builder.add_extension(ext.value, ext.critical)
    tls = builder.add_extension(
        x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
    ).sign(root_key, hashes.SHA256())
    with pytest.raises(SignerRefused, match="not the inspector role"):
        check_signer(tls, root, at=datetime.now(UTC))


# -- key files ------------------------------------------------------------------------------


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask", [0o000, 0o022])
def test_keys_are_0600_in_0700_folders_under_any_umask(tmp_path: Path, mask: int) -> None:
    folder = tmp_path / "deep" / "keys"
    with umask(mask):
        keys.init_office(folder, PASS)
        keys.issue_inspector(folder, "監査 太郎", "130", PASS)
    for sub in (folder, folder / "office", folder / "inspectors"):
        assert _mode(sub) == 0o700, sub
    for path in [*folder.rglob("*.pem")]:
        assert _mode(path) == 0o600, path


@pytest.mark.parametrize("mask", [0o000, 0o022])
def test_an_open_keys_folder_is_closed_to_0700(tmp_path: Path, mask: int) -> None:
    folder = tmp_path / "keys"
    with umask(mask):
        for sub in (folder, folder / "inspectors"):
            sub.mkdir()
            sub.chmod(0o777)
        keys.init_office(folder, PASS)
        assert _mode(folder) == 0o700
        keys.issue_inspector(folder, "監査 太郎", "130", PASS)
        assert _mode(folder / "inspectors") == 0o700
        # opened again later: loading the key closes it again
        (folder / "inspectors").chmod(0o777)
        keys.load_identity(folder, "監査 太郎", PASS)
        assert _mode(folder / "inspectors") == 0o700


def test_a_key_readable_by_others_is_refused_with_the_fix(office: Path) -> None:
    _, key_path = keys.inspector_paths(office, "監査 太郎")
    key_path.chmod(0o644)
    with pytest.raises(keys.KeyProblem) as refused:
        keys.load_identity(office, "監査 太郎", PASS)
    assert str(key_path) in str(refused.value) and f"chmod 600 {key_path}" in str(refused.value)
    key_path.chmod(0o600)
    keys.load_identity(office, "監査 太郎", PASS)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-40],
        lambda data: data.replace(b"ENCRYPTED PRIVATE KEY", b"CERTIFICATE"),
    ],
    ids=["empty", "half", "no-end", "not-a-key"],
)
def test_a_damaged_key_file_is_not_a_wrong_passphrase(office: Path, damage: object) -> None:
    _, key_path = keys.inspector_paths(office, "監査 太郎")
    key_path.write_bytes(damage(key_path.read_bytes()))  # type: ignore[operator]
    with pytest.raises(keys.DamagedKey, match="is damaged") as refused:
        keys.load_identity(office, "監査 太郎", PASS)
    assert str(key_path) in str(refused.value) and "passphrase" not in str(refused.value)


def test_a_wrong_passphrase_is_still_called_so(office: Path) -> None:
    with pytest.raises(keys.WrongPassphrase, match="wrong passphrase"):
        keys.load_identity(office, "監査 太郎", b"not it")
