"""docs9 (rev8b H3): one deadline per finding across the documents. A plan deadline before
the date of the notice it answers is not a deadline the notice asked for: the notice prints
its reply-by, so the plan form and the follow-up report print that plan deadline flagged
（※要確認）, never as a second, unflagged date for the finding."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.config import load_settings
from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.domain.era import format_date
from inspector.reports.forms import load_form
from inspector.reports.notice_rules import number_notice
from inspector.services.documents import document_service
from tests.excel.test_plans_excel import db, demo_source
from tests.pdf_text import pdf_text

__all__ = ["db", "demo_source"]

FLAG = "（※要確認）"


def _text(path: Path) -> str:
    return pdf_text(path)


def _visit_with_early_plans(db: Path, today: date) -> tuple[int, str, list[date]]:
    """A visit (its first session) whose plans have deadlines before today, its
    organization's code, and those plans' deadlines."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT MIN(s.id), o.code, GROUP_CONCAT(p.deadline) FROM improvement_plan p"
            " JOIN finding f ON f.id = p.finding_id JOIN inspection_session s ON s.id ="
            " f.session_id JOIN organization o ON o.id = s.organization_id"
            " WHERE s.kind = 'inspection' AND f.requested_deadline IS NULL"
            " GROUP BY o.code, s.session_date, s.inspector_name ORDER BY MIN(s.id)"
        ).fetchall()
    for session, code, deadlines in rows:
        days = sorted(date.fromisoformat(d) for d in deadlines.split(","))
        if any(d < today for d in days) and any(d >= today for d in days):
            return session, code, days
    raise AssertionError("the demo has no visit with plan deadlines both sides of today")


def test_plan_form_and_followup_flag_what_the_notice_did_not_ask(db: Path, tmp_path: Path) -> None:
    today = japan_today()
    session, code, deadlines = _visit_with_early_plans(db, today)
    context = AppContext(load_settings(db=str(db)))
    service = document_service(context)
    data = service.notice_data(session, issue_date=today)
    data, numbering = number_notice(data, load_form("notice", "ja"), [], reissue=False)
    notice = tmp_path / "n.pdf"
    service.issue(data, notice, None, record=True, numbering=numbering,
                  guard=context.output_guard(force=False))  # fmt: skip
    runner = CliRunner()
    plans, followup = tmp_path / "p.pdf", tmp_path / "f.pdf"
    for args in (
        ["report", "plans", "--organization", code, "-o", str(plans)],
        ["report", "followup", "--unsigned", "--organization", code, "-o", str(followup)],
    ):
        result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
    notice_text = _text(notice)
    # the plan form's dates are its deadlines; the follow-up's follow 「期限：」 (its measure
    # entries have dates of their own)
    for document, lead in ((_text(plans), ""), (_text(followup), "期限：")):
        for deadline in deadlines:
            shown = format_date(deadline, "ja")
            if deadline < today:  # before the notice: not on it, flagged on the others
                assert shown not in notice_text
                assert lead + shown + FLAG in document
            # every deadline printed is the notice's date or flagged
            for found in re.finditer(re.escape(lead + shown), document):
                flagged = document[found.end() :].startswith(FLAG)
                assert flagged or shown in notice_text, shown
        assert "通知書の日付より前" in document  # the note says why
