"""docs8c, on the demo database: the follow-up report's own 文書番号 (監報第1号, 第2号 ...
counted within the fiscal year) and its sender; the office, not the inspector's division,
sends a not-independent visit's notice; unset 職名 and issuer said with where to set them;
the printed registers' dates in 令和 and the organization with its division."""

from __future__ import annotations

import io
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from inspector.config import load_settings
from inspector.context import AppContext
from inspector.reports.followup_number import answered_notices, number_followup
from inspector.reports.forms import load_form
from inspector.services.documents import document_service
from tests.corpus.excel_forms import invoke
from tests.excel.test_plans_excel import db, demo_source

__all__ = ["db", "demo_source"]

#: rows of each register recorded for organization `o`
TABLES = {
    "card-ledger": "card_event e JOIN card c ON c.id = e.card_id WHERE c.organization_id = o.id",
    "terminal-usage-log": "card_usage u JOIN card c ON c.id = u.card_id"
    " WHERE c.organization_id = o.id",
    "media-handover-log": "backup_transport t JOIN backup_storage b ON b.id = t.storage_id"
    " WHERE b.organization_id = o.id",
}


def text_of(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join(p.extract_text().split()) for p in reader.pages)


def test_followup_reports_are_numbered_within_the_fiscal_year(db: Path, tmp_path: Path) -> None:
    context = AppContext(load_settings(db=str(db), municipality="みどり市", office_head="事務局 花子",
                                       office_head_title="監査委員事務局長"))  # fmt: skip
    service = document_service(context)
    form = load_form("followup", "ja")
    numbers = []
    for n, day in enumerate([date(2026, 12, 4), date(2027, 1, 5), date(2027, 4, 1)]):
        data = service.followup_data(None, issue_date=day, issuer="事務局 花子")
        data, numbering = number_followup(data, form, service.findings.documents())
        out = tmp_path / f"f{n}.pdf"
        service.issue(data, out, None, record=True, numbering=numbering,
                      guard=context.output_guard(force=False))  # fmt: skip
        numbers.append(data.number)
        head = text_of(out).split("令和")[0]
        assert head == data.number
        text = text_of(out)
        assert "みどり市監査委員事務局" in text and "監査委員事務局長事務局花子" in text
    # a new fiscal year (April) starts again at 1
    assert numbers == ["監報第1号", "監報第2号", "監報第1号"]
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT number, fiscal_year, serial FROM issued_document WHERE kind = 'followup'"
            " ORDER BY id"
        ).fetchall()
    assert rows == [("監報第1号", 2026, 1), ("監報第2号", 2026, 2), ("監報第1号", 2027, 1)]


def test_an_issuer_other_than_the_office_head_gets_no_invented_title(db: Path) -> None:
    context = AppContext(load_settings(db=str(db), office_head="事務局 花子",
                                       office_head_title="監査委員事務局長"))  # fmt: skip
    service = document_service(context)
    data = service.followup_data(None, issue_date=date(2026, 12, 4), issuer="監査 次郎")
    assert (data.issuer, data.issuer_title) == ("監査 次郎", "")
    head = service.followup_data(None, issue_date=date(2026, 12, 4), issuer="事務局　花子")
    assert head.issuer_title == "監査委員事務局長"


def test_answered_notices_are_the_numbered_notices_of_the_visits() -> None:
    class Doc:
        def __init__(self, kind: str, session: int, number: str | None, day: str) -> None:
            self.kind, self.session_id, self.number, self.issued_at = kind, session, number, day

    docs = [
        Doc("notice", 1, "監第2号", "2026-12-05"),
        Doc("notice", 1, "監第2号", "2026-12-09"),  # its re-issue: named once
        Doc("notice", 2, None, "2026-12-01"),  # no number: left out
        Doc("followup", 1, "監報第1号", "2026-12-01"),
        Doc("notice", 3, "監第1号", "2026-12-04"),
        Doc("notice", 9, "監第9号", "2026-12-04"),  # another organization's visit
    ]
    assert answered_notices(docs, {1, 2, 3}) == (
        ("監第1号", date(2026, 12, 4)),
        ("監第2号", date(2026, 12, 5)),
    )


def _session(db: Path, where: str) -> int:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            f"SELECT id FROM inspection_session WHERE kind = 'inspection' AND {where} LIMIT 1"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_a_not_independent_visit_is_sent_by_the_office(db: Path, tmp_path: Path) -> None:
    session = _session(db, "not_independent = 1 AND inspector_organization_id IS NOT NULL")
    out = tmp_path / "n.pdf"
    result = invoke(db, "report", "notice", "--session", str(session), "--unsigned", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db) as conn:
        (division,) = conn.execute(
            "SELECT o.name FROM inspection_session s JOIN organization o"
            " ON o.id = s.inspector_organization_id WHERE s.id = ?",
            (session,),
        ).fetchone()
    sender = text_of(out).split("様")[1].split("情報セキュリティ監査結果通知書")[0]
    assert sender.startswith("監査委員事務局"), sender
    assert division not in sender
    assert "確保されていない監査です。" in text_of(out)
    # no 職名 configured: printed without one, and said where to set it
    assert "職名が設定されていない" in result.stderr and "config" in result.stderr
    assert "監査人" not in sender


def test_an_unsigned_followup_says_its_issuer_is_unset(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "fu.pdf"
    result = invoke(db, "report", "followup", "--unsigned", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "office_head" in result.stderr
    assert text_of(out).startswith("（案）令和")


@pytest.mark.parametrize("form", ["card-ledger", "terminal-usage-log", "media-handover-log"])
def test_printed_registers_date_in_reiwa_and_name_the_division(
    db: Path, tmp_path: Path, form: str
) -> None:
    with sqlite3.connect(db) as conn:
        (code,) = conn.execute(
            "SELECT o.code FROM organization o WHERE o.parent_id IS NOT NULL AND EXISTS"
            f" (SELECT 1 FROM {TABLES[form]}) ORDER BY o.code LIMIT 1"
        ).fetchone()
    out = tmp_path / f"{form}.pdf"
    result = invoke(db, "forms", "print", form, "--organization", code, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = text_of(out)
    with sqlite3.connect(db) as conn:
        (org, division) = conn.execute(
            "SELECT o.name, d.name FROM organization o JOIN organization d ON d.id = o.parent_id"
            " WHERE o.code = ?",
            (code,),
        ).fetchone()
    assert f"{division}{org}" in text
    assert not re.search(r"20\d\d-\d\d-\d\d", text)
    assert re.search(r"令和\d+年\d+月\d+日", text)  # a recorded row's date
