"""`inspector demo --force` replaces only a demo or an empty database (hunt9 H1), and a
demo that stops part way leaves nothing in the file the user named (M3)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inspector.cli.main import cli

pytestmark = pytest.mark.sqlite_only("the demo over a database file")

SECRET = "fix9h secret passphrase"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _real(tmp_path: Path, db: Path, env: dict[str, str] | None = None) -> None:
    orgs = tmp_path / "o.csv"
    orgs.write_text("code,name\n900,本物の課\n", encoding="utf-8")
    people = tmp_path / "p.csv"
    people.write_text(
        "staff_number,name,organization\nS1,本物 一郎,900\nS2,本物 二郎,900\n", encoding="utf-8"
    )
    assert run("--db", str(db), "orgs", "import", str(orgs), env=env).exit_code == 0
    assert run("--db", str(db), "people", "import", str(people), env=env).exit_code == 0


def test_force_refuses_a_real_database_and_says_what_it_holds(tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    _real(tmp_path, db)
    before = _digest(db)
    result = run("demo", "--db", str(db), "--force")
    assert result.exit_code == 1
    assert f"{db} はデモのデータベースではありません" in result.stderr
    assert "職員 2 人" in result.stderr and "点検 0 件" in result.stderr
    assert "inspector demo --db other.db" in result.stderr and "Traceback" not in result.stderr
    assert _digest(db) == before
    listed = run("--db", str(db), "orgs", "list")
    assert "本物の課" in listed.stdout


def test_without_force_a_real_database_is_not_pointed_to_force(tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    _real(tmp_path, db)
    result = run("--lang", "en", "demo", "--db", str(db))
    assert result.exit_code == 0
    assert "not a demo" in result.stdout and "--force" not in result.stdout


def test_force_refuses_an_encrypted_database_without_its_passphrase(tmp_path: Path) -> None:
    db = tmp_path / "victim.db"
    env = {"INSPECTOR_DB_PASSPHRASE": SECRET}
    assert run("--db", str(db), "demo", "--encrypt", env=env).exit_code == 0
    before = _digest(db)
    result = run("demo", "--db", str(db), "--force")
    assert result.exit_code == 1 and "暗号化されています" in result.stderr
    assert _digest(db) == before and not db.read_bytes().startswith(b"SQLite format 3")
    wrong = run("demo", "--db", str(db), "--force", env={"INSPECTOR_DB_PASSPHRASE": "other one"})
    assert wrong.exit_code == 1 and "パスフレーズが違います" in wrong.stderr
    assert _digest(db) == before


def test_force_refuses_an_encrypted_real_database_with_its_passphrase(tmp_path: Path) -> None:
    db = tmp_path / "enc-real.db"
    env = {"INSPECTOR_DB_PASSPHRASE": SECRET}
    _real(tmp_path, db, env)
    before = _digest(db)
    result = run("demo", "--db", str(db), "--force", env=env)
    assert result.exit_code == 1 and "デモのデータベースではありません" in result.stderr
    assert _digest(db) == before


def test_force_rebuilds_a_demo_and_an_encrypted_demo(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run("demo", "--db", str(db)).exit_code == 0
    again = run("demo", "--db", str(db), "--force")
    assert again.exit_code == 0 and "みどり市" in again.stdout
    assert oct(db.stat().st_mode & 0o777) == "0o600"
    env = {"INSPECTOR_DB_PASSPHRASE": SECRET}
    encrypted = run("demo", "--db", str(db), "--force", "--encrypt", env=env)
    assert encrypted.exit_code == 0, encrypted.stderr  # a plain demo read without it
    assert not db.read_bytes().startswith(b"SQLite format 3")
    assert run("demo", "--db", str(db), "--force", env=env).exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["demo.db"]


def test_force_replaces_an_empty_database(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    assert run("demo", "--db", str(db), "--force").exit_code == 0
    assert "監査委員事務局" in run("--db", str(db), "orgs", "list").stdout


def test_a_demo_that_stops_part_way_leaves_no_partial_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspector.cli.demo as demo_module
    from inspector.demo import build_demo

    def stops(repo, catalog):  # type: ignore[no-untyped-def]
        build_demo(repo, catalog)  # every row written, then the process is interrupted
        raise KeyboardInterrupt

    monkeypatch.setattr(demo_module, "build_demo", stops)
    db = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db)])
    assert result.exit_code != 0
    assert os.listdir(tmp_path) == []  # no database, no temporary file
    old = tmp_path / "old.db"
    old.touch()
    CliRunner().invoke(cli, ["demo", "--db", str(old), "--force"])
    assert old.read_bytes() == b"" and os.listdir(tmp_path) == ["old.db"]


def test_a_demo_killed_part_way_leaves_the_named_file_as_it_was(tmp_path: Path) -> None:
    """SIGKILL while the demo is written (hunt9 M3: 41 sessions were left): the file the
    user named is untouched; only the hidden temporary file beside it remains."""
    import signal
    import subprocess
    import sys
    import time

    db = tmp_path / "old.db"
    db.touch()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "inspector", "demo", "--db", str(db), "--force"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until the demo is being written
            aside = [p for p in tmp_path.iterdir() if p.name.startswith(".old.db.demo-")]
            if any(p.stat().st_size > 200_000 for p in aside):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the demo was never written beside the file")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert db.read_bytes() == b""
    assert not any(p.name.startswith("old.db-") for p in tmp_path.iterdir())
