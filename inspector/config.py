"""Settings: from the config file, then `INSPECTOR_*` environment variables, then flags.

Nothing here is global: `load_settings()` returns a new `Settings` each call, and the
application and CLI pass it down.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from inspector.resources import shipped_checklists_dir, shipped_forms_dir

APP_NAME = "inspector"


def default_config_path() -> Path:
    override = os.environ.get("INSPECTOR_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


class Settings(BaseSettings):
    """All user-tunable settings. File: `config.toml` in the user config directory."""

    model_config = SettingsConfigDict(env_prefix="INSPECTOR_", extra="ignore")

    db: str | None = Field(
        default=None,
        description="SQLite file path or SQLAlchemy URL; default: inspector.db in the data dir",
    )
    lang: Literal["ja", "en"] = "ja"
    checklist_dirs: list[Path] = Field(
        default_factory=list,
        description="Folders of the office's own checklists, loaded after the shipped ones",
    )
    forms_dir: Path | None = None
    keys_dir: Path | None = None
    signer: str | None = None
    organization: str | None = Field(
        default=None,
        description="The user's own organization code: a visit to it (or to a section below "
        "it) is marked as not independent",
    )
    user: str = Field(default_factory=lambda: os.environ.get("USER") or "inspector")
    keymap: dict[str, str] = Field(
        default_factory=dict, description="binding id -> keys, e.g. {'runner.next_unanswered': 'G'}"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=default_config_path())
        return (init_settings, env_settings, toml)

    # -- derived ------------------------------------------------------------------------

    @property
    def database_url(self) -> str:
        """A SQLAlchemy URL; a bare path means a SQLite file."""
        target = self.db or str(default_data_dir() / "inspector.db")
        if "://" in target:
            return target
        return f"sqlite:///{Path(target).expanduser().resolve()}"

    @property
    def all_checklist_dirs(self) -> list[Path]:
        return [shipped_checklists_dir(), *self.checklist_dirs]

    @property
    def all_forms_dir(self) -> Path:
        return self.forms_dir or shipped_forms_dir()

    @property
    def resolved_keys_dir(self) -> Path:
        return self.keys_dir or default_data_dir() / "keys"


def load_settings(**overrides: object) -> Settings:
    """Settings with explicit overrides (flags) applied; None overrides are ignored."""
    given = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**given)  # type: ignore[arg-type]
