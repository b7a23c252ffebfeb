"""A signed notice from the shell on a plain SQLite file reads and records with `sqlite3`
(issue 17): its process loads neither SQLAlchemy nor SQLModel, the notice verifies against
the database's record, and a second notice of the visit is refused as already issued."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.demo.city import AUDITOR

_PROBE = """
import json, sys
from inspector.cli.main import cli
code = 0
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit as exc:
    code = exc.code or 0
except Exception as exc:  # a refusal: click's own exception without standalone mode
    code = type(exc).__name__
print("\\nLOADED " + json.dumps({
    "code": code,
    "store": sorted(name for name in ("sqlalchemy", "sqlmodel") if name in sys.modules),
}))
"""


def test_a_signed_notice_on_sqlite_loads_no_sqlalchemy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "demo.db"
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")  # keys issue
    monkeypatch.delenv("INSPECTOR_SIGNER", raising=False)
    runner = CliRunner()
    for args in (
        ["demo"],
        ["keys", "init-office"],
        ["keys", "issue", AUDITOR, "--organization", "130"],
    ):
        result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    def notice(name: str) -> dict[str, object]:
        args = ["--db", str(db), "report", "notice", "--session", "26", "--signer", AUDITOR]
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, *args, "-o", str(tmp_path / name)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
            check=False,
        )
        last = done.stdout.rstrip().splitlines()[-1]
        assert last.startswith("LOADED "), done.stdout + done.stderr
        loaded: dict[str, object] = json.loads(last.removeprefix("LOADED "))
        return loaded

    assert notice("first.pdf") == {"code": 0, "store": []}
    verified = runner.invoke(cli, ["--db", str(db), "verify", str(tmp_path / "first.pdf")])
    assert verified.exit_code == 0, verified.output
    again = notice("again.pdf")  # the register read with sqlite3 too: issued already
    assert again["code"] != 0 and again["store"] == []
    assert not (tmp_path / "again.pdf").exists()
