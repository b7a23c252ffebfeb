"""Binding helpers: translated descriptions by binding id, and the list the help screen shows."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from inspector.i18n import Translator

if TYPE_CHECKING:
    from textual.app import App

_NUMBERED = re.compile(r"^(?P<base>.+)_(?P<number>\d+)$")


def binding_description(t: Translator, binding_id: str) -> str:
    """`tui.binding.<id>`; ids ending in _N use the base key with {number}."""
    key = f"tui.binding.{binding_id}"
    text = t(key)
    if text != key:
        return text
    match = _NUMBERED.match(binding_id)
    if match:
        return t(f"tui.binding.{match['base']}", number=match["number"])
    return binding_id


def localize_bindings(node: DOMNode, t: Translator) -> None:
    """Replace each id'd binding's description of `node` by the catalogue's text; a
    binding group's by `tui.binding_group.<id without its _N>`."""
    bindings = node._bindings
    for key, key_bindings in list(bindings.key_to_bindings.items()):
        bindings.key_to_bindings[key] = [_localized(b, t) if b.id else b for b in key_bindings]


def _localized(binding: Binding, t: Translator) -> Binding:
    assert binding.id is not None
    group = binding.group
    if group is not None:
        match = _NUMBERED.match(binding.id)
        base = match["base"] if match else binding.id
        group = Binding.Group(t(f"tui.binding_group.{base}"), compact=group.compact)
    return replace(binding, description=binding_description(t, binding.id), group=group)


def effective_bindings(node: DOMNode, app: App[object]) -> list[tuple[str, Binding]]:
    """(keys shown, binding) for every id'd binding of `node`, the user keymap applied,
    one row per binding id, in declaration order."""
    bindings: BindingsMap = node._bindings.copy()
    if app._keymap:
        bindings.apply_keymap(app._keymap)
    keys_by_id: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for _key, key_bindings in bindings.key_to_bindings.items():
        for binding in key_bindings:
            if binding.id is None or binding.system:
                continue
            first.setdefault(binding.id, binding)
            display = app.get_key_display(binding)
            shown = keys_by_id.setdefault(binding.id, [])
            if display not in shown:
                shown.append(display)
    return [(" / ".join(keys_by_id[bid]), binding) for bid, binding in first.items()]
