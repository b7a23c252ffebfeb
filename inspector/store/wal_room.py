"""Room in the write-ahead log before the first answer: its blocks written once, ahead.

With `synchronous=FULL` every commit ends in an `fdatasync` of the WAL file. While that
file grows (it is deleted when the last connection closes, so every start of the program
grows it again over its first ~1000 pages, the first ~200 answers) each commit extends it,
and the `fdatasync` of a longer file also waits for the filesystem's journal to commit the
new size and blocks: on ext4 about twice the waits (sleeps) of a commit that overwrites
blocks the file has (3-5 against 2), each a wait for a CPU beside busy programs. Once the
log has been checkpointed and restarted, SQLite writes it again from the start over the
same blocks (`journal_size_limit` is -1: the file is never truncated while open).

`make_room` gives the log those blocks at once, through SQLite itself: a transaction that
writes `pages` pages with a page cache too small to hold them (SQLite spills them into
the WAL as uncommitted frames) and is rolled back. Nothing is committed: the frames carry
no commit mark, SQLite's recovery ignores them, and the next transaction writes its frames
over them from the last committed one on. The file is then made durable (`fsync`) by this
caller, off the answer path, so that no answer's `fdatasync` writes these blocks back or
waits for the journal to record them. Only when the write lock is free at once (the
caller never waits for another writer) and the log is shorter than `pages`.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

ROOM_PAGES = 1100
"""Pages of log made room for: SQLite's automatic checkpoint at 1000 pages and the
transaction that passes it; after that checkpoint the log is written from its start."""

SPILL_CACHE_PAGES = 16
"""The page cache while the room is made: small, so that the pages spill into the log."""


def make_room(engine: Engine, pages: int = ROOM_PAGES) -> bool:
    """Make the WAL file of `engine`'s SQLite database at least `pages` pages long, with
    blocks written and synced, committing nothing. False (nothing done) for a database that
    is not a SQLite file in WAL mode, a log already that long, or a write lock taken."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return False
    with engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        files = conn.exec_driver_sql("PRAGMA database_list").all()
        main = next((row[2] for row in files if row[1] == "main"), "")
        if str(mode).lower() != "wal" or not main:
            return False
        log = Path(f"{main}-wal")
        page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 4096)
        if _frames(log, page_size) >= pages:
            return False
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        conn.exec_driver_sql("PRAGMA busy_timeout=0")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except DBAPIError:  # another writer has the lock: no room made, nothing waited for
            conn.rollback()
            return False
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={int(timeout or 0)}")
        try:
            conn.exec_driver_sql(f"PRAGMA cache_size={SPILL_CACHE_PAGES}")
            blob = pages + 2 * SPILL_CACHE_PAGES  # the last few stay in the cache, unspilled
            conn.exec_driver_sql("CREATE TABLE _wal_room (b BLOB)")
            conn.exec_driver_sql("INSERT INTO _wal_room VALUES (zeroblob(?))", (blob * page_size,))
        finally:
            conn.exec_driver_sql("ROLLBACK")
            conn.rollback()
            conn.exec_driver_sql(f"PRAGMA cache_size={int(cache or -2000)}")
    _sync(log)
    return True


def _frames(path: Path, page_size: int) -> int:
    """How many frames the log file holds (a 32-byte header, then a 24-byte header and a
    page per frame), committed or not."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return 0
    return max(0, size - 32) // (page_size + 24)


def _sync(path: Path) -> None:
    """The log's new blocks on disk. SQLite locks the database and `-shm` files, never the
    `-wal` file, so opening and closing it here releases none of its locks."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:  # the last connection closed meanwhile: the log is gone
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["ROOM_PAGES", "make_room"]
