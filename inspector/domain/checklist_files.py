"""The checklist files of folders (no parsing: cheap enough for the first screen)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path


def checklist_files(folders: Iterable[Path]) -> Iterator[Path]:
    """The `*.yaml` / `*.yml` files of the folders, in name order, folder by folder."""
    for folder in folders:
        if folder.is_file():
            yield folder
            continue
        if not folder.is_dir():
            continue
        yield from sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
