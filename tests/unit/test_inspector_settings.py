"""The settings a document prints (inspector_name, municipality, office, title): checked
like every setting, saved by the interface without losing the rest of the file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from inspector.config import Settings, SettingsError, load_settings, save_settings


def test_printed_settings_are_stripped_and_empty_means_unset() -> None:
    settings = Settings().updated(inspector_name="  監査 太郎 ", title="  ")
    assert settings.inspector_name == "監査 太郎" and settings.title is None


def test_a_control_character_is_refused_saying_where(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTOR_CONFIG", "/nonexistent/config.toml")
    monkeypatch.setenv("INSPECTOR_OFFICE", "監査\x1b[2J室")
    with pytest.raises(SettingsError, match=r"INSPECTOR_OFFICE: office: .*U\+001B"):
        load_settings()


def test_save_keeps_comments_and_other_settings(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# ours\nlang = "en"\n[keymap]\n"runner.next" = "G"\n', encoding="utf-8")
    save_settings({"inspector_name": "監査 太郎", "municipality": "みどり市", "title": ""}, config)
    text = config.read_text(encoding="utf-8")
    saved = tomllib.loads(text)
    assert text.startswith("# ours")
    assert saved["lang"] == "en" and saved["keymap"] == {"runner.next": "G"}
    assert saved["inspector_name"] == "監査 太郎" and saved["municipality"] == "みどり市"
    assert "title" not in saved
    assert not list(tmp_path.glob(".*.tmp"))


def test_save_refuses_what_the_interface_does_not_ask(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="db"):
        save_settings({"db": "/elsewhere.db"}, tmp_path / "c.toml")
    with pytest.raises(SettingsError, match=r"U\+0007"):
        save_settings({"inspector_name": "a\x07b"}, tmp_path / "c.toml")
    assert not (tmp_path / "c.toml").exists()
