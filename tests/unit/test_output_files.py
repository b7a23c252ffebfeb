"""The shared rules for files the program writes (`inspector.output_files`)."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.organization_code import organization_code_problem
from inspector.i18n import Translator, render
from inspector.output_files import (
    OutputError,
    OutputExists,
    OutputGuard,
    check_output_target,
    database_file,
    safe_file_name,
    sync_folder,
    write_atomic,
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "live.db"
    sqlite3.connect(path).close()
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    return path


def _guard(db: Path, keys: Path, force: bool = False) -> OutputGuard:
    return OutputGuard(force, f"sqlite:///{db}", keys)


def test_new_file_is_written_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_atomic(target, b"a,b\n")
    assert target.read_bytes() == b"a,b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_existing_file_is_kept_without_force_and_replaced_whole_with_it(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    with pytest.raises(OutputExists, match="already exists; use --force"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    data = os.urandom(3_000_000)
    write_atomic(target, data, guard=OutputGuard(force=True))
    assert target.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_the_database_and_its_companions_are_refused_even_with_force(
    tmp_path: Path, db: Path, suffix: str
) -> None:
    target = db.with_name(db.name + suffix)
    if suffix:
        target.write_bytes(b"x")
    before = target.read_bytes()
    with pytest.raises(OutputError, match="is the database"):
        _guard(db, tmp_path / "keys", force=True).write(target, b"oops")
    assert target.read_bytes() == before


def test_the_database_by_a_relative_path_or_a_hard_link_is_refused(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    guard = _guard(db, tmp_path / "keys", force=True)
    with pytest.raises(OutputError, match="is the database"):
        guard.check(Path("sub/../live.db"))
    os.link(db, tmp_path / "alias.bin")
    with pytest.raises(OutputError, match="is the database"):
        guard.check(Path("alias.bin"))


def test_keys_folder_and_hard_links_to_keys_are_refused(tmp_path: Path, db: Path) -> None:
    keys = tmp_path / "keys"
    (keys / "office").mkdir(parents=True)
    key = keys / "office" / "root.key.pem"
    key.write_bytes(b"key")
    guard = _guard(db, keys, force=True)
    for target in (key, keys / "office" / "new.pdf", keys):
        with pytest.raises(OutputError, match="keys folder"):
            guard.check(target)
    os.link(key, tmp_path / "copy.bin")
    with pytest.raises(OutputError, match="is a key file"):
        guard.check(tmp_path / "copy.bin")
    assert key.read_bytes() == b"key"


def test_what_looks_like_a_database_or_a_private_key_is_never_replaced(tmp_path: Path) -> None:
    other_db = tmp_path / "other.db"
    other_db.write_bytes(b"SQLite format 3\x00rest")
    pem = tmp_path / "k.pem"
    pem.write_bytes(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nabc\n")
    for target, what in ((other_db, "a database"), (pem, "a private key")):
        with pytest.raises(OutputError, match=what):
            check_output_target(target, force=True)


def test_a_symbolic_link_is_refused_and_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep")
    link = tmp_path / "link.csv"
    link.symlink_to(victim)
    for force in (False, True):
        with pytest.raises(OutputError, match="symbolic link"):
            write_atomic(link, b"x", guard=OutputGuard(force=force))
    assert victim.read_bytes() == b"keep" and link.is_symlink()


def test_a_missing_folder_is_refused_not_made(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "out.csv", b"x")
    assert not (tmp_path / "no").exists()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        check_output_target(tmp_path, force=True)


def test_a_full_disk_is_a_message_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    real_open = Path.open

    class FullDisk:
        """A file that takes half the data, then the disk is full."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def full_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, mode, *args, **kwargs)
        return FullDisk(handle) if "w" in mode else handle

    monkeypatch.setattr(Path, "open", full_open)
    with pytest.raises(OutputError, match="Not enough disk space; nothing was written") as raised:
        write_atomic(target, b"new", guard=OutputGuard(force=True))
    assert "ディスクの空き容量が足りません" in render(raised.value, Translator("ja"))
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_failure_inside_the_block_leaves_no_temporary_file(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), OutputGuard().temporary(tmp_path / "x.pdf") as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("build failed")
    assert list(tmp_path.iterdir()) == []


def test_a_file_made_at_the_target_meanwhile_is_not_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    with pytest.raises(OutputExists), OutputGuard().temporary(target) as tmp:
        tmp.write_bytes(b"mine")
        target.write_bytes(b"theirs")
    assert target.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


