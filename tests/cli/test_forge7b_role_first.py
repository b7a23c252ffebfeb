# ruff: noqa: F811 - the fixtures of test_forge7_old_keys_cli are imported by name
"""A key issued before roles is refused before its passphrase is asked (forge7b, F3): the
role is in the public certificate, so nobody is sent to find a passphrase for a key that
cannot sign the document. CLI notice and follow-up report, and the interface's notice
path (`notice_signer` → `preflight_notices`, then `issue_notice`). Real SQLite files, real
keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspector.config import Settings
from inspector.context import AppContext
from inspector.demo.city import AUDITOR
from inspector.reports import keys as report_keys
from inspector.services.documents import issue_notice
from inspector.tui.screens.document_progress import NoticeProblem, notice_signer
from tests.cli.test_forge7_old_keys_cli import (  # noqa: F401  (fixtures)
    COMMAND,
    TODAY,
    auditor_visit,
    demo_template,
    documents,
    env,
    run,
)

OFFICE = "事務局 旧子"
OFFICE_COMMAND = f'inspector keys issue "{OFFICE}" --organization 130 --replace --role office'


@pytest.fixture
def no_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE")


def test_a_notice_is_refused_before_the_passphrase(
    env: dict[str, Path], no_passphrase: None
) -> None:
    sid = auditor_visit(env["db"])
    target = env["tmp"] / "n.pdf"
    before = documents(env["db"])
    code, out, err = run(env["db"], "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 1, out
    assert "監査結果通知書に署名しません" in err and COMMAND in err
    assert "パスフレーズ" not in err and "Traceback" not in err
    assert not target.exists() and documents(env["db"]) == before

    # a batch (`report notice --all --inspector`) too
    folder = env["tmp"] / "batch"
    code, out, err = run(
        env["db"], "report", "notice", "--all", "--inspector", AUDITOR, "-o", str(folder)
    )
    assert code == 1, out
    assert "監査結果通知書に署名しません" in err and "パスフレーズ" not in err


def test_a_follow_up_report_is_refused_before_the_passphrase(
    env: dict[str, Path], no_passphrase: None
) -> None:
    report_keys.issue_inspector(env["keys"], OFFICE, "130", b"pw", b"pw", role=None)
    target = env["tmp"] / "f.pdf"
    code, out, err = run(env["db"], "report", "followup", "--signer", OFFICE, "-o", str(target))
    assert code == 1, out
    assert "措置状況報告に署名しません" in err and OFFICE_COMMAND in err
    assert "パスフレーズ" not in err and not target.exists()
    code, _, err = run(
        env["db"], "--lang", "en", "report", "followup", "--signer", OFFICE, "-o", str(target)
    )
    assert code == 1 and "passphrase" not in err.lower() and OFFICE_COMMAND in err


def test_the_interface_refuses_before_asking_for_the_passphrase(env: dict[str, Path]) -> None:
    context = AppContext(Settings(db=str(env["db"]), keys_dir=env["keys"], user=AUDITOR))
    try:
        session = context.repo.session(auditor_visit(env["db"]))
        # before the passphrase dialog: the findings screen asks `notice_signer`
        with pytest.raises(NoticeProblem) as refused:
            notice_signer(context, session, TODAY)
        assert "監査結果通知書に署名しません" in str(refused.value)
        assert COMMAND in str(refused.value)
        # the worker's own order: the role before the (empty) passphrase
        with pytest.raises(Exception) as worker:
            issue_notice(
                context,
                session.id,
                env["tmp"] / "n.pdf",
                signer=AUDITOR,
                passphrase=None,
                issue_date=date(2026, 12, 1),
            )
        assert "監査結果通知書に署名しません" in str(worker.value)
    finally:
        context.engine.dispose()
