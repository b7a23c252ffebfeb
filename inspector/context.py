"""What the CLI and the TUI share: settings, the checklist catalogue, the repository.

Nothing is opened at import time; the engine is created on first use, once.
"""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import Engine

from inspector.config import Settings
from inspector.domain.catalog import ChecklistCatalog
from inspector.i18n import Translator
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repositories.site import SiteRepository
from inspector.store.repository import Repository


class AppContext:
    """Lazily opened services for one run of the program."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def t(self) -> Translator:
        return Translator(self.settings.lang)

    @cached_property
    def catalog(self) -> ChecklistCatalog:
        """Raises `ChecklistLoadError` listing every problem of every checklist file."""
        return ChecklistCatalog.from_folders(self.settings.all_checklist_dirs)

    @cached_property
    def engine(self) -> Engine:
        """Raises `DatabaseError` when the database cannot be opened or migrated."""
        return open_database(self.settings.database_url)

    @cached_property
    def repo(self) -> Repository:
        return Repository(self.engine)

    @cached_property
    def findings(self) -> FindingRepository:
        return FindingRepository(self.engine)

    @cached_property
    def site(self) -> SiteRepository:
        """Server room layouts, card ledgers, the backup register."""
        return SiteRepository(self.engine)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