def test_folder_for_a_batch(tmp_path: Path) -> None:
    guard = OutputGuard(keys_dir=tmp_path / "keys")
    assert guard.check_folder(tmp_path / "out").is_dir()
    with pytest.raises(OutputError, match="does not exist"):
        guard.check_folder(tmp_path / "a" / "b")
    with pytest.raises(OutputError, match="keys folder"):
        guard.check_folder(tmp_path / "keys" / "x")
    with pytest.raises(OutputError, match="keys folder"):
        guard.check_folder(tmp_path / "keys")
    assert guard.check_folder(tmp_path) == tmp_path.resolve()  # files go in, not in keys/


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("plans_x/../../escaped_20250101.pdf", "plans_x_____escaped_20250101.pdf"),
        ("..", "_"),
        (".hidden", "hidden"),
        ("a\x00b\x1b[31m", "a_b_[31m"),
        ("C:\\evil", "C__evil"),
        ("総務課.pdf", "総務課.pdf"),
    ],
)
def test_safe_file_name(text: str, safe: str) -> None:
    assert safe_file_name(text) == safe
    assert "/" not in safe and not safe.startswith(".")


def test_file_in_never_leaves_the_folder(tmp_path: Path) -> None:
    path = OutputGuard().file_in(tmp_path, "notice_../../x/../../etc/passwd.pdf")
    assert path.parent == tmp_path


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////srv/a.db", "/srv/a.db"),
        ("sqlite:///rel.db", "rel.db"),
        ("sqlite+pysqlcipher://:secret@//srv/a.db?cipher=aes", "/srv/a.db"),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("postgresql://u:p@host/db", None),
        ("/plain/path.db", "/plain/path.db"),
    ],
)
def test_database_file(url: str, path: str | None) -> None:
    assert database_file(url) == (Path(path) if path else None)


@pytest.mark.parametrize(
    "code", ["x/../../escaped", "..", ".x", "a\\b", "a\x00", "a\x1b[2J", "a\u202eb", "a\nb"]
)
def test_organization_codes_that_could_name_a_path_are_refused(code: str) -> None:
    assert organization_code_problem(code) is not None


@pytest.mark.parametrize("code", ["110", "総務課", "A-1.2", "ab c"])
def test_ordinary_organization_codes_pass(code: str) -> None:
    assert organization_code_problem(code) is None


def test_modes_and_nothing_else_left(tmp_path: Path) -> None:
    OutputGuard().write(tmp_path / "a.pdf", b"%PDF", mode=0o644)
    write_atomic(tmp_path / "b.bundle", b"x")
    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.bundle").stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.bundle"]


_KILLED_MID_WRITE = """
import os, signal, sys
from pathlib import Path
from inspector.output_files import OutputGuard
target = Path(sys.argv[1])
with OutputGuard(force=True).temporary(target) as tmp:
    with tmp.open("wb") as handle:
        handle.write(b"half of it")
        handle.flush()
        os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_kill_while_writing_leaves_the_old_file_and_no_half_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    done = subprocess.run([sys.executable, "-c", _KILLED_MID_WRITE, str(target)], check=False)
    assert done.returncode == -signal.SIGKILL
    assert target.read_bytes() == b"old"
    left = sorted(p.name for p in tmp_path.iterdir())
    if hasattr(os, "O_TMPFILE"):  # the file being written had no name
        assert left == ["out.csv"]
    else:
        assert all(n == "out.csv" or n.startswith(".out.csv.") for n in left)


def test_sync_folder_tolerates_a_folder_it_cannot_open_or_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one helper both the writes here and `demo`'s swap use: a folder that cannot be
    opened, or fsynced, on some systems is let pass (the rename is already done)."""
    sync_folder(tmp_path)  # an ordinary folder
    sync_folder(tmp_path / "missing")  # cannot be opened: no error
    calls: list[int] = []

    def refuse(fd: int) -> None:
        calls.append(fd)
        raise OSError(errno.EINVAL, "folders cannot be fsynced here")

    monkeypatch.setattr(os, "fsync", refuse)
    sync_folder(tmp_path)
    assert len(calls) == 1


def test_demo_uses_the_shared_folder_sync() -> None:
    from inspector.cli import demo_target

    assert demo_target.sync_folder is sync_folder
    assert not hasattr(demo_target, "_sync_folder")
