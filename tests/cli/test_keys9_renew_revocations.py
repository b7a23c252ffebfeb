"""`keys renew-revocations` (keys9): a list near its expiry is said by `keys list` with the
command; the renewal signs the next number with the same revocations and a new year, and a
laptop takes it in. Refusals write nothing. Real keys, the list read back with cryptography."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509

from inspector.reports import revocation
from inspector.reports.keys import load_root
from inspector.services.revocation.revoke import reason_flag
from tests.cli import test_revocation_cli as base
from tests.cli.test_revocation_cli import counts, laptop_from, revoke, run

office = base.office  # the fixtures: an office with its root and one inspector key
demo_template = base.demo_template


def office_list(tmp: Path, where: str = "office") -> x509.CertificateRevocationList:
    root = load_root(tmp / f"{where}-keys")
    data = (tmp / f"{where}-keys" / "office" / "revocations.crl").read_bytes()
    return revocation.parse_crl(data, root, "list")


def age_the_list(tmp: Path, days: int) -> None:
    """The office's list as if made `days` ago (same number and entries, signed by the root)."""
    keys = tmp / "office-keys"
    root = load_root(keys)
    key = revocation.load_root_key(keys, b"pw", root)
    crl = office_list(tmp)
    entries = [
        revocation.ListEntry(e.serial, e.revoked_at, reason_flag(e.reason_code))
        for e in revocation.crl_entries(crl)
    ]
    made = datetime.now(UTC) - timedelta(days=days)
    old = revocation.build_crl(root, key, entries, revocation.crl_number(crl), made)
    from cryptography.hazmat.primitives import serialization

    (keys / "office" / "revocations.crl").write_bytes(old.public_bytes(serialization.Encoding.PEM))


def test_a_list_near_expiry_is_said_and_renewed_with_the_same_revocations(office: Path) -> None:
    laptop_from(office, "laptop")
    revoke(office)
    serial = revocation.crl_entries(office_list(office))[0].serial
    age_the_list(office, 340)  # 25 days left
    code, _, err = run(office, "office", "keys", "list")
    assert code == 0
    assert "expires on" in err, err
    assert "(24 days left)" in err or "(25 days left)" in err, err
    assert "inspector keys renew-revocations" in err

    code, out, err = run(office, "office", "keys", "renew-revocations")
    assert code == 0, err
    crl = office_list(office)
    assert revocation.crl_number(crl) == 3  # 1: made by init-office, 2: the revocation's
    assert [e.serial_number for e in crl] == [serial]
    due = crl.next_update_utc
    assert due is not None
    assert abs(due - (datetime.now(UTC) + timedelta(days=365))) < timedelta(minutes=5)
    assert "number 2 → 3" in out and "1 revocations" in out
    assert "inspector keys import-revocations" in out

    code, _, err = run(office, "office", "keys", "list")
    assert code == 0 and "renew-revocations" not in err
    # the laptop takes the renewed list (a higher number, nothing left out)
    carried = office / "carried.crl"
    shutil.copy(office / "office-keys" / "office" / "revocations.crl", carried)
    code, out, err = run(office, "laptop", "keys", "import-revocations", str(carried))
    assert code == 0, err
    assert revocation.crl_number(office_list(office, "laptop")) == 3
    # the next revocation numbers its list after the renewal
    run(office, "office", "keys", "issue", "監査 花子", "--organization", "130")
    revoke(office, "監査 花子")
    assert revocation.crl_number(office_list(office)) == 4


def test_an_expired_list_on_a_laptop_names_the_office_command(office: Path) -> None:
    laptop_from(office, "laptop")
    revoke(office)
    age_the_list(office, 400)
    shutil.copy(
        office / "office-keys" / "office" / "revocations.crl",
        office / "laptop-keys" / "office" / "revocations.crl",
    )
    code, _, err = run(office, "laptop", "keys", "list")
    assert code == 0
    assert "expired on" in err and "Ask the office" in err, err


def test_a_renewal_with_no_revocation_yet_makes_the_next_empty_list(office: Path) -> None:
    code, _, err = run(office, "office", "keys", "renew-revocations")
    assert code == 0, err
    crl = office_list(office)
    assert revocation.crl_number(crl) == 2 and list(crl) == []  # after init-office's


@pytest.mark.parametrize("case", ["wrong passphrase", "no root key", "old database", "no database"])
def test_refusals_write_nothing(office: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    revoke(office)
    list_file = office / "office-keys" / "office" / "revocations.crl"
    if case == "wrong passphrase":
        monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "wrong")
        said = "passphrase"
    elif case == "no root key":
        (office / "office-keys" / "office" / "root.key.pem").unlink()
        said = "Renew the revocation list at the office"
    elif case == "no database":
        (office / "office.db").rename(office / "elsewhere.db")
        said = "There is no office database at"
    else:
        with sqlite3.connect(office / "office.db") as conn:
            conn.execute("update alembic_version set version_num = '0015'")
        said = "not at the newest schema revision (revision 0015"
    db = office / ("elsewhere.db" if case == "no database" else "office.db")
    before_list, before_db = list_file.read_bytes(), counts(db)
    code, _, err = run(office, "office", "keys", "renew-revocations")
    assert code == 1
    assert said in err and "Traceback" not in err, err
    assert list_file.read_bytes() == before_list
    assert counts(db) == before_db
    assert case != "no database" or not (office / "office.db").exists()
