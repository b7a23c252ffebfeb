"""Which issued notice a finding is on (forge7, point 3), decided by the notice's content
where its recorded hash tells, not by the finding's creation time: a laptop's finding
imported after the notice (older than it) is on no notice, and a finding written on a
laptop whose clock ran ahead is on the notice printed with it. A real signed notice is
issued by `report notice` into a real SQLite file."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.config import load_settings
from inspector.context import AppContext
from inspector.demo.city import AUDITOR
from inspector.domain.findings import Finding, FindingDraft, FindingKind
from inspector.services.finding_notice import notice_of_finding

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)


@pytest.fixture
def office(
    tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[AppContext, int]]:
    """The demo office with the auditor's visit's notice signed and recorded."""
    db = tmp_path / "r.db"
    shutil.copy(demo_template, db)
    config = tmp_path / "config.toml"
    config.write_text('municipality = "みどり市"\noffice = "監査室"\n', encoding="utf-8")
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")
    for name in ("SIGNER", "INSPECTOR_NAME", "LANG", "FORMS_DIR", "OFFICE_HEAD"):
        monkeypatch.delenv(f"INSPECTOR_{name}", raising=False)
    for args in (
        ("keys", "init-office"),
        ("keys", "issue", AUDITOR, "--organization", "130"),
    ):
        assert CliRunner().invoke(cli, ["--db", str(db), *args]).exit_code == 0
    context = AppContext(load_settings(db=str(db)))
    sid = next(
        s.id
        for s in context.repo.sessions()
        if s.inspector_name == AUDITOR
        and s.is_completed
        and context.findings.findings(session_id=s.id)
    )
    made = CliRunner().invoke(
        cli,
        ["--db", str(db), "report", "notice", "--session", str(sid), "-o", str(tmp_path / "n.pdf")],
    )
    assert made.exit_code == 0, made.stderr
    yield context, sid
    context.close()


def _set_created(context: AppContext, finding: Finding, at: datetime) -> Finding:
    """As a bundle's merge keeps it: the time the laptop wrote the finding."""
    with sqlite3.connect(context.settings.database_url.removeprefix("sqlite:///")) as db:
        db.execute("update finding set created_at = ? where id = ?", (f"{at}", finding.id))
    return context.findings.finding(finding.id)


def _issued_at(context: AppContext) -> datetime:
    return context.findings.documents()[-1].issued_at


def test_a_finding_written_before_the_notice_but_added_after_is_on_no_notice(
    office: tuple[AppContext, int],
) -> None:
    context, sid = office
    session = context.repo.session(sid)
    late = context.findings.add_finding(
        FindingDraft(
            FindingKind.FINDING, "後から取り込んだ指摘", "本文", session.organization_id, sid
        ),
        "監査 次郎",
    )
    # written on the laptop the day before the notice, imported after it
    late = _set_created(context, late, _issued_at(context) - timedelta(days=1))
    assert notice_of_finding(context, late) is None
    on_paper = context.findings.findings(session_id=sid)[0]
    assert notice_of_finding(context, on_paper) is not None  # the others are on it

    # once the notice is stale (a finding printed on it edited), the hash tells nothing:
    # by time, as before
    context.findings.update_finding(on_paper.id, {"text": "変更した本文"}, "監査 次郎")
    assert notice_of_finding(context, late) is not None


def test_a_finding_from_a_clock_ahead_is_on_the_notice_printed_with_it(
    office: tuple[AppContext, int],
) -> None:
    context, sid = office
    finding = context.findings.findings(session_id=sid)[0]
    ahead = _set_created(context, finding, _issued_at(context) + timedelta(hours=2))
    notice = notice_of_finding(context, ahead)
    assert notice is not None
    record = context.findings.documents()[-1]
    assert notice.number == record.number and record.number
