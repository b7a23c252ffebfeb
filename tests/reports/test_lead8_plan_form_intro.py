"""The plan form's intro names the notices its findings were notified by only when every
row was: a finding of a visit with no notice issued keeps the plain intro (the form must
not say a notice notified what it never printed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from tests.excel.test_plans_excel import db, demo_source
from tests.reports.test_docs8c_issued import text_of

__all__ = ["db", "demo_source"]


def _visits_with_findings(db: Path) -> tuple[str, list[int]]:
    """An organization with findings from two visits or more, and one session of each."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT o.code, MIN(s.id) FROM finding f JOIN inspection_session s ON s.id ="
            " f.session_id JOIN organization o ON o.id = s.organization_id"
            " WHERE s.kind = 'inspection' GROUP BY o.code, s.session_date, s.inspector_name"
            " ORDER BY o.code, MIN(s.id)"
        ).fetchall()
    by_org: dict[str, list[int]] = {}
    for code, session in rows:
        by_org.setdefault(code, []).append(session)
    code, sessions = next((c, s) for c, s in by_org.items() if len(s) >= 2)
    return code, sessions


def _record_notice(db: Path, session: int, serial: int) -> None:
    """A signed notice recorded for `session`'s visit (the plan form reads only the record)."""
    with sqlite3.connect(db) as conn:
        (org,) = conn.execute(
            "SELECT organization_id FROM inspection_session WHERE id = ?", (session,)
        ).fetchone()
        conn.execute(
            "INSERT INTO issued_document (doc_id, kind, session_id, organization_id,"
            " content_hash, signer, issued_by, issued_at, number, fiscal_year, serial)"
            " VALUES (?, 'notice', ?, ?, 'x', '監査 太郎', 'inspector',"
            " '2026-12-03 01:00:00+00:00', ?, 2026, ?)",
            (f"N-20261203-{serial:08x}", session, org, f"監第{serial}号", serial),
        )


def _plan_form(db: Path, out: Path, code: str) -> str:
    args = ["--db", str(db), "report", "plans", "--organization", code, "-o", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return text_of(out)


def test_the_intro_names_notices_only_when_they_cover_every_row(db: Path, tmp_path: Path) -> None:
    code, sessions = _visits_with_findings(db)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM issued_document WHERE kind = 'notice'")
    _record_notice(db, sessions[0], 1)
    # one visit of two notified: no notice is named for all the rows
    assert "付け監第" not in _plan_form(db, tmp_path / "p1.pdf", code)
    for serial, session in enumerate(sessions[1:], 2):
        _record_notice(db, session, serial)
    assert "令和8年12月3日付け監第1号" in _plan_form(db, tmp_path / "p2.pdf", code)
