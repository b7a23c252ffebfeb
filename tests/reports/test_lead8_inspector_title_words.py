"""A finding's title that restates its checklist item is not printed beside the deficiency
(the notice, the plan form and the follow-up state the deficiency), but words the inspector
added to such a title are: nothing the inspector wrote may vanish from a document."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.finding_text import restates_norm
from tests.excel.test_plans_excel import db, demo_source
from tests.reports.test_docs8c_issued import text_of

__all__ = ["db", "demo_source"]

NORM = "ICカードの貸与・返却を台帳に記録している。"
ADDED = "ただし本年度の異動者3名分は未回収（要追跡）"


def test_only_a_title_that_restates_the_norm_is_left_out() -> None:
    texts = (NORM, f"{NORM}（カード点検票）")
    assert restates_norm(NORM, texts)
    assert restates_norm(f"{NORM}（カード点検票）", texts)
    assert restates_norm("ICカードの貸与・返却", texts)  # a shortened norm
    assert not restates_norm(NORM + ADDED, texts)
    assert not restates_norm(f"{NORM}（夜間窓口の共用カード2枚が所在不明）", texts)


def _first_proposed_finding(db: Path) -> tuple[int, int, str]:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT f.id, f.session_id, f.title FROM finding f JOIN inspection_session s"
            " ON s.id = f.session_id WHERE f.kind = 'finding' AND f.title LIKE '%（%）'"
            " AND s.kind = 'inspection' ORDER BY f.id LIMIT 1"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), str(row[2])


def test_words_the_inspector_added_to_the_title_are_printed(db: Path, tmp_path: Path) -> None:
    finding, session, title = _first_proposed_finding(db)
    norm = title.rsplit("（", 1)[0]
    run = CliRunner()
    out = tmp_path / "before.pdf"
    result = run.invoke(cli, ["--db", str(db), "report", "notice", "--session", str(session),
                              "--unsigned", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "".join(norm.split()) not in text_of(out)  # the norm is not repeated
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE finding SET title = ? WHERE id = ?", (norm + ADDED, finding))
    out = tmp_path / "after.pdf"
    result = run.invoke(cli, ["--db", str(db), "report", "notice", "--session", str(session),
                              "--unsigned", "-o", str(out), "--reissue"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "".join(ADDED.split()) in text_of(out)
    with sqlite3.connect(db) as conn:
        (org,) = conn.execute(
            "SELECT o.code FROM inspection_session s JOIN organization o"
            " ON o.id = s.organization_id WHERE s.id = ?",
            (session,),
        ).fetchone()
    plans = tmp_path / "plans.pdf"
    result = run.invoke(cli, ["--db", str(db), "report", "plans", "--organization", str(org),
                              "-o", str(plans)])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "".join(ADDED.split()) in text_of(plans)
