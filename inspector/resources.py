"""Where the shipped checklists and forms are: inside the installed package, or beside it
in a source checkout (an editable install keeps them at the repository root)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def shipped_checklists_dir() -> Path:
    return _data_dir("checklists")


def shipped_forms_dir() -> Path:
    return _data_dir("forms")
