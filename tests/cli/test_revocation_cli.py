"""Revocation (issue 11.3), driven as the office and a laptop would: `keys revoke` at the
office, the revocation list carried to a laptop, bundles and documents of a revoked key,
and a new key for the same person at once."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from inspector.cli.main import cli
from inspector.domain.revocation import RevokedCertificate
from inspector.reports import revocation
from inspector.reports.keys import init_office, issue_inspector, load_root

NAME = "監査 太郎"
STEM = "監査_太郎"
SESSION = "1"  # a completed visit of the demo by 監査 太郎 (his key signs its notice)


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(date(2025, 3, 31))  # built once per test process (tests/conftest.py)


@pytest.fixture
def office(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office database and keys folder with the root and one inspector key."""
    shutil.copy(demo_template, tmp_path / "office.db")
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")  # keys issue
    monkeypatch.delenv("INSPECTOR_SIGNER", raising=False)
    assert run(tmp_path, "office", "keys", "init-office")[0] == 0
    assert run(tmp_path, "office", "keys", "issue", NAME, "--organization", "130")[0] == 0
    return tmp_path


def run(tmp: Path, where: str, *args: str) -> tuple[int, str, str]:
    """`inspector` with `where`'s database (tmp/where.db) and keys folder (tmp/where-keys)."""
    result = CliRunner().invoke(
        cli,
        ["--lang", "en", "--db", str(tmp / f"{where}.db"), *args],
        env={"INSPECTOR_KEYS_DIR": str(tmp / f"{where}-keys")},
        catch_exceptions=False,
    )
    return result.exit_code, result.stdout, result.stderr


def laptop_from(tmp: Path, name: str) -> None:
    """A laptop made from the office before the revocation: its database, the public office
    certificates and the inspector's key (what a thief holds)."""
    shutil.copy(tmp / "office.db", tmp / f"{name}.db")
    keys = tmp / f"{name}-keys"
    (keys / "office").mkdir(parents=True, mode=0o700)
    (keys / "inspectors").mkdir(mode=0o700)
    for public in ("root.pem", "encryption.pem"):
        shutil.copy(tmp / "office-keys" / "office" / public, keys / "office" / public)
    for part in (f"{STEM}.pem", f"{STEM}.key.pem"):
        shutil.copy(tmp / "office-keys" / "inspectors" / part, keys / "inspectors" / part)


def notice(tmp: Path, where: str, out: str) -> Path:
    target = tmp / out
    # the same visit's notice again: a re-issue (same number)
    code, _, err = run(
        tmp, where, "report", "notice", "--session", SESSION, "--reissue", "-o", str(target)
    )
    assert code == 0, err
    return target


def revoke(tmp: Path, name: str = NAME, reason: str = "ノートPC紛失") -> str:
    code, out, err = run(tmp, "office", "keys", "revoke", name, "--reason", reason)
    assert code == 0, err
    return out


