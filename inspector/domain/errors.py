"""The domain's exceptions, in a module of their own so that the CLI's error boundary can
name them without importing the checklist models (pydantic builds them at import time)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LoadProblem:
    """One problem found while loading a checklist file."""

    path: Path
    line: int | None
    item_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        item = f" [item {self.item_id}]" if self.item_id else ""
        return f"{where}:{item} {self.message}"


class ChecklistLoadError(Exception):
    """Raised when one or more checklist files are invalid."""

    def __init__(self, problems: list[LoadProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class UnknownChecklist(KeyError):
    """No checklist of this id is in force."""

    def __str__(self) -> str:
        return f"unknown checklist '{self.args[0]}'"
