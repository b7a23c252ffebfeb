"""Where a database file may be made: its folder must exist, unless the caller says it
may be made (the settings say so for the default database in the user data folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.config import default_data_dir, load_settings
from inspector.store.database import open_database
from inspector.store.errors import DatabaseError
from inspector.store.preflight import check_database_target, ensure_database_folder

pytestmark = pytest.mark.sqlite_only("the folder of a SQLite file")


def test_a_missing_folder_is_not_made(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "sub" / "x.db"
    with pytest.raises(DatabaseError, match=r"folder does not exist: .*typo/sub"):
        open_database(f"sqlite:///{target}")
    with pytest.raises(DatabaseError, match="folder does not exist"):
        check_database_target(f"sqlite:///{target}")
    assert not (tmp_path / "typo").exists()


def test_the_default_folder_is_made(tmp_path: Path) -> None:
    settings = load_settings()
    target = default_data_dir() / "inspector.db"
    assert settings.database_url == f"sqlite:///{target.resolve()}"
    assert settings.may_make_database_folder
    assert not load_settings(db=str(tmp_path / "x.db")).may_make_database_folder
    assert not target.parent.exists()
    check_database_target(settings.database_url, make_folder=True)
    engine = open_database(settings.database_url, make_folder=True)
    engine.dispose()
    assert target.is_file()


def test_create_makes_any_folder(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "demo.db"
    ensure_database_folder(target, create=True)
    assert target.parent.is_dir() and not target.exists()
