"""The message catalogue: every string a user sees, in Japanese (default) and English.

Catalogues are YAML files under `inspector/locales/<lang>/`, one per area (cli.yaml,
tui.yaml, ...), merged into one flat key space. A test checks both languages have the
same keys.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader when present: the catalogues are read at every start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of a language, keys flattened with dots (`home.title`)."""
    merged: dict[str, str] = {}
    folder = LOCALES_DIR / lang
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        _flatten(data, "", merged)
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
        self._fallback = catalogue(DEFAULT_LANGUAGE)

    def __call__(self, key: str, **values: object) -> str:
        template = self._messages.get(key) or self._fallback.get(key) or key
        if not values:
            return template
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return template
