"""Textual's footer, composed once for the keys it shows (issue 17, start-up).

Textual's `Footer` removes and mounts all its keys again each time the screen announces
that its bindings changed, even when what it shows is the same: at start the home screen
announces it three times (the table focused by Textual, the screen resumed, the focus
settled), so its keys were mounted and styled three times before the first frame. This
footer composes again only when the keys it would show differ. And each key is made in
the footer's own style: Textual makes a key compact, then its data binding makes it like
the footer, each change of class a pass of the stylesheet over the key.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult, ScreenStackError
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A `Footer` that recomposes only when the keys it shows change."""

    _composing: tuple[Any, ...] | None = None
    """What the footer composed or was last asked to compose (`_keys_shown`); None when
    not known."""

    def compose(self) -> ComposeResult:
        shown = self._keys_shown(self.screen) if _on_top(self.screen) else None
        composed = False
        for widget in super().compose():
            composed = True
            compact = getattr(type(widget), "compact", None)
            if isinstance(compact, Reactive) and compact is not Footer.compact:
                # a key, made in the footer's style: its data binding then sets the same
                # value, for which Textual calls no watcher (no change of class)
                widget.set_reactive(compact, self.compact)
            yield widget
        # what was composed, even if it changed since the recompose was asked for (before
        # the bindings are ready Textual composes nothing: nothing is recorded)
        self._composing = shown if composed else None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not _on_top(screen):
            # a screen under another: its bindings are read when it recomposes (reading
            # them now would ask the screen above, perhaps not yet composed, for its state)
            self._composing = None
            super().bindings_changed(screen)
            return
        shown = self._keys_shown(screen)
        if shown == self._composing:
            return  # a recompose is done or due for exactly these keys
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._composing = shown  # Textual recomposes (after the next refresh)
        super().bindings_changed(screen)

    def _keys_shown(self, screen: Screen[Any]) -> tuple[Any, ...]:
        """What `Footer.compose` makes of the screen's bindings: each binding shown, whether
        it is enabled and its tooltip (and the palette's binding), in their order."""
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (binding, enabled, tooltip)
                for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
                if binding.show or binding.action == "command_palette"
            ),
        )


def _on_top(screen: Screen[Any]) -> bool:
    """Whether `screen` is the one the app shows on top (False while the app closes)."""
    try:
        return screen.app.screen is screen
    except ScreenStackError:
        return False
