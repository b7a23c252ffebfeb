"""A database file a refused command made (a mistyped --db with an import that failed) is
removed again when nothing was written to it: bad input leaves no new file behind."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from inspector.store.bulk import row_counts
from inspector.store.private_files import companions


def discard_if_empty(engine: Engine, path: Path) -> bool:
    """Removes `path` and its companions when no application table holds a row; the engine
    is disposed first. Whether it was removed (a file that holds rows stays)."""
    try:
        with engine.connect() as connection:
            empty = not any(row_counts(connection).values())
    except Exception:  # unreadable now: kept (never remove what may hold data)
        return False
    finally:
        engine.dispose()
    if not empty:
        return False
    for each in (*companions(path), path):
        each.unlink(missing_ok=True)
    return True
