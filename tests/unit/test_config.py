"""Settings: config file, then INSPECTOR_* variables, then flags; bad input named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inspector.config import SettingsError, load_settings


@pytest.fixture
def config_file() -> Path:
    return Path(os.environ["INSPECTOR_CONFIG"])


def test_defaults_without_a_config_file() -> None:
    settings = load_settings()
    assert settings.lang == "ja"
    assert settings.keymap == {} and settings.checklist_dirs == []


def test_file_then_environment_then_flags(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(
        'lang = "en"\nsigner = "監査 太郎"\norganization = "130"\n'
        'checklist_dirs = ["/srv/a"]\n[keymap]\n"runner.next_unanswered" = "G"\n',
        encoding="utf-8",
    )
    settings = load_settings()
    assert settings.lang == "en" and settings.signer == "監査 太郎"
    assert settings.checklist_dirs == [Path("/srv/a")]
    assert settings.keymap == {"runner.next_unanswered": "G"}

    monkeypatch.setenv("INSPECTOR_SIGNER", "検査 花子")
    monkeypatch.setenv("INSPECTOR_CHECKLIST_DIRS", '["/srv/b", "/srv/c"]')
    settings = load_settings()
    assert settings.signer == "検査 花子"
    assert settings.checklist_dirs == [Path("/srv/b"), Path("/srv/c")]

    settings = load_settings(lang="ja", signer=None)  # None means "flag not given"
    assert settings.lang == "ja" and settings.signer == "検査 花子"


def test_a_bad_value_names_its_source(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text('lang = "fr"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=rf"{config_file}: lang: "):
        load_settings()
    monkeypatch.setenv("INSPECTOR_LANG", "de")
    with pytest.raises(SettingsError, match=r"INSPECTOR_LANG: lang: "):
        load_settings()


def test_broken_toml_and_bad_json_are_reported(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text('lang = "en\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings()
    config_file.write_text("", encoding="utf-8")
    monkeypatch.setenv("INSPECTOR_KEYMAP", "{runner: G}")
    with pytest.raises(SettingsError, match="INSPECTOR_KEYMAP: expected JSON"):
        load_settings()


def test_a_config_path_that_is_a_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTOR_CONFIG", str(tmp_path))
    with pytest.raises(SettingsError, match="is a folder"):
        load_settings()
