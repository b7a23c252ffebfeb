"""One signed notice from the shell loads its libraries (reportlab, pyHanko; on a plain
SQLite file not the store's SQLAlchemy and SQLModel tables) with the cyclic garbage
collector paused and keeps their objects out of its later passes (issue 17): no pass of the collector runs while they load,
every pass after skips them (frozen), and the notice is signed and verified as before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.demo.city import AUDITOR

_PROBE = """
import gc, json, sys
from inspector.cli.main import cli

# the store's SQLAlchemy and tables are not among them on a plain SQLite file: the notice
# reads and records it with sqlite3 (store/plain_notice.py), and they are never loaded
LIBRARIES = ("reportlab.platypus", "pyhanko.sign")
passes = []


def on_pass(phase, info):
    if phase == "start":
        present = [name in sys.modules for name in LIBRARIES]
        passes.append([any(present), all(present), gc.get_freeze_count() > 0])


gc.callbacks.append(on_pass)
try:
    cli.main(sys.argv[1:], standalone_mode=False)
finally:
    gc.callbacks.remove(on_pass)
print("\\nPASSES " + json.dumps({
    # (passes before the first of them loads, while the command line is read, are not theirs)
    "while_loading": sum(1 for started, loaded, _frozen in passes if started and not loaded),
    "over_unfrozen_libraries": sum(1 for _s, loaded, frozen in passes if loaded and not frozen),
    "enabled": gc.isenabled(),
    "store": "sqlalchemy" in sys.modules or "inspector.store.tables" in sys.modules,
}))
"""


def test_a_notice_loads_its_libraries_without_collector_passes(tmp_path: Path) -> None:
    db, keys = tmp_path / "demo.db", tmp_path / "keys"
    env = {
        **os.environ,
        "INSPECTOR_KEYS_DIR": str(keys),
        "INSPECTOR_KEY_PASSPHRASE": "pw",
        "INSPECTOR_NEW_KEY_PASSPHRASE": "pw",  # keys issue
        "PYTHONWARNINGS": "ignore",
    }
    env.pop("INSPECTOR_SIGNER", None)
    runner = CliRunner(
        env={
            "INSPECTOR_KEYS_DIR": str(keys),
            "INSPECTOR_KEY_PASSPHRASE": "pw",
            "INSPECTOR_NEW_KEY_PASSPHRASE": "pw",  # keys issue
        }
    )
    for args in (
        ["demo"],
        ["keys", "init-office"],
        ["keys", "issue", AUDITOR, "--organization", "130"],
    ):
        result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    pdf = tmp_path / "notice.pdf"
    args = ["--db", str(db), "report", "notice", "--session", "1", "--signer", AUDITOR]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args, "-o", str(pdf)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    last = done.stdout.rstrip().splitlines()[-1]
    assert json.loads(last.removeprefix("PASSES ")) == {
        "while_loading": 0,
        "over_unfrozen_libraries": 0,
        "enabled": True,  # on again for the work, and after it
        "store": False,
    }
    verified = runner.invoke(cli, ["--db", str(db), "verify", str(pdf)])
    assert verified.exit_code == 0, verified.output
