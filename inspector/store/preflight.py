"""A quick look at the database target before the interface starts, without importing
SQLAlchemy: the common mistakes (a folder that does not exist, a file that is not a SQLite
database, a file that cannot be read) become a message on the command line instead of an
error inside the interface."""

from __future__ import annotations

import os
from pathlib import Path

from inspector.i18n import Message, os_error
from inspector.store.errors import DatabaseError, NotEncrypted

_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_database_target(
    url: str, *, make_folder: bool = False, passphrase_given: bool = False
) -> None:
    """Raises `DatabaseError` when a SQLite target cannot be a database; other URLs pass.
    `make_folder`: the file's folder may be made (see `ensure_database_folder`).
    An encrypted (SQLCipher) file passes: the interface asks for its passphrase; a plain
    one with a passphrase given is refused here, before the interface starts."""
    if not url.startswith("sqlite:///"):
        return
    path = Path(url.removeprefix("sqlite:///"))
    if path.exists():
        if path.is_dir():
            raise DatabaseError(
                Message("errors.db.cannot_open", path=path, detail=Message("more.store.is_folder"))
            )
        try:
            with path.open("rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise DatabaseError(
                Message("errors.db.cannot_open", path=path, detail=os_error(exc))
            ) from exc
        if head and head != _SQLITE_MAGIC and not _whole_pages(path):
            raise DatabaseError(
                Message("errors.db.cannot_open", path=path, detail=Message("more.store.not_sqlite"))
            )
        if head == _SQLITE_MAGIC and passphrase_given:
            raise NotEncrypted(path)
        if head == _SQLITE_MAGIC:  # another program's database: refused before the screen
            from inspector.store.foreign import refuse_foreign_file

            refuse_foreign_file(path)
        return
    ensure_database_folder(path, create=make_folder)
    if not os.access(path.parent, os.W_OK):
        raise DatabaseError(
            Message(
                "more.store.cannot_create", path=path, detail=Message("more.store.not_writable")
            )
        )


def _whole_pages(path: Path) -> bool:
    """A SQLCipher file is whole pages of 512 bytes or more; a text file given by mistake
    rarely is (the same test as `encryption.looks_encrypted`, which imports nothing here)."""
    return path.stat().st_size % 512 == 0


def ensure_database_folder(path: Path, *, create: bool = False) -> None:
    """Raises `DatabaseError` when the folder of the database file `path` does not exist,
    unless `create`: the caller says whether the folder may be made (the default data
    folder on first use; `inspector demo`, which builds a new database). A mistyped --db
    path must not leave a stray empty database in a new folder somewhere."""
    folder = path.expanduser().parent
    if folder.is_dir():
        return
    if not create:
        raise DatabaseError(
            Message(
                "errors.db.cannot_open",
                path=path,
                detail=Message("more.store.no_folder", folder=folder),
            )
        )
    from inspector.store.private_files import make_private_folder

    try:
        make_private_folder(folder)  # 0700: the database's folder is one person's
    except OSError as exc:
        raise DatabaseError(
            Message("more.store.cannot_create", path=path, detail=os_error(exc))
        ) from exc
