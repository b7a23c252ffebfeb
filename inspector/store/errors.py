"""The store's exceptions, in a module that imports nothing heavy, so that the CLI's and
the interface's error handling can name them without loading SQLAlchemy at start-up."""

from __future__ import annotations


class DatabaseError(Exception):
    """A database that cannot be opened or written, said in words a user can act on."""


class NotFound(LookupError):
    """A row asked for by id or code does not exist."""


class SessionReadOnly(Exception):
    """The session is completed; reopen it (a logged action) before changing answers."""


class AlreadyExists(ValueError):
    """A name that must be unique (a backup box or safe in one organization's register)
    is already taken: bundles tell storages apart by it. `name` is the name."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name
