"""`inspector db encrypt`: a plain database becomes a SQLCipher one, with nothing lost.

The encrypted copy is written beside its target (SQLCipher's `sqlcipher_export`), checked
(opened with the passphrase, integrity check, the same tables with the same row counts),
made durable, and only then moved over the plain file in one rename. While this runs the
plain file is locked against every other program; its WAL is checkpointed first (so no
plain -wal or -shm file stays behind), and after the rename the old file's bytes are
overwritten with zeros so that they do not stay readable in the folder's free space (as far
as the file system lets a program do that: copy-on-write file systems and SSDs may keep old
blocks, which is why a laptop starts encrypted: `inspector demo --encrypt`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from inspector.i18n import Message, message_of, os_error
from inspector.output_files import OutputGuard
from inspector.secret_text import new_passphrase
from inspector.store.encryption import (
    check_passphrase_text,
    connect,
    file_state,
    fsync_folder,
    open_checked,
)
from inspector.store.errors import DatabaseError
from inspector.store.private_files import companions, narrow

LOCK_TIMEOUT = 2.0
"""Seconds to wait for another program to let go of the database before giving up."""


class AlreadyEncrypted(DatabaseError):
    """`db encrypt` of a database that is already encrypted."""


@dataclass(frozen=True)
class Encrypted:
    target: Path
    rows: dict[str, int]
    """Rows per table, the same in the plain source and the encrypted result."""


def encrypt_database(
    source: Path,
    passphrase: str,
    *,
    output: Path | None = None,
    force: bool = False,
    guard: OutputGuard | None = None,
) -> Encrypted:
    """Encrypt the plain database `source` in place, or write an encrypted copy to
    `output` under the output rules of `guard` (default: this database protected, an
    existing file replaced only with `force`). Raises `DatabaseError` (`OutputError` for
    a refused `output`); on any failure the source is as it was and no copy is left."""
    import sqlcipher3

    try:
        check_passphrase_text(passphrase)
    except ValueError as exc:
        raise DatabaseError(message_of(exc)) from None
    passphrase = new_passphrase(passphrase)  # a new key: NFC, as `encryption` opens it first
    state = file_state(source)
    if state == "new":
        raise DatabaseError(Message("more.encrypt.no_database", path=source))
    if state == "encrypted":
        raise AlreadyEncrypted(Message("more.encrypt.already", path=source))
    if guard is None:
        guard = OutputGuard(force, f"sqlite:///{source.absolute()}")
    target = _target(source, output, guard)
    in_place = target == source
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)  # mkstemp made it 0600
    scratch = Path(name)
    plain: Any = None
    try:
        plain = connect(source, None, timeout=LOCK_TIMEOUT)
        if in_place:
            _lock(plain, source)
            _remove_stale_copies(source, keep=scratch)
        rows = _export(plain, scratch, passphrase)
        _check(scratch, passphrase, rows)
        _fsync(scratch)
        if in_place:
            _swap(plain, scratch, source)
            plain = None
        else:
            _put(scratch, target, guard, output)
    except sqlcipher3.Error as exc:
        raise DatabaseError(_in_use(source, exc)) from None
    except OSError as exc:
        raise DatabaseError(
            Message(
                "more.encrypt.cannot",
                path=source,
                detail=Message("os_errors.at", path=exc.filename, detail=os_error(exc)),
            )
        ) from None
    finally:
        if plain is not None:
            _unlock(plain, in_place)
        for leftover in (scratch, *companions(scratch)):
            leftover.unlink(missing_ok=True)
    return Encrypted(target, rows)


def _target(source: Path, output: Path | None, guard: OutputGuard) -> Path:
    """`source` itself, or `output` checked like every other file the program writes."""
    if output is None:
        return source
    shown = output.expanduser()
    if shown.exists() and shown.resolve() == source.resolve():
        raise DatabaseError(Message("more.encrypt.output_is_database", path=output))
    target = guard.check(shown)
    _no_companions(target, output)
    return target


def _no_companions(target: Path, shown: Path) -> None:
    """A -wal, -shm or -journal beside the target belongs to whatever was there (perhaps
    open in another program): SQLite would read it with our file, and deleting it could
    lose that program's data. So the target must not have any."""
    for stale in companions(target):
        if os.path.lexists(stale):
            raise DatabaseError(Message("more.encrypt.stale_companion", stale=stale, path=shown))


