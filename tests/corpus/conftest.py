"""A demo database and an office's keys, made once per test run and copied per case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli

PASSPHRASE = "corpus passphrase"


def _run(args: list[str], env: dict[str, str] | None = None) -> None:
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output, result.stderr)


@pytest.fixture(scope="session")
def corpus_sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("corpus-sources")
    demo = base / "demo.db"
    empty = base / "empty.db"
    keys = base / "keys"
    env = {"INSPECTOR_KEYS_DIR": str(keys), "INSPECTOR_KEY_PASSPHRASE": PASSPHRASE}
    env["INSPECTOR_NEW_KEY_PASSPHRASE"] = PASSPHRASE  # keys issue
    _run(["--db", str(demo), "demo"])
    from inspector.store.database import open_database

    open_database(f"sqlite:///{empty}").dispose()  # an empty, migrated database
    _run(["--db", str(demo), "keys", "init-office"], env)
    _run(["--db", str(demo), "keys", "issue", "監査 太郎", "--organization", "130"], env)
    return {"demo": demo, "empty": empty, "keys": keys}


@pytest.fixture
def corpus_folder(tmp_path: Path) -> Path:
    return tmp_path


def copy_sources(sources: dict[str, Path], tmp: Path, demo: bool, keys: bool) -> dict[str, str]:
    db = tmp / "inspector.db"
    shutil.copyfile(sources["demo" if demo else "empty"], db)
    places = {"tmp": str(tmp), "db": str(db), "keys": str(tmp / "keys")}
    if keys:
        shutil.copytree(sources["keys"], tmp / "keys")
        (tmp / "keys").chmod(0o700)
        passfile = tmp / "passphrase.txt"
        passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
        places["pass"] = str(passfile)
    return places


def run_inspector(places: dict[str, str], *args: str) -> None:
    """A command a case's `setup` runs first (it must succeed), on the case's database and
    keys folder, with the keys' passphrase."""
    _run(
        ["--db", places["db"], *args],
        {
            "INSPECTOR_KEYS_DIR": places["keys"],
            "INSPECTOR_KEY_PASSPHRASE": PASSPHRASE,
            "INSPECTOR_NEW_KEY_PASSPHRASE": PASSPHRASE,  # keys issue
        },
    )
