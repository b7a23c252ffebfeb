"""A mistyped `--db` is not a new empty database (hunt9 M6): a command that only reads
refuses a missing file and makes nothing; a command that creates says that it does."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inspector.cli.main import cli

pytestmark = pytest.mark.sqlite_only("a database file that does not exist")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    "command",
    [
        ("sessions", "list"),
        ("people", "list"),
        ("orgs", "list"),
        ("plans",),
        ("db", "info"),
        ("export-csv",),
        ("consolidate", "--checklist", "juki-operator"),
    ],
)
def test_a_read_only_command_refuses_a_missing_database(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    typo = tmp_path / "typo.db"
    result = run("--db", str(typo), *command)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"データベース {typo} はありません" in result.stderr
    assert f"inspector demo --db {typo}" in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing made


def test_the_message_in_english(tmp_path: Path) -> None:
    typo = tmp_path / "typo.db"
    result = run("--lang", "en", "--db", str(typo), "sessions", "list")
    assert result.exit_code == 1 and f"there is no database at {typo}" in result.stderr


def test_a_roster_import_makes_the_database_and_says_so(tmp_path: Path) -> None:
    orgs = tmp_path / "o.csv"
    orgs.write_text("code,name\n900,企画課\n", encoding="utf-8")
    new = tmp_path / "new.db"
    result = run("--db", str(new), "orgs", "import", str(orgs))
    assert result.exit_code == 0 and new.is_file()
    assert f"データベース {new} はまだないため、新しく作ります" in result.stderr
    again = run("--db", str(new), "orgs", "import", str(orgs))
    assert again.exit_code == 0 and "新しく作ります" not in again.stderr
    assert "企画課" in run("--db", str(new), "orgs", "list").stdout


def test_the_default_database_is_still_made_on_first_use() -> None:
    from inspector.config import default_data_dir

    result = run("sessions", "list")
    assert result.exit_code == 0 and (default_data_dir() / "inspector.db").is_file()