def counts(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def test_revoke_logs_who_when_why_and_writes_the_signed_list(office: Path) -> None:
    cert_path = office / "office-keys" / "inspectors" / f"{STEM}.pem"
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    before = datetime.now(UTC)
    out = revoke(office)
    assert f"serial {cert.serial_number:X}" in out and "ノートPC紛失" in out
    with sqlite3.connect(office / "office.db") as conn:
        row = conn.execute(
            "select name, serial, fingerprint, reason, reason_code, revoked_by, revoked_at, "
            "certificate from certificate_revocation"
        ).fetchone()
    assert row[:5] == (
        NAME,
        f"{cert.serial_number:X}",
        cert.fingerprint(hashes.SHA256()).hex(),
        "ノートPC紛失",
        "key-compromise",
    )
    assert row[5] and datetime.fromisoformat(row[6]).replace(tzinfo=UTC) >= before - timedelta(
        seconds=1
    )
    assert x509.load_pem_x509_certificate(row[7].encode()) == cert
    root = load_root(office / "office-keys")
    crl = revocation.parse_crl(
        (office / "office-keys" / "office" / "revocations.crl").read_bytes(), root, "list"
    )
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    assert entry is not None and revocation.crl_number(crl) == 2  # 1: made with the root
    reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    assert reason is x509.ReasonFlags.key_compromise
    # the revoked certificate and key are kept aside, so old documents keep their signer
    archived = office / "office-keys" / "inspectors" / "revoked"
    assert (archived / f"{STEM}.{cert.serial_number:X}.pem").read_bytes() == cert.public_bytes(
        serialization.Encoding.PEM
    )
    assert not cert_path.exists()


def test_old_document_stays_valid_and_a_new_one_is_revoked(office: Path) -> None:
    old = notice(office, "office", "old.pdf")
    laptop_from(office, "thief")  # the lost laptop, as it was
    time.sleep(1.1)  # the list and the signature's own time are in whole seconds
    revoke(office)

    code, out, err = run(office, "office", "verify", str(old))
    assert code == 0, err
    assert out.startswith(f"{old}: valid, signer revoked later on ")
    assert "(the issue time recorded in the database)" in out and "ノートPC紛失" in out
    code, out, _ = run(office, "office", "verify", "--json", str(old))
    status = json.loads(out)["revocation"]
    assert status["status"] == "revoked_later" and status["signing_time_source"] == "database"
    # without the database: the office's list, and only the signer's own claim of the time,
    # which a thief holding the compromised key writes as they like (review of issue 11)
    code, _, err = run(office, "office", "verify", "--no-db", str(old))
    assert code == 1 and "signed by a revoked key; the signing time is the signer's claim" in err

    # the thief signs with the lost key on the lost laptop (no list there yet)
    new = notice(office, "thief", "new.pdf")
    code, _, err = run(office, "office", "verify", str(new))
    assert code == 1 and "invalid: revoked on " in err and "ノートPC紛失" in err
    code, out, _ = run(office, "office", "verify", "--json", str(new))
    report = json.loads(out)
    assert report["verdict"] == "revoked_certificate" and report["valid"] is False
    assert report["revocation"]["status"] == "revoked"
    code, _, err = run(office, "office", "verify", "--no-db", str(new))
    assert code == 1 and "revoked on " in err and "the signer's claim" in err
    # the thief's database records the issue, after the revocation: the office list says so
    shutil.copy(office / "office-keys" / "office" / "revocations.crl", office / "list.crl")
    assert run(office, "thief", "keys", "import-revocations", str(office / "list.crl"))[0] == 0
    code, _, err = run(office, "thief", "verify", str(new))
    assert code == 1 and "revoked on " in err and "recorded in the database" in err


def test_a_back_dated_signing_time_does_not_beat_the_recorded_issue_time() -> None:
    root_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "root")])
    now = datetime.now(UTC)
    root = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(root_key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(root_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, NAME)]))
        .issuer_name(name)
        .public_key(ec.generate_private_key(ec.SECP256R1()).public_key())
        .serial_number(7)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(root_key, hashes.SHA256())
    )
    revoked_at = now - timedelta(hours=1)
    known = revocation.Revocations(
        root, [RevokedCertificate(7, revoked_at, "lost")], sources=["db"]
    )
    claim, recorded = revoked_at - timedelta(days=1), revoked_at + timedelta(minutes=1)
    found = revocation.document_revocation(leaf, known, recorded, claim)
    assert found is not None and not found.revoked_later
    # the claim alone, for a key revoked without a reason (it may be compromised): not valid
    later = revocation.document_revocation(leaf, known, None, claim)
    assert later is not None and not later.revoked_later and later.unconfirmed
    assert "the signing time is the signer's claim" in later.message
    superseded = revocation.Revocations(
        root, [RevokedCertificate(7, revoked_at, "new key", reason_code="superseded")]
    )
    # a "benign" reason too (the superseded key may still be at hand): only a claim
    later = revocation.document_revocation(leaf, superseded, None, claim)
    assert later is not None and not later.revoked_later and later.unconfirmed
    assert "the signing time is the signer's claim" in later.message
    # with the recorded issue time: revoked later
    recorded_before = revocation.document_revocation(leaf, superseded, claim, claim)
    assert recorded_before is not None and recorded_before.revoked_later
    unknown_time = revocation.document_revocation(leaf, known, None, None)
    assert unknown_time is not None and not unknown_time.revoked_later


