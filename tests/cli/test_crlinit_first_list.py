# ruff: noqa: F811 - the fixtures of test_revocation_cli are imported by name
"""Every office has a revocation list from its first day (crlinit): `keys init-office`
signs list number 1 (no entries, the usual validity) with the root and remembers it, so a
notice signed at once verifies with `verify --no-db` at the office and on a laptop whose
keys folder was copied from it; an office made before makes its first list with `keys
renew-revocations`, and `verify` says so where there is none. Real keys folders, real
signatures, the list read back with cryptography."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from cryptography import x509

from inspector.cli.main import cli
from inspector.reports import revocation
from inspector.reports.keys import load_root
from inspector.reports.revocation_seen import remembered_number
from tests.cli.test_revocation_cli import (  # noqa: F401  (fixtures)
    NAME,
    demo_template,
    notice,
    office,
    revoke,
    run,
)


def _list_file(tmp: Path, where: str = "office") -> Path:
    return tmp / f"{where}-keys" / "office" / "revocations.crl"


def _read_list(tmp: Path, where: str = "office") -> x509.CertificateRevocationList:
    root = load_root(tmp / f"{where}-keys")
    return revocation.parse_crl(_list_file(tmp, where).read_bytes(), root, "list")


def _copied_to_a_laptop(tmp: Path, name: str = "lap") -> Path:
    """The office's keys folder copied to a laptop as it is (without the office's private
    keys), with a copy of the database."""
    keys = tmp / f"{name}-keys"
    shutil.copytree(tmp / "office-keys", keys)
    for private in ("root.key.pem", "encryption.key.pem"):
        (keys / "office" / private).unlink()
    shutil.copy(tmp / "office.db", tmp / f"{name}.db")
    return keys


def _as_made_before(tmp: Path) -> None:
    """The office keys folder as init-office made it before crlinit: no list, no number."""
    _list_file(tmp).unlink()
    (tmp / "office-keys" / "office" / "revocations.seen").unlink()


def test_init_office_writes_list_one_signed_by_the_root(tmp_path: Path) -> None:
    before = datetime.now(UTC)
    result = CliRunner().invoke(
        cli,
        ["--lang", "en", "--db", str(tmp_path / "office.db"), "keys", "init-office"],
        env={"INSPECTOR_KEYS_DIR": str(tmp_path / "office-keys"), "INSPECTOR_KEY_PASSPHRASE": "pw"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    listed = _list_file(tmp_path)
    assert str(listed) in result.stdout.splitlines()
    assert "first revocation list (number 1, no revocations, valid until" in result.stderr
    root = load_root(tmp_path / "office-keys")
    crl = revocation.parse_crl(listed.read_bytes(), root, "list")  # issuer, signature, number
    assert crl.is_signature_valid(root.public_key())  # type: ignore[arg-type]
    assert revocation.crl_number(crl) == 1 and list(crl) == []
    assert before - timedelta(seconds=1) <= crl.last_update_utc <= datetime.now(UTC)
    due = crl.next_update_utc
    assert due is not None
    assert abs(due - (crl.last_update_utc + timedelta(days=revocation.CRL_DAYS))) < timedelta(
        seconds=1
    )
    assert remembered_number(tmp_path / "office-keys") == 1
    assert listed.stat().st_mode & 0o077 == 0  # in the office folder, as the other files


def test_the_first_list_is_said_in_japanese_by_default(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", str(tmp_path / "office.db"), "keys", "init-office"],
        env={"INSPECTOR_KEYS_DIR": str(tmp_path / "k"), "INSPECTOR_KEY_PASSPHRASE": "pw"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert "事務局の最初の失効リスト（第 1 号、失効 0 件、有効期限 令和" in result.stderr


def test_a_notice_signed_right_after_init_verifies_without_the_database(office: Path) -> None:
    signed = notice(office, "office", "n.pdf")
    code, out, err = run(office, "office", "verify", "--no-db", str(signed))
    assert code == 0, err
    assert out.startswith(f"{signed}: valid: signed by {NAME}") and "NOT checked" not in out + err
    # a laptop whose keys folder was copied from the office carries the list
    _copied_to_a_laptop(office)
    code, out, err = run(office, "lap", "verify", "--no-db", str(signed))
    assert code == 0, err
    assert "valid: signed by" in out and "NOT checked" not in out + err
    code, out, _ = run(office, "lap", "verify", "--no-db", "--json", str(signed))
    assert code == 0 and '"status": "not_revoked"' in out


def test_a_key_revoked_after_the_first_list_is_still_refused(office: Path) -> None:
    _copied_to_a_laptop(office)  # holds list 1 and the key (what a thief holds)
    revoke(office)
    crl = _read_list(office)
    assert revocation.crl_number(crl) == 2 and len(list(crl)) == 1
    signed = notice(office, "lap", "stolen.pdf")  # the laptop does not know yet
    for where in ("office", "lap"):
        if where == "lap":
            shutil.copy(_list_file(office), office / "list.crl")
            code, _, err = run(
                office, "lap", "keys", "import-revocations", str(office / "list.crl")
            )
            assert code == 0, err
            assert remembered_number(office / "lap-keys") == 2
        code, out, err = run(office, where, "verify", "--no-db", str(signed))
        assert code == 1, out
        assert "revoked" in err and "Traceback" not in err


def test_an_office_made_before_is_told_and_renew_revocations_makes_its_first_list(
    office: Path,
) -> None:
    signed = notice(office, "office", "n.pdf")
    _as_made_before(office)
    code, out, err = run(office, "office", "verify", "--no-db", str(signed))
    assert code == 0, err  # never took a list: valid, with a warning (fixb)
    assert f"there is no revocation list at {_list_file(office)}" in err
    assert "warning: the revocation of the signer's key was not checked" in err
    assert "This is the office: make its revocation list with `inspector keys renew" in err
    result = CliRunner().invoke(
        cli,
        ["--db", str(office / "office.db"), "verify", "--no-db", str(signed)],
        env={"INSPECTOR_KEYS_DIR": str(office / "office-keys")},
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert "署名した鍵の失効は確かめていません" in result.stderr
    assert "`inspector keys renew-revocations` で失効リストを作成してください" in result.stderr

    code, out, err = run(office, "office", "keys", "renew-revocations")
    assert code == 0, err
    crl = _read_list(office)
    assert revocation.crl_number(crl) == 1 and list(crl) == []
    assert remembered_number(office / "office-keys") == 1
    code, out, err = run(office, "office", "verify", "--no-db", str(signed))
    assert code == 0 and "NOT checked" not in out + err, err
    # and a revocation afterwards is listed and refused
    laptop = _copied_to_a_laptop(office)
    revoke(office)
    assert revocation.crl_number(_read_list(office)) == 2
    stolen = notice(office, "lap", "stolen.pdf")
    code, _, err = run(office, "office", "verify", "--no-db", str(stolen))
    assert code == 1 and "revoked" in err
    assert remembered_number(laptop) == 1


def test_a_first_list_that_cannot_be_written_names_renew_revocations(tmp_path: Path) -> None:
    (tmp_path / "k" / "office" / "revocations.crl").mkdir(parents=True)  # a folder there
    (tmp_path / "k").chmod(0o700)
    (tmp_path / "k" / "office").chmod(0o700)
    result = CliRunner().invoke(
        cli,
        ["--lang", "en", "--db", str(tmp_path / "office.db"), "keys", "init-office"],
        env={"INSPECTOR_KEYS_DIR": str(tmp_path / "k"), "INSPECTOR_KEY_PASSPHRASE": "pw"},
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert "The office root was made" in result.stderr
    assert "its first revocation list could not be written at" in result.stderr
    assert "inspector keys renew-revocations" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "k" / "office" / "root.pem").is_file()
    assert remembered_number(tmp_path / "k") == 0


def test_the_first_list_lost_at_the_office_is_not_numbered_again(office: Path) -> None:
    """The database never recorded list 1 (no revocation made it): when the file is lost,
    the next list is numbered after the number the keys folder took, so a laptop holding
    list 1 takes it (a different list 1 would be refused)."""
    _copied_to_a_laptop(office)
    _list_file(office).unlink()
    code, _, err = run(office, "office", "keys", "renew-revocations")
    assert code == 0, err
    assert revocation.crl_number(_read_list(office)) == 2
    code, _, err = run(office, "lap", "keys", "import-revocations", str(_list_file(office)))
    assert code == 0, err
    assert revocation.crl_number(_read_list(office, "lap")) == 2
