"""`inspector db copy --to URL`: the whole database into another one (an office moving from
SQLite to PostgreSQL, or back), checked table by table.

The target must be empty: a database with no tables is migrated first; one with the
application's tables must be at the source's schema revision and hold no row. The copy is
one transaction on the target: every table (the change logs included) with its ids, the
id sequences set after them (PostgreSQL), then every table's row count and content digest
read back from the target and compared with the source's; a difference rolls everything
back. The source is read in one snapshot, so a program writing to it meanwhile does not
make the copy inconsistent.

Nothing revealed: the copy of an encrypted database into a SQLite file is encrypted
(with the source's passphrase, or a new one given for the copy); a plaintext file is
written only when asked for (`plaintext`). A server database (PostgreSQL) is not
encrypted at rest by this program: the report says so (`protection`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from inspector.i18n import Translator
from inspector.output_files import OutputGuard
from inspector.redaction import remember_url
from inspector.services.errors import Refused
from inspector.store.bulk import app_tables, copy_table, reset_sequences, row_counts, table_digest
from inspector.store.bulk import table_names as present_tables
from inspector.store.database import (
    create_db_engine,
    current_revision,
    migrate,
    plain,
    shown_url,
)
from inspector.store.encryption import file_state, open_with_forms
from inspector.store.errors import DatabaseError


@dataclass(frozen=True)
class TableCheck:
    """One table on both sides: rows and the SHA-256 of its content."""

    name: str
    source_rows: int
    target_rows: int
    source_digest: str
    target_digest: str

    @property
    def same(self) -> bool:
        return (self.source_rows, self.source_digest) == (self.target_rows, self.target_digest)


@dataclass(frozen=True)
class CopyReport:
    target: str
    """The target's URL as it may be shown (password masked)."""
    revision: str | None
    migrated: bool
    """Whether the target had no tables and was migrated first."""
    tables: list[TableCheck]
    protection: str = "plain"
    """How the copy is kept at rest: "encrypted" (a SQLCipher file), "plaintext" (a plain
    file of an encrypted database, asked for), "plain" (a plain file of a plain database)
    or "server" (a server database, not encrypted by this program)."""

    @property
    def rows(self) -> int:
        return sum(table.source_rows for table in self.tables)


def source_rows(engine: Engine) -> int:
    """All rows of the source (the length of the progress bar)."""
    with engine.connect() as connection:
        return sum(row_counts(connection).values())


def copy_database(
    source: Engine,
    target_url: str,
    progress: Callable[[str, int], None] | None = None,
    t: Translator | None = None,
    guard: OutputGuard | None = None,
    *,
    source_passphrase: str | None = None,
    passphrase: str | None = None,
    plaintext: bool = False,
) -> CopyReport:
    """Copy every table of `source` into the empty database at `target_url`. Raises
    `Refused` (a target that is the source, holds data, or is at another revision) or
    `DatabaseError` (it cannot be reached); the target is then as it was, except that a
    target without tables may have been migrated. Messages in the language of `t`. A new
    SQLite file is checked by `guard` as every output is (never in the keys folder, never
    through a link, its folder must exist).

    A SQLite target is encrypted with `passphrase` when given, else, when the source is
    encrypted, with `source_passphrase` (the one it was opened with); `plaintext` asks
    for a plain file whatever the source (refused together with `passphrase`)."""
    t = t or Translator()
    remember_url(target_url)
    shown = shown_url(target_url)
    key, protection = _protection(
        source, target_url, shown, t, source_passphrase, passphrase, plaintext
    )
    with _failures(shown, t):
        if _same_file(source, target_url):
            raise Refused(t("db_copy.same", target=shown))
        _look_at_sqlite_file(target_url, shown, t, guard, key)
        target = _open_target(target_url, shown, t, key)
        try:
            if _same_database(source, target):
                raise Refused(t("db_copy.same", target=shown))
            migrated = _prepare(target, shown, t)
            revision = current_revision(source)
            if current_revision(target) != revision:
                raise Refused(
                    t(
                        "db_copy.revision",
                        target=shown,
                        target_revision=current_revision(target),
                        revision=revision,
                    )
                )
            with _snapshot(source) as reading, target.connect() as writing:
                tables = _copy(reading, writing, shown, progress, t)
        finally:
            target.dispose()
    return CopyReport(shown, revision, migrated, tables, protection)


