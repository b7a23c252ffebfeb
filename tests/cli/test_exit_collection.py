"""Every `inspector` command skips the interpreter's last garbage collections (issue 17):
the entry point freezes what is alive at exit, after the command has done its work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_PROBE = """
import atexit, gc, sys
# registered first, run last: after the entry point's own exit handlers
atexit.register(lambda: sys.stderr.write(f"FROZEN {gc.get_freeze_count()}\\n"))
sys.argv = ["inspector", *sys.argv[1:]]
from inspector.cli import main
main()
"""


def test_a_command_freezes_what_is_alive_at_exit(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "--db", str(db), "orgs", "list"],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")},
        check=False,
    )
    frozen = [line for line in done.stderr.splitlines() if line.startswith("FROZEN ")]
    assert frozen, done.stderr
    assert int(frozen[-1].removeprefix("FROZEN ")) > 0, done.stderr
