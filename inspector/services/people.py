"""Import the staff roster (`inspector people import`): staff number, name, organization,
staff type, status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inspector.context import AppContext
from inspector.exchange.rosters import import_people as import_people_file
from inspector.store.repository import UpsertCounts


def import_people(
    context: AppContext,
    file: Path,
    *,
    create_missing: bool,
    ignore_extra: bool,
    warn: Callable[[str], None],
) -> UpsertCounts:
    """Add and update the people of FILE; with `create_missing`, organizations it names that
    do not exist are added."""
    return import_people_file(
        context.repo, file, create_missing=create_missing, ignore_extra=ignore_extra, warn=warn
    )


__all__ = ["import_people"]
