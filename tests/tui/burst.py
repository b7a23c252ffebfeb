"""Keys sent in one burst, as a paste, a `tmux send-keys` or a lagging remote desktop
delivers them (walk7 H3): every key is queued before the first is handled, where Pilot's
`press` waits for the application to be idle after each key."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key


def _event(key: str) -> events.Key:
    """The event Textual's driver makes for `key` (a name such as "tab", or one
    character), as `Pilot.press` builds it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def keys_of(*parts: str) -> list[str]:
    """Key names from text and names: a part in `NAMES` is one key, any other part is
    typed character by character ("監査 太郎", "tab", "enter")."""
    keys: list[str] = []
    for part in parts:
        if part in NAMES:
            keys.append(part)
        else:
            keys.extend(part)
    return keys


NAMES = {
    "tab",
    "shift+tab",
    "enter",
    "escape",
    "ctrl+s",
    "down",
    "up",
    "backspace",
    "delete",
    "home",
    "end",
    "ctrl+u",
    "ctrl+k",
    "ctrl+w",
}


def burst(app: App[object], *parts: str) -> None:
    """Queue every key of `parts` at once, with no pause between them."""
    driver = app._driver
    assert driver is not None
    for key in keys_of(*parts):
        event = _event(key)
        event.set_sender(app)
        driver.send_message(event)
