"""Two people withdrawing (取下げ) or restoring one finding at once, on a SQLite file and on
PostgreSQL, each through their own connection: the first decision stands, the second is
refused aloud with who and when (its reason is never dropped in silence), and the database
holds exactly one withdrawal and one log entry for it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from inspector.config import Settings
from inspector.context import AppContext
from inspector.domain.findings import Finding, FindingDraft, FindingKind
from inspector.services.errors import Refused
from inspector.services.findings import restore_finding, withdraw_finding
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository
from tests.db_rows import rows

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4


@pytest.fixture
def finding_id(city: Repository) -> int:
    org = city.find_organization("GEN")
    assert org is not None
    draft = FindingDraft(FindingKind.FINDING, "パスワードの貼り紙", "端末に貼付", org.id)
    return FindingRepository(city.engine).add_finding(draft, "監査 花子").id


def _context(database_url: str, user: str) -> AppContext:
    return AppContext(Settings(db=database_url, user=user))


def _between_check_and_write(
    monkeypatch: pytest.MonkeyPatch, context: AppContext, other: Callable[[], object]
) -> None:
    """Run `other` (another person's write, on its own connection) right after `context`'s
    use case has read the finding and before it writes: the race, made certain."""
    read = context.findings.finding

    def finding(finding_id: int) -> Finding:
        seen = read(finding_id)
        monkeypatch.setattr(context.findings, "finding", read)  # once
        other()
        return seen

    monkeypatch.setattr(context.findings, "finding", finding)


def _withdrawal(repo: Repository, finding_id: int) -> list[tuple[object, ...]]:
    return rows(
        repo,
        "select withdrawn_by, withdrawn_reason from finding where id = :id",
        id=finding_id,
    )


def _log(repo: Repository, finding_id: int) -> list[tuple[object, ...]]:
    return rows(
        repo,
        "select action, changed_by from finding_change where finding_id = :id"
        " and action != 'create' order by id",
        id=finding_id,
    )


def test_a_second_withdrawal_at_the_same_moment_is_refused_and_the_first_stands(
    city: Repository, database_url: str, finding_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _context(database_url, "監査 一郎"), _context(database_url, "監査 二郎")
    try:
        _between_check_and_write(
            monkeypatch, second, lambda: withdraw_finding(first, finding_id, "重複のため")
        )
        with pytest.raises(Refused) as refused:
            withdraw_finding(second, finding_id, "誤記のため")
        message = str(refused.value)
        for part in ("監査 一郎", "重複のため", "誤記のため", "記録していません", "令和"):
            assert part in message, message
    finally:
        first.close()
        second.close()
    assert _withdrawal(city, finding_id) == [("監査 一郎", "重複のため")]
    assert _log(city, finding_id) == [("withdraw", "監査 一郎")]


def test_a_second_restore_at_the_same_moment_is_refused(
    city: Repository, database_url: str, finding_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _context(database_url, "監査 一郎"), _context(database_url, "監査 二郎")
    try:
        withdraw_finding(first, finding_id, "重複のため")
        _between_check_and_write(monkeypatch, second, lambda: restore_finding(first, finding_id))
        with pytest.raises(Refused) as refused:
            restore_finding(second, finding_id)
        assert "監査 一郎" in str(refused.value) and "取り消しました" in str(refused.value)
    finally:
        first.close()
        second.close()
    assert _withdrawal(city, finding_id) == [(None, "")]
    assert _log(city, finding_id) == [("withdraw", "監査 一郎"), ("restore", "監査 一郎")]


def test_processes_withdrawing_one_finding_at_once_one_is_recorded_the_others_refused(
    city: Repository, db_arg: str, finding_id: int, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPECTOR_")}
    env |= {"PYTHONPATH": str(ROOT), "INSPECTOR_CONFIG": str(config)}
    command = [sys.executable, "-m", "inspector", "--db", db_arg, "findings", "withdraw"]
    children = [
        subprocess.Popen(
            [*command, str(finding_id), "--reason", f"理由{n}"],
            env=env | {"INSPECTOR_USER": f"職員{n}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(PROCESSES)
    ]
    results = [(child.wait(timeout=300), *child.communicate()) for child in children]
    done = [n for n, (code, _o, _e) in enumerate(results) if code == 0]
    assert len(done) == 1, [err.decode() for _c, _o, err in results]
    for n, (code, _out, err) in enumerate(results):
        if n in done:
            continue
        text = err.decode()
        assert code == 1 and "Traceback" not in text, text
        assert "取下げ済み" in text or f"理由{n}" in text, text  # refused, said why
    winner = done[0]
    assert _withdrawal(city, finding_id) == [(f"職員{winner}", f"理由{winner}")]
    assert _log(city, finding_id) == [("withdraw", f"職員{winner}")]
