"""Holes an adversarial review found in revocation and the terminal (issues 10 and 11):
the list's number, a revoked signer's own time, escapes in data, world-writable office
files. Driven through the CLI as the office and a laptop would."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

from cryptography import x509

from inspector.reports import revocation
from inspector.reports.keys import load_root
from tests.cli import test_revocation_cli as base
from tests.cli.test_revocation_cli import NAME, laptop_from, revoke, run

# the office (a demo database, the root and one inspector key) of the revocation tests
demo_template = base.demo_template
office = base.office


def _issue(tmp: Path, name: str) -> None:
    code, _, err = run(tmp, "office", "keys", "issue", name, "--organization", "130")
    assert code == 0, err


def test_a_lost_office_list_does_not_restart_the_numbering(office: Path) -> None:
    _issue(office, "監査 花子")
    _issue(office, "監査 次郎")
    laptop_from(office, "laptop")
    crl = office / "office-keys" / "office" / "revocations.crl"
    revoke(office)
    backup = office / "backup.crl"
    shutil.copy(crl, backup)  # the backup holds list 1
    revoke(office, "監査 花子", "退職")
    assert run(office, "laptop", "keys", "import-revocations", str(crl))[0] == 0

    # the office's list is lost, then restored from the old backup: neither restarts it
    crl.unlink()
    code, out, err = run(office, "office", "keys", "revoke", "監査 次郎", "--reason", "盗難")
    assert code == 0, err
    assert "revocation list number 3, 3 revoked certificate(s)" in out
    code, out, err = run(office, "laptop", "keys", "import-revocations", str(crl))
    assert code == 0, err
    assert "revocation list number 3" in out and "3 revoked certificate(s)" in out
    with sqlite3.connect(office / "office.db") as conn:
        numbers = [r[0] for r in conn.execute("select crl_number from certificate_revocation")]
    assert sorted(numbers) == [1, 2, 3]


def test_an_old_backup_of_the_list_does_not_lower_the_number(office: Path) -> None:
    _issue(office, "監査 花子")
    _issue(office, "監査 次郎")
    crl = office / "office-keys" / "office" / "revocations.crl"
    revoke(office)
    backup = crl.read_bytes()
    revoke(office, "監査 花子", "退職")
    crl.write_bytes(backup)
    out = revoke(office, "監査 次郎", "盗難")
    assert "revocation list number 3, 3 revoked certificate(s)" in out
    root = load_root(office / "office-keys")
    parsed = revocation.parse_crl(crl.read_bytes(), root, "list")
    assert revocation.crl_number(parsed) == 3 and len(list(parsed)) == 3
    assert all(isinstance(e, x509.RevokedCertificate) for e in parsed)


def _notice(tmp: Path, where: str, out: str) -> Path:
    return base.notice(tmp, where, out)


def test_a_back_dated_claim_of_a_compromised_key_is_not_valid(office: Path) -> None:
    # without the database, a document a thief back-dated is indistinguishable from one
    # signed before the revocation: both carry only the signer's claim of the time
    signed = _notice(office, "office", "claimed-early.pdf")
    time.sleep(1.1)  # the signature's own time is in whole seconds
    revoke(office)  # key compromise (the default): someone else may hold the key
    code, out, err = run(office, "office", "verify", "--no-db", str(signed))
    assert code == 1, out
    assert "signed by a revoked key; the signing time is the signer's claim and cannot be " in err
    assert "confirmed without the office database" in err
    code, out, _ = run(office, "office", "verify", "--no-db", "--json", str(signed))
    report = json.loads(out)
    assert report["valid"] is False and report["verdict"] == "revoked_certificate"
    assert report["revocation"]["status"] == "revoked_time_unconfirmed"
    # the office's record of the issue time settles it
    code, out, err = run(office, "office", "verify", str(signed))
    assert code == 0 and "valid, signer revoked later" in out, err


def test_a_superseded_key_keeps_its_documents_valid_without_the_database(office: Path) -> None:
    old = _notice(office, "office", "old.pdf")
    time.sleep(1.1)
    code, _, err = run(
        office, "office", "keys", "revoke", NAME, "--reason", "更新", "--code", "superseded"
    )
    assert code == 0, err
    code, out, err = run(office, "office", "verify", "--no-db", str(old))
    assert code == 0, err
    assert "valid, signer revoked later" in out and "the signer's claim" in out
    # with the database's recorded issue time, a compromised key's old documents stay valid
    code, out, err = run(office, "office", "verify", str(old))
    assert code == 0 and "valid, signer revoked later" in out
