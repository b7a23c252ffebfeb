"""The command palette: every screen's actions and the app's screens, as "category: action"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class PaletteCommand:
    """One palette entry. `name` is the stable English "category: action" (searchable in
    every language); `title` is what the user reads."""

    name: str
    title: str
    help: str
    callback: Callable[[], Any]


def english_name(binding_id: str) -> str:
    """ "runner.next_unanswered" -> "runner: next unanswered"."""
    category, _, action = binding_id.partition(".")
    return f"{category}: {action.replace('_', ' ')}"


class InspectorCommands(Provider):
    """Lists the app's commands and the calling screen's bindings."""

    def _commands(self) -> list[PaletteCommand]:
        collect = getattr(self.app, "palette_commands", None)
        return list(collect(self.screen)) if collect else []

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.callback, help=_help(command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = max(matcher.match(command.title), matcher.match(command.name))
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.title), command.callback, help=_help(command)
                )


def _help(command: PaletteCommand) -> str:
    """The keys only: the English name stays searchable, but a Japanese palette shows no
    English under its entries (the title says what the command does)."""
    return command.help
