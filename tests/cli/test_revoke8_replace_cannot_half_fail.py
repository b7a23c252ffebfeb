# ruff: noqa: F811 - the fixtures of test_revocation_cli are imported by name
"""`keys issue --replace` and `keys revoke` cannot half-fail (revoke8): a failure at any
step after the first change leaves the old state whole (old certificate and key in place,
not revoked, no new key, database and revocation list as they were) and says so, or says
what it could not put back and how. Real SQLite files, real keys folders, the list read
back; failures made by the file system (a link where the list goes, a folder) or by a
step made to fail (monkeypatch)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.reports import keys as report_keys
from inspector.store.errors import DatabaseError
from inspector.store.repositories.revocations import RevocationRepository
from tests.cli.test_revocation_cli import (  # noqa: F401  (fixtures)
    NAME,
    STEM,
    counts,
    demo_template,
    office,
    revoke,
    run,
)

REPLACE = ("keys", "issue", NAME, "--organization", "130", "--replace")


def _snapshot(office: Path) -> dict[str, Any]:
    """The keys folder (every file's bytes, by relative path) and the database's dump."""
    keys = office / "office-keys"
    files = {
        str(p.relative_to(keys)): p.read_bytes()
        for p in sorted(keys.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }
    return {"files": files, "db": counts(office / "office.db")}


def _revocation_rows(office: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(office / "office.db") as con:
        return con.execute("select name, serial from certificate_revocation").fetchall()


def _list(office: Path) -> Path:
    return office / "office-keys" / "office" / "revocations.crl"


def _link_list(office: Path) -> bytes:
    """The list (the first, made by init-office) moved to elsewhere.crl and a link to it
    put where the list goes: read through, never written through. Its bytes."""
    elsewhere = office / "elsewhere.crl"
    _list(office).rename(elsewhere)
    _list(office).symlink_to(elsewhere)
    return elsewhere.read_bytes()


def test_a_link_where_the_list_goes_leaves_the_old_key_in_place(office: Path) -> None:
    """The list cannot be written after the old pair was moved and the new one issued:
    the new pair is removed and the old one put back, not revoked."""
    first = _link_list(office)  # a link is never written through
    before = _snapshot(office)
    code, out, err = run(office, "office", *REPLACE)
    assert code == 1, out
    assert "is a symbolic link" in err or "link" in err
    assert "the old state is restored" in err and "no new key was issued" in err
    assert f"{STEM}.pem" in err and "is not revoked" in err
    assert "Traceback" not in err
    assert _snapshot(office) == before  # the same old key, nothing in inspectors/revoked/
    assert _revocation_rows(office) == []
    assert (office / "elsewhere.crl").read_bytes() == first


def test_keys_revoke_with_a_link_where_the_list_goes_says_nothing_was_revoked(
    office: Path,
) -> None:
    _link_list(office)
    before = _snapshot(office)
    code, _, err = run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")
    assert code == 1
    assert "the old state is restored" in err and "is not revoked" in err
    assert "no new key" not in err  # nothing was to be issued
    assert _snapshot(office) == before and _revocation_rows(office) == []


def test_a_failure_after_the_list_was_written_and_the_new_key_issued(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure in between (revoke8b's order: the list is written first): the new key is
    issued, then the disk is full; the new pair removed, the old back, the list removed."""
    real = report_keys.issue_inspector

    def issue_then_fail(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        assert _list(office).is_file()  # written before the old pair was moved
        raise OSError(28, "No space left on device", str(office / "office-keys"))

    monkeypatch.setattr(report_keys, "issue_inspector", issue_then_fail)
    before = _snapshot(office)
    code, _, err = run(office, "office", *REPLACE)
    assert code == 1, err
    assert "Not enough disk space" in err
    assert "the old state is restored" in err and "no new key was issued" in err
    assert _snapshot(office) == before and _revocation_rows(office) == []
    assert _list(office).read_bytes() == before["files"]["office/revocations.crl"]  # the first


def test_a_failed_issue_after_writing_its_key_removes_it_and_puts_the_old_back(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = report_keys.issue_inspector

    def issue_then_fail(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise OSError(28, "No space left on device", str(_list(office)))

    monkeypatch.setattr(report_keys, "issue_inspector", issue_then_fail)
    before = _snapshot(office)
    code, _, err = run(office, "office", *REPLACE)
    assert code == 1 and "the old state is restored" in err and "Traceback" not in err
    assert _snapshot(office) == before and _revocation_rows(office) == []


def test_a_failed_commit_puts_the_earlier_list_back(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last step fails: the list already written with the new number is replaced by
    the earlier list's very bytes, the new pair removed, the old pair put back."""
    run(office, "office", "keys", "issue", "監査 花子", "--organization", "130")
    revoke(office, "監査 花子", "退職")  # list number 1 in the keys folder
    before = _snapshot(office)

    @contextmanager
    def commit_fails(self: RevocationRepository, make: Any) -> Iterator[object]:
        yield make(self.last_list_number(), self.all())
        raise DatabaseError("the database is locked")

    monkeypatch.setattr(RevocationRepository, "recording", commit_fails)
    code, _, err = run(office, "office", *REPLACE)
    assert code == 1
    assert "the database is locked" in err and "the old state is restored" in err
    assert _snapshot(office) == before
    assert [name for name, _ in _revocation_rows(office)] == ["監査 花子"]


def test_an_undo_that_fails_says_what_is_left_where(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The step after the issue fails and the new certificate cannot be removed: the
    message names the new file to delete and the old one to move back; nothing is
    recorded."""
    cert_path, _ = report_keys.inspector_paths(office / "office-keys", NAME)
    real_issue = report_keys.issue_inspector

    def issue_then_fail(*args: Any, **kwargs: Any) -> Any:
        real_issue(*args, **kwargs)
        raise OSError(28, "No space left on device", str(office / "office-keys"))

    monkeypatch.setattr(report_keys, "issue_inspector", issue_then_fail)
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == cert_path:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    code, _, err = run(office, "office", *REPLACE)
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in err
    assert "could not be wholly restored" in err
    assert f"the newly issued file {cert_path} could not be removed" in err
    archived = office / "office-keys" / "inspectors" / "revoked"
    assert f"the old file is at {archived}" in err and f"moved back to {cert_path}" in err
    assert _revocation_rows(office) == []


def test_the_message_is_japanese_by_default(office: Path) -> None:
    _link_list(office)
    result = CliRunner().invoke(
        cli,
        ["--db", str(office / "office.db"), *REPLACE],
        env={"INSPECTOR_KEYS_DIR": str(office / "office-keys")},
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert "元の状態に戻しました" in result.stderr
    assert "新しい鍵は発行していません" in result.stderr


def test_the_services_function_returns_a_typed_result_and_raises_typed_errors(
    office: Path,
) -> None:
    """What the interface would call: no command line, no click."""
    from inspector.config import Settings
    from inspector.context import AppContext
    from inspector.services.revocation import (
        RevocationFailed,
        RevocationRefused,
        plan_revocation,
        revoke,
    )

    ctx = AppContext(
        Settings(db=str(office / "office.db"), keys_dir=office / "office-keys", user="事務局 一郎")
    )
    with pytest.raises(RevocationRefused, match="no certificate for inspector '監査 次郎'"):
        plan_revocation(ctx, "監査 次郎")
    plan = plan_revocation(ctx, NAME)
    _link_list(office)
    with pytest.raises(RevocationFailed) as failed:
        revoke(ctx, plan, b"pw", reason="紛失", reason_code="key-compromise")
    assert failed.value.restored and plan.cert_path.is_file()
    _list(office).unlink()
    done, issued = revoke(ctx, plan, b"pw", reason=" 紛失 ", reason_code="key-compromise")
    assert issued is None and done.reason == "紛失" and done.revoked_by == "事務局 一郎"
    assert done.number == 2 and done.count == 1 and done.list_file == _list(office)
    assert [p.parent.name for p in done.archived] == ["revoked", "revoked"]
    assert not plan.cert_path.exists()
    assert _revocation_rows(office) == [(NAME, done.serial)]
    with pytest.raises(RevocationRefused, match=f"revoked: {STEM}.{done.serial}.pem"):
        plan_revocation(ctx, NAME)  # its files moved aside: said so


def test_a_list_after_the_clock_was_set_back_is_still_taken_by_a_laptop(office: Path) -> None:
    """The keys folder's list (without entries) was made an hour ahead (a clock since set
    back): the next list is numbered after it and made now (revoke8b: a clock mistake is
    not carried on), and a laptop holding the first takes the second, with a warning."""
    from datetime import UTC, datetime, timedelta

    from cryptography.hazmat.primitives import serialization

    from inspector.reports import revocation
    from inspector.reports.keys import load_root

    keys = office / "office-keys"
    root = load_root(keys)
    key = revocation.load_root_key(keys, b"pw", root)
    ahead = datetime.now(UTC) + timedelta(hours=1)
    first = revocation.build_crl(root, key, [], 1, ahead).public_bytes(serialization.Encoding.PEM)
    _list(office).write_bytes(first)
    laptop = office / "laptop-keys"
    (laptop / "office").mkdir(parents=True, mode=0o700)
    (laptop / "office" / "root.pem").write_bytes((keys / "office" / "root.pem").read_bytes())
    (laptop / "office" / "revocations.crl").write_bytes(first)
    revoke(office)
    second = revocation.parse_crl(_list(office).read_bytes(), root, "second")
    assert revocation.crl_number(second) == 2 and second.last_update_utc < ahead.replace(
        microsecond=0
    )
    code, _, err = run(office, "laptop", "keys", "import-revocations", str(_list(office)))
    assert code == 0, err
    assert "warning:" in err and "check the office computer's clock" in err
    assert (laptop / "office" / "revocations.crl").read_bytes() == _list(office).read_bytes()
