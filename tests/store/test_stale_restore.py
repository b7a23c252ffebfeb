"""A restore refers to the withdrawal the person restoring saw: decided on an old view (A
withdraws, B looks, A restores and withdraws again with a new reason, B restores), it is
refused with who, when and why the finding is withdrawn now, and the newer withdrawal
stands; also when the second withdrawal lands between the check and the write. On a
SQLite file and on PostgreSQL, each person on their own connection."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.findings import _json
from inspector.cli.main import cli
from inspector.services.errors import Refused
from inspector.services.findings import restore_finding, withdraw_finding
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository
from tests.store.test_withdrawal_race import (
    _between_check_and_write,
    _context,
    _log,
    _withdrawal,
    finding_id,
)

__all__ = ["finding_id"]  # the fixture


def test_a_restore_decided_on_an_older_withdrawal_is_refused(
    city: Repository, database_url: str, finding_id: int
) -> None:
    first, second = _context(database_url, "監査 一郎"), _context(database_url, "監査 二郎")
    try:
        seen = withdraw_finding(first, finding_id, "重複のため").withdrawn_at
        restore_finding(first, finding_id)
        withdraw_finding(first, finding_id, "根拠が誤っていたため")
        with pytest.raises(Refused) as refused:
            restore_finding(second, finding_id, seen)
        message = str(refused.value)
        for part in ("監査 一郎", "根拠が誤っていたため", "取り下げ直しました", "記録していません"):
            assert part in message, message
    finally:
        first.close()
        second.close()
    assert _withdrawal(city, finding_id) == [("監査 一郎", "根拠が誤っていたため")]
    assert _log(city, finding_id) == [
        ("withdraw", "監査 一郎"),
        ("restore", "監査 一郎"),
        ("withdraw", "監査 一郎"),
    ]


def test_withdrawn_again_between_the_check_and_the_write_is_refused_under_the_lock(
    city: Repository, database_url: str, finding_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _context(database_url, "監査 一郎"), _context(database_url, "監査 二郎")
    try:
        seen = withdraw_finding(first, finding_id, "重複のため").withdrawn_at

        def again() -> None:
            restore_finding(first, finding_id)
            withdraw_finding(first, finding_id, "別の理由で取下げ")

        _between_check_and_write(monkeypatch, second, again)
        with pytest.raises(Refused) as refused:
            restore_finding(second, finding_id, seen)
        assert "別の理由で取下げ" in str(refused.value), refused.value
    finally:
        first.close()
        second.close()
    assert _withdrawal(city, finding_id) == [("監査 一郎", "別の理由で取下げ")]
    assert [action for action, _by in _log(city, finding_id)] == [
        "withdraw",
        "restore",
        "withdraw",
    ]


def test_the_restore_of_the_withdrawal_seen_is_done(
    city: Repository, database_url: str, finding_id: int
) -> None:
    first, second = _context(database_url, "監査 一郎"), _context(database_url, "監査 二郎")
    try:
        seen = withdraw_finding(first, finding_id, "重複のため").withdrawn_at
        # what the second person's screen read back from the database, not the writer's copy
        assert second.findings.finding(finding_id).withdrawn_at == seen
        assert not restore_finding(second, finding_id, seen).withdrawn
    finally:
        first.close()
        second.close()
    assert _withdrawal(city, finding_id) == [(None, "")]


def test_the_cli_restores_the_withdrawal_listed_and_refuses_an_older_one(
    city: Repository, db_arg: str, finding_id: int, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    env = {"INSPECTOR_CONFIG": str(config), "INSPECTOR_USER": "監査 一郎"}

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["--db", db_arg, "findings", *args], env=env)
        return result.exit_code, result.output

    def listed() -> str:
        # the finding's withdrawn_at as `findings list --json` gives it (the fixture's
        # finding belongs to no session, so it is on no session's list)
        value = _json(FindingRepository(city.engine).finding(finding_id))["withdrawn_at"]
        assert isinstance(value, str)
        return value

    assert run("withdraw", str(finding_id), "--reason", "重複のため")[0] == 0
    old = listed()
    assert run("restore", str(finding_id), "--withdrawn-at", old)[0] == 0
    assert run("withdraw", str(finding_id), "--reason", "別の理由")[0] == 0
    code, out = run("restore", str(finding_id), "--withdrawn-at", old)
    assert code == 1 and "取り下げ直しました" in out and "別の理由" in out, out
    assert _withdrawal(city, finding_id) == [("監査 一郎", "別の理由")]
    assert run("restore", str(finding_id), "--withdrawn-at", listed())[0] == 0
    assert _withdrawal(city, finding_id) == [(None, "")]


def test_a_measure_entry_decided_on_fewer_entries_is_refused_and_nothing_written(
    city: Repository, database_url: str, finding_id: int
) -> None:
    from datetime import date

    from inspector.domain.findings import MeasureStatus
    from inspector.store.errors import ChangedMeanwhile

    first, second = _context(database_url, "監査 一郎"), _context(database_url, "監査 二郎")
    try:
        organization = first.findings.finding(finding_id).organization_id
        plan = first.findings.add_plan(
            finding_id,
            measures="撤去する",
            responsible_organization_id=organization,
            responsible_person="担当",
            deadline=date(2028, 12, 31),
            actor="監査 一郎",
        )
        day = date(2026, 12, 3)
        first.findings.add_entry(plan.id, MeasureStatus.DONE, day, "撤去済", "監査 一郎", seen=0)
        with pytest.raises(ChangedMeanwhile) as changed:
            second.findings.add_entry(
                plan.id, MeasureStatus.ONGOING, day, "継続中", "監査 二郎", seen=0
            )
        assert [e.text for e in changed.value.current] == ["撤去済"]  # type: ignore[attr-defined]
        second.findings.add_entry(
            plan.id, MeasureStatus.ONGOING, day, "継続中", "監査 二郎", seen=1
        )
    finally:
        first.close()
        second.close()
    assert [e.text for e in FindingRepository(city.engine).plan(plan.id).entries] == [
        "撤去済",
        "継続中",
    ]
