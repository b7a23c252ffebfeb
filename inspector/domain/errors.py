"""The domain's exceptions, in a module of their own so that the CLI's error boundary can
name them without importing the checklist models (pydantic builds them at import time)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspector.i18n import Message, Translator


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

    def render_in(self, translate: Translator) -> str:
        """The problem in `translate`'s language (the message may be a catalogue one)."""
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        if not isinstance(self.message, Message):  # not yet in the catalogue: one language
            return str(self)
        message = self.message.render(translate)
        if self.item_id:
            return translate(
                "errors.checklist.in_item", where=where, item=self.item_id, message=message
            )
        return translate("errors.checklist.in_file", where=where, message=message)


class ChecklistLoadError(Exception):
    """Raised when one or more checklist files are invalid."""

    def __init__(self, problems: list[LoadProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class UnknownChecklist(KeyError):
    """No checklist of this id is in force."""

    @property
    def message(self) -> Message:
        return Message("time5.unknown_checklist", checklist=self.args[0])

    def __str__(self) -> str:  # English, as before, for logs and `str(exc)`
        return str(self.message)

    def render_in(self, translate: Translator) -> str:
        """In the run's language: a KeyError's `str` is what error boundaries print."""
        return self.message.render(translate)
