"""The engine: SQLite tuned for durability and two processes on one file; migrations."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from inspector.i18n import Message
from inspector.redaction import redact, remember_url
from inspector.store.database_revision import MIGRATIONS_DIR, head_revision, known_revisions
from inspector.store.errors import DatabaseError, NewerDatabase
from inspector.store.preflight import ensure_database_folder
from inspector.store.private_files import prepare_database_file

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when a migration is due: opening an up-to-date database reads
# the revision with one query and compares it with the newest migration file's.

BUSY_TIMEOUT_MS = 30_000


def sqlite_database_file(url: str) -> Path | None:
    """The file a SQLite URL names, as the engine opens it: SQLAlchemy's parse (the path
    percent-decoded, parameters after `?` left out). None for another database or one in
    memory. Every command that asks whether the database is a file at hand asks this."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    return Path(database) if database and database != ":memory:" else None


def create_db_engine(
    url: str, *, make_folder: bool = False, passphrase: str | None = None, narrow_modes: bool = True
) -> Engine:
    """An engine; for SQLite: WAL, foreign keys, synchronous=FULL (an answer is on disk when
    its commit returns) and a busy timeout so a second process waits instead of failing.
    `make_folder`: a SQLite file's missing folder may be made, else it is an error.
    `passphrase`: the file is (or, new, becomes) a SQLCipher database; see `encryption`.
    The file is made 0600 and narrowed to 0600 if others could read it (`private_files`),
    once it is known to be a database of ours (never through a link: `narrow_modes`)."""
    remember_url(url)
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    kwargs: dict[str, Any] = {}
    engine: Engine | None = None
    if is_sqlite:
        path = sqlite_database_file(url)
        if path is not None:
            ensure_database_folder(path, create=make_folder)
            prepare_database_file(path, narrow_modes=narrow_modes)
            from inspector.store.encryption import encrypted_engine

            engine = encrypted_engine(
                url, path, passphrase, BUSY_TIMEOUT_MS / 1000, narrow_modes=narrow_modes
            )
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    if engine is None:
        engine = create_engine(url, **kwargs)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # configparser reads % as interpolation: a socket path or password may hold one.
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; a database made by an older version keeps its rows.

    On SQLite, batch migrations copy tables that others reference, so foreign keys are
    switched off for the migration (the pragma is ignored inside a transaction) and every
    reference is checked again before they are switched back on.
    """
    from alembic import command

    config = alembic_config(engine)
    if engine.dialect.name != "sqlite":
        command.upgrade(config, revision)
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            # One transaction for every revision of the upgrade: pysqlite begins none before
            # DDL, so a revision that refuses (0014 with duplicate numbers) would otherwise
            # leave the columns an earlier one added, and the next start could not migrate.
            # IMMEDIATE: a second process starting at the same time waits, then finds it done.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise DatabaseError(
                    Message("more.store.migration_broken", count=len(broken), rows=broken[:3])
                )
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database (None for a new, empty one)."""
    with engine.connect() as connection:
        has_table = (
            connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).first()
            if engine.dialect.name == "sqlite"
            else True
        )
        if not has_table:
            return None
        try:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except Exception:  # no alembic_version table on another backend
            return None
        return str(row[0]) if row else None


def open_database(
    url: str,
    *,
    make_folder: bool = False,
    passphrase: str | None = None,
    narrow_modes: bool = True,
) -> Engine:
    """An engine on a migrated database; raises `DatabaseError` with a plain message
    (`PassphraseNeeded`, `WrongPassphrase` or `NotEncrypted` for the passphrase).
    `make_folder`: a SQLite file's missing folder may be made (the default data folder)."""
    import sqlite3

    from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

    try:
        engine = create_db_engine(
            url, make_folder=make_folder, passphrase=passphrase, narrow_modes=narrow_modes
        )
        revision = current_revision(engine)
        if revision != head_revision():
            refuse_newer(engine, revision, shown_url(url))
            migrate(engine)
    except (OperationalError, DBAPIError, sqlite3.Error, OSError) as exc:
        raise DatabaseError(
            Message("errors.db.cannot_open", path=shown_url(url), detail=plain(exc))
        ) from None
    except (ArgumentError, ValueError, ImportError) as exc:
        raise DatabaseError(url_problem(url, exc)) from None
    return engine


def refuse_newer(engine: Engine, revision: str | None, shown: str) -> None:
    """A database at a revision this build does not know was made by a newer version:
    Alembic would fail with a traceback, and this build must not write to it. Raises
    `NewerDatabase` (the engine disposed; nothing was written)."""
    if revision is None or revision in known_revisions():
        return
    engine.dispose()
    raise NewerDatabase(
        Message("data4.revision.newer", path=shown, revision=revision, head=head_revision())
    )


def url_problem(url: str, exc: BaseException) -> str:
    """What is wrong with a database URL that cannot be used (an unknown driver, a missing
    one, a port that is no number), in words; the password masked."""
    if isinstance(exc, ImportError) and "psycopg" in str(exc):
        return Message(
            "errors.db.cannot_open", path=shown_url(url), detail=Message("more.store.no_driver")
        )
    return Message("more.store.bad_url", url=shown_url(url), detail=plain(exc))


def shown_url(url: str) -> str:
    """`url` as it may be printed: a server database's password is masked (in the user
    part and in a `password=` parameter), even in a URL SQLAlchemy cannot read."""
    remember_url(url)
    try:
        return redact(_readable(make_url(url).render_as_string(hide_password=True)))
    except Exception:  # not a URL SQLAlchemy reads: masked by its syntax alone
        return redact(url)


_NOT_DRAWN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_ESCAPED_NON_ASCII = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def _readable(rendered: str) -> str:
    """SQLAlchemy percent-encodes every non-ASCII character of a URL it renders: a folder
    named 「日本 語」 would be shown as %E6%97%A5... . Those runs are decoded back for the
    person reading it; an ASCII escape (%40, %2F) stays, as it may be what separates parts."""

    def decoded(found: re.Match[str]) -> str:
        try:
            text = bytes.fromhex(found[0].replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return found[0]
        # a control or format character (U+202E, C1 codes) stays escaped: never drawn
        if any(unicodedata.category(c) in _NOT_DRAWN for c in text):
            return found[0]
        return text

    return _ESCAPED_NON_ASCII.sub(decoded, rendered)


def plain(exc: BaseException) -> str:
    """The first line of a driver's message (the password masked, should it quote one)."""
    orig = getattr(exc, "orig", None)
    lines = str(orig or exc).splitlines()
    return redact(lines[0] if lines else type(exc).__name__)
