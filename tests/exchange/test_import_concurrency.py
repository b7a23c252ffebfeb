"""`import-csv --create-missing` as separate processes: killed at random moments inside
its transaction, and run several times at once on the same file (issue 10, points 6-7)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from inspector.store.database import open_database
from tests.exchange._answers_file import content, table_counts, write_answers_file

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
AT_ONCE = 4  # kill trials run side by side, each on its own database

pytestmark = [
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only"),
    pytest.mark.sqlite_only("SQLite's write lock seen from outside; test_many_writers is on both"),
]


def _command(db: Path, csv_file: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "inspector",
        "--db",
        str(db),
        "import-csv",
        str(csv_file),
        "--create-missing",
    ]


def _env(tmp: Path) -> dict[str, str]:
    home = tmp / "home"
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "INSPECTOR_CONFIG": str(home / "config.toml"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "INSPECTOR_LANG": "en",  # the test reads the English summary line
    }


def _holds_write_lock(db: Path) -> bool:
    """Whether another connection holds the database's write lock now (a transaction
    that has begun and not ended): our own BEGIN IMMEDIATE fails at once."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    else:
        conn.execute("ROLLBACK")
        return False
    finally:
        conn.close()


def _run_until_lock(
    db: Path, csv_file: Path, env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], float | None]:
    """Start the import and wait until it holds the write lock; returns the process and
    the time the lock was first seen (None: the process ended before)."""
    child = subprocess.Popen(
        _command(db, csv_file), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    while child.poll() is None:
        if _holds_write_lock(db):
            return child, time.monotonic()
        time.sleep(0.002)
    return child, None


@pytest.fixture(scope="module")
def import_case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A migrated database with one organization, the file, and the database after one
    whole import of it; with how long the import's transaction held the lock."""
    tmp = tmp_path_factory.mktemp("kill")
    base = tmp / "base.db"
    open_database(f"sqlite:///{base}").dispose()
    c = sqlite3.connect(base)
    with c:
        c.execute("insert into organization (code, name, tags) values ('100', '総務部', '[]')")
    c.close()  # the last connection: the WAL goes into the file, which is then copied
    csv_file = tmp / "answers.csv"
    rows = write_answers_file(csv_file, organizations=20, operators=200)
    whole = tmp / "whole.db"
    shutil.copyfile(base, whole)
    child, locked_at = _run_until_lock(whole, csv_file, _env(tmp))
    _, err = child.communicate(timeout=120)
    ended = time.monotonic()
    assert child.returncode == 0, err.decode()
    assert locked_at is not None, "the import never held the write lock"
    return {
        "tmp": tmp,
        "base": base,
        "csv": csv_file,
        "rows": rows,
        "whole": whole,
        "transaction_seconds": ended - locked_at,
    }


def test_sigkill_inside_the_import_leaves_nothing_or_everything(
    import_case: dict[str, object],
) -> None:
    tmp, base, csv_file, whole = (
        Path(str(import_case[k])) for k in ("tmp", "base", "csv", "whole")
    )
    span = float(str(import_case["transaction_seconds"]))
    before = (table_counts(base), content(base))
    after = (table_counts(whole), content(whole))
    assert after[0]["organization"] == 21 and after[0]["person"] == 200
    env = _env(tmp)
    rng = random.Random(10)
    delays = [rng.uniform(0, span) for _ in range(KILLS)]

    def trial(n: int) -> str:
        # A delay drawn from the span measured once may outlast this run's transaction (the
        # machine's load changes): the child is frozen (SIGSTOP) before the kill, and one
        # frozen after its commit is let go and tried again sooner, so that the kill lands
        # inside the transaction whatever the load.
        delay = delays[n]
        for _attempt in range(6):
            db = tmp / f"trial-{n}.db"
            shutil.copyfile(base, db)
            child, locked_at = _run_until_lock(db, csv_file, env)
            inside = False
            if locked_at is not None:
                time.sleep(delay)
                child.send_signal(signal.SIGSTOP)
                try:
                    inside = _holds_write_lock(db)  # frozen: this cannot change before the kill
                finally:
                    child.send_signal(signal.SIGKILL if inside else signal.SIGCONT)
            child.wait(timeout=300)
            with sqlite3.connect(db) as c:
                assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
            state = (table_counts(db), content(db))
            if state != before:
                assert state == after, f"kill {n} after {delay:.3f} s left a partial import"
            if inside:
                break
            delay /= 4
        return "nothing" if state == before else "everything"

    with ThreadPoolExecutor(AT_ONCE) as pool:
        outcomes = list(pool.map(trial, range(KILLS)))
    # The kills land inside the transaction (above), and leave nothing (a kill between the
    # commit record and the lock's release leaves everything, which is allowed but rare).
    assert outcomes.count("nothing") >= KILLS // 2, (outcomes, span)


def test_the_same_file_imported_three_times_at_once_equals_one_import(
    import_case: dict[str, object],
) -> None:
    tmp, base, csv_file, whole = (
        Path(str(import_case[k])) for k in ("tmp", "base", "csv", "whole")
    )
    db = tmp / "together.db"
    shutil.copyfile(base, db)
    env = _env(tmp)
    children = [
        subprocess.Popen(
            _command(db, csv_file), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    results = [c.communicate(timeout=180) for c in children]
    for child, (_, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err.decode()
    assert table_counts(db) == table_counts(whole)
    assert content(db) == content(whole)
    # One import added everything, the others found it all unchanged.
    outputs = sorted(out.decode() for out, _ in results)
    sessions = table_counts(whole)["inspection_session"]
    rows = import_case["rows"]
    assert sum(f" {sessions} session(s) added" in o for o in outputs) == 1, outputs
    assert sum(f"{rows} unchanged" in o for o in outputs) == 2, outputs
    with sqlite3.connect(db) as c:
        # The change log holds one entry per answer, each in the answer's session.
        assert (
            c.execute(
                "select count(*) from answer_change ch join answer a"
                " on a.session_id = ch.session_id and a.item_id = ch.item_id"
            ).fetchone()[0]
            == table_counts(db)["answer"]
        )
        assert (
            c.execute(
                "select count(distinct import_key) from inspection_session where source = 'csv'"
            ).fetchone()[0]
            == sessions
        )
