"""The runner's footer: the keys that apply to the item in focus, on one line.

Textual's `Footer` removes and mounts one widget per key whenever the screen's bindings are
refreshed, and each time the screen is laid out again; in the runner that happened on every
answer that moved to an item of another answer type. This footer is one line of text: new
keys repaint that line only, and the same keys repaint nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widget import Widget

from inspector.tui.stylesheet import beside

KEY_META = "runner-key"
"""The meta of a key's cells: the key it stands for (a click presses it)."""


class RunnerKeys(Widget):
    """The active bindings that are shown, as `key description` pairs; a group of keys
    (the choices) as `123 description`. Keys that apply but are disabled are dimmed."""

    COMPONENT_CLASSES = {"runner-keys--key", "runner-keys--description"}
    DEFAULT_CSS = beside(__file__)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown = Text()
        self._signature: tuple[tuple[str, str, str, bool], ...] | None = None

    @property
    def keys(self) -> list[tuple[str, str]]:
        """(key shown, description) of each key on the line, in order (group keys with an
        empty description, then the group's)."""
        return [(key, description) for key, description, _action, _on in self._signature or ()]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is not self.screen:
            return
        signature = tuple(self._entries(screen.active_bindings.values()))
        if signature == self._signature:
            return  # the same keys: nothing to repaint
        self._signature = signature
        self._shown = self._line(signature)
        self.refresh()  # one line, fixed height: a repaint, never a layout

    def _entries(self, active: Iterable[ActiveBinding]) -> Iterable[tuple[str, str, str, bool]]:
        """(key shown, description, key, enabled); as Textual's footer: one entry per action,
        a group of more than one action as its keys then the group's description."""
        by_action: dict[str, list[tuple[Binding, bool]]] = {}
        for _node, binding, enabled, _tooltip in active:
            if binding.show:
                by_action.setdefault(binding.action, []).append((binding, enabled))
        firsts = [bindings[0] for bindings in by_action.values()]
        for group, members_iter in groupby(firsts, lambda entry: entry[0].group):
            members = list(members_iter)
            if group is not None and len(members) > 1:
                for binding, enabled in members:
                    yield self.app.get_key_display(binding), "", binding.key, enabled
                yield "", group.description, "", True
            else:
                for binding, enabled in members:
                    yield (
                        self.app.get_key_display(binding),
                        binding.description,
                        binding.key,
                        enabled,
                    )

    def _line(self, entries: tuple[tuple[str, str, str, bool], ...]) -> Text:
        key_style = self.get_component_rich_style("runner-keys--key")
        description_style = self.get_component_rich_style("runner-keys--description")
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        previous_was_group_key = False
        for display, description, key, enabled in entries:
            group_key = bool(display) and not description
            if line and not (group_key and previous_was_group_key):
                line.append(" ")
            meta = Style(meta={KEY_META: key}) if key else Style()
            off = Style() if enabled else dim
            if display:
                line.append(display, key_style + meta + off)
            if description:
                if display:
                    line.append(" ", meta)
                line.append(description, description_style + meta + off)
            previous_was_group_key = group_key
        return line

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._signature is not None:  # the theme's colours are in the line
            self._shown = self._line(self._signature)

    def render(self) -> Text:
        return self._shown

    def on_click(self, event: events.Click) -> None:
        key = event.style.meta.get(KEY_META)
        if not key:
            return
        enabled = next((on for _d, _desc, k, on in self._signature or () if k == key), False)
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()


__all__ = ["RunnerKeys"]
