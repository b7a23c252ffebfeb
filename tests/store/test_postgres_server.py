"""The PostgreSQL test server itself: it starts, and a test database is migrated and empty;
a killed test run leaves no server running (the watchdog) and a next run removes the
folders of dead runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from inspector.store.database import current_revision, head_revision, open_database
from inspector.store.repository import OrganizationInput, Repository
from tests.postgres_server import (
    PREFIX,
    UNOWNED_GRACE,
    _identity,
    find_binaries,
    remove_stale_servers,
)


def test_each_database_is_migrated_and_separate(database_url: str) -> None:
    engine = open_database(database_url)
    try:
        assert current_revision(engine) == head_revision()
        repo = Repository(engine)
        repo.upsert_organizations([OrganizationInput("D1", "市民部")])
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM organization")).scalar_one()
        assert count == 1
    finally:
        engine.dispose()


# --- a killed test run leaves no server behind (tests/postgres_server.py's watchdog) ------

_CHILD = """
import sys, time
from tests.postgres_server import start_server
server = start_server(template=False)
print(server.root, flush=True)
time.sleep(600)
"""


def _started_in_a_child() -> tuple[subprocess.Popen[str], Path]:
    """A python process that starts a server (as a test run does) and waits; its folder."""
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if not line:
        child.kill()
        child.wait()
        pytest.skip("no PostgreSQL server could be started here")
    return child, Path(line)


def _postmaster(root: Path) -> int:
    return int((root / "data" / "postmaster.pid").read_text().split()[0])


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended


def _gone_within(seconds: float, *checks: Callable[[], bool]) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if not any(check() for check in checks):
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"still there after {seconds} s")


def test_a_server_stops_when_the_run_that_started_it_is_killed() -> None:
    if find_binaries() is None:
        pytest.skip("PostgreSQL server binaries not found")
    child, root = _started_in_a_child()
    postmaster = _postmaster(root)
    assert _alive(postmaster)
    assert (root / "owner").read_text().split()[0] == str(child.pid)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    took = _gone_within(10, lambda: _alive(postmaster), root.exists)
    assert took < 5


def test_a_next_run_removes_the_folders_of_dead_runs(tmp_path: Path) -> None:
    """The run and its watchdog both killed: the server still runs; a next run stops it and
    removes its folder. A folder of a live run, or an unowned one too recent, is kept."""
    if find_binaries() is None:
        pytest.skip("PostgreSQL server binaries not found")
    child, root = _started_in_a_child()
    postmaster = _postmaster(root)
    watchdogs = [
        p
        for p in Path("/proc").iterdir()
        if p.name.isdigit()
        and b"watch" in _read(p / "cmdline")
        and os.fsencode(root) in _read(p / "cmdline")
    ]
    assert len(watchdogs) == 1
    os.kill(int(watchdogs[0].name), signal.SIGKILL)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    time.sleep(1)
    assert _alive(postmaster) and root.exists()  # leaked, as before the watchdog
    # beside it, in a folder of its own: a live run's folder and a fresh unowned one
    live = tmp_path / f"{PREFIX}live"
    live.mkdir()
    (live / "owner").write_text(_identity(os.getpid()) or "")
    fresh = tmp_path / f"{PREFIX}fresh"
    fresh.mkdir()
    dead = tmp_path / f"{PREFIX}dead"
    dead.mkdir()
    (dead / "owner").write_text(f"{child.pid} 1")  # gone (and its pid's start time wrong)
    old = tmp_path / f"{PREFIX}old"
    old.mkdir()
    os.utime(old, (time.time() - 2 * UNOWNED_GRACE,) * 2)
    assert sorted(remove_stale_servers(tmp_path)) == [dead, old]
    assert live.exists() and fresh.exists()
    assert remove_stale_servers(root.parent) and not root.exists()
    _gone_within(5, lambda: _alive(postmaster))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""
