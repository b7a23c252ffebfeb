"""The newest schema revision, read from the migration files without importing Alembic or
SQLAlchemy (opening an up-to-date database compares it with the stored one)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)


@cache
def known_revisions() -> frozenset[str]:
    """Every revision of this build's migration files (a database at another one was made
    by a newer version: Alembic cannot migrate it, and this build must not write to it)."""
    found: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        match = _REVISION.search(path.read_text(encoding="utf-8"))
        if match:
            found.add(match.group(1))
    return frozenset(found)


@cache
def head_revision() -> str | None:
    """The newest revision of the migration files (the one no other revises), read from the
    files themselves (once a run); a test checks it against Alembic's own answer."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found:
            revisions.add(found.group(1))
        down = _DOWN.search(source)
        if down:
            revised.add(down.group(1))
    heads = sorted(revisions - revised)
    return heads[-1] if heads else None


__all__ = ["MIGRATIONS_DIR", "head_revision", "known_revisions"]
