"""One signed notice from the shell loads only what it uses (issue 17): the models of the
one checklist its visit was made with, no holiday library once the year's holidays are
cached (the reply date), no Alembic (the database is at the current revision), no
workbook library and no Textual; it gathers the notice's data once (the checks before
the passphrase and the issue share it), and its process skips the interpreter's last
garbage collections. The notice is signed for real and verified."""

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
import atexit, gc, json, sys
from inspector.domain.catalog import ChecklistCatalog
from inspector.cli.main import cli
from inspector.reports.service import DocumentService

built = []
get = ChecklistCatalog.get
gathered = []
notice_data = DocumentService.notice_data


def recording_notice_data(self, session_id, **kwargs):
    gathered.append(session_id)
    return notice_data(self, session_id, **kwargs)


DocumentService.notice_data = recording_notice_data
# registered first, run last: after the command's own exit handlers
atexit.register(lambda: sys.stderr.write(f"FROZEN {gc.get_freeze_count()}\\n"))


def recording_get(self, checklist_id):
    built.append(checklist_id)
    return get(self, checklist_id)


ChecklistCatalog.get = recording_get
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit as exc:
    assert not exc.code, exc.code
print("\\nLOADED " + json.dumps({
    "checklists": sorted(set(built)),
    "holidays": "holidays" in sys.modules,
    "gathered": len(gathered),
    "unused": sorted(
        name for name in ("alembic", "openpyxl", "textual") if name in sys.modules
    ),
}))
"""


def probe(env: dict[str, str], *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "PYTHONWARNINGS": "ignore"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    last = done.stdout.rstrip().splitlines()[-1]
    assert last.startswith("LOADED "), done.stdout
    result: dict[str, object] = json.loads(last.removeprefix("LOADED "))
    frozen = [line for line in done.stderr.splitlines() if line.startswith("FROZEN ")]
    result["frozen_at_exit"] = int(frozen[-1].removeprefix("FROZEN ")) > 0 if frozen else None
    return result


def test_a_notice_builds_one_checklist_and_reads_holidays_from_the_cache(
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
    listed = runner.invoke(cli, ["--db", str(db), "sessions", "list", "--json"]).stdout
    checklist = next(s["checklist"] for s in json.loads(listed) if s["id"] == 1)
    names = ("INSPECTOR_KEYS_DIR", "INSPECTOR_KEY_PASSPHRASE", "INSPECTOR_NEW_KEY_PASSPHRASE")
    env = {name: os.environ[name] for name in names}

    def notice(name: str, *more: str) -> dict[str, object]:
        pdf = tmp_path / name
        args = ["--db", str(db), "report", "notice", "--session", "1", "--signer", AUDITOR]
        loaded = probe(env, *args, *more, "-o", str(pdf))
        verified = runner.invoke(cli, ["--db", str(db), "verify", str(pdf)])
        assert verified.exit_code == 0, verified.output
        return loaded

    first = notice("first.pdf")
    assert first["checklists"] == [checklist]
    # once before the passphrase, once more in the transaction that records it (unchanged)
    assert first["gathered"] == 2
    assert first["unused"] == []
    # the interpreter's last collections are skipped; the notice is whole (verified above)
    assert first["frozen_at_exit"] is True
    again = notice("again.pdf", "--reissue")  # the year's holidays now come from the cache
    assert again == {
        "checklists": [checklist],
        "holidays": False,
        "gathered": 2,
        "unused": [],
        "frozen_at_exit": True,
    }


_PROMPTED = """
import json, sys, threading
import click
import inspector.cli.signing as signing
from inspector.cli.main import cli

seen = {}


def typed(text, **kwargs):
    # a person typing: meanwhile the signing libraries and the font load in a thread
    for thread in threading.enumerate():
        if thread.name == "inspector-warm-up":
            seen["warm_up"] = True
            thread.join()
    from reportlab.pdfbase import pdfmetrics

    seen["loaded"] = "pyhanko.sign" in sys.modules
    seen["font"] = "IPAexGothic" in pdfmetrics.getRegisteredFontNames()
    return "pw"


signing._interactive = lambda: True  # the passphrase is asked at a prompt
click.prompt = typed
cli.main(sys.argv[1:], standalone_mode=False)
print("\\nSEEN " + json.dumps(seen))
"""


def test_the_signing_libraries_load_while_the_passphrase_is_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, keys = tmp_path / "demo.db", tmp_path / "keys"
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(keys))
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
    pdf = tmp_path / "notice.pdf"
    env = {
        **os.environ,
        "INSPECTOR_KEYS_DIR": str(keys),
        "PYTHONWARNINGS": "ignore",
    }
    env.pop("INSPECTOR_KEY_PASSPHRASE")
    args = ["--db", str(db), "report", "notice", "--session", "1", "--signer", AUDITOR]
    done = subprocess.run(
        [sys.executable, "-c", _PROMPTED, *args, "-o", str(pdf)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    last = done.stdout.rstrip().splitlines()[-1]
    assert json.loads(last.removeprefix("SEEN ")) == {
        "warm_up": True,
        "loaded": True,
        "font": True,
    }
    verified = runner.invoke(cli, ["--db", str(db), "verify", str(pdf)])
    assert verified.exit_code == 0, verified.output
