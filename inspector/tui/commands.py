"""The command palette: every screen's actions and the app's screens, as "category: action"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher


@dataclass(frozen=True)
class PaletteCommand:
    """One palette entry. `name` is the stable English "category: action" (searchable in
    every language); `title` is what the user reads."""

    name: str
    title: str
    help: str
    """The keys only: the English name stays searchable, but a Japanese palette shows no
    English under its entries (the title says what the command does). Shown literally."""
    callback: Callable[[], Any]
    applies: bool = True
    """Whether the command does something on the screen now (its `check_action`): one that
    does not is listed last, says so, and chosen says why (walk8 M10: the hearing's
    table listed 「聴き取り」 and 「ケース分類」, which did nothing, silently)."""


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
        for command in sorted(self._commands(), key=lambda command: not command.applies):
            yield DiscoveryHit(
                Content(command.title),
                self._callback(command),
                text=command.title,
                help=literal_markup(self._help(command)),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for command in self._commands():
            score = max(matcher.match(command.title), matcher.match(command.name))
            if score > 0:
                found = True
                yield Hit(
                    score if command.applies else score / 2,
                    literal_highlight(matcher, command.title),
                    self._callback(command),
                    text=command.title,
                    help=literal_markup(self._help(command)),
                )
        if not found and query.strip():
            # Textual's own line for "nothing found" is English only ("No matches found",
            # written in a private method with no public setting): as the only provider,
            # this one says it in the interface language, as an entry that does nothing
            # (walk8 M7)
            said = self._no_matches()
            yield Hit(1.0, Content(said), _nothing, text=said)

    def _help(self, command: PaletteCommand) -> str:
        """The keys, and 「今は使えません」 after those of a command that does nothing now."""
        if command.applies:
            return command.help
        note = self._say("tui9b.palette.not_now", "not available now")
        return f"{command.help} {note}".strip()

    def _callback(self, command: PaletteCommand) -> Callable[[], Any]:
        """The command's own, or (when it does nothing now) a notice saying so."""
        if command.applies:
            return command.callback
        said = self._say("tui9b.palette.not_now_notice", "Not available now.", command.title)

        def not_now() -> None:
            self.app.notify(said, severity="warning")

        return not_now

    def _say(self, key: str, fallback: str, command: str = "") -> str:
        translate = getattr(self.app, "t", None)
        return str(translate(key, command=command)) if translate else fallback

    def _no_matches(self) -> str:
        translate = getattr(self.app, "t", None)
        return translate("tui8b.palette_no_matches") if translate else "No matching command"


def _nothing() -> None:
    """The "no matching command" entry, chosen: the palette closes, nothing is done."""


def literal_markup(text: str) -> str:
    """`text` as Textual markup that shows exactly `text`: the palette reads a hit's help as
    markup, where the key `[/]` ended the application (MarkupError) and `[x]` vanished as a
    style tag (walk7 H1/M2). Every `[` is escaped (Textual's own `escape` leaves `[A]`)."""
    return text.replace("[", "\\[")


def literal_highlight(matcher: Matcher, title: str) -> Content:
    """`matcher.highlight(title)` without reading `title` as markup (Textual's parses it)."""
    content = Content(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
