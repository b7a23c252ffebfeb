"""walk7 LOW: a notice, a plan form and the consolidation PDF hold findings and names: they
are written 0600 like the database (a notice was 0644 in the current folder)."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from tests.cli.test_reports_cli import TODAY, inspection_session


def _run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stderr


def test_the_notice_and_the_summary_are_readable_by_their_owner_only(
    tmp_path: Path, demo_templates: Callable[[date], Path]
) -> None:
    db = tmp_path / "r.db"
    shutil.copy(demo_templates(TODAY), db)
    notice = tmp_path / "n.pdf"
    sid = inspection_session({"db": db})
    code, err = _run(db, "report", "notice", "--session", str(sid), "--unsigned", "-o", str(notice))
    assert code == 0, err
    summary = tmp_path / "s.pdf"
    code, err = _run(db, "report", "summary", "--checklist", "juki-department", "-o", str(summary))
    assert code == 0, err
    for made in (notice, summary):
        assert made.read_bytes().startswith(b"%PDF-")
        assert stat.S_IMODE(made.stat().st_mode) == 0o600, made


def test_click_s_notes_after_an_option_are_in_japanese() -> None:
    """walk7 LOW: `[default: 20; 1<=x<=50]` and `[required]` were click's English."""
    ja = CliRunner().invoke(cli, ["keys", "init-office", "--help"]).stdout
    assert "[既定: 20; 範囲: 1～50]" in ja and "default" not in ja
    ja = CliRunner().invoke(cli, ["report", "summary", "--help"]).stdout
    assert "[必須]" in ja and "[既定: 10]" in ja and "required" not in ja
    en = CliRunner().invoke(cli, ["--lang", "en", "keys", "init-office", "--help"]).stdout
    assert "[default: 20; 1<=x<=50]" in en
