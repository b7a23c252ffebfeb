"""Holes an adversarial review found in revocation and the terminal (issues 10 and 11):
the list's number, a revoked signer's own time, escapes in data, world-writable office
files. Driven through the CLI as the office and a laptop would."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from cryptography import x509

from inspector.cli import terminal
from inspector.cli.main import cli
from inspector.reports import revocation
from inspector.reports.keys import load_root
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository
from tests.cli import test_revocation_cli as base
from tests.cli.test_revocation_cli import NAME, laptop_from, revoke, run

# the office (a demo database, the root and one inspector key) of the revocation tests
demo_template = base.demo_template
office = base.office


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the command line's English messages (`--lang en`)."""
    monkeypatch.setenv("INSPECTOR_LANG", "en")


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
    shutil.copy(crl, backup)  # the backup holds list 2 (1: the first, made with the root)
    revoke(office, "監査 花子", "退職")
    assert run(office, "laptop", "keys", "import-revocations", str(crl))[0] == 0

    # the office's list is lost, then restored from the old backup: neither restarts it
    crl.unlink()
    code, out, err = run(office, "office", "keys", "revoke", "監査 次郎", "--reason", "盗難")
    assert code == 0, err
    assert "revocation list number 4, 3 revoked certificate(s)" in out
    code, out, err = run(office, "laptop", "keys", "import-revocations", str(crl))
    assert code == 0, err
    assert "revocation list number 4" in out and "3 revoked certificate(s)" in out
    with sqlite3.connect(office / "office.db") as conn:
        numbers = [r[0] for r in conn.execute("select crl_number from certificate_revocation")]
    assert sorted(numbers) == [2, 3, 4]


def test_an_old_backup_of_the_list_does_not_lower_the_number(office: Path) -> None:
    _issue(office, "監査 花子")
    _issue(office, "監査 次郎")
    crl = office / "office-keys" / "office" / "revocations.crl"
    revoke(office)
    backup = crl.read_bytes()
    revoke(office, "監査 花子", "退職")
    crl.write_bytes(backup)
    out = revoke(office, "監査 次郎", "盗難")
    assert "revocation list number 4, 3 revoked certificate(s)" in out
    root = load_root(office / "office-keys")
    parsed = revocation.parse_crl(crl.read_bytes(), root, "list")
    assert revocation.crl_number(parsed) == 4 and len(list(parsed)) == 3
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


def test_a_superseded_key_keeps_its_documents_valid_with_the_database(office: Path) -> None:
    """Without the database a time before the revocation is only the signer's claim, for
    a "benign" reason too (the superseded key may still be at hand): not valid
    (bundlemerge 9c); the database's recorded issue time settles it."""
    old = _notice(office, "office", "old.pdf")
    time.sleep(1.1)
    code, _, err = run(
        office, "office", "keys", "revoke", NAME, "--reason", "更新", "--code", "superseded"
    )
    assert code == 0, err
    code, out, err = run(office, "office", "verify", "--no-db", str(old))
    assert code == 1, out
    assert "signed by a revoked key; the signing time is the signer's claim and cannot be " in err
    assert "superseded" in err and "valid" not in out
    code, out, _ = run(office, "office", "verify", "--no-db", "--json", str(old))
    report = json.loads(out)
    assert report["valid"] is False and report["revocation"]["status"] == "revoked_time_unconfirmed"
    # with the database's recorded issue time, the superseded key's old documents stay valid
    code, out, err = run(office, "office", "verify", str(old))
    assert code == 0 and "valid, signer revoked later" in out


# -- the terminal ----------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_sequences_in_data_are_escaped_on_a_terminal() -> None:
    stream = _Tty()
    terminal.EscapingWriter(stream).write("130  X\r\x1b[?25lOVERWRITTEN\x1b[?25h\n")
    shown = stream.getvalue()
    assert "\x1b" not in shown and "\r" not in shown
    assert shown == "130  X\\x0d\\x1b[?25lOVERWRITTEN\\x1b[?25h\n"


def test_style_placeholders_cannot_be_forged_by_data() -> None:
    red = terminal.style("期限超過", fg="red")  # a style used in this run
    forged = "".join(chr(c) for c in range(0x10FF00, 0x10FF10))
    stream = _Tty()
    terminal.EscapingWriter(stream).write(red + forged)
    assert stream.getvalue() == click.style("期限超過", fg="red") + forged


def test_orgs_list_shows_escapes_in_names_on_a_terminal(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "demo"]).exit_code == 0
    repo = Repository(open_database(f"sqlite:///{db}"))
    first = repo.organizations()[0]
    repo.upsert_organizations([OrganizationInput(first.code, "X\r\x1b[?25lOVERWRITTEN")])
    repo.engine.dispose()
    stream = _Tty()
    with terminal.escaped_output():
        saved, sys.stdout = sys.stdout, terminal.EscapingWriter(stream)  # type: ignore[assignment]
        try:
            result = subprocess_free_invoke(["--db", str(db), "orgs", "list"])
        finally:
            sys.stdout = saved
    assert result == 0
    assert "X\\x0d\\x1b[?25lOVERWRITTEN" in stream.getvalue()
    assert "\x1b" not in stream.getvalue()


def subprocess_free_invoke(args: list[str]) -> int:
    try:
        cli.main(args, prog_name="inspector", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_data_escapes_are_shown_not_stripped_when_not_a_terminal(office: Path) -> None:
    # color=False: click's own stripping when the output is a file or a pipe
    result = CliRunner().invoke(
        cli,
        ["--db", str(office / "office.db"), "keys", "issue", "Z", "--organization", "13\x1b[2J0"],
        env={"INSPECTOR_KEYS_DIR": str(office / "office-keys")},
        color=False,
    )
    assert result.exit_code != 0
    assert "'13\\x1b[2J0'" in result.stderr and "'130'" not in result.stderr
    assert "\x1b" not in result.output + result.stderr


# -- office files others could replace ------------------------------------------------------


@pytest.mark.parametrize("name", ["root.pem", "revocations.crl"])
def test_office_files_writable_by_others_are_refused(office: Path, name: str) -> None:
    signed = base.notice(office, "office", "n.pdf")
    revoke(office)  # the list exists
    target = office / "office-keys" / "office" / name
    before = target.read_bytes()
    target.chmod(0o666)
    for args in (["verify", str(signed)], ["keys", "list"]):
        code, _, err = run(office, "office", *args)
        assert code == 1 and f"{target} can be changed by other users (mode 0666)" in err
        assert "Traceback" not in err
    assert target.read_bytes() == before