def _put(scratch: Path, target: Path, guard: OutputGuard, shown: Path | None) -> None:
    """The checked copy at `target`: checked again (a file, link or companion made
    meanwhile); replaced only with `force`, else linked so that nothing is clobbered."""
    target = guard.check(shown or target)
    _no_companions(target, shown or target)
    if guard.force:
        os.replace(scratch, target)
    else:
        try:
            os.link(scratch, target)
        except FileExistsError:
            raise DatabaseError(Message("more.output.exists", path=shown)) from None
    fsync_folder(target.parent)


def _lock(plain: Any, source: Path) -> None:
    """Leave WAL mode (which needs the only connection, so another program still using the
    database is found here) and hold an exclusive lock until the swap."""
    mode = plain.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise DatabaseError(Message("more.encrypt.in_use", path=source))
    plain.execute("PRAGMA locking_mode=EXCLUSIVE")
    plain.execute("BEGIN EXCLUSIVE")
    plain.execute("COMMIT")  # in exclusive locking mode the lock stays


def _remove_stale_copies(source: Path, *, keep: Path) -> None:
    """Copies left by an earlier `db encrypt` of this database that was killed before it
    could clean up (`.NAME.XXXX.tmp` and its journal: encrypted, but clutter that grows).
    Only while the exclusive lock is held: no other `db encrypt` of it can be running."""
    for stale in source.parent.glob(f".{glob_escape(source.name)}.*.tmp"):
        if stale == keep or not stale.is_file() or stale.is_symlink():
            continue
        for each in (stale, *companions(stale)):
            with contextlib.suppress(OSError):
                each.unlink(missing_ok=True)


def _unlock(plain: Any, in_place: bool) -> None:
    """After a failure: the source back in WAL mode as the application keeps it."""
    with contextlib.suppress(Exception):
        if in_place:
            plain.execute("PRAGMA locking_mode=NORMAL")
            plain.execute("PRAGMA journal_mode=WAL")
    plain.close()


def _tables(connection: Any, schema: str = "main") -> dict[str, str]:
    found = connection.execute(
        f"SELECT name, sql FROM {schema}.sqlite_master WHERE type='table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return {str(name): str(sql) for name, sql in found}


def _count(connection: Any, table: str) -> int:
    quoted = '"' + table.replace('"', '""') + '"'
    return int(connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])


def _export(plain: Any, scratch: Path, passphrase: str) -> dict[str, int]:
    check = plain.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise DatabaseError(Message("more.encrypt.damaged", check=check))
    rows = {table: _count(plain, table) for table in _tables(plain)}
    version = int(plain.execute("PRAGMA user_version").fetchone()[0])
    plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(scratch), passphrase))
    try:
        plain.execute("SELECT sqlcipher_export('encrypted')").fetchall()
        plain.execute(f"PRAGMA encrypted.user_version = {version}")
    finally:
        plain.execute("DETACH DATABASE encrypted")
    return rows


def _check(scratch: Path, passphrase: str, rows: dict[str, int]) -> None:
    copy = open_checked(scratch, passphrase)
    try:
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        copied = {table: _count(copy, table) for table in _tables(copy)}
    finally:
        copy.close()
    if result != "ok" or copied != rows:
        raise DatabaseError(
            Message("more.encrypt.differs", result=result, copied=copied, rows=rows)
        )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap(plain: Any, scratch: Path, source: Path) -> None:
    """Rename the encrypted copy over the source (still locked), then zero the old bytes
    through a handle opened before the rename."""
    old = os.open(source, os.O_RDWR)
    try:
        os.replace(scratch, source)
        fsync_folder(source.parent)
        narrow(source)
        plain.close()
        size = os.fstat(old).st_size
        os.lseek(old, 0, os.SEEK_SET)
        block = b"\x00" * 65536
        written = 0
        while written < size:
            written += os.write(old, block[: min(len(block), size - written)])
        os.fsync(old)
    finally:
        os.close(old)
    for stale in companions(source):  # none after leaving WAL mode; a crash's leftovers
        stale.unlink(missing_ok=True)


def _in_use(source: Path, exc: Exception) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return Message("more.encrypt.in_use", path=source)
    return Message("more.encrypt.cannot", path=source, detail=text)
