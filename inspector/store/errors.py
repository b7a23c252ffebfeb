"""The store's exceptions, in a module that imports nothing heavy, so that the CLI's and
the interface's error handling can name them without loading SQLAlchemy at start-up."""

from __future__ import annotations

import sqlite3
import sys

from inspector.i18n import Message


class DatabaseError(Exception):
    """A database that cannot be opened or written, said in words a user can act on."""


class NotFound(LookupError):
    """A row asked for by id or code does not exist."""


class SessionReadOnly(Exception):
    """The session is completed; reopen it (a logged action) before changing answers."""


class ChangedMeanwhile(Exception):
    """Another writer changed the row between what the caller read and its write (a
    finding withdrawn or restored by someone else at the same moment): nothing was
    written. `current` is the row as it is now, as the caller's domain object."""

    def __init__(self, message: str, current: object) -> None:
        super().__init__(message)
        self.current = current


class AlreadyExists(ValueError):
    """A name that must be unique (a backup box or safe in one organization's register)
    is already taken: bundles tell storages apart by it. `name` is the name."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name


def describe_db_failure(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "locked" in text or "busy" in text or "lock timeout" in text:
        return Message("more.store.failure.locked")
    if _unreachable(text):
        return Message("more.store.failure.unreachable")
    if "readonly" in text or "read-only" in text:
        return Message("more.store.failure.read_only")
    if "disk" in text and ("full" in text or "i/o" in text):
        return Message("more.store.failure.disk")
    return Message(
        "more.store.failure.other", detail=str(getattr(exc, "orig", None) or exc).splitlines()[0]
    )


def _unreachable(text: str) -> bool:
    """A server database's connection failed or was lost (libpq's words)."""
    return (
        "connection refused" in text
        or "could not connect" in text
        or "server closed the connection" in text
        or "connection is lost" in text
        or "connection timeout expired" in text
        or ("connection to server" in text and "failed" in text)
    )


def integrity_failure(exc: BaseException) -> str | None:
    """A plain sentence for a rule of the database that refused a write (SQLAlchemy's
    `IntegrityError`: a unique key, a reference, a required value), None for any other
    exception. SQLAlchemy is not imported for this: when it is not loaded, no such error
    can have been raised."""
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    plain = isinstance(exc, sqlite3.IntegrityError)  # a notice recorded with plain sqlite3
    if not plain and (sqlalchemy_exc is None or not isinstance(exc, sqlalchemy_exc.IntegrityError)):
        return None
    # The driver's own first line names the rule; SQLAlchemy's text adds the SQL and values.
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    lowered = detail.lower()
    if "unique" in lowered or "duplicate" in lowered:
        what = Message("more.store.integrity.unique")
    elif "foreign key" in lowered:
        what = Message("more.store.integrity.reference")
    elif "not null" in lowered:
        what = Message("more.store.integrity.required")
    else:
        what = Message("more.store.integrity.rule")
    return Message("more.store.integrity.refused", what=what, detail=detail)


class PassphraseNeeded(DatabaseError):
    """The database file is encrypted and no passphrase was given. `path` is the file."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


class WrongPassphrase(PassphraseNeeded):
    """The passphrase given does not open the encrypted database."""


class NewerDatabase(DatabaseError):
    """The database was made by a newer version (a schema revision this build does not know)."""


class NotEncrypted(DatabaseError):
    """A passphrase was given for a database that is not encrypted."""

    def __init__(self, path: object) -> None:
        super().__init__(Message("errors.db.not_encrypted", path=path))
