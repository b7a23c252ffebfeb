"""One place that turns exceptions from the store into sentences for the user."""

from __future__ import annotations

import sqlite3
import sys

from inspector.domain.errors import UnknownChecklist
from inspector.i18n import Translator, render
from inspector.redaction import redact
from inspector.services.errors import Refused
from inspector.store.errors import (
    AlreadyExists,
    ChangedMeanwhile,
    DatabaseError,
    NotFound,
    SessionReadOnly,
    describe_db_failure,
    integrity_failure,
)


def describe_error(exc: BaseException, t: Translator) -> str:
    """A translated message for `exc`; an unknown exception's own text goes to the error log
    (a database password that a driver's text may quote is masked)."""
    return redact(_describe(exc, t))


def _describe(exc: BaseException, t: Translator) -> str:
    if isinstance(exc, Refused):
        return str(exc)  # a use case's refusal, already worded in the run's language
    if isinstance(exc, SessionReadOnly):
        return t("tui.error.read_only")
    if isinstance(exc, DatabaseError):
        return t("tui.error.database", message=_database_reason(exc, t))
    if isinstance(exc, UnknownChecklist):
        return t("tui.error.checklist_missing", id=exc.args[0])
    if isinstance(exc, ChangedMeanwhile):
        return t("trust3.changed_meanwhile")
    if isinstance(exc, AlreadyExists):
        return t("tui.error.already_exists", name=exc.name)
    if isinstance(exc, NotFound):
        return t("tui.error.not_found", message=render(exc, t))
    if integrity_failure(exc) is not None:
        return t("tui.error.database", message=t("tui.error.conflict"))
    if _driver_failure(exc):
        # a read the store did not wrap (hunt9 H2: the runner's reload with the server down)
        return _describe(DatabaseError(describe_db_failure(exc)), t)
    return unexpected_error(exc, t)


def _driver_failure(exc: BaseException) -> bool:
    """A database driver's own error that no repository turned into a `DatabaseError`: a
    lost server connection, a locked or unreadable file. SQLAlchemy is not imported for
    this: when it is not loaded, no such error can have been raised."""
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_exc is not None and isinstance(
        exc, (sqlalchemy_exc.OperationalError, sqlalchemy_exc.InterfaceError)
    ):
        return True
    return isinstance(exc, sqlite3.OperationalError)


def unexpected_error(exc: BaseException, t: Translator) -> str:
    """An error nobody foresaw: the class and message (English, the program's words) go to
    the error log, the user reads a sentence in the interface language naming the log."""
    from inspector.tui.error_log import log_exception

    log = log_exception(exc)
    if log is None:
        return t("tui7a.unexpected_unlogged")
    return t("tui7a.unexpected", log=str(log))


def _database_reason(exc: DatabaseError, t: Translator) -> str:
    lowered = str(exc).lower()  # the English text: the driver's words are matched
    if "locked" in lowered:
        return t("tui.error.locked")
    if "server cannot be reached" in lowered:
        return t("postgres.error.unreachable")
    if "read-only" in lowered or "readonly" in lowered:
        return t("tui.error.readonly_file")
    if "disk" in lowered:
        return t("tui.error.disk_full")
    return render(exc, t)
