"""The program's own caches in the user cache folder (messages, validated checklists,
holidays of a year): one way to write them. A cache is a copy of what can be computed
again, so a cache that cannot be written is no failure."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any


def write_cache_file(cache_file: Path, data: Any) -> None:
    """`data` as JSON, atomically (a temporary file renamed over the old one): a reader
    never sees half a file. Nothing is raised when the folder cannot be made or written
    (e.g. its path is a file): the data is computed again next time."""
    temporary = cache_file.with_name(f".{cache_file.name}.{os.getpid()}.tmp")
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, cache_file)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
