"""Settings: from the config file, then `INSPECTOR_*` environment variables, then flags.

Nothing here is global: `load_settings()` returns a new `Settings` each call, and the
application and CLI pass it down.

Settings are a frozen dataclass checked field by field here, not a pydantic model: the
interface reads them before its first screen, and importing pydantic-settings (~0.12 s) or
pydantic (~0.07 s) took most of the time that screen may take (issue #3's 1.5x goal).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, cast

import platformdirs

from inspector.domain.controls import escape_controls, first_control
from inspector.i18n import Message, joined, message_of, os_error
from inspector.redaction import remember_url
from inspector.resources import shipped_checklists_dir, shipped_forms_dir

APP_NAME = "inspector"
ENV_PREFIX = "INSPECTOR_"
LANGUAGES = ("ja", "en")


def default_config_path() -> Path:
    override = os.environ.get("INSPECTOR_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_cache_dir() -> Path:
    """Files that are made again when missing (the validated checklists)."""
    return Path(platformdirs.user_cache_dir(APP_NAME))


class SettingsError(Exception):
    """The config file or an `INSPECTOR_*` variable cannot be read; says which and why."""


def _default_user() -> str:
    return os.environ.get("USER") or "inspector"


@dataclass(frozen=True)
class Settings:
    """All user-tunable settings. File: `config.toml` in the user config directory."""

    db: str | None = field(default=None, repr=False)  # a URL may hold a password
    """SQLite file path or SQLAlchemy URL; default: inspector.db in the data directory."""
    lang: Literal["ja", "en"] = "ja"
    checklist_dirs: list[Path] = field(default_factory=list)
    """Folders of the office's own checklists, loaded after the shipped ones."""
    forms_dir: Path | None = None
    keys_dir: Path | None = None
    signer: str | None = None
    organization: str | None = None
    """The user's own organization code: a visit to it (or to a section below it) is
    marked as not independent."""
    user: str = field(default_factory=_default_user)
    keymap: dict[str, str] = field(default_factory=dict)
    """binding id -> keys, e.g. {"runner.next_unanswered": "G"}."""
    db_passphrase_file: Path | None = None
    """A file whose first line is the database passphrase (SQLCipher). The passphrase itself
    is never a setting: it is not stored in the config file."""
    inspector_name: str | None = None
    """The inspector's name as printed on documents (監査人): never the login name; a
    document is refused while it is unset. The interface asks for it on first start."""
    municipality: str | None = None
    """The municipality's name for the sender block (e.g. みどり市)."""
    office: str | None = None
    """The inspector's office for the sender block (e.g. 監査室); default: the roster's
    organization tagged audit_office."""
    title: str | None = None
    """The inspector's job title (職名) for the sender block (e.g. 情報セキュリティ監査責任者)."""
    office_head: str | None = None
    """The office head's name: the issuer and signer of notices whose form says
    `signed_by: office_head`."""
    office_head_title: str | None = None
    """The office head's job title (e.g. 監査室長)."""

    def updated(self, **changes: Any) -> Settings:
        """A copy with `changes` applied (checked like any other source)."""
        return replace(self, **_checked(changes, {name: "settings" for name in changes}))

    # -- derived ------------------------------------------------------------------------

    @property
    def database_url(self) -> str:
        """A SQLAlchemy URL; a bare path means a SQLite file."""
        target = self.db or str(default_data_dir() / "inspector.db")
        if "://" in target:
            remember_url(target)  # its password is masked in all the program shows
            return target
        return f"sqlite:///{Path(target).expanduser().resolve()}"

    @property
    def may_make_database_folder(self) -> bool:
        """The default database's folder (the user data folder) is made on first use; a
        folder named by `db` must exist, so that a mistyped path is an error."""
        return self.db is None

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
    """Settings from the config file, the environment and explicit overrides (flags), in
    that order of precedence; None overrides are ignored. Raises `SettingsError`."""
    path = default_config_path()
    values: dict[str, Any] = {}
    where: dict[str, str] = {}
    for name, value in _read_file(path).items():
        values[name], where[name] = value, str(path)
    for name, value in _read_environment().items():
        values[name], where[name] = value, f"{ENV_PREFIX}{name.upper()}"
    for name, value in overrides.items():
        if value is not None:
            values[name], where[name] = value, "--" + name.replace("_", "-")
    return Settings(**_checked(values, where))


# -- checking -----------------------------------------------------------------------------


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(
            Message("more.settings.expected_text", type=type(value).__name__, value=repr(value))
        )
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _optional_printable(value: object) -> str | None:
    """Printed on documents: stripped, empty means unset, no control character."""
    if value is None:
        return None
    text = _text(value).strip()
    if bad := first_control(text, allow_layout=False):
        raise ValueError(
            Message("more.settings.holds", text=escape_controls(text, keep_layout=False), bad=bad)
        )
    return text or None