def source_is_encrypted(source: Engine) -> bool:
    """Whether `source` is an encrypted (SQLCipher) file."""
    if source.url.get_backend_name() != "sqlite" or not source.url.database:
        return False
    return file_state(Path(source.url.database)) == "encrypted"


def _is_sqlite_url(url: str) -> bool:
    try:
        return make_url(url).get_backend_name() == "sqlite"
    except (ValueError, ArgumentError):
        return False  # not a URL: refused when opened, with its own message


def _protection(
    source: Engine,
    target_url: str,
    shown: str,
    t: Translator,
    source_passphrase: str | None,
    passphrase: str | None,
    plaintext: bool,
) -> tuple[str | None, str]:
    """The passphrase of the copy (None: plain) and how it is kept at rest."""
    if plaintext and passphrase is not None:
        raise Refused(t("data4.copy.plaintext_and_passphrase"))
    encrypted_source = source_is_encrypted(source)
    if not _is_sqlite_url(target_url):
        if passphrase is not None:
            raise Refused(t("data4.copy.server_not_encrypted_by_us", target=shown))
        return None, "server"
    if plaintext:
        return None, "plaintext" if encrypted_source else "plain"
    if passphrase is not None:
        return passphrase, "encrypted"
    if encrypted_source:
        if not source_passphrase:  # a caller that opened the source some other way
            raise Refused(t("data4.copy.passphrase_unknown", target=shown))
        return source_passphrase, "encrypted"
    return None, "plain"


def _open_target(url: str, shown: str, t: Translator, passphrase: str | None) -> Engine:
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
            raise Refused(t("db_copy.no_file", target=shown))
        return create_db_engine(url, passphrase=passphrase)
    except ImportError as exc:
        if "psycopg" in str(exc):
            raise Refused(t("db_copy.no_driver", target=shown)) from None
        raise Refused(t("db_copy.bad_url", target=shown, reason=plain(exc))) from None
    except (ValueError, ArgumentError) as exc:  # an unknown driver, a port not a number
        raise Refused(t("db_copy.bad_url", target=shown, reason=plain(exc))) from None


def _same_file(source: Engine, target_url: str) -> bool:
    """A SQLite target that is the source's file (seen before opening it: an encrypted
    source would ask for a passphrase)."""
    if source.url.get_backend_name() != "sqlite" or not target_url.startswith("sqlite:///"):
        return False
    target = Path(target_url.removeprefix("sqlite:///").split("?")[0]).expanduser()
    source_path = Path(source.url.database or "")
    try:
        return target.exists() and source_path.exists() and target.samefile(source_path)
    except OSError:
        return False


@contextmanager
def _failures(shown: str, t: Translator) -> Iterator[None]:
    """A driver's failure (unreachable, refused, a wrong password) as a plain message."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        raise DatabaseError(t("db_copy.unreachable", target=shown, reason=plain(exc))) from None


def _identity(engine: Engine) -> tuple[str, ...]:
    """What tells one database from another: a SQLite file's device and inode; a server's
    start time (to the microsecond) and the database's name."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not path.exists():
            return ("sqlite-new", str(path.resolve()))
        info = os.stat(path)
        return ("sqlite", str(info.st_dev), str(info.st_ino))
    with engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT current_database(), pg_postmaster_start_time()::text"
        ).one()
    return (url.get_backend_name(), str(row[0]), str(row[1]))


def _same_database(source: Engine, target: Engine) -> bool:
    if source.url.get_backend_name() != target.url.get_backend_name():
        return False
    return _identity(source) == _identity(target)


def _prepare(target: Engine, shown: str, t: Translator) -> bool:
    """Migrate a target without tables; refuse one with tables of something else. Returns
    whether it was migrated."""
    with target.connect() as connection:
        present = present_tables(connection)
    if not present:
        migrate(target)
        return True
    _refuse_foreign(present, shown, t)
    return False