def test_bundle_import_refuses_a_revoked_signer(office: Path) -> None:
    bundle = office / "b.bin"
    code, _, err = run(
        office, "office", "bundle", "export", "--organization", "120", "-o", str(bundle)
    )
    assert code == 0, err
    shutil.copy(office / "office.db", office / "other.db")  # an office database without the log
    shutil.copytree(office / "office-keys", office / "other-keys")
    revoke(office)
    serial = next((office / "office-keys" / "inspectors" / "revoked").glob("*.key.pem"))
    serial_hex = serial.name.split(".")[1]
    before = counts(office / "office.db")
    code, _, err = run(office, "office", "bundle", "import", str(bundle))
    assert code == 1
    assert f"{bundle}: revoked signer: the certificate of '{NAME}' (serial {serial_hex})" in err
    assert "was revoked on " in err and "ノートPC紛失" in err and "nothing was imported" in err
    assert counts(office / "office.db") == before
    # the list alone (another office database that never recorded it) refuses it too
    shutil.copy(
        office / "office-keys" / "office" / "revocations.crl",
        office / "other-keys" / "office" / "revocations.crl",
    )
    code, _, err = run(office, "other", "bundle", "import", str(bundle))
    assert (
        code == 1 and "revoked signer" in err and "key compromise (from the revocation list)" in err
    )


def test_a_new_key_for_the_same_person_works_at_once(office: Path) -> None:
    old = notice(office, "office", "old.pdf")
    revoke(office)
    code, _, err = run(office, "office", "keys", "issue", NAME, "--organization", "130")
    assert code == 0, err
    new = notice(office, "office", "new.pdf")
    code, out, err = run(office, "office", "verify", str(new))
    assert code == 0 and out.startswith(f"{new}: valid: signed by {NAME}"), err
    assert run(office, "office", "verify", str(old))[0] == 0
    code, out, _ = run(office, "office", "keys", "list", "--json")
    statuses = sorted(row["status"].split()[0] for row in json.loads(out))
    assert statuses == ["revoked", "valid"]
    # a bundle of the new key is accepted
    bundle = office / "b.bin"
    assert (
        run(office, "office", "bundle", "export", "--organization", "120", "-o", str(bundle))[0]
        == 0
    )
    code, _, err = run(office, "office", "bundle", "import", str(bundle))
    assert code == 0, err


def test_a_laptop_imports_the_list_and_stops_signing(office: Path) -> None:
    laptop_from(office, "laptop")
    revoke(office)
    crl_file = office / "carried.crl"
    shutil.copy(office / "office-keys" / "office" / "revocations.crl", crl_file)
    code, out, err = run(office, "laptop", "keys", "import-revocations", str(crl_file))
    assert code == 0, err
    assert f"the key of {NAME} in this keys folder is revoked" in out
    assert (office / "laptop-keys" / "office" / "revocations.crl").read_bytes() == (
        crl_file.read_bytes()
    )
    code, out, _ = run(office, "laptop", "keys", "import-revocations", str(crl_file))
    assert code == 0 and "already up to date" in out
    code, out, _ = run(office, "laptop", "keys", "list")
    assert "revoked" in out
    code, _, err = run(office, "laptop", "report", "notice", "--session", SESSION, "-o", "x.pdf")
    assert code == 1 and "it can no longer sign" in err
    code, _, err = run(
        office, "laptop", "bundle", "export", "--organization", "120", "-o", str(office / "b")
    )
    assert code == 1 and "it can no longer sign" in err and not (office / "b").exists()