def _path(value: object) -> Path:
    if isinstance(value, Path):
        return value
    return Path(_text(value)).expanduser()


def _optional_path(value: object) -> Path | None:
    return None if value is None else _path(value)


def _paths(value: object) -> list[Path]:
    if not isinstance(value, list | tuple):
        raise ValueError(
            Message("more.settings.expected_folders", type=type(value).__name__, value=repr(value))
        )
    return [_path(entry) for entry in value]


def _language(value: object) -> str:
    if value not in LANGUAGES:
        raise ValueError(
            Message(
                "more.settings.expected_one_of", choices=", ".join(LANGUAGES), value=repr(value)
            )
        )
    return cast(str, value)


def _keymap(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ValueError(Message("more.settings.expected_keymap", type=type(value).__name__))
    checked: dict[str, str] = {}
    for binding_id, keys in value.items():
        if not isinstance(binding_id, str) or not isinstance(keys, str) or not keys.strip():
            raise ValueError(
                Message("more.settings.expected_keys", binding=repr(binding_id), keys=repr(keys))
            )
        checked[binding_id] = keys
    return checked


def _database(value: object) -> str | None:
    """A URL, or a SQLite file's path. A path with `%`, `?` or `#` is refused: the URL made
    of it would be read as an escape, parameters or a fragment, so another file than the
    one named (`p%41/x.db` became `pA/x.db`) would hold the data."""
    text = _optional_text(value)
    if text is not None and "://" not in text and (bad := [c for c in "%?#" if c in text]):
        raise ValueError(Message("more.settings.db_path_character", path=text, bad=bad[0]))
    return text


_CHECKS: dict[str, Callable[[object], object]] = {
    "db": _database,
    "lang": _language,
    "checklist_dirs": _paths,
    "forms_dir": _optional_path,
    "keys_dir": _optional_path,
    "signer": _optional_text,
    "organization": _optional_text,
    "user": _text,
    "keymap": _keymap,
    "db_passphrase_file": _optional_path,
    "inspector_name": _optional_printable,
    "municipality": _optional_printable,
    "office": _optional_printable,
    "title": _optional_printable,
    "office_head": _optional_printable,
    "office_head_title": _optional_printable,
}
_STRUCTURED = {"checklist_dirs", "keymap"}
"""Fields an environment variable gives as JSON."""

assert set(_CHECKS) == {f.name for f in fields(Settings)}, "every setting is checked"


def _checked(values: Mapping[str, Any], where: Mapping[str, str]) -> dict[str, Any]:
    """Known settings, each converted and checked; unknown names are ignored (a newer
    config file may name settings this version does not have). Raises `SettingsError`
    naming the source and the setting of every bad value."""
    checked: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in values.items():
        check = _CHECKS.get(name)
        if check is None:
            continue
        try:
            checked[name] = check(value)
        except ValueError as exc:
            problems.append(
                Message(
                    "more.settings.problem",
                    where=where.get(name, "settings"),
                    name=name,
                    problem=message_of(exc),
                )
            )
    if problems:
        raise SettingsError(joined(problems))
    return checked


def _read_file(path: Path) -> dict[str, Any]:
    if path.is_dir():
        raise SettingsError(Message("more.settings.config_is_folder", path=path))
    if not path.is_file():
        return {}  # no config file: the defaults
    import tomllib  # here: only when there is a file to read (issue 17, start-up)

    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(Message("more.settings.cannot_read", path=path, detail=exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(Message("more.settings.not_toml", path=path, detail=exc)) from None


def _read_environment() -> dict[str, Any]:
    """`INSPECTOR_<SETTING>` for each setting; lists and tables are written as JSON."""
    values: dict[str, Any] = {}
    for name in _CHECKS:
        variable = f"{ENV_PREFIX}{name.upper()}"
        raw = os.environ.get(variable)
        if raw is None:
            continue
        if name in _STRUCTURED:
            try:
                values[name] = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise SettingsError(
                    Message("more.settings.expected_json", variable=variable, detail=exc)
                ) from None
        else:
            values[name] = raw
    return values


# -- the database passphrase ----------------------------------------------------------------

DB_PASSPHRASE_ENV = f"{ENV_PREFIX}DB_PASSPHRASE"


def db_passphrase(settings: Settings) -> str | None:
    """The database passphrase from `db_passphrase_file` (its first line, without a
    byte-order mark), else from `INSPECTOR_DB_PASSPHRASE`; None when neither is given.
    Raises `SettingsError` for a file that cannot be read, is not UTF-8 text or is empty.
    Never logged or stored. Its Unicode form is left as given: the store makes a new
    database with the NFC form and tries both when opening one (`secret_text`)."""
    if settings.db_passphrase_file is not None:
        return db_passphrase_from_file(settings.db_passphrase_file)
    value = os.environ.get(DB_PASSPHRASE_ENV)
    if value is None:
        return None
    if not value:
        raise SettingsError(Message("more.settings.passphrase_empty", variable=DB_PASSPHRASE_ENV))
    if "\x00" in value:
        raise SettingsError(Message("more.settings.passphrase_nul", where=DB_PASSPHRASE_ENV))
    return value


def db_passphrase_from_file(path: Path) -> str:
    """The first line of the passphrase file `path`, without a byte-order mark (Notepad
    writes one); `SettingsError` when it cannot be read, is not UTF-8 text, is empty or
    holds a NUL. The message names the file, never what it holds."""
    from inspector.secret_text import first_line, read_secret_text

    try:
        text = read_secret_text(path)
    except OSError as exc:
        raise SettingsError(
            Message("more.settings.passphrase_unreadable", path=path, detail=os_error(exc))
        ) from None
    except UnicodeDecodeError:
        raise SettingsError(Message("more.settings.passphrase_not_utf8", path=path)) from None
    value = first_line(text)
    if not value:
        raise SettingsError(Message("more.settings.passphrase_file_empty", path=path))
    if "\x00" in value:
        raise SettingsError(Message("more.settings.passphrase_nul", where=path))
    return value


def check_new_db_passphrase(value: str) -> str:
    """`value`, when it may lock a new encrypted database: a control character (from a file
    or the environment) could never be typed at the passphrase prompt afterwards, so the
    database would open only from that file; `SettingsError` names the character."""
    if bad := first_control(value, allow_layout=False):
        raise SettingsError(Message("lead7.new_passphrase_control", bad=bad))
    return value


def exposed_config(path: Path | None = None) -> Message | None:
    """A warning when the config file holds a password (a server database's URL in `db`)
    and its group or others may read it (cli12): said, never refused (the file is the
    user's, and a command refused for it would lose nothing but help no one). None when it
    is the owner's only, holds no password, or cannot be read (reading it says why)."""
    import stat

    from inspector.redaction import redact

    if os.name == "nt":
        return None  # no POSIX modes: every file reads as 0666
    target = path or default_config_path()
    try:
        mode = target.stat().st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode) or not mode & 0o044:
        return None  # the owner's only: the file is not read a second time
    try:
        url = _read_file(target).get("db")
    except SettingsError:
        return None
    if not isinstance(url, str) or redact(url) == url:
        return None
    import shlex

    return Message(
        "cli12.config_readable",
        path=target,
        quoted=shlex.quote(str(target)),
        mode=f"{stat.S_IMODE(mode):04o}",
    )


# -- saving what the interface asked --------------------------------------------------------

SAVED_BY_INTERFACE = ("inspector_name", "municipality", "office", "title")


def save_settings(values: Mapping[str, str | None], path: Path | None = None) -> Path:
    """Write `values` (the interface's first-start questions) into the config file, keeping
    its other settings and comments; checked like any other source. Returns the path."""
    import tomlkit

    unknown = sorted(set(values) - set(SAVED_BY_INTERFACE))
    if unknown:
        raise SettingsError(Message("more.settings.cannot_save", names=", ".join(unknown)))
    checked = _checked(values, {name: "settings" for name in values})
    target = path or default_config_path()
    if target.is_dir():
        raise SettingsError(Message("more.settings.config_is_folder", path=target))
    try:
        document = (
            tomlkit.parse(target.read_text(encoding="utf-8"))
            if target.is_file()
            else tomlkit.document()
        )
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError) as exc:
        raise SettingsError(Message("more.settings.cannot_read", path=target, detail=exc)) from None
    for name in values:
        if checked.get(name) is None:
            document.pop(name, None)
        else:
            document[name] = checked[name]
    try:
        _write_private(target, tomlkit.dumps(document))
    except OSError as exc:
        raise SettingsError(
            Message("more.settings.cannot_write", path=target, detail=os_error(exc))
        ) from None
    return target


def _write_private(target: Path, text: str) -> None:
    """`text` into `target` atomically: a temporary file with a name of its own, made 0600
    whatever mode the file had (a 0644 or 0640 config ends 0600, cli12), in the same
    folder, renamed over the file. A symbolic link is followed: its target is written and
    the link stays. A new folder is made 0700 (the file may hold a server database's
    password and the inspector's name)."""
    import tempfile

    from inspector.store.private_files import make_private_folder

    if target.is_symlink():
        target = Path(os.path.realpath(target))
    make_private_folder(target.parent)
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            os.fchmod(stream.fileno(), 0o600)
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
