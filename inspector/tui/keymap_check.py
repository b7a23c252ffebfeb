"""The user keymap checked at start like any other setting: an id no binding has (a typo
would silently do nothing) and a key given to two actions of one screen (Textual would
quietly drop one of them) are reported before the first screen is drawn."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator, Mapping

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from inspector.i18n import Translator
from inspector.tui.bindings import normalized_keymap

# the packages whose classes declare the interface's bindings
_PACKAGES = ("inspector.tui", "inspector.tui.screens", "inspector.tui.widgets")


def _binding_classes() -> Iterator[type[DOMNode]]:
    """Every screen, widget and the app of the interface that declares bindings (imported
    here: only when a keymap is set, so a start without one loads nothing more)."""
    seen: set[type[DOMNode]] = set()
    for package_name in _PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            if info.ispkg:
                continue
            module = importlib.import_module(f"{package_name}.{info.name}")
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(value, DOMNode)
                    and value.__module__ == module.__name__
                    and value not in seen
                ):
                    seen.add(value)
                    yield value


def _declared(cls: type[DOMNode]) -> BindingsMap:
    keys: dict[str, list[Binding]] = {}
    for base in reversed(cls.__mro__):
        if issubclass(base, DOMNode):
            keys.update(BindingsMap(base.__dict__.get("BINDINGS", [])).key_to_bindings)
    return BindingsMap.from_keys(keys)


def keymap_problems(keymap: Mapping[str, str], t: Translator) -> list[str]:
    """What is wrong with `keymap` (binding id -> keys): unknown ids, and keys that two
    actions of one screen would share. Empty when it is fine."""
    if not keymap:
        return []
    normalized = normalized_keymap(keymap)
    known: set[str] = set()
    problems: list[str] = []
    clashes: set[tuple[str, str, str]] = set()
    for cls in _binding_classes():
        by_key: dict[str, set[str]] = {}
        # actions that share a key by design (the runner's 1: compliant or the first choice,
        # whichever applies to the item) are not a mistake of the keymap
        shared: set[frozenset[str]] = set()
        for key, group in _declared(cls).key_to_bindings.items():
            names_here = {b.id or b.action for b in group}
            shared |= {frozenset((a, b)) for a in names_here for b in names_here if a != b}
            for binding in group:
                name = binding.id or binding.action
                if binding.id:
                    known.add(binding.id)
                keys = normalized[binding.id].split(",") if binding.id in normalized else [key]
                for one in keys:
                    by_key.setdefault(one.strip(), set()).add(name)
        for key, names in by_key.items():
            remapped = sorted(names & set(normalized))
            if len(names) > 1 and remapped:
                for other in sorted(names - {remapped[0]}):
                    if frozenset((remapped[0], other)) in shared:
                        continue
                    first, second = sorted((remapped[0], other))
                    clashes.add((keymap.get(remapped[0], key), first, second))
    for binding_id in sorted(set(keymap) - known):
        problems.append(t("tui.keymap.unknown_action", id=binding_id))
    for given, first, second in sorted(clashes):
        problems.append(t("tui.keymap.two_actions", keys=given, first=first, second=second))
    return problems


__all__ = ["keymap_problems"]
