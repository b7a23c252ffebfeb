"""Import the organizations roster (`inspector orgs import`): code, name, parent, tags."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inspector.context import AppContext
from inspector.exchange.rosters import import_organizations
from inspector.store.repository import UpsertCounts


def import_orgs(
    context: AppContext, file: Path, *, ignore_extra: bool, warn: Callable[[str], None]
) -> UpsertCounts:
    """Add and update the organizations of FILE; `warn` hears of the columns left out with
    `ignore_extra`."""
    return import_organizations(context.repo, file, ignore_extra=ignore_extra, warn=warn)


__all__ = ["import_orgs"]
