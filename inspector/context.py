"""What the CLI and the TUI share: settings, the checklist catalogue, the repository.

Nothing is opened at import time; the engine is created on first use, once. The store
(SQLAlchemy, SQLModel: about half a second of imports) is imported on first use too, so
the interface can draw its first screen while a worker opens the database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.config import Settings, db_passphrase, default_cache_dir
from inspector.domain.business_days import use_holiday_cache
from inspector.i18n import Translator

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from inspector.domain.catalog import ChecklistCatalog
    from inspector.domain.checklist import Checklist
    from inspector.output_files import OutputGuard
    from inspector.store.errors import PassphraseNeeded
    from inspector.store.repositories.findings import FindingRepository
    from inspector.store.repositories.hearing import HearingRepository
    from inspector.store.repositories.site import SiteRepository
    from inspector.store.repository import Repository

_UNREAD: Any = object()


class AppContext:
    """Lazily opened services for one run of the program."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._db_passphrase: str | None = _UNREAD
        self.ask_db_passphrase: Callable[[PassphraseNeeded], str] | None = None
        """Asked when the database is encrypted and no passphrase was given (the CLI's
        hidden prompt); None: `engine` raises `PassphraseNeeded` (the interface asks)."""
        self.on_missing_database: Callable[[Path], None] | None = None
        """Called before a database file named by `db` that does not exist is made (the
        CLI: a read-only command refuses, a command that creates says so); None: made."""
        self.made_database: Path | None = None
        """The database file this run made (`discard_new_database` after a refusal)."""
        # a deadline (a notice's reply date) reads the year's holidays from a file instead
        # of importing every country's calendars (about 0.1 s)
        use_holiday_cache(default_cache_dir() / "holidays.json")

    def derived(self, settings: Settings) -> AppContext:
        """A context on other settings that knows the same passphrase and prompt."""
        other = AppContext(settings)
        other._db_passphrase = self._db_passphrase
        other.ask_db_passphrase = self.ask_db_passphrase
        return other

    @property
    def db_passphrase(self) -> str | None:
        """The database passphrase given so far (a file, the environment, a prompt)."""
        if self._db_passphrase is _UNREAD:
            self._db_passphrase = db_passphrase(self.settings)
        return self._db_passphrase

    def set_db_passphrase(self, passphrase: str) -> None:
        """Use `passphrase` when the database is opened (a new one is made encrypted)."""
        self._db_passphrase = passphrase

    def unlock(self, passphrase: str) -> None:
        """Open the database with `passphrase` (from the interface's prompt); raises
        `WrongPassphrase` and leaves the context as it was when it does not open it."""
        previous = self._db_passphrase
        self._db_passphrase = passphrase
        try:
            self.engine  # noqa: B018
        except Exception:
            self._db_passphrase = previous
            raise

    @cached_property
    def t(self) -> Translator:
        return Translator(self.settings.lang)

    @cached_property
    def catalog(self) -> ChecklistCatalog:
        """Raises `ChecklistLoadError` listing every problem of every checklist file."""
        # Imported here: the checklist models cost ~0.1 s of pydantic at import time,
        # which the first screen does not need.
        from inspector.config import default_cache_dir
        from inspector.domain.catalog import ChecklistCatalog

        return ChecklistCatalog.from_folders(
            self.settings.all_checklist_dirs, cache=default_cache_dir() / "checklists.json"
        )

    @cached_property
    def engine(self) -> Engine:
        """Raises `DatabaseError` when the database cannot be opened or migrated."""
        from inspector.store.database import open_database
        from inspector.store.errors import PassphraseNeeded

        url, make_folder = self.settings.database_url, self.settings.may_make_database_folder
        if self.settings.db is None:  # the program's own data folder: its owner's only
            from inspector.config import default_data_dir
            from inspector.store.private_files import narrow_folder

            narrow_folder(default_data_dir())
        if self.on_missing_database is not None and self.settings.db is not None:
            from inspector.store.database import sqlite_database_file

            path = sqlite_database_file(url)
            # a missing folder is the store's own message (the folder is never made)
            if path is not None and path.parent.is_dir() and not os.path.lexists(path):
                self.on_missing_database(path)
                self.made_database = path
        # a link named by --db: its target's mode is not ours to change (fix10h L2)
        narrow_modes = self.narrows_database_files
        try:
            return open_database(
                url,
                make_folder=make_folder,
                passphrase=self.db_passphrase,
                narrow_modes=narrow_modes,
            )
        except PassphraseNeeded as exc:
            if self.ask_db_passphrase is None or self._db_passphrase is not None:
                raise
            self._db_passphrase = self.ask_db_passphrase(exc)
        return open_database(
            url, make_folder=make_folder, passphrase=self._db_passphrase, narrow_modes=narrow_modes
        )

    @property
    def narrows_database_files(self) -> bool:
        """False when --db names a symbolic link: its target's mode is not ours to change."""
        db = self.settings.db
        if db is None or "://" in db:
            return True
        return not os.path.islink(Path(db).expanduser())

    @cached_property
    def repo(self) -> Repository:
        from inspector.store.repository import Repository

        repo = Repository(self.engine)
        repo.checklists = self.checklist_or_none
        return repo

    def checklist_or_none(self, checklist_id: str) -> Checklist | None:
        """The checklist in force of an id; None when unknown or the files do not load
        (the session counters are then left to be counted when listed)."""
        from inspector.domain.errors import ChecklistLoadError

        try:
            catalog = self.catalog
        except ChecklistLoadError:
            return None
        return catalog.get(checklist_id) if checklist_id in catalog else None

    @cached_property
    def findings(self) -> FindingRepository:
        from inspector.store.repositories.findings import FindingRepository

        return FindingRepository(self.engine)

    @cached_property
    def site(self) -> SiteRepository:
        """Server room layouts, card ledgers, the backup register."""
        from inspector.store.repositories.site import SiteRepository

        return SiteRepository(self.engine)

    @cached_property
    def hearing(self) -> HearingRepository:
        """The follow-up classification of ID/password hearing cases."""
        from inspector.store.repositories.hearing import HearingRepository

        return HearingRepository(self.engine)

    def output_guard(self, *, force: bool = False) -> OutputGuard:
        """The rules for the files this run writes: never over this database or its keys."""
        from inspector.output_files import OutputGuard

        settings = self.settings
        return OutputGuard(force, settings.database_url, settings.resolved_keys_dir)

    def close(self) -> None:
        if "repo" in self.__dict__:
            self.repo.close_held_connections()
        if "engine" in self.__dict__:
            self.engine.dispose()

    def discard_new_database(self) -> None:
        """After a refused command: the database file this run made is removed again when
        nothing was written to it (a mistyped --db leaves no new, empty database)."""
        path = self.made_database
        if path is None or "engine" not in self.__dict__:
            return
        from inspector.store.new_database import discard_if_empty

        self.made_database = None
        discard_if_empty(self.engine, path)