def test_an_older_forged_or_damaged_list_is_refused(office: Path) -> None:
    laptop_from(office, "laptop")
    run(office, "office", "keys", "issue", "監査 花子", "--organization", "130")
    lists = office / "lists"
    lists.mkdir()
    revoke(office)
    shutil.copy(office / "office-keys" / "office" / "revocations.crl", lists / "1.crl")
    revoke(office, "監査 花子", "退職")
    shutil.copy(office / "office-keys" / "office" / "revocations.crl", lists / "2.crl")
    assert run(office, "laptop", "keys", "import-revocations", str(lists / "2.crl"))[0] == 0
    current = (office / "laptop-keys" / "office" / "revocations.crl").read_bytes()

    code, _, err = run(office, "laptop", "keys", "import-revocations", str(lists / "1.crl"))
    assert code == 1 and "is older (number 2" in err and "(number 3" in err

    # the same list, signed by a key that is not the office root's
    root = load_root(office / "office-keys")
    forged = revocation.build_crl(
        root, ec.generate_private_key(ec.SECP256R1()), [], number=9
    ).public_bytes(serialization.Encoding.PEM)
    (lists / "forged.crl").write_bytes(forged)
    code, _, err = run(office, "laptop", "keys", "import-revocations", str(lists / "forged.crl"))
    assert code == 1 and "is not signed by this office's root" in err

    # another office's list
    other = office / "other-office"
    init_office(other, b"x", office="他市監査事務局")
    foreign = revocation.build_crl(
        load_root(other), revocation.load_root_key(other, b"x", load_root(other)), [], number=9
    )
    (lists / "foreign.crl").write_bytes(foreign.public_bytes(serialization.Encoding.DER))
    code, _, err = run(office, "laptop", "keys", "import-revocations", str(lists / "foreign.crl"))
    assert code == 1 and "was not issued by this office's root" in err

    data = bytearray((lists / "2.crl").read_bytes())
    data[len(data) // 2] ^= 0x01
    (lists / "damaged.crl").write_bytes(bytes(data))
    code, _, err = run(office, "laptop", "keys", "import-revocations", str(lists / "damaged.crl"))
    assert code == 1 and ("not a revocation list" in err or "not signed" in err)
    (lists / "short.crl").write_bytes((lists / "2.crl").read_bytes()[:100])
    code, _, err = run(office, "laptop", "keys", "import-revocations", str(lists / "short.crl"))
    assert code == 1 and "is not a revocation list" in err
    assert (office / "laptop-keys" / "office" / "revocations.crl").read_bytes() == current


def test_a_newer_list_that_drops_a_revocation_is_refused(office: Path) -> None:
    root = load_root(office / "office-keys")
    key = revocation.load_root_key(office / "office-keys", b"pw", root)
    now = datetime.now(UTC)
    first = revocation.build_crl(
        root, key, [revocation.ListEntry(5, now, x509.ReasonFlags.key_compromise)], 1
    )
    second = revocation.build_crl(root, key, [], 2)
    with pytest.raises(revocation.RevocationProblem, match="never undone"):
        revocation.check_replacement(second, first, "new.crl")


def test_revoke_of_an_unknown_name_is_a_message(office: Path) -> None:
    before = counts(office / "office.db")
    code, _, err = run(office, "office", "keys", "revoke", "監査 次郎", "--reason", "紛失")
    assert code == 1
    assert "no certificate for inspector '監査 次郎'" in err and f"(issued: {NAME})" in err
    assert "Traceback" not in err and counts(office / "office.db") == before
    listed = office / "office-keys" / "office" / "revocations.crl"
    assert (
        revocation.crl_number(
            revocation.parse_crl(listed.read_bytes(), load_root(office / "office-keys"), "list")
        )
        == 1
    )  # the first, untouched


def test_certificates_name_the_office_list_resolved_to_the_keys_folder(tmp_path: Path) -> None:
    init_office(tmp_path, b"pw")
    issued = issue_inspector(tmp_path, NAME, "130", b"pw")
    cert = x509.load_pem_x509_certificate(issued.path.read_bytes())
    root = load_root(tmp_path)
    assert revocation.named_points(cert) == [revocation.distribution_point_name(root)]
    assert revocation.named_points(cert)[0].startswith("urn:x-inspector:office-crl:")
    assert revocation.resolve_distribution_point(cert, root, tmp_path) == (
        tmp_path / "office" / "revocations.crl"
    )
    elsewhere = (
        x509.CertificateBuilder()
        .subject_name(cert.subject)
        .issuer_name(cert.issuer)
        .public_key(cert.public_key())
        .serial_number(3)
        .not_valid_before(cert.not_valid_before_utc)
        .not_valid_after(cert.not_valid_after_utc)
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier("http://crl.example/x.crl")],
                        None,
                        None,
                        None,
                    )
                ]
            ),
            critical=False,
        )
        .sign(ec.generate_private_key(ec.SECP256R1()), hashes.SHA256())
    )
    assert revocation.resolve_distribution_point(elsewhere, root, tmp_path) is None
