"""The folder each kind of output was last written to from the interface (self-check forms,
follow-up reports, consolidation exports), offered as the next default. Kept in the user
cache folder (`last_folders.json`, `$XDG_CACHE_HOME/inspector` by platformdirs): losing it
only loses the suggestion."""

from __future__ import annotations

import json
from pathlib import Path

from inspector.cache_files import write_cache_file
from inspector.config import default_cache_dir


def _file() -> Path:
    return default_cache_dir() / "last_folders.json"


def _read() -> dict[str, str]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def last_folder(kind: str) -> Path:
    """The folder last used for `kind` while it still is a folder (office15: one removed
    or renamed since was offered, and the file refused), else the current folder."""
    folder = _read().get(kind)
    if folder:
        try:
            if Path(folder).is_dir():
                return Path(folder)
        except OSError:  # a name too long, a folder one may not look into
            pass
    return Path.cwd()


def remember_folder(kind: str, folder: Path) -> None:
    """Offer `folder` for `kind` next time."""
    data = _read()
    data[kind] = str(folder.expanduser().resolve())
    write_cache_file(_file(), data)


__all__ = ["last_folder", "remember_folder"]
