# ruff: noqa: F811 - the fixtures of test_forge7_old_keys_cli are imported by name
"""A replaced key signs nothing `verify` accepts (forge7b, F1).

`keys issue --replace` revokes the replaced certificate as superseded (office database and
the signed revocation list, in the same command, said in its output), so a copy of the old
key kept on a laptop, with the program from before roles, makes a follow-up report that
`verify` refuses. And `verify` never says "from before roles" of a document signed by a
key without a role after its holder was given a key with one (a key replaced without
being revoked, as before forge7b). Real SQLite files, real keys, real PDFs, the revocation
list read back."""

from __future__ import annotations

import json
import shlex
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509

from inspector.cli import revocation as cli_revocation
from inspector.demo.city import AUDITOR
from inspector.reports import issuing, role_check
from inspector.reports import keys as report_keys
from inspector.reports.key_roles import ISSUED_BACKDATE, KeyRole
from tests.cli.test_forge7_old_keys_cli import (  # noqa: F401  (fixtures)
    COMMAND,
    auditor_visit,
    demo_template,
    env,
    reissue,
    run,
)


def _old_program(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program as it was before roles, run with a copy of the old key: no role check,
    and (a laptop that never imported the list, a copy of the database) no revocation."""
    monkeypatch.setattr(issuing, "check_role_for", lambda *_a: None)
    monkeypatch.setattr(role_check, "check_role_for", lambda *_a: None)
    monkeypatch.setattr(cli_revocation, "refuse_revoked", lambda *_a, **_k: None)


def _revocations(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as con:
        return con.execute(
            "select serial, name, reason_code from certificate_revocation order by id"
        ).fetchall()


def _forge_followup(env: dict[str, Path], keys: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = env["tmp"] / "forged.pdf"
    with monkeypatch.context() as old:
        _old_program(old)
        old.setenv("INSPECTOR_KEYS_DIR", str(keys))
        code, _, err = run(env["db"], "report", "followup", "--signer", AUDITOR, "-o", str(target))
    assert code == 0, err
    return target


def test_replace_revokes_the_old_certificate_as_superseded(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = env["keys"]
    copy = env["tmp"] / "laptop_keys"
    shutil.copytree(keys, copy)  # the old key, as a laptop keeps it
    old_cert = x509.load_pem_x509_certificate(
        report_keys.inspector_paths(keys, AUDITOR)[0].read_bytes()
    )
    sid = auditor_visit(env["db"])
    earlier = env["tmp"] / "earlier.pdf"  # signed before the reissue, by the old program
    with monkeypatch.context() as old:
        _old_program(old)
        code, _, err = run(env["db"], "report", "notice", "--session", str(sid), "-o", str(earlier))
    assert code == 0, err

    code, out, err = run(env["db"], *shlex.split(COMMAND)[1:])  # as keys list prints it
    assert code == 0, err
    serial = f"{old_cert.serial_number:X}"
    assert f"置き換えた {AUDITOR} の古い証明書（シリアル番号 {serial}）を失効させました" in out
    assert "superseded" in out and "失効リスト 第 2 号" in out  # list 1 is made by init-office
    assert _revocations(env["db"]) == [(serial, AUDITOR, "superseded")]
    crl = x509.load_pem_x509_crl((keys / "office" / "revocations.crl").read_bytes())
    entry = crl.get_revoked_certificate_by_serial_number(old_cert.serial_number)
    assert entry is not None
    reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    assert reason is x509.ReasonFlags.superseded
    listed = json.loads(run(env["db"], "keys", "list", "--json")[1])
    statuses = {(r["role"], r["status"].split(" ")[0]) for r in listed if r["name"] == AUDITOR}
    assert statuses == {("inspector", "valid"), (None, "revoked")}

    # the copy of the old key signs a follow-up report: verify refuses it, in both languages
    forged = _forge_followup(env, copy, monkeypatch)
    code, out, err = run(env["db"], "verify", str(forged))
    assert code == 1 and "有効です" not in out + err and "記録される前の文書" not in out + err
    assert "失効" in err
    code, out, err = run(env["db"], "--lang", "en", "verify", str(forged))
    assert code == 1 and "revoked" in err and "before roles" not in out + err
    # at the office without the database: the list in the keys folder says it
    code, out, err = run(env["db"], "verify", "--no-db", str(forged))
    assert code == 1 and "失効" in err

    # what it signed before the reissue still verifies (revoked later), from before roles
    code, out, err = run(env["db"], "verify", str(earlier))
    assert code == 0, err
    assert "記録される前に発行された鍵です。役割が記録される前の文書として検証し" in out


def test_english_output_and_a_new_name_revokes_nothing(env: dict[str, Path]) -> None:
    code, out, err = run(
        env["db"],
        "--lang",
        "en",
        "keys",
        "issue",
        AUDITOR,
        "--organization",
        "130",
        "--replace",
    )
    assert code == 0, err
    assert (
        "is revoked (superseded" in out and "revocation list number 2" in out
    )  # list 1: init-office
    # --replace where there is nothing to replace: nothing revoked, nothing said
    code, out, err = run(
        env["db"], "keys", "issue", "新人 三郎", "--organization", "130", "--replace"
    )
    assert code == 0, err
    assert "失効" not in out and len(_revocations(env["db"])) == 1


def test_verify_refuses_an_old_key_signing_after_its_holder_had_a_role_key(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key replaced without being revoked (by the program before forge7b): the document
    the old key signs after the new key was issued is not one from before roles."""
    keys = env["keys"]
    copy = env["tmp"] / "laptop_keys"
    shutil.copytree(keys, copy)
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1) - ISSUED_BACKDATE
    report_keys.issue_inspector(
        keys,
        AUDITOR,
        "130",
        b"pw",
        b"pw",
        replace=True,
        role=KeyRole.INSPECTOR,
        not_before=an_hour_ago,
    )  # the replacement as it was an hour ago: the old certificate left valid
    forged = _forge_followup(env, copy, monkeypatch)
    assert _revocations(env["db"]) == []
    code, out, err = run(env["db"], "verify", str(forged))
    assert code == 1, out
    assert "役割のある鍵が発行された" in err and "より後に署名されています" in err
    assert "データベースに記録された発行時刻" in err and "記録される前の文書" not in out + err
    code, out, err = run(env["db"], "--lang", "en", "verify", "--json", str(forged))
    result = json.loads(out)
    assert code == 1 and result["verdict"] == "signer_role_does_not_match_document"
    assert "was issued a key with a role on" in result["message"]
    # without the database the signer's own time says it is after: refused too
    code, out, err = run(env["db"], "verify", "--no-db", str(forged))
    assert code == 1 and "署名者が申告した時刻" in err


def test_a_claimed_time_before_the_role_key_is_said_to_be_a_claim(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signed by the old key before the role key was issued, verified without the database:
    "from before roles" is the signer's claim only, and the account says so."""
    sid = auditor_visit(env["db"])
    earlier = env["tmp"] / "earlier.pdf"
    with monkeypatch.context() as old:
        _old_program(old)
        code, _, err = run(env["db"], "report", "notice", "--session", str(sid), "-o", str(earlier))
    assert code == 0, err
    report_keys.issue_inspector(
        env["keys"],
        AUDITOR,
        "130",
        b"pw",
        b"pw",
        replace=True,
        role=KeyRole.INSPECTOR,
    )
    # (no revocation list in this keys folder: accepted without the check, on request)
    code, out, err = run(env["db"], "verify", "--no-db", "--no-revocation-check", str(earlier))
    assert code == 0, err
    assert "署名者の申告にすぎず" in out and "役割が記録される前の文書として検証し" not in out
    # with the database's record of this file, the time is known: from before roles
    code, out, err = run(env["db"], "verify", str(earlier))
    assert code == 0 and "役割が記録される前の文書として検証し" in out
    assert "申告" not in out
