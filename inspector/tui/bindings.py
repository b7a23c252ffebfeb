"""Binding helpers: translated descriptions by binding id, and the list the help screen shows.

Only Textual's public binding API: the classes' `BINDINGS`, `BindingsMap`, the screen's
`active_bindings` (which the footer draws) and the keymap the app was given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.actions import parse as parse_action
from textual.binding import ActiveBinding, Binding, BindingsMap
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


def declared_bindings(node: DOMNode) -> BindingsMap:
    """The bindings the classes of `node` declare in `BINDINGS`, a subclass's key replacing
    its base's (as Textual merges them); the user keymap not applied."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(type(node).__mro__):
        if issubclass(base, DOMNode):
            keys.update(BindingsMap(base.__dict__.get("BINDINGS", [])).key_to_bindings)
    return BindingsMap.from_keys(keys)


def normalized_keymap(keymap: Mapping[str, str]) -> dict[str, str]:
    """The keymap with keys in Textual's long form ("?" -> "question_mark"), as
    `App.set_keymap` stores it."""
    return {
        binding_id: ",".join(b.key for b in Binding.make_bindings([Binding(keys, "")]))
        if keys.strip(" ,")
        else keys  # nothing to bind: the keymap leaves the binding alone, as Textual does
        for binding_id, keys in keymap.items()
    }


def localize_active(
    active: dict[str, ActiveBinding], owners: Iterable[object], t: Translator
) -> dict[str, ActiveBinding]:
    """The active bindings with each id'd binding of the `owners` (the screen and the app)
    described by the catalogue; the widgets' own bindings as they are."""
    mine = [id(owner) for owner in owners]
    return {
        key: active_binding._replace(binding=_localized(active_binding.binding, t))
        if active_binding.binding.id and id(active_binding.node) in mine
        else active_binding
        for key, active_binding in active.items()
    }


def _localized(binding: Binding, t: Translator) -> Binding:
    assert binding.id is not None
    group = binding.group
    if group is not None:
        match = _NUMBERED.match(binding.id)
        base = match["base"] if match else binding.id
        group = Binding.Group(t(f"tui.binding_group.{base}"), compact=group.compact)
    return replace(binding, description=binding_description(t, binding.id), group=group)


_FUNCTION_KEY = re.compile(r"^f(\d{1,2})$")


def _function_key(display: str) -> str:
    """ "F1" as the key is printed on the keyboard (Textual shows "f1")."""
    match = _FUNCTION_KEY.match(display)
    return f"F{match[1]}" if match else display


def applies_now(node: DOMNode, binding: Binding) -> bool:
    """What `node`'s `check_action` says of the binding now (None: shown but disabled,
    False: hidden; both mean the key does nothing at the moment). An action of another
    namespace ("app.quit" on a screen) is the app's to decide: it applies."""
    try:
        namespace, name, parameters = parse_action(binding.action)
    except Exception:
        return True
    if namespace:
        return True
    return bool(node.check_action(name, parameters))


def effective_bindings(
    node: DOMNode, app: App[object], keymap: Mapping[str, str], t: Translator
) -> list[tuple[str, Binding]]:
    """(keys shown, binding) for every id'd binding of `node`, the user keymap applied and
    described by the catalogue, one row per binding id, in declaration order."""
    bindings = declared_bindings(node)
    if keymap:
        bindings.apply_keymap(normalized_keymap(keymap))
    keys_by_id: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for _key, key_bindings in bindings.key_to_bindings.items():
        for binding in key_bindings:
            if binding.id is None or binding.system:
                continue
            first.setdefault(binding.id, _localized(binding, t))
            display = _function_key(app.get_key_display(binding))
            shown = keys_by_id.setdefault(binding.id, [])
            if display not in shown:
                shown.append(display)
    return [(" / ".join(keys_by_id[bid]), binding) for bid, binding in first.items()]
