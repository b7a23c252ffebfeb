"""Where `inspector demo` builds: only over a demo or an empty database (`--force`), and on
a SQLite file all at once (a temporary file in the same folder, renamed into place), so
that an interrupted demo leaves nothing half built in the database the user named."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, text

from inspector.context import AppContext
from inspector.demo import is_demo_roster
from inspector.i18n import Message
from inspector.output_files import sync_folder
from inspector.redaction import shown_url
from inspector.store.bulk import app_tables, row_counts
from inspector.store.demo_marker import MARK_TABLE, is_unchanged_demo
from inspector.store.errors import DatabaseError
from inspector.store.private_files import COMPANIONS

T = TypeVar("T")


def holds(engine: Engine) -> tuple[dict[str, int], bool]:
    """The rows of each table (the demo's mark not counted), and whether the database is a
    demo nothing was written to since (`demo_marker`: in a SQLite file's header, in a
    server database's `demo_mark`)."""
    with engine.connect() as connection:
        counts = row_counts(connection)
        counts.pop(MARK_TABLE, None)
        return counts, is_unchanged_demo(connection)


def refusal(url: str, counts: dict[str, int]) -> Message:
    """What the database holds, named, and how to remove it by hand if it may go."""
    return Message(
        "fix10h.demo.holds_work" if url.startswith("sqlite:") else "demo_mark.holds_work",
        url=shown_target(url),
        sessions=counts.get("inspection_session", 0),
        answers=counts.get("answer", 0),
        changes=counts.get("answer_change", 0) + counts.get("finding_change", 0),
        people=counts.get("person", 0),
        organizations=counts.get("organization", 0),
        findings=counts.get("finding", 0),
    )


def refuse_unless_replaceable(ctx: AppContext, url: str) -> None:
    """`--force` replaces only a demo or an empty database: anything else is refused with
    what it holds. An encrypted file is opened with its passphrase first (asked, or
    `PassphraseNeeded`): never replaced unread."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists() or (path.is_file() and path.stat().st_size == 0):
            return
    with ctx.engine.connect() as connection:
        _refuse_unless_replaceable(connection, url)


def _refuse_unless_replaceable(connection: Connection, url: str) -> None:
    counts = row_counts(connection)
    counts.pop(MARK_TABLE, None)
    if not any(counts.values()) or is_unchanged_demo(connection):
        return
    roster = connection.execute(text("SELECT code, name FROM organization")).all()
    if is_demo_roster([(str(code), str(name)) for code, name in roster]):
        raise DatabaseError(refusal(url, counts))  # began as a demo: what was added since
    raise DatabaseError(
        Message(
            "fix9h.demo.not_a_demo",
            url=shown_target(url),
            sessions=counts.get("inspection_session", 0),
            people=counts.get("person", 0),
            organizations=counts.get("organization", 0),
        )
    )


def empty_if_replaceable(engine: Engine, url: str) -> None:
    """`--force` on a server: every table locked, checked and emptied in one transaction,
    so that nothing another client writes between the check and the emptying is lost (it
    waits for the lock, then lands in the new demo or is refused with it)."""
    tables = app_tables()
    names = ", ".join(f'"{table.name}"' for table in tables)
    with engine.begin() as connection:
        connection.execute(text(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE"))
        _refuse_unless_replaceable(connection, url)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def shown_target(url: str) -> str:
    """A SQLite database as its file's path; a server's URL with its password masked."""
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else shown_url(url)


def built_aside(path: Path, build: Callable[[Path], T], passphrase: str | None = None) -> T:
    """`build(temporary)` makes the database in a new file beside `path`, which replaces
    `path` (and its companions) only once it is complete; on any failure the temporary
    file goes and `path` is as it was. An existing `path` is held exclusively from before
    the build until it is replaced: another program using it (the interface) is refused
    as `db encrypt` refuses it, and none can open it meanwhile."""
    with held_alone(path, passphrase):
        return _built_aside(path, build)


@contextmanager
def held_alone(path: Path, passphrase: str | None) -> Iterator[None]:
    """Raises `DatabaseError` ("in use") unless this is the only connection to the SQLite
    file `path`; then holds it exclusively (a missing or empty file: nothing to hold)."""
    from inspector.store.encryption import connect, file_state, open_with_forms

    state = file_state(path)
    if state == "new":
        yield
        return
    try:
        if state == "encrypted" and passphrase is not None:
            connection, _form = open_with_forms(path, passphrase, timeout=0)
        else:
            connection = connect(path, None, timeout=0)
    except DatabaseError:
        raise
    except Exception as exc:
        raise DatabaseError(Message("errors.db.cannot_open", path=path, detail=exc)) from None
    try:
        try:
            _lock(connection, path)
        except DatabaseError:
            raise
        except Exception as exc:  # locked or busy: another connection
            if "locked" in str(exc) or "busy" in str(exc):
                raise DatabaseError(Message("more.encrypt.in_use", path=path)) from None
            raise DatabaseError(Message("errors.db.cannot_open", path=path, detail=exc)) from None
        yield
    finally:
        connection.close()


def _lock(connection: Any, path: Path) -> None:
    """Leaving WAL mode needs the only connection (the check `db encrypt` makes); then an
    exclusive lock, kept until the connection closes."""
    mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise DatabaseError(Message("more.encrypt.in_use", path=path))
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")
    connection.execute("COMMIT")  # in exclusive locking mode the lock stays


def _built_aside(path: Path, build: Callable[[Path], T]) -> T:
    temporary = path.with_name(f".{path.name}.demo-{secrets.token_hex(6)}")
    try:
        result = build(temporary)
        for suffix in COMPANIONS:  # the old database's: they must not meet the new file
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        for suffix in COMPANIONS:  # normally none: closing the engine checkpoints the WAL
            built = Path(f"{temporary}{suffix}")
            if built.exists():
                os.replace(built, f"{path}{suffix}")
        os.replace(temporary, path)
    except BaseException:
        for leftover in (temporary, *(Path(f"{temporary}{s}") for s in COMPANIONS)):
            leftover.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)
    return result
