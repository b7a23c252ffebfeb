"""Site tools: server room layouts, card ledgers with their events and usage logs, the
backup storage register and its transport log.

Each lives in its own module (`layouts`, `cards`, `backup`); `SiteRepository` is all three
on one engine, and this module keeps the names its callers import from here.
"""

from __future__ import annotations

from inspector.store.repositories.backup import AlreadyReceived, BackupRepository
from inspector.store.repositories.cards import (
    CardRepository,
    DuplicateCard,
    Ledger,
    NewCard,
    NewUsage,
)
from inspector.store.repositories.layouts import LayoutRepository, SavedLayout, SeenLayout


class SiteRepository(LayoutRepository, CardRepository, BackupRepository):
    """Reads and writes layouts, card ledgers and the backup register."""


__all__ = [
    "AlreadyReceived",
    "DuplicateCard",
    "Ledger",
    "NewCard",
    "NewUsage",
    "SavedLayout",
    "SeenLayout",
    "SiteRepository",
]
