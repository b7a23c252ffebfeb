"""`inspector` with only --db/--lang opens the interface without the click group (issue 17,
start-up): the same options read as click reads them, the same errors, and neither click
nor the command table nor the error classes of the subcommands before the first frame."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from inspector.cli.launch import interface_options
from inspector.cli.main import cli

OPENS_ALONE = [
    [],
    ["--db", "a.db"],
    ["--db=a.db"],
    ["--lang", "en"],
    ["--lang=ja", "--db", "x/y.db"],
    ["--db", "sqlite:///b.db", "--lang", "en"],
]
FOR_CLICK = [
    ["--help"],
    ["--version"],
    ["sessions", "list"],
    ["--db", "a.db", "sessions", "list"],
    ["--lang", "fr"],
    ["--lang"],
    ["--db", "a.db", "--db", "b.db"],
    ["--db", "--lang"],
    ["--db="],
    ["--checklist-dir", "office"],
    ["--db-passphrase-file", "p.txt"],
    ["--d", "a.db"],
]


@pytest.mark.parametrize("args", OPENS_ALONE)
@pytest.mark.parametrize("env_db", [None, "", "env.db"])
def test_the_options_are_read_as_click_reads_them(
    args: list[str], env_db: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env_db is None:
        monkeypatch.delenv("INSPECTOR_DB", raising=False)
    else:
        monkeypatch.setenv("INSPECTOR_DB", env_db)
    options = interface_options(args)
    assert options is not None
    ctx = cli.make_context("inspector", list(args))
    with warnings.catch_warnings():  # click 9 merges the two
        warnings.simplefilter("ignore", DeprecationWarning)
        assert ctx.protected_args == [] and ctx.args == []  # no subcommand: the interface
    db = options.get("--db") or os.environ.get("INSPECTOR_DB") or None
    assert (db, options.get("--lang")) == (ctx.params["db"], ctx.params["lang"])
    assert ctx.params["checklist_dirs"] == () and ctx.params["db_passphrase_file"] is None


@pytest.mark.parametrize("args", FOR_CLICK)
def test_anything_else_is_read_by_the_click_group(args: list[str]) -> None:
    assert interface_options(args) is None


def test_shell_completion_is_click_s(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_INSPECTOR_COMPLETE", "bash_complete")
    assert interface_options([]) is None


CLICK_GROUP = "import sys; from inspector.cli.main import main; sys.argv[0] = 'inspector'; main()"


@pytest.mark.parametrize(
    ("args", "config"),
    [
        (["--db", "{tmp}/x.db"], 'lang = "en\n'),  # a broken config file
        (["--db", "{tmp}/missing/x.db", "--lang", "en"], None),
        (["--db", "{tmp}/\x1b[2Jx/y.db"], None),  # shown escaped, not stripped
        (["--db={tmp}/missing/x.db"], 'lang = "fr"\n'),
    ],
)
def test_errors_are_those_of_the_click_group(
    args: list[str], config: str | None, tmp_path: Path
) -> None:
    env = {**os.environ, "INSPECTOR_CONFIG": str(tmp_path / "config.toml")}
    if config is not None:
        (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]

    def run(*command: str) -> tuple[int, str, str]:
        done = subprocess.run([*command, *args], capture_output=True, text=True, env=env)
        return done.returncode, done.stdout, done.stderr

    alone = run(sys.executable, "-m", "inspector")
    assert alone == run(sys.executable, "-c", CLICK_GROUP)
    assert alone[0] == 1 and "Traceback" not in alone[2] and alone[2].strip()
    assert not list(tmp_path.glob("**/*.db"))


FIRST_FRAME = """
import asyncio, gc, json, os, sys
from datetime import date
import inspector.cli
from inspector.cli.launch import open_alone

async def first_frame(pilot):
    app = pilot.app
    while not app.screen.is_mounted:
        await asyncio.sleep(0.001)
    drawn = asyncio.Event()
    app.screen.call_after_refresh(drawn.set)
    await drawn.wait()
    print(json.dumps({"loaded": sorted(m for m in LATER if m in sys.modules),
                      "collector": gc.isenabled(), "frozen": gc.get_freeze_count()}), flush=True)
    app.exit()

os.environ["INSPECTOR_INSPECTOR_NAME"] = "監査 太郎"
open_alone(sys.argv[1], None, today=date(2025, 6, 2), headless=True, size=(80, 24),
           auto_pilot=first_frame)
"""
LATER = (
    "click",
    "inspector.cli.main",
    "inspector.cli.errors",
    "inspector.cli.usage",
    "inspector.cli.help_text",
    "inspector.exchange.csvfile",
    "inspector.output_files",
    "hashlib",
)


def test_the_first_frame_is_drawn_without_click_or_the_command_table(tmp_path: Path) -> None:
    """Nor collector passes over the modules: frozen once loaded, the collector on again."""
    code = f"LATER = {LATER!r}\n{FIRST_FRAME}"
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "inspector.db")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    first = json.loads(done.stdout.splitlines()[0])
    assert first["loaded"] == [] and first["collector"] is True
    assert first["frozen"] > 10_000  # Textual's and our modules' objects
