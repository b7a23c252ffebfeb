"""Files written from an encrypted database are not encrypted: each export says so once on
stderr, as `db copy --plaintext` does (hunt9 M5); from a plain database nothing is said."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inspector.cli.main import cli

pytestmark = pytest.mark.sqlite_only("an encrypted SQLite file")

SECRET = "fix9h export passphrase"
NOTICE = "は暗号化されていません。暗号化したデータベースの中身"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("fix9h-exports")
    encrypted, plain = base / "enc.db", base / "plain.db"
    assert (
        run("--db", str(encrypted), "demo", env={"INSPECTOR_DB_PASSPHRASE": SECRET}).exit_code == 0
    )
    assert run("--db", str(plain), "demo").exit_code == 0
    return encrypted, plain


def _exports(out: Path) -> list[tuple[list[str], str]]:
    return [
        (["export-csv", "-o", str(out / "all.csv")], str(out / "all.csv")),
        (["export-csv"], "標準出力に書いた CSV"),
        (
            ["report", "summary", "--checklist", "juki-operator", "-o", str(out / "s.pdf")],
            str(out / "s.pdf"),
        ),
        (
            ["selfcheck", "distribute", "--checklist", "juki-operator", "-o", str(out / "wb")],
            str(out / "wb"),
        ),
    ]


def test_exports_from_an_encrypted_database_say_they_are_not_encrypted(
    databases: tuple[Path, Path], tmp_path: Path
) -> None:
    encrypted, _ = databases
    for args, target in _exports(tmp_path):
        result = run("--db", str(encrypted), *args, env={"INSPECTOR_DB_PASSPHRASE": SECRET})
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stderr.count(NOTICE) == 1, (args, result.stderr)
        assert f"注意: {target} {NOTICE}" in result.stderr
        assert SECRET not in result.output + result.stderr


def test_exports_from_a_plain_database_say_nothing_of_it(
    databases: tuple[Path, Path], tmp_path: Path
) -> None:
    _, plain = databases
    for args, _target in _exports(tmp_path):
        result = run("--db", str(plain), *args)
        assert result.exit_code == 0, (args, result.stderr)
        assert NOTICE not in result.stderr
