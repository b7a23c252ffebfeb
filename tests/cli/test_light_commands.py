"""Read-only commands import only what they use (issue 17): listing plans, people,
organizations, keys, cards or sessions loads no PDF library, no workbook library and no
Alembic; the lists read from a plain SQLite file at the newest revision load no ORM at all,
and say the same as the repository's path does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli

NEVER = ("reportlab", "pyhanko", "openpyxl", "alembic")
"""What no read-only command needs."""
STORE = ("sqlalchemy", "sqlmodel", "pydantic")
"""What the lists read with sqlite3 do not need either."""

_PROBE = """
import json, sys
from inspector.cli.main import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit as exc:
    assert not exc.code, exc.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(sys.stdin.read())))
print("\\nLOADED " + json.dumps(heavy))
"""


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("light") / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


def loaded(db: Path, *args: str) -> list[str]:
    """The heavy packages a fresh interpreter has loaded after running the command."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "--db", str(db), *args],
        input=json.dumps([*NEVER, *STORE]),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    last = done.stdout.rstrip().splitlines()[-1]
    assert last.startswith("LOADED "), done.stdout
    return list(json.loads(last.removeprefix("LOADED ")))


@pytest.mark.parametrize(
    "args",
    [
        ("plans", "--organization", "130"),  # an organization without plans
        ("people", "list"),
        ("people", "list", "--organization", "130", "--limit", "3"),
        ("orgs", "list"),
    ],
    ids=" ".join,
)
def test_lists_read_with_sqlite3_load_neither_store_nor_pdf(
    demo_db: Path, args: tuple[str, ...]
) -> None:
    assert loaded(demo_db, *args) == []


@pytest.mark.parametrize(
    "args",
    [
        ("plans",),  # the demo has plans: they are read through the repository
        ("keys", "list"),
        ("cards", "list", "--organization", "130"),
        ("sessions", "list"),
        ("sessions", "list", "--organization", "130"),
    ],
    ids=" ".join,
)
def test_read_only_commands_load_no_pdf_workbook_or_alembic(
    demo_db: Path, args: tuple[str, ...]
) -> None:
    assert not set(loaded(demo_db, *args)) & set(NEVER)


def test_plans_of_an_empty_database_load_nothing_heavy(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    empty_database(db)
    assert loaded(db, "plans") == []
    assert loaded(db, "plans", "--json") == []


@contextmanager
def _without_light_path() -> Iterator[None]:
    """The repository's path, as for an encrypted database or a server."""
    from inspector.services import roster_lists

    @contextmanager
    def usual(_ctx: object) -> Iterator[None]:
        yield None

    saved = roster_lists._plain
    roster_lists._plain = usual  # type: ignore[assignment]
    try:
        yield
    finally:
        roster_lists._plain = saved


@pytest.mark.parametrize(
    "args",
    [
        ("orgs", "list"),
        ("orgs", "list", "--json"),
        ("people", "list"),
        ("people", "list", "--json"),
        ("people", "list", "--organization", "130", "--json"),
        ("people", "list", "--organization", "税務課"),
        ("people", "list", "--limit", "5", "--json"),
        ("plans", "--json", "--today", "2026-12-01"),
        ("plans", "--organization", "210", "--today", "2026-12-01"),
        ("--lang", "en", "plans", "--overdue", "--today", "2026-12-01"),
    ],
    ids=" ".join,
)
def test_light_and_usual_paths_say_the_same(demo_db: Path, args: tuple[str, ...]) -> None:
    runner = CliRunner()
    light = runner.invoke(cli, ["--db", str(demo_db), *args], catch_exceptions=False)
    with _without_light_path():
        usual = runner.invoke(cli, ["--db", str(demo_db), *args], catch_exceptions=False)
    assert light.exit_code == usual.exit_code == 0, (light.output, usual.output)
    assert light.output == usual.output
    assert light.output.strip()


def test_people_list_filters(demo_db: Path) -> None:
    def staff(*args: str) -> list[dict[str, str]]:
        result = CliRunner().invoke(cli, ["--db", str(demo_db), "people", "list", "--json", *args])
        assert result.exit_code == 0, result.output
        return list(json.loads(result.output))

    everyone = staff()
    assert [p["staff_number"] for p in everyone] == sorted(p["staff_number"] for p in everyone)
    assert staff("--limit", "3") == everyone[:3]
    refused = CliRunner().invoke(
        cli, ["--db", str(demo_db), "people", "list", "--limit", "0"]
    )  # the same --limit as `sessions list`: 1 or more, refused in Japanese
    assert refused.exit_code == 2 and "--limit" in refused.stderr and "0" in refused.stderr
    of_130 = staff("--organization", "130")
    assert of_130 and of_130 == [p for p in everyone if p["organization"] == "130"]
    assert staff("--organization", "130", "--limit", "1") == of_130[:1]


def test_a_database_behind_the_newest_revision_takes_the_usual_path(tmp_path: Path) -> None:
    """The light path reads only a database at the newest revision: an older one is
    migrated by the usual path first, as every command does."""
    import sqlite3

    from inspector.store.database_revision import head_revision
    from inspector.store.plain_read import open_plain

    db = tmp_path / "old.db"
    empty_database(db)
    url = f"sqlite:///{db}"
    with open_plain(url, None) as conn:
        assert conn is not None
    with open_plain(url, "a passphrase") as conn:
        assert conn is None
    with sqlite3.connect(db) as edit:
        edit.execute("UPDATE alembic_version SET version_num = '0001'")
    with open_plain(url, None) as conn:
        assert conn is None
    assert head_revision() is not None
    with open_plain(f"sqlite:///{tmp_path / 'missing.db'}", None) as conn:
        assert conn is None
    assert not (tmp_path / "missing.db").exists()


def test_the_cli_names_the_exchange_option() -> None:
    from inspector.cli.rosters import IGNORE_EXTRA_OPTION
    from inspector.exchange import rosters

    assert IGNORE_EXTRA_OPTION == rosters.IGNORE_EXTRA_OPTION


def test_each_extra_subcommand_is_named_as_its_command() -> None:
    from inspector.cli.main import EXTRAS, _load

    for extras in EXTRAS.values():
        for name, target in extras.items():
            assert _load(target).name == name, target


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_group_help_lists_the_extra_subcommands(lang: str) -> None:
    from inspector.cli.main import EXTRAS

    for group, extras in EXTRAS.items():
        result = CliRunner().invoke(cli, ["--lang", lang, group, "--help"])
        assert result.exit_code == 0, result.output
        for name in extras:
            assert f"  {name} " in result.output, (group, name, result.output)


def test_a_signing_command_does_not_load_the_consolidation(demo_db: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from inspector.cli.main import cli\n"
            "cli.main(['report', 'notice', '--help'], standalone_mode=False)\n"
            "print('LOADED', 'inspector.services.consolidation' in sys.modules)\n",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.rstrip().endswith("LOADED False"), done.stdout


def empty_database(path: Path) -> None:
    """An empty, migrated database (`db info` no longer makes one: hunt9 M6)."""
    from inspector.store.database import open_database

    open_database(f"sqlite:///{path}").dispose()
