"""Encryption at rest: a laptop's database as a SQLCipher 4 file (through `sqlcipher3`).

An encrypted database is reached through SQLAlchemy's pysqlite dialect with `sqlcipher3`
as its DB-API module and a `creator` that sets the key before anything is read. SQLAlchemy's
own `sqlite+pysqlcipher` dialect carries the passphrase in the URL (which Alembic's
config and every "cannot open {url}" message would then hold, and a '%' in it breaks
Alembic's config parser) and uses one connection per thread (a key derivation each time a
worker thread first touches the database); the creator keeps the passphrase in memory
only and the usual pool reuses keyed connections.

Whether a file is encrypted is read from its first 16 bytes: a plain SQLite file starts
with "SQLite format 3\\0", a SQLCipher file with a random salt.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from inspector.i18n import Message, message_of
from inspector.secret_text import forms, new_passphrase
from inspector.store.errors import DatabaseError, NotEncrypted, PassphraseNeeded, WrongPassphrase

if TYPE_CHECKING:
    from sqlalchemy import Engine

SQLITE_MAGIC = b"SQLite format 3\x00"
FileState = Literal["new", "plain", "encrypted"]


def file_state(path: Path) -> FileState:
    """ "new" for a missing or empty file, else whether it is a plain SQLite file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return "new"
    if not head:
        return "new"
    return "plain" if head == SQLITE_MAGIC else "encrypted"


def check_passphrase_text(passphrase: str) -> None:
    if not passphrase:
        raise ValueError(Message("more.encrypt.passphrase_empty"))
    if "\x00" in passphrase:
        raise ValueError(Message("more.encrypt.passphrase_nul"))


def _quoted(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def connect(path: Path, passphrase: str | None, *, timeout: float = 30.0) -> Any:
    """A `sqlcipher3` connection to `path`, keyed with `passphrase` (None: a plain file)."""
    import sqlcipher3

    connection = sqlcipher3.connect(str(path), timeout=timeout, check_same_thread=False)
    try:
        # SQLCipher writes "hmac check failed" lines to stderr on a wrong key: they would
        # break the interface's screen and add nothing to our own message.
        connection.execute("PRAGMA cipher_log_level = NONE")
        if passphrase is not None:
            connection.execute(f"PRAGMA key = {_quoted(passphrase)}")
    except BaseException:
        connection.close()
        raise
    return connection


def open_checked(path: Path, passphrase: str, *, timeout: float = 30.0) -> Any:
    """A keyed connection that has read the schema; raises `WrongPassphrase`."""
    import sqlcipher3

    try:
        connection = connect(path, passphrase, timeout=timeout)
    except sqlcipher3.Error as exc:
        raise DatabaseError(Message("errors.db.cannot_open", path=path, detail=exc)) from None
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.Error as exc:
        connection.close()
        if "not a database" in str(exc):
            raise WrongPassphrase(
                Message("errors.db.wrong_passphrase", path=path), str(path)
            ) from None
        raise DatabaseError(Message("errors.db.cannot_open", path=path, detail=exc)) from None
    return connection


def encrypted_engine(
    url: str, path: Path, passphrase: str | None, timeout: float, *, narrow_modes: bool = True
) -> Engine | None:
    """The engine for the SQLite file `path` when it is (or, new, is to be) encrypted;
    None for a plain database opened without a passphrase. Raises `PassphraseNeeded`,
    `WrongPassphrase` or `NotEncrypted` with a message that says which."""
    state = file_state(path)
    if passphrase is None:
        if state == "encrypted":
            raise PassphraseNeeded(Message("errors.db.passphrase_needed", path=path), str(path))
        return None
    if state == "plain":
        raise NotEncrypted(path)
    try:
        check_passphrase_text(passphrase)
    except ValueError as exc:
        raise DatabaseError(message_of(exc)) from None
    if state == "encrypted":
        connection, passphrase = open_with_forms(path, passphrase, timeout=timeout)
        _refuse_foreign(connection, path, narrow_modes)
        checked = [connection]
    else:
        passphrase, checked = new_passphrase(passphrase), []
    return _engine(url, _creator(path, passphrase, timeout, checked))


def _refuse_foreign(connection: Any, path: Path, narrow_modes: bool) -> None:
    """Another program's encrypted database is refused once its passphrase opened it, and
    only then narrowed to 0600 (`private_files.narrow_database_files`)."""
    from inspector.store.foreign import refuse_foreign_tables, table_names
    from inspector.store.private_files import narrow_database_files

    try:
        refuse_foreign_tables(table_names(connection), path)
    except BaseException:
        connection.close()
        raise
    if narrow_modes:
        narrow_database_files(path)


def open_with_forms(path: Path, passphrase: str, *, timeout: float = 30.0) -> tuple[Any, str]:
    """A keyed connection that has read the schema, opened with the NFC form of
    `passphrase` or else the text as given (a database made before new passphrases were
    composed); with the form that opened it. Raises `WrongPassphrase` when neither does."""
    wrong: WrongPassphrase | None = None
    for form in forms(passphrase):
        try:
            return open_checked(path, form, timeout=timeout), form
        except WrongPassphrase as exc:
            wrong = exc
    assert wrong is not None  # forms() gives at least one
    if passphrase != passphrase.strip():  # kept as typed: say so, never show it
        raise WrongPassphrase(Message("fix9h.passphrase.wrong_spaces", path=path), str(path))
    raise wrong


def _creator(path: Path, passphrase: str, timeout: float, checked: list[Any]) -> Callable[[], Any]:
    """Connections for the pool; the first is the one that checked the passphrase (each
    new connection derives the key again, a quarter of a second on purpose)."""

    def create() -> Any:
        if checked:
            return checked.pop()
        return connect(path, passphrase, timeout=timeout)

    return create


def _engine(url: str, creator: Callable[[], Any]) -> Engine:
    import sqlcipher3
    from sqlalchemy import create_engine

    # The dialect's DB-API is sqlcipher3's, so that its errors become SQLAlchemy's
    # OperationalError, IntegrityError ... as the plain driver's do.
    return create_engine(url, module=sqlcipher3.dbapi2, creator=creator)


def is_encrypted(url: str) -> bool:
    """Whether the SQLite file of `url` is encrypted (False for other databases)."""
    if not url.startswith("sqlite:///"):
        return False
    return file_state(Path(url.removeprefix("sqlite:///"))) == "encrypted"


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
