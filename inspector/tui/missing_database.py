"""`inspector --db typo.db` (a file that does not exist) in the interface: asked before a
new empty database is made, never made silently (fix9h left it to the interface: a mistyped
path showed an empty home, as if every session were gone). The CLI refuses the same for its
read-only commands (`cli/main.py`)."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class MissingDatabase(Exception):
    """The database file `--db` names does not exist, and making it was not agreed."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


class DatabaseMissing(Message):
    """Posted by home's loader: ask whether to make the database."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class MissingDatabaseGuard:
    """`AppContext.on_missing_database` for the interface: raises `MissingDatabase` until the
    user agreed to make the file (`allowed`); `asking` while the question is open, `refused`
    once it was answered no (then home says how to make one, and asks no more)."""

    def __init__(self) -> None:
        self.allowed = False
        self.asking = False
        self.refused = False

    def __call__(self, path: Path) -> None:
        if not self.allowed:
            raise MissingDatabase(path)


__all__ = ["DatabaseMissing", "MissingDatabase", "MissingDatabaseGuard"]
