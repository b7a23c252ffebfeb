"""The checklists in force: the shipped ones plus an office's own folders."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from inspector.domain.checklist import Checklist
from inspector.domain.checklist_loader import checklist_files, load_checklist
from inspector.domain.errors import ChecklistLoadError, LoadProblem, UnknownChecklist
from inspector.i18n import Message


class ChecklistCatalog:
    """Checklists by id. A later folder's checklist replaces an earlier one of the same id,
    so an office can adapt a shipped checklist by copying it into its own folder."""

    def __init__(self, checklists: Iterable[Checklist] = ()) -> None:
        self._by_id: dict[str, Checklist] = {}
        for checklist in checklists:
            self._by_id[checklist.id] = checklist

    @classmethod
    def from_folders(cls, folders: Iterable[Path]) -> ChecklistCatalog:
        """Load every file; raises `ChecklistLoadError` with all problems of all files (a
        folder that does not exist is one: a mistyped office folder must not go unnoticed)."""
        folders = list(folders)
        loaded: list[Checklist] = []
        problems: list[LoadProblem] = [
            LoadProblem(folder, None, None, Message("more.checklist.folder_not_found"))
            for folder in folders
            if not folder.exists()
        ]
        for path in checklist_files(folders):
            try:
                loaded.append(load_checklist(path))
            except ChecklistLoadError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ChecklistLoadError(problems)
        return cls(loaded)

    def get(self, checklist_id: str) -> Checklist:
        try:
            return self._by_id[checklist_id]
        except KeyError:
            raise UnknownChecklist(checklist_id) from None

    def __contains__(self, checklist_id: object) -> bool:
        return checklist_id in self._by_id

    def __iter__(self) -> Iterator[Checklist]:
        return iter(sorted(self._by_id.values(), key=lambda c: c.id))

    def __len__(self) -> int:
        return len(self._by_id)
