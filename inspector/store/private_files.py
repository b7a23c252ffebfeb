"""The database file, its WAL, shared-memory index and rollback journal are readable by
their owner only (0600): they hold staff names, findings and where keys are kept.

SQLite makes a new database file 0644 whatever the umask, and gives its -wal, -shm and
-journal the main file's mode. So the main file is made here, 0600, before SQLite opens
it, and the others follow. An existing database of ours that others can read is narrowed
to 0600 when it is opened (a laptop database is one person's; a shared office file is a
server database, not a SQLite file with group bits).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_MODE = 0o600
COMPANIONS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database file."""


def companions(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in COMPANIONS]


def prepare_database_file(path: Path, *, narrow_modes: bool = True) -> None:
    """Make `path` an empty 0600 file if it does not exist (an empty file is an empty
    database). An existing file is first checked (`refuse_other_files`: not a SQLite file,
    or another program's SQLite database), and only a plain database of ours is narrowed
    to 0600 here; an encrypted-looking file is narrowed once its passphrase opened it
    (`narrow_database_files`). `narrow_modes` False: nothing is narrowed (a link given as
    the database: its target's mode is not ours to change)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    except FileExistsError:
        refuse_other_files(path)  # before any mode is changed: the file may not be ours
        if not _is_plain_sqlite(path):
            return
    else:
        try:
            os.fchmod(fd, PRIVATE_MODE)  # the umask may have taken bits away (never added)
        finally:
            os.close(fd)
    if narrow_modes:
        narrow_database_files(path)


def narrow_database_files(path: Path) -> None:
    """The database file and its companions narrowed to 0600 (see `narrow`)."""
    for each in (path, *companions(path)):
        narrow(each)


def _is_plain_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return not head or head == SQLITE_MAGIC


SQLITE_MAGIC = b"SQLite format 3\x00"
CIPHER_PAGE = 512
"""A SQLCipher file is whole pages of at least 512 bytes, from a random salt on."""


def refuse_other_files(path: Path) -> None:
    """Raises `DatabaseError` when the existing file `path` is neither empty, nor a SQLite
    file, nor whole pages that may be an encrypted one (a text file, a document given to
    --db by mistake): it is not a database, and is left as it was. A file that cannot be
    read is left to SQLite's own message."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return
    if head == SQLITE_MAGIC:
        from inspector.store.foreign import refuse_foreign_file

        refuse_foreign_file(path)
        return
    if not head or (size >= CIPHER_PAGE and size % CIPHER_PAGE == 0):
        return
    from inspector.i18n import Message
    from inspector.store.errors import DatabaseError

    raise DatabaseError(
        Message("errors.db.cannot_open", path=path, detail=Message("more.store.not_sqlite"))
    )


def narrow(path: Path) -> None:
    """Take group and other permissions away from a file we own; others' files, missing
    files and symbolic links are left alone (a link is not followed: its target may be any
    file of the user's, `/etc/passwd` for root)."""
    try:
        info = path.lstat()
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
        return
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        os.chmod(path, mode & 0o700)


def file_mode(path: Path) -> str | None:
    """The permission bits as `0600`, or None when there is no such file."""
    try:
        return f"{stat.S_IMODE(path.stat().st_mode):04o}"
    except OSError:
        return None


FOLDER_MODE = 0o700


def make_private_folder(folder: Path) -> None:
    """Make `folder` and the parents it lacks, each 0700 (`Path.mkdir(parents=True)` makes
    the parents with the umask's mode: the data folder of a laptop's database, its log
    folder, 0755). Existing folders are left as they are. Raises `OSError`."""
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        try:
            each.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue
        os.chmod(each, FOLDER_MODE)  # the umask may have taken bits away (never added)
    if not folder.is_dir():
        raise NotADirectoryError(str(folder))


def narrow_folder(folder: Path) -> None:
    """Take group and other permissions away from a folder of the program's own (the
    default data folder, the log folder) that an older version made 0755; a folder of
    someone else's, a link or a missing folder is left alone."""
    try:
        info = folder.lstat()
    except OSError:
        return
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        try:
            os.chmod(folder, mode & 0o700)
        except OSError:
            return
