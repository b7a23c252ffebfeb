"""An option that takes a value refuses a long option in its place (`--xlsx --force` wrote
a file named "--force" and lost the --force): a usage error (exit 2) naming the option and
the value, nothing written; `--opt=value`, `./--name`, `-` and negative numbers still go
through."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli11") / "demo.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "demo"]).exit_code == 0
    return db


@pytest.fixture
def work(demo_source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo database in an empty folder that is the working directory."""
    shutil.copyfile(demo_source, tmp_path / "demo.db")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"raised {result.exception!r}\n{result.output}")
    return result.exit_code, result.stdout, result.stderr


REFUSED = [
    # a workbook path: the file "--force" was written
    (["report", "plans", "--organization", "110", "--xlsx", "--force"], "--xlsx", "--force"),
    # an output path given by its short name
    (["export-csv", "-o", "--force"], "-o", "--force"),
    (["export-csv", "--output", "--organization", "110"], "--output", "--organization"),
    # a number
    (["findings", "list", "--session", "--json"], "--session", "--json"),
    (["keys", "issue", "監査 花子", "--years", "--force"], "--years", "--force"),
]


@pytest.mark.parametrize("args,option,value", REFUSED, ids=lambda a: str(a))
def test_a_long_option_as_a_value_is_refused(
    work: Path, args: list[str], option: str, value: str
) -> None:
    before = _digest(work / "demo.db")
    code, out, err = _run("--db", "demo.db", *args)
    assert code == 2, (code, out, err)
    assert f"{option} の値がありません（{value} はオプションです）" in err, err
    assert f"{option} ./{value}" in err  # how to write a path that starts with --
    assert "Traceback" not in out + err
    assert sorted(p.name for p in work.iterdir()) == ["demo.db"]
    assert _digest(work / "demo.db") == before


def test_the_database_path_of_the_root(work: Path) -> None:
    code, _, err = _run("--db", "--checklist-dir", "lists", "sessions", "list")
    assert code == 2
    assert "--db の値がありません（--checklist-dir はオプションです）" in err, err
    assert sorted(p.name for p in work.iterdir()) == ["demo.db"]


def test_in_english(work: Path) -> None:
    code, _, err = _run("--db", "demo.db", "--lang", "en", "export-csv", "-o", "--force")
    assert code == 2
    assert "-o has no value (--force is an option)" in err, err
    assert "--output=--force" in err


@pytest.mark.parametrize("form", [["--xlsx=--plan.xlsx"], ["--xlsx", "./--plan.xlsx"]])
def test_a_path_starting_with_dashes_can_be_written(work: Path, form: list[str]) -> None:
    code, out, err = _run("--db", "demo.db", "report", "plans", "--organization", "110", *form)
    assert code == 0, (out, err)
    assert (work / "--plan.xlsx").stat().st_size > 0


def test_joined_values_and_negative_numbers_still_reach_the_command(work: Path) -> None:
    # no option reads `-` as standard input or output: export-csv writes a file named "-",
    # as before
    code, _, err = _run("--db=demo.db", "export-csv", "--organization=110", "-o", "-")
    assert code == 0, err
    assert (work / "-").stat().st_size > 0
    code, _, err = _run("--db", "demo.db", "findings", "list", "--session", "-5")
    assert code != 2, err  # the command looked for session -5 (not a usage error)
    assert "オプションです" not in err


def test_shell_completion_is_left_alone() -> None:
    """Completion parses what is typed so far: no usage error from the check."""
    from click.shell_completion import ShellComplete

    complete = ShellComplete(cli, {}, "inspector", "_INSPECTOR_COMPLETE")
    complete.get_completions(["report", "plans", "--xlsx", "--force"], "")
