"""`demo --force` replaces a demo only while nothing was written to it since it was built
(hunt10 H2), and never while another program has the database open (H3)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inspector.cli.main import cli

pytestmark = pytest.mark.sqlite_only("the demo over a database file")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _demo(db: Path) -> None:
    assert run("demo", "--db", str(db)).exit_code == 0


def test_an_unchanged_demo_is_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    _demo(db)
    assert run("--db", str(db), "sessions", "list").exit_code == 0  # reading writes nothing
    result = run("--db", str(db), "demo", "--force")
    assert result.exit_code == 0, result.output
    again = run("--db", str(db), "demo", "--force")  # the new demo carries the mark too
    assert again.exit_code == 0, again.output


def test_a_demo_with_real_organizations_added_is_not_replaced(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    _demo(db)
    orgs = tmp_path / "o.csv"
    orgs.write_text("code,name\n900,本物の課\n", encoding="utf-8")
    assert run("--db", str(db), "orgs", "import", str(orgs)).exit_code == 0
    before = _digest(db)
    result = run("--db", str(db), "demo", "--force")
    assert result.exit_code == 1
    assert "デモを作った後に書き込まれたデータ" in result.stderr
    assert "組織 16 件" in result.stderr and "手で削除" in result.stderr
    assert "Traceback" not in result.output
    assert _digest(db) == before
    assert "本物の課" in run("--db", str(db), "orgs", "list").stdout
    plain = run("--db", str(db), "demo")  # no longer pointed to --force
    assert plain.exit_code == 0 and "--force を付けて" not in plain.output


def test_a_demo_with_one_answer_changed_is_not_replaced(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    _demo(db)
    connection = sqlite3.connect(db)
    connection.execute("UPDATE answer SET note = 'AFTER' WHERE id = (SELECT min(id) FROM answer)")
    connection.commit()
    connection.close()
    result = run("--lang", "en", "--db", str(db), "demo", "--force")
    assert result.exit_code == 1
    assert "written after the demo was built" in result.stderr
    count = sqlite3.connect(db).execute("SELECT count(*) FROM answer WHERE note = 'AFTER'")
    assert count.fetchone() == (1,)


def test_a_demo_without_the_mark_is_not_replaced(tmp_path: Path) -> None:
    """A database that merely holds the demo's organizations (built by an older version,
    copied row by row) is not known to be unchanged: refused."""
    db = tmp_path / "d.db"
    _demo(db)
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA application_id = 0")
    connection.commit()
    connection.close()
    result = run("--db", str(db), "demo", "--force")
    assert result.exit_code == 1 and "手で削除" in result.stderr


def test_not_replaced_while_another_process_has_it_open(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    _demo(db)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(db)!r})\n"
            "c.execute('PRAGMA journal_mode=WAL')\n"
            "c.execute('SELECT count(*) FROM answer').fetchone()\n"
            "print('open', flush=True)\n"
            "sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = _digest(db)
        inode = db.stat().st_ino
        result = run("--db", str(db), "demo", "--force")
        assert result.exit_code == 1
        assert "ほかのプログラムが使用中です" in result.stderr
        assert "Traceback" not in result.output
        assert db.stat().st_ino == inode and _digest(db) == before
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".t.db")] == []
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    time.sleep(0.1)
    assert run("--db", str(db), "demo", "--force").exit_code == 0
