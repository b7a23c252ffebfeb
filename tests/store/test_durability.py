"""A writing process killed with SIGKILL loses no acknowledged answer."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only("SQLite's WAL and synchronous=FULL on a file")

HERE = Path(__file__).resolve().parent


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_sigkill_keeps_every_acknowledged_answer(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
    child = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "_writer.py"),
            str(db),
            str(HERE.parent / "fixtures" / "mini.yaml"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    acknowledged: list[tuple[int, str, str]] = []
    for line in child.stdout:
        session_id, item, value = line.split()
        acknowledged.append((int(session_id), item, value))
        if len(acknowledged) >= 150:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as connection:
        stored = set(connection.execute("select session_id, item_id, value from answer").fetchall())
        logged = connection.execute("select count(*) from answer_change").fetchone()[0]
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
    missing = [a for a in acknowledged if a not in stored]
    assert missing == []
    assert logged >= len(acknowledged)
