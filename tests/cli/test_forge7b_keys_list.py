# ruff: noqa: F811 - the fixtures of test_forge7_old_keys_cli are imported by name
"""`keys list` reissues a key from before roles with the role the register shows (forge7b,
F2): a key that signed follow-up reports is the office's, one that signed notices (or of a
person who made visits) an inspector's; a key the register says nothing of gets both
commands and the words to choose. The printed command, run as printed, gives a key that
signs what the old one did. Real SQLite files, real keys, real PDFs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.demo.city import AUDITOR
from inspector.reports import issuing, role_check
from inspector.reports import keys as report_keys
from tests.cli.test_forge7_old_keys_cli import (  # noqa: F401  (fixtures)
    COMMAND,
    auditor_visit,
    demo_template,
    env,
    reissue,
    run,
)

OFFICE = "事務局 旧子"
NOBODY = "記録 なし子"


def _by_name(db: Path, *lang: str) -> dict[str, dict[str, object]]:
    code, out, err = run(db, *lang, "keys", "list", "--json")
    assert code == 0, err
    return {str(r["name"]): r for r in json.loads(out)}


def _before_roles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program as it was before roles: no role check at all."""
    monkeypatch.setattr(issuing, "check_role_for", lambda *_a: None)
    monkeypatch.setattr(role_check, "check_role_for", lambda *_a: None)


def test_the_office_key_that_signed_follow_ups_is_reissued_as_the_offices(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    report_keys.issue_inspector(env["keys"], OFFICE, "130", b"pw", b"pw", role=None)
    with monkeypatch.context() as old:
        _before_roles(old)
        earlier = env["tmp"] / "f_old.pdf"
        code, _, err = run(env["db"], "report", "followup", "--signer", OFFICE, "-o", str(earlier))
        assert code == 0, err
    row = _by_name(env["db"])[OFFICE]
    command = f'inspector keys issue "{OFFICE}" --organization 130 --replace --role office'
    assert row["reissue"] == command and row["reissue_options"] == [command]
    assert row["reissue_role"] == "office" and row["reissue_basis"] == "followup"
    code, out, _ = run(env["db"], "keys", "list")
    assert f"  {command}" in out.splitlines() and "--role inspector" not in out.replace(COMMAND, "")
    assert "措置状況報告に署名した鍵は事務局" in out

    reissue(env, command)  # as printed: the office signs its follow-up report again
    target = env["tmp"] / "f.pdf"
    # the same content as the earlier report: --force for a new number (rev10 5)
    code, _, err = run(
        env["db"], "report", "followup", "--signer", OFFICE, "--force", "-o", str(target)
    )
    assert code == 0, err


def test_a_key_that_signed_notices_is_an_inspectors(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = auditor_visit(env["db"])
    with monkeypatch.context() as old:
        _before_roles(old)
        code, _, err = run(
            env["db"], "report", "notice", "--session", str(sid), "-o", str(env["tmp"] / "n.pdf")
        )
        assert code == 0, err
    row = _by_name(env["db"])[AUDITOR]
    assert row["reissue"] == COMMAND and row["reissue_basis"] == "notice"


def test_a_key_the_register_does_not_know_gets_both_commands(env: dict[str, Path]) -> None:
    report_keys.issue_inspector(env["keys"], NOBODY, "130", b"pw", b"pw", role=None)
    row = _by_name(env["db"])[NOBODY]
    both = [
        f'inspector keys issue "{NOBODY}" --organization 130 --replace --role inspector',
        f'inspector keys issue "{NOBODY}" --organization 130 --replace --role office',
    ]
    assert row["reissue"] is None and row["reissue_options"] == both
    assert row["reissue_role"] is None and row["role"] is None
    code, out, _ = run(env["db"], "keys", "list")
    lines = out.splitlines()
    assert f"  {NOBODY}: 台帳からは監査員の鍵か事務局の鍵か分かりません。" in "\n".join(lines)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {NOBODY}:"))
    assert lines[start + 1 : start + 3] == [f"    {both[0]}", f"    {both[1]}"]
    assert next(r for r in lines if r.startswith(NOBODY)).count("役割なし: 再発行が必要") == 1
    code, out, _ = run(env["db"], "--lang", "en", "keys", "list")
    assert code == 0
    assert "Choose one and run it" in out and f"    {both[1]}" in out.splitlines()
    # the visits' inspector stays an inspector's key (the register shows the visits)
    assert _by_name(env["db"])[AUDITOR]["reissue_basis"] == "visit"
