"""Holes a review of issues 10 and 11 found in the rules for files the program writes:
`db encrypt -o` outside the rules, encrypted databases replaced with --force, folders made
0777 under umask 000, a folder given as output that is a link."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inspector.cli.main import cli
from inspector.exchange.bundle import envelope
from inspector.output_files import OutputError, OutputGuard, check_output_target

SECRET = "review db passphrase"
KEY_PASS = "review key passphrase"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--lang", "en", *args], env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("review-office")
    db, keys = base / "demo.db", base / "keys"
    env = {"INSPECTOR_KEYS_DIR": str(keys), "INSPECTOR_KEY_PASSPHRASE": KEY_PASS}
    env["INSPECTOR_NEW_KEY_PASSPHRASE"] = KEY_PASS  # keys issue
    assert run("--db", str(db), "demo").exit_code == 0
    assert run("--db", str(db), "keys", "init-office", env=env).exit_code == 0
    issued = run("--db", str(db), "keys", "issue", "監査 太郎", "--organization", "130", env=env)
    assert issued.exit_code == 0, issued.stderr
    return {"db": db, "keys": keys}


@pytest.fixture
def world(office: dict[str, Path], tmp_path: Path) -> Iterator[dict[str, Path]]:
    import shutil

    db, keys = tmp_path / "inspector.db", tmp_path / "keys"
    shutil.copyfile(office["db"], db)
    shutil.copytree(office["keys"], keys)
    keys.chmod(0o700)
    yield {"tmp": tmp_path, "db": db, "keys": keys}


def _env(world: dict[str, Path]) -> dict[str, str]:
    return {
        "INSPECTOR_KEYS_DIR": str(world["keys"]),
        "INSPECTOR_DB_PASSPHRASE": SECRET,
        "INSPECTOR_KEY_PASSPHRASE": KEY_PASS,
    }


def _encrypt(world: dict[str, Path], *args: str) -> Result:
    return run("--db", str(world["db"]), "db", "encrypt", *args, env=_env(world))


def _encrypted_db(path: Path) -> None:
    from inspector.store.database import open_database

    open_database(f"sqlite:///{path}", passphrase=SECRET).dispose()


# -- 1. db encrypt -o goes through the output rules ----------------------------------------


def test_encrypt_output_never_over_a_key_or_into_the_keys_folder(world: dict[str, Path]) -> None:
    root = world["keys"] / "office" / "root.pem"
    before = root.read_bytes()
    result = _encrypt(world, "-o", str(root), "--force")
    assert result.exit_code == 1 and "keys folder" in result.stderr
    assert root.read_bytes() == before
    fresh = world["keys"] / "copy.db"
    result = _encrypt(world, "-o", str(fresh))
    assert result.exit_code == 1 and "keys folder" in result.stderr
    assert not fresh.exists()
    assert not [p for p in world["keys"].rglob("*") if p.name.startswith(".")]


def test_encrypt_output_never_over_another_database(world: dict[str, Path]) -> None:
    other = world["tmp"] / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE kept (x)").connection.commit()
    before = other.read_bytes()
    result = _encrypt(world, "-o", str(other), "--force")
    assert result.exit_code == 1 and "is a database" in result.stderr
    assert other.read_bytes() == before


def test_encrypt_output_over_the_database_wal_is_refused(world: dict[str, Path]) -> None:
    wal = Path(f"{world['db']}-wal")
    result = _encrypt(world, "-o", str(wal))
    assert result.exit_code == 1 and "is the database" in result.stderr
    assert not wal.exists()


def test_encrypt_output_through_a_link_is_refused(world: dict[str, Path]) -> None:
    victim = world["tmp"] / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    link = world["tmp"] / "link.enc"
    link.symlink_to(victim)
    result = _encrypt(world, "-o", str(link), "--force")
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "keep"


def test_encrypt_output_does_not_delete_another_files_wal(world: dict[str, Path]) -> None:
    target = world["tmp"] / "copy.enc"
    wal = Path(f"{target}-wal")
    wal.write_bytes(b"another program's log")
    result = _encrypt(world, "-o", str(target))
    assert result.exit_code == 1 and f"{wal}" in result.stderr
    assert wal.read_bytes() == b"another program's log" and not target.exists()


def test_encrypt_output_still_works_and_replaces_with_force(world: dict[str, Path]) -> None:
    target = world["tmp"] / "copy.enc"
    target.write_text("an old note", encoding="utf-8")
    again = _encrypt(world, "-o", str(target))
    assert again.exit_code == 1 and "already exists" in again.stderr
    forced = _encrypt(world, "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    info = run("--db", str(target), "db", "info", env=_env(world))
    assert "encrypted: yes" in info.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # now an encrypted database: never replaced, not even by another encrypted copy
    twice = _encrypt(world, "-o", str(target), "--force")
    assert twice.exit_code == 1 and "encrypted database" in twice.stderr
    fresh = world["tmp"] / "fresh.db"
    assert _encrypt(world, "-o", str(fresh)).exit_code == 0
    assert sorted(p.name for p in world["tmp"].iterdir() if p.name.startswith(".")) == []


# -- 2. an encrypted database is never replaced ---------------------------------------------


def test_an_encrypted_database_is_not_replaced_by_an_export(world: dict[str, Path]) -> None:
    enc = world["tmp"] / "e.bin"  # no telling name: found by its content
    _encrypted_db(enc)
    before = enc.read_bytes()
    result = run("--db", str(world["db"]), "export-csv", "-o", str(enc), "--force")
    assert result.exit_code == 1 and "encrypted database" in result.stderr
    assert enc.read_bytes() == before


@pytest.mark.parametrize("name", ["x.db", "x.sqlite", "x.sqlite3", "x.db-wal", "x.sqlite-shm"])
def test_files_named_as_databases_are_never_replaced(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_bytes(b"not telling by content")
    with pytest.raises(OutputError, match="database"):
        check_output_target(target, force=True)
    assert target.read_bytes() == b"not telling by content"


def test_our_own_outputs_are_still_replaced_with_force(world: dict[str, Path]) -> None:
    env = {"INSPECTOR_KEYS_DIR": str(world["keys"]), "INSPECTOR_KEY_PASSPHRASE": KEY_PASS}
    db = str(world["db"])
    outputs = {
        "bundle": ["bundle", "export", "--organization", "120", "-o"],
        "xlsx": ["consolidate", "--checklist", "juki-department", "--xlsx"],
        "csv": ["export-csv", "-o"],
        "pdf": ["report", "summary", "--checklist", "juki-department", "-o"],
    }
    for name, args in outputs.items():
        target = world["tmp"] / f"out.{name}"
        first = run("--db", db, *args, str(target), env=env)
        assert first.exit_code == 0, (name, first.stderr)
        again = run("--db", db, *args, str(target), "--force", env=env)
        assert again.exit_code == 0, (name, again.stderr)
    assert (world["tmp"] / "out.bundle").read_bytes().startswith(envelope.MAGIC)


def test_random_bytes_in_whole_pages_look_encrypted_but_short_or_odd_files_do_not(
    tmp_path: Path,
) -> None:
    paged = tmp_path / "paged.bin"
    paged.write_bytes(os.urandom(4096))
    with pytest.raises(OutputError, match="encrypted database"):
        check_output_target(paged, force=True)
    for name, data in (("odd.bin", os.urandom(4000)), ("text.bin", b"a,b\n" * 1024)):
        (tmp_path / name).write_bytes(data)
        check_output_target(tmp_path / name, force=True)


def test_the_bundle_magic_known_to_the_guard_is_the_bundles() -> None:
    from inspector import output_files

    assert envelope.MAGIC.startswith(output_files._BUNDLE_MAGIC)


# -- 3. folders made for outputs are 0700 --------------------------------------------------


def test_a_folder_made_for_outputs_is_private_under_umask_000(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        made = OutputGuard().check_folder(tmp_path / "newdir")
    finally:
        os.umask(old)
    assert stat.S_IMODE(made.stat().st_mode) == 0o700


def test_report_notice_all_makes_a_private_folder(world: dict[str, Path]) -> None:
    out = world["tmp"] / "newdir"
    old = os.umask(0)
    try:
        result = run(
            "--db", str(world["db"]), "report", "notice", "--all", "--unsigned", "-o", str(out)
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


# -- 4. a folder given as output is not a link ---------------------------------------------


def test_file_in_a_linked_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="symbolic link"):
        OutputGuard().file_in(link, "x.pdf")


def test_report_plans_into_a_linked_folder_is_refused(world: dict[str, Path]) -> None:
    real = world["tmp"] / "elsewhere"
    real.mkdir()
    link = world["tmp"] / "link"
    link.symlink_to(real)
    result = run(
        "--db",
        str(world["db"]),
        "report",
        "plans",
        "--organization",
        "120",
        "--unsigned",
        "-o",
        str(link),
    )
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert list(real.iterdir()) == []
