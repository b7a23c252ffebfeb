"""Where `inspector demo` builds: only over a demo or an empty database (`--force`), and on
a SQLite file all at once (a temporary file in the same folder, renamed into place), so
that an interrupted demo leaves nothing half built in the database the user named."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, text

from inspector.context import AppContext
from inspector.demo import is_demo_roster
from inspector.i18n import Message
from inspector.redaction import shown_url
from inspector.store.bulk import row_counts
from inspector.store.errors import DatabaseError
from inspector.store.private_files import COMPANIONS

T = TypeVar("T")


def holds(engine: Engine) -> tuple[dict[str, int], bool]:
    """The rows of each table, and whether the organizations are the demo's."""
    with engine.connect() as connection:
        counts = row_counts(connection)
        roster = connection.execute(text("SELECT code, name FROM organization")).all()
    return counts, is_demo_roster([(str(code), str(name)) for code, name in roster])


def refuse_unless_replaceable(ctx: AppContext, url: str) -> None:
    """`--force` replaces only a demo or an empty database: anything else is refused with
    what it holds. An encrypted file is opened with its passphrase first (asked, or
    `PassphraseNeeded`): never replaced unread."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists() or (path.is_file() and path.stat().st_size == 0):
            return
    counts, demo = holds(ctx.engine)
    if demo or not any(counts.values()):
        return
    raise DatabaseError(
        Message(
            "fix9h.demo.not_a_demo",
            url=shown_target(url),
            sessions=counts.get("inspection_session", 0),
            people=counts.get("person", 0),
            organizations=counts.get("organization", 0),
        )
    )


def shown_target(url: str) -> str:
    """A SQLite database as its file's path; a server's URL with its password masked."""
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else shown_url(url)


def built_aside(path: Path, build: Callable[[Path], T]) -> T:
    """`build(temporary)` makes the database in a new file beside `path`, which replaces
    `path` (and its companions) only once it is complete; on any failure the temporary
    file goes and `path` is as it was."""
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
    _sync_folder(path.parent)
    return result


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
