"""Keys issued before roles (forge7): `keys list` shows each key's role and marks an old
key with the command that reissues it; an old key signs no new document (refused with
that command, nothing written, nothing recorded); a notice it signed before still
verifies after the key is reissued, saying that it predates roles. Real SQLite files, real
keys, real PDFs."""

from __future__ import annotations

import json
import shlex
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.demo.city import AUDITOR
from inspector.reports import issuing, role_check
from inspector.reports import keys as report_keys
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository

TODAY = date(2026, 11, 30)
COMMAND = f'inspector keys issue "{AUDITOR}" --organization 130 --replace --role inspector'


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)


@pytest.fixture
def env(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    db = tmp_path / "r.db"
    shutil.copy(demo_template, db)
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")
    for name in ("SIGNER", "INSPECTOR_NAME", "LANG", "FORMS_DIR", "CONFIG"):
        monkeypatch.delenv(f"INSPECTOR_{name}", raising=False)
    assert run(db, "keys", "init-office")[0] == 0
    # as `keys issue` made it before roles: no role policy in the certificate
    report_keys.issue_inspector(tmp_path / "keys", AUDITOR, "130", b"pw", b"pw", role=None)
    return {"db": db, "keys": tmp_path / "keys", "tmp": tmp_path}


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def documents(db: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(db) as con:
        return con.execute("select doc_id, signer from issued_document order by id").fetchall()


def auditor_visit(db: Path) -> int:
    engine = open_database(f"sqlite:///{db}")
    try:
        repo, findings = Repository(engine), FindingRepository(engine)
        for s in repo.sessions():
            if (
                s.inspector_name == AUDITOR
                and s.is_completed
                and findings.findings(session_id=s.id)
            ):
                return s.id
    finally:
        engine.dispose()
    raise AssertionError("no visit of the auditor with findings")


def reissue(env: dict[str, Path], command: str) -> None:
    """Run the command `keys list` printed, as the office would type it."""
    argv = shlex.split(command)
    assert argv[0] == "inspector"
    code, _, err = run(env["db"], *argv[1:])
    assert code == 0, err


def test_keys_list_shows_the_role_and_marks_an_old_key(env: dict[str, Path]) -> None:
    run(env["db"], "keys", "issue", "事務局 花子", "--organization", "130", "--role", "office")
    code, out, err = run(env["db"], "keys", "list")
    assert code == 0, err
    header, _rule, *rows = out.splitlines()
    assert "役割" in header.split()
    old = next(r for r in rows if r.startswith(AUDITOR))
    assert "役割なし: 再発行が必要" in old
    assert "事務局" in next(r for r in rows if r.startswith("事務局 花子")).split()[2:4]
    assert "鍵の役割（監査員・事務局）が証明書に記録される前に発行された鍵です" in out
    assert f"  {COMMAND}" in out.splitlines()

    code, out, _ = run(env["db"], "--lang", "en", "keys", "list")
    assert code == 0 and "role" in out.splitlines()[0].split()
    assert "no role: reissue needed" in out and COMMAND in out

    code, out, _ = run(env["db"], "keys", "list", "--json")
    by_name = {r["name"]: r for r in json.loads(out)}
    assert by_name[AUDITOR]["role"] is None and by_name[AUDITOR]["reissue"] == COMMAND
    assert by_name["事務局 花子"]["role"] == "office" and by_name["事務局 花子"]["reissue"] is None

    # the printed command is the one that works: afterwards the key has its role
    reissue(env, COMMAND)
    code, out, _ = run(env["db"], "keys", "list")
    new, old = (r for r in out.splitlines() if r.startswith(AUDITOR))
    assert "監査員" in new and "役割なし: 再発行が必要" not in out and "--replace" not in out
    assert "役割なし" in old and "失効" in old  # the replaced one: revoked (forge7b)
    assert json.loads(run(env["db"], "keys", "list", "--json")[1])[1]["role"] == "inspector"


def test_an_old_key_signs_no_new_notice(env: dict[str, Path]) -> None:
    sid = auditor_visit(env["db"])
    target = env["tmp"] / "n.pdf"
    before = documents(env["db"])
    code, out, err = run(env["db"], "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 1, out
    assert f"{AUDITOR} の鍵は、鍵の役割（監査員・事務局）が証明書に記録される前に" in err
    assert "監査結果通知書に署名しません" in err and COMMAND in err
    assert "Traceback" not in err + out
    assert not target.exists() and documents(env["db"]) == before
    assert list(env["tmp"].glob("n*.pdf")) == []

    code, _, err = run(
        env["db"], "--lang", "en", "report", "notice", "--session", str(sid), "-o", str(target)
    )
    assert code == 1 and "was issued before the key's role" in err and COMMAND in err

    reissue(env, COMMAND)  # what the refusal says to do
    code, _, err = run(env["db"], "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 0, err
    code, out, _ = run(env["db"], "verify", str(target))
    assert code == 0 and "記録される前" not in out


def test_a_notice_signed_before_roles_verifies_after_the_reissue(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = auditor_visit(env["db"])
    old = env["tmp"] / "old.pdf"
    with monkeypatch.context() as before_roles:  # the program as it was: no role check
        before_roles.setattr(issuing, "check_role_for", lambda *_a: None)
        before_roles.setattr(
            role_check, "check_role_for", lambda *_a: None
        )  # before the passphrase
        code, _, err = run(env["db"], "report", "notice", "--session", str(sid), "-o", str(old))
    assert code == 0, err
    reissue(env, COMMAND)  # the upgrade note's step: the old certificate is replaced

    code, out, err = run(env["db"], "verify", str(old))
    assert code == 0, err
    assert "データベースの記録とも一致しています" in out
    assert (
        f"署名した {AUDITOR} の鍵は、鍵の役割（監査員・事務局）が証明書に記録される前に"
        "発行された鍵です。役割が記録される前の文書として検証し" in out
    )
    code, out, _ = run(env["db"], "--lang", "en", "verify", str(old))
    assert code == 0 and "verified as one from before roles" in out
    code, out, _ = run(env["db"], "verify", "--json", str(old))
    assert code == 0 and json.loads(out)["signer_role"] is None


def test_an_old_office_key_signs_no_follow_up_report(env: dict[str, Path]) -> None:
    office = "事務局 旧子"
    report_keys.issue_inspector(env["keys"], office, "130", b"pw", b"pw", role=None)
    target = env["tmp"] / "f.pdf"
    before = documents(env["db"])
    code, out, err = run(env["db"], "report", "followup", "--signer", office, "-o", str(target))
    assert code == 1, out
    command = f'inspector keys issue "{office}" --organization 130 --replace --role office'
    assert "措置状況報告に署名しません" in err and command in err
    assert "Traceback" not in err + out
    assert not target.exists() and documents(env["db"]) == before
    reissue(env, command)
    code, _, err = run(env["db"], "report", "followup", "--signer", office, "-o", str(target))
    assert code == 0, err
    code, out, _ = run(env["db"], "verify", str(target))
    assert code == 0 and "事務局の鍵" in out and "記録される前" not in out
