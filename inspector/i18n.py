"""The message catalogue: every string a user sees, in Japanese (default) and English.

Catalogues are TOML files under `inspector/locales/<lang>/`, one per area (tui.toml,
site.toml, ...), merged into one flat key space. A test checks both languages have the
same keys. TOML rather than YAML because they are read before the first screen is drawn:
tomllib is in the standard library and the settings already load it, while importing
PyYAML and parsing the same text took ~35 ms. Parsing the forty files still took ~20 ms of
the start-up, so the merged catalogue is kept as JSON in the user cache folder (read in
~1 ms) and parsed again when any file of the language changes.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from inspector.cache_files import write_cache_file

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"


_CACHE_FORMAT = 2


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of a language, keys flattened with dots (`home.title`): from the cache
    when it was made from the same files, else parsed from them (and the cache written)."""
    paths = sorted((LOCALES_DIR / lang).glob("*.toml"))
    key = _cache_key(paths)
    cache_file = _cache_dir() / f"messages-{lang}.json"
    if key is not None:
        try:
            cached = json.loads(cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cached = None
        if isinstance(cached, dict) and cached.get("key") == key:
            messages = cached.get("messages")
            # a damaged or edited cache is parsed again, never trusted as it is
            if isinstance(messages, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in messages.items()
            ):
                return messages
    merged = parse_catalogue(paths)
    if key is not None:
        write_cache_file(cache_file, {"key": key, "messages": merged})
    return merged


def parse_catalogue(paths: list[Path]) -> dict[str, str]:
    """The messages of `paths` (TOML), merged and flattened, without the cache."""
    import tomllib  # here: the cache is read at most starts (issue 17, start-up)

    merged: dict[str, str] = {}
    for path in paths:
        with path.open("rb") as stream:
            _flatten(tomllib.load(stream), "", merged)
    return merged


def _cache_dir() -> Path:
    # config's default_cache_dir (config imports this module, so it is not imported here)
    import platformdirs

    return Path(platformdirs.user_cache_dir("inspector"))


def _cache_key(paths: list[Path]) -> list[object] | None:
    """What a cached catalogue must still match: every file's name, times, size and inode
    (the change time too: a copy that puts the modification time back still changes it)."""
    try:
        stats = [(path.name, path.stat()) for path in paths]
    except OSError:
        return None
    return [
        _CACHE_FORMAT,
        *(v for n, s in stats for v in (n, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_size)),
    ]


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


class Message(str):
    """A message a lower layer (store, exchange, domain) raises without knowing the run's
    language: a catalogue key and its values. As a str it is the English text, so code and
    logs that read `str(exc)` are unchanged; the faces render it with `Translator.text`."""

    key: str
    params: dict[str, object]

    def __new__(cls, key: str, /, **params: object) -> Message:
        values = {
            name: str(value) if isinstance(value, Message) else value
            for name, value in params.items()
        }
        made = super().__new__(cls, Translator("en")(key, **values))
        made.key = key
        made.params = params
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (worker processes) keep the key
        return (_rebuild_message, (self.key, self.params))

    def render(self, translate: Translator) -> str:
        """The message in `translate`'s language (values that are messages too)."""
        values = {
            name: value.render(translate) if isinstance(value, Message) else value
            for name, value in self.params.items()
        }
        return translate(self.key, **values)

    render_in = render


def _rebuild_message(key: str, params: dict[str, object]) -> Message:
    return Message(key, **params)


def render(text: object, translate: Translator) -> str:
    """`text` (a `Message`, an exception raised with one, or anything else) in the language
    of `translate`; plain strings and other exceptions as they are."""
    render_in = getattr(text, "render_in", None)
    if callable(render_in):  # a Message, or a problem made of them (a CSV row's)
        return str(render_in(translate))
    if isinstance(text, BaseException) and len(text.args) == 1:
        first = text.args[0]
        if isinstance(first, Message):
            return first.render(translate)
    return str(text)


def message_of(exc: BaseException) -> str:
    """The message an exception was raised with, kept a `Message` when it is one, so that
    wrapping it in another message keeps it translatable."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc)


def joined(parts: list[str], separator: str = "; ") -> str:
    """`parts` joined by `separator`, kept translatable when any part is a `Message` (then
    joined as the language joins sentences: "; " in English, "。" in Japanese)."""
    if not parts:
        return ""
    result = parts[0]
    for part in parts[1:]:
        if isinstance(result, Message) or isinstance(part, Message):
            result = Message("more.joined", first=result, rest=part)
        else:
            result = f"{result}{separator}{part}"
    return result


_OS_ERRORS = {
    "ENOENT": "no_such_file",
    "EACCES": "permission",
    "EPERM": "permission",
    "ENOSPC": "no_space",
    "EDQUOT": "no_space",
    "ENAMETOOLONG": "name_too_long",
    "EISDIR": "is_a_folder",
    "ENOTDIR": "not_a_folder",
    "EEXIST": "exists",
    "EROFS": "read_only",
    "EIO": "io",
    "ELOOP": "loop",
    "EBUSY": "busy",
    "ENOTEMPTY": "not_empty",
    "EXDEV": "other_device",
    "EMFILE": "too_many_open",
    "ENFILE": "too_many_open",
}
"""The operating system's errors a user meets with files, by errno name: their text comes
from the C library in English (`strerror`), so the common ones are said in the run's
language; any other keeps the system's words."""


def os_error(exc: OSError) -> str:
    """What went wrong with a file, in the run's language when the error is a common one
    (a `Message`), else the system's own text (`strerror`, or the exception's)."""
    import errno

    name = errno.errorcode.get(exc.errno) if isinstance(exc.errno, int) else None
    key = _OS_ERRORS.get(name or "")
    if key is not None:
        return Message(f"os_errors.{key}")
    return exc.strerror or str(exc) or type(exc).__name__
