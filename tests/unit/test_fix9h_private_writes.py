"""The first-start settings are written without widening who may read them (hunt9 H3), and
the folders the program makes at start are its owner's only (L3)."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from inspector.config import save_settings
from inspector.store.preflight import ensure_database_folder

URL = 'db = "postgresql+psycopg://insp:S3cr3tPW@127.0.0.1:55439/insp"\n'


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture(autouse=True)
def _open_umask() -> object:
    old = os.umask(0o022)
    yield None
    os.umask(old)


def test_a_private_config_with_a_password_stays_private(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(URL, encoding="utf-8")
    config.chmod(0o600)
    save_settings({"inspector_name": "監査 太郎"}, config)
    assert _mode(config) == 0o600
    saved = tomllib.loads(config.read_text(encoding="utf-8"))
    assert "S3cr3tPW" in saved["db"] and saved["inspector_name"] == "監査 太郎"


def test_a_new_config_and_its_folder_are_the_owners(tmp_path: Path) -> None:
    config = tmp_path / "made" / "inspector" / "config.toml"
    save_settings({"inspector_name": "監査 太郎"}, config)
    assert _mode(config) == 0o600
    assert _mode(config.parent) == 0o700 and _mode(config.parent.parent) == 0o700


def test_a_world_readable_config_is_not_left_world_readable(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(URL, encoding="utf-8")
    config.chmod(0o644)
    save_settings({"inspector_name": "監査 太郎"}, config)
    assert _mode(config) & 0o007 == 0


def test_a_symlinked_config_keeps_its_link_and_its_target_is_written(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "inspector.toml"
    real.parent.mkdir()
    real.write_text(URL, encoding="utf-8")
    real.chmod(0o600)
    config = tmp_path / "config.toml"
    config.symlink_to(real)
    save_settings({"inspector_name": "監査 太郎"}, config)
    assert config.is_symlink() and config.resolve() == real
    assert "監査 太郎" in real.read_text(encoding="utf-8") and _mode(real) == 0o600


def test_the_temporary_file_has_a_name_of_its_own(tmp_path: Path) -> None:
    """A file planted at the old fixed temporary name (a link to another file) is not
    written through, and nothing is left beside the config."""
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched", encoding="utf-8")
    config = tmp_path / "config.toml"
    (tmp_path / ".config.toml.tmp").symlink_to(victim)
    save_settings({"inspector_name": "監査 太郎"}, config)
    assert victim.read_text(encoding="utf-8") == "untouched"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".config.toml.tmp",
        "config.toml",
        "victim.txt",
    ]


def test_a_new_database_folder_and_its_parents_are_0700(tmp_path: Path) -> None:
    database = tmp_path / "share" / "inspector" / "inspector.db"
    ensure_database_folder(database, create=True)
    assert _mode(database.parent) == 0o700 and _mode(database.parent.parent) == 0o700


def test_the_error_log_folder_and_its_parents_are_0700(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspector.tui.error_log import log_error

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = log_error("something")
    assert path is not None and path.is_file()
    assert _mode(path.parent) == 0o700 and _mode(path.parent.parent) == 0o700


def test_folders_an_older_version_made_0755_are_narrowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default data folder when the database is opened, the log folders when the log
    is written: 0755 from an older version becomes 0700."""
    from click.testing import CliRunner

    from inspector.cli.main import cli
    from inspector.config import default_data_dir
    from inspector.tui.error_log import log_error

    data = default_data_dir()
    data.mkdir(parents=True, mode=0o755)
    data.chmod(0o755)
    assert CliRunner().invoke(cli, ["orgs", "list"]).exit_code == 0
    assert _mode(data) == 0o700
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    log = tmp_path / "state" / "inspector" / "log"
    log.mkdir(parents=True)
    for folder in (log, log.parent):
        folder.chmod(0o755)
    assert log_error("something") is not None
    assert _mode(log) == 0o700 and _mode(log.parent) == 0o700
    assert _mode(tmp_path / "state") == 0o755  # not the program's own


def test_a_folder_given_for_a_database_is_not_narrowed(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from inspector.cli.main import cli

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    assert CliRunner().invoke(cli, ["demo", "--db", str(shared / "d.db")]).exit_code == 0
    assert _mode(shared) == 0o755