def _refuse_foreign(present: set[str], shown: str, t: Translator) -> None:
    """Refuse a target with tables that are not the application's (or no revision)."""
    if not present:
        return
    ours = {table.name for table in app_tables()} | {"alembic_version"}
    foreign = sorted(present - ours)
    if "alembic_version" not in present or foreign:
        listed = ", ".join(foreign[:5] or sorted(present)[:5])
        raise Refused(t("db_copy.foreign_tables", target=shown, tables=listed))


def _refuse_data(counts: dict[str, int], shown: str, t: Translator) -> None:
    holding = {name: rows for name, rows in counts.items() if rows}
    if holding:
        listed = ", ".join(f"{name}: {rows}" for name, rows in sorted(holding.items())[:5])
        raise Refused(t("db_copy.has_data", target=shown, tables=listed))


def _look_at_sqlite_file(
    url: str, shown: str, t: Translator, guard: OutputGuard | None, passphrase: str | None
) -> None:
    """An existing SQLite target is read (read-only) before it is opened as a database:
    opening switches a file to WAL mode, which must not happen to a file that is refused
    (another program's database, one with data, or no database at all). An encrypted copy
    goes only into a new or encrypted file (a plain one is refused; an encrypted one
    without a passphrase is "not a database" to `sqlite3`)."""
    import sqlite3
    from urllib.parse import quote

    if not url.startswith("sqlite:///"):
        return
    path = Path(url.removeprefix("sqlite:///").split("?")[0]).expanduser()
    if not path.exists() or path.is_symlink():
        if guard is not None:
            guard.check(path)  # a new file: the rules of every output
        return
    if not path.is_file():
        raise Refused(t("db_copy.no_file", target=shown))
    state = file_state(path)
    if state == "plain" and passphrase is not None:
        raise Refused(t("data4.copy.target_plain", target=shown))
    try:
        if state == "encrypted" and passphrase is not None:
            connection = open_with_forms(path, passphrase)[0]
        else:
            connection = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            present = {
                str(row[0])
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            }
            _refuse_foreign(present, shown, t)
            ours = present & {table.name for table in app_tables()}
            counts = {
                name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
                for name in ours
            }
        finally:
            connection.close()
    except (sqlite3.DatabaseError, sqlcipher_error()) as exc:
        raise DatabaseError(t("db_copy.unreachable", target=shown, reason=str(exc))) from None
    _refuse_data(counts, shown, t)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that reads the whole source as of one moment."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # the driver starts no transaction for reads: one explicit read transaction
            # is one snapshot of the WAL database
            connection.exec_driver_sql("BEGIN")
        else:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        try:
            yield connection
        finally:
            connection.rollback()


def _copy(
    reading: Connection,
    writing: Connection,
    shown: str,
    progress: Callable[[str, int], None] | None,
    t: Translator,
) -> list[TableCheck]:
    tables = app_tables()
    if writing.dialect.name == "sqlite":
        writing.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock from the first check on
    else:
        writing.begin()
        names = ", ".join(f'"{table.name}"' for table in tables)
        writing.exec_driver_sql(f"LOCK TABLE {names} IN EXCLUSIVE MODE")
    try:
        _refuse_data(row_counts(writing), shown, t)
        copied: dict[str, tuple[int, str]] = {}
        for table in tables:
            report = None if progress is None else _reporter(progress, table.name)
            copied[table.name] = copy_table(reading, writing, table, report)
        reset_sequences(writing)
        checks = []
        for table in tables:
            rows, digest = table_digest(writing, table)
            source_count, source_digest = copied[table.name]
            checks.append(TableCheck(table.name, source_count, rows, source_digest, digest))
        different = [check.name for check in checks if not check.same]
        if different:
            raise DatabaseError(t("db_copy.differs", target=shown, tables=", ".join(different)))
        writing.commit()
    except BaseException:
        writing.rollback()
        raise
    return checks


def _reporter(progress: Callable[[str, int], None], name: str) -> Callable[[int], None]:
    def report(rows: int) -> None:
        progress(name, rows)

    return report


def sqlcipher_error() -> type[Exception]:
    import sqlcipher3

    return sqlcipher3.DatabaseError  # type: ignore[no-any-return]


__all__ = ["CopyReport", "TableCheck", "copy_database", "source_is_encrypted", "source_rows"]
