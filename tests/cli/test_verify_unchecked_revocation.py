"""`verify` when the signer's revocation cannot be checked (bundlemerge 3, fixb): the list
this keys folder took is gone is not "valid" (exit 1) unless --no-revocation-check asks for
it, and the verdict says why; a folder that never took a list and no database: valid with a
warning (a department); a list older than the one the folder took is refused. The folder remembers the highest list
number it took (office/revocations.seen)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from inspector.reports.revocation_seen import remembered_number
from tests.cli.test_revocation_cli import SESSION, counts, laptop_from, notice, revoke, run


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(date(2025, 3, 31))


@pytest.fixture
def office(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(demo_template, tmp_path / "office.db")
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")
    monkeypatch.delenv("INSPECTOR_SIGNER", raising=False)
    assert run(tmp_path, "office", "keys", "init-office")[0] == 0
    assert run(tmp_path, "office", "keys", "issue", "監査 太郎", "--organization", "130")[0] == 0
    return tmp_path


def test_no_list_ever_taken_and_no_database_is_valid_with_a_warning(office: Path) -> None:
    """A keys folder that never took a list (a department with the published root): the
    verdict is valid (exit 0) with a warning saying the revocation was not checked and how
    to check it; only a list the folder took and lost is refused (next test)."""
    signed = notice(office, "office", "n.pdf")
    crl = office / "office-keys" / "office" / "revocations.crl"
    # a keys folder as init-office made it before crlinit: no list, no number taken
    crl.unlink()
    (office / "office-keys" / "office" / "revocations.seen").unlink()
    code, out, err = run(office, "office", "verify", "--no-db", str(signed))
    assert code == 0, err
    assert out.startswith(f"{signed}: valid: signed by 監査 太郎") and "not accepted" not in err
    assert "warning: the revocation of the signer's key was not checked" in err
    assert f"there is no revocation list at {crl} and no database was consulted" in err
    assert "This is the office: make its revocation list with `inspector keys renew" in err
    assert "Traceback" not in err
    code, out, _ = run(office, "office", "verify", "--no-db", "--json", str(signed))
    report = json.loads(out)
    assert code == 0 and report["revocation"]["status"] == "not_checked"
    assert str(crl) in report["revocation"]["why"]
    code, out, err = run(
        office, "office", "verify", "--no-db", "--no-revocation-check", str(signed)
    )
    assert code == 0, err
    assert "NOT checked" in out and "as --no-revocation-check asks" in out
    # with the office database the database's log is the check (no revocation yet)
    code, out, err = run(office, "office", "verify", str(signed))
    assert code == 0 and "NOT checked" not in out + err and "not checked" not in err


def test_a_revoked_key_on_a_laptop_whose_list_is_gone_is_not_valid(office: Path) -> None:
    """The reviewer's case: a notice of a revoked key, verified where the keys folder's
    list was removed (with the laptop's own database at hand, which knows no revocation)."""
    laptop_from(office, "lap")
    revoke(office)
    signed = notice(office, "lap", "stolen.pdf")  # the thief's laptop, before the list
    listed = office / "office-keys" / "office" / "revocations.crl"
    assert remembered_number(office / "office-keys") == 2  # 1: made by init-office
    shutil.copy(listed, office / "list.crl")
    assert run(office, "lap", "keys", "import-revocations", str(office / "list.crl"))[0] == 0
    assert remembered_number(office / "lap-keys") == 2
    (office / "lap-keys" / "office" / "revocations.crl").unlink()
    for extra in ([], ["--no-db"]):
        code, out, err = run(office, "lap", "verify", *extra, str(signed))
        assert code == 1, out
        assert "NOT checked" in err and "though this keys folder took list number 2" in err
    # nor does the laptop sign anything until the list is back (the revoked key would)
    before = counts(office / "lap.db")
    code, out, err = run(
        office,
        "lap",
        "report",
        "notice",
        "--session",
        SESSION,
        "--reissue",
        "-o",
        str(office / "x.pdf"),
    )
    assert code == 1 and "nothing is signed: the revocation list at" in err, out
    assert "import-revocations" in err and "Traceback" not in err
    assert not (office / "x.pdf").exists() and counts(office / "lap.db") == before
    # the list back: revoked
    assert run(office, "lap", "keys", "import-revocations", str(office / "list.crl"))[0] == 0
    code, _, err = run(office, "lap", "verify", "--no-db", str(signed))
    assert code == 1 and "revoked" in err


def test_an_older_list_than_the_folder_took_is_refused(office: Path) -> None:
    signed = notice(office, "office", "n.pdf")
    revoke(office, reason="紛失")
    listed = office / "office-keys" / "office" / "revocations.crl"
    first = listed.read_bytes()
    code, _, err = run(office, "office", "keys", "renew-revocations")
    assert code == 0, err
    assert remembered_number(office / "office-keys") == 3
    listed.write_bytes(first)  # put back the first list
    code, _out, err = run(office, "office", "verify", "--no-db", str(signed))
    assert code == 1 and "Traceback" not in err
    assert f"the revocation list at {listed} is number 2, older than list number 3" in err
