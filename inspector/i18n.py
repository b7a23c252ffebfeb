"""The message catalogue: every string a user sees, in Japanese (default) and English.

Catalogues are TOML files under `inspector/locales/<lang>/`, one per area (tui.toml,
site.toml, ...), merged into one flat key space. A test checks both languages have the
same keys. TOML rather than YAML because they are read before the first screen is drawn:
tomllib is in the standard library and the settings already load it, while importing
PyYAML and parsing the same text took ~35 ms.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of a language, keys flattened with dots (`home.title`)."""
    merged: dict[str, str] = {}
    folder = LOCALES_DIR / lang
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as stream:
            _flatten(tomllib.load(stream), "", merged)
    return merged


def _flatten(data: dict[str, Any], prefix: str, into: dict[str, str]) -> None:
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{full}.", into)
        else:
            into[full] = str(value)


class Translator:
    """`t("key", name=...)` formats the message of the chosen language; a missing key
    falls back to Japanese and then shows the key itself, so nothing crashes on screen."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._messages = catalogue(self.lang)

    def __call__(self, key: str, **values: object) -> str:
        template = self._messages.get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
        if not values:
            return template
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return template
