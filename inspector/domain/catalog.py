"""The checklists in force: the shipped ones plus an office's own folders.

Parsing and validating every checklist file with pydantic at every start costs more than
the first screen needs. With a cache file, a file that was validated before and has not
changed since (same path, modification time, size, and version of this program and of
its checklist model) is read from the cache: its id and titles at once, its models only
when the checklist is used (`get`). A file that is new, changed or has problems is read
and validated as always, with the same errors.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.cache_files import write_cache_file
from inspector.domain.checklist_files import checklist_files
from inspector.domain.errors import ChecklistLoadError, LoadProblem, UnknownChecklist
from inspector.i18n import Message

if TYPE_CHECKING:
    from inspector.domain.checklist import Checklist

_CACHE_FORMAT = 2


@dataclass
class _Entry:
    """One checklist file: validated before, its models built on first use."""

    path: Path
    titles: dict[str, str | None]
    digest: str
    data: dict[str, Any] | None = None
    checklist: Checklist | None = field(default=None, repr=False)

    def model(self) -> Checklist:
        if self.checklist is None:
            from pydantic import ValidationError

            from inspector.domain.checklist import Checklist
            from inspector.domain.checklist_loader import load_checklist

            try:
                self.checklist = Checklist.model_validate(self.data)
            except (ValidationError, ValueError):  # a damaged cache: the file itself
                self.checklist = load_checklist(self.path)
            self.data = None
        return self.checklist


class ChecklistCatalog:
    """Checklists by id. A later folder's checklist replaces an earlier one of the same id,
    so an office can adapt a shipped checklist by copying it into its own folder."""

    def __init__(self, checklists: Iterable[Checklist] = ()) -> None:
        self._entries: dict[str, _Entry] = {}
        for checklist in checklists:
            self._entries[checklist.id] = _Entry(
                Path(), dict(checklist.title.model_dump()), checklist.digest, checklist=checklist
            )

    @classmethod
    def from_folders(cls, folders: Iterable[Path], cache: Path | None = None) -> ChecklistCatalog:
        """Load every file; raises `ChecklistLoadError` with all problems of all files (a
        folder that does not exist is one: a mistyped office folder must not go unnoticed).
        `cache`: the cache file of validated checklists (read and brought up to date)."""
        folders = list(folders)
        problems: list[LoadProblem] = [
            LoadProblem(folder, None, None, Message("more.checklist.folder_not_found"))
            for folder in folders
            if not folder.exists()
        ]
        cached = _read_cache(cache) if cache is not None else {}
        fresh: dict[str, Any] = {}
        catalog = cls()
        for path in checklist_files(folders):
            name = str(path.resolve())
            key = _key(path)
            hit = cached.get(name)
            if key is not None and _sound_hit(hit, key):
                assert isinstance(hit, dict)
                entry = _Entry(path, hit["titles"], str(hit["digest"]), data=hit["data"])
                catalog._entries[str(hit["id"])] = entry
                fresh[name] = hit
                continue
            from inspector.domain.checklist_loader import load_checklist

            try:
                checklist = load_checklist(path)
            except ChecklistLoadError as exc:
                problems.extend(exc.problems)
                continue
            titles = dict(checklist.title.model_dump())
            entry = _Entry(path, titles, checklist.digest, checklist=checklist)
            catalog._entries[checklist.id] = entry
            if key is not None:
                fresh[name] = {
                    "key": key,
                    "id": checklist.id,
                    "titles": titles,
                    "digest": entry.digest,
                    "data": checklist.model_dump(mode="json"),
                }
        if problems:
            raise ChecklistLoadError(problems)
        if cache is not None and fresh != cached:
            write_cache_file(cache, fresh)
        return catalog

    def get(self, checklist_id: str) -> Checklist:
        try:
            entry = self._entries[checklist_id]
        except KeyError:
            raise UnknownChecklist(checklist_id) from None
        return entry.model()

    def title(self, checklist_id: str, lang: str) -> str | None:
        """The checklist's title in `lang` (falling back to Japanese) without building its
        models; None for an unknown id."""
        entry = self._entries.get(checklist_id)
        if entry is None:
            return None
        return (entry.titles.get("en") if lang == "en" else None) or entry.titles.get("ja") or ""

    def digest(self, checklist_id: str) -> str | None:
        """The checklist's `Checklist.digest` without building its models; None when unknown."""
        entry = self._entries.get(checklist_id)
        return entry.digest if entry is not None else None

    def lookup(self, checklist_id: str) -> Checklist | None:
        """The checklist of an id, or None when there is none."""
        return self.get(checklist_id) if checklist_id in self else None

    def __contains__(self, checklist_id: object) -> bool:
        return checklist_id in self._entries

    def __iter__(self) -> Iterator[Checklist]:
        return iter([self.get(checklist_id) for checklist_id in sorted(self._entries)])

    def __len__(self) -> int:
        return len(self._entries)


def _key(path: Path) -> list[Any] | None:
    """What a cached file must still match: the file's bytes (a SHA-256: an edit that keeps
    the size and puts the time back, as `cp -p`, `tar` or `rsync -a` do, is still seen), this
    program, the code that checks it (the model, the loader and its YAML rules: a new check
    sees every file again)."""
    from inspector import __version__

    here = Path(__file__).parent
    try:
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        stats = [
            (here / name).stat()
            for name in ("checklist.py", "checklist_loader.py", "strict_yaml.py")
        ]
    except OSError:
        return None
    code = (n for s in stats for n in (s.st_mtime_ns, s.st_size))
    return [_CACHE_FORMAT, __version__, content, *code]


def _sound_hit(hit: object, key: list[Any]) -> bool:
    """A cache entry for this key whose fields have the types the catalogue reads: a
    damaged or edited cache file is read from the checklist again, never trusted."""
    if not isinstance(hit, dict) or hit.get("key") != key:
        return False
    titles = hit.get("titles")
    return (
        isinstance(hit.get("id"), str)
        and isinstance(hit.get("digest"), str)
        and isinstance(hit.get("data"), dict)
        and isinstance(titles, dict)
        and all(isinstance(k, str) and isinstance(v, str | None) for k, v in titles.items())
    )


def _read_cache(cache: Path) -> dict[str, Any]:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
