"""Every visible string of the interface comes from the catalogue, in both languages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from inspector.i18n import LOCALES_DIR, _flatten
from inspector.tui import app as app_module
from inspector.tui.bindings import binding_description

TUI_DIR = Path(app_module.__file__).resolve().parent


def _keys(lang: str) -> dict[str, str]:
    """Every catalogue file of the language (tui.toml, site.toml, findings.toml, ...);
    a key written in two files is a mistake (one would hide the other)."""
    flat: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        one: dict[str, str] = {}
        _flatten(tomllib.loads(path.read_text(encoding="utf-8")), "", one)
        assert not set(one) & set(flat), f"{path}: keys also in another file"
        flat.update(one)
    return flat


def test_both_languages_have_the_same_files() -> None:
    names = {
        lang: sorted(p.name for p in (LOCALES_DIR / lang).glob("*.toml")) for lang in ("ja", "en")
    }
    assert names["ja"] == names["en"]
    assert "tui.toml" in names["ja"]


def test_both_languages_have_the_same_keys() -> None:
    ja, en = _keys("ja"), _keys("en")
    assert sorted(set(ja) - set(en)) == []
    assert sorted(set(en) - set(ja)) == []


def test_placeholders_match() -> None:
    ja, en = _keys("ja"), _keys("en")
    for key in ja:
        assert set(re.findall(r"{(\w+)}", ja[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_literal_key_used_in_code_exists() -> None:
    ja = _keys("ja")
    used: set[str] = set()
    for path in TUI_DIR.rglob("*.py"):
        used.update(re.findall(r"""["'](tui\.[a-z_.]+[a-z_])["']""", path.read_text()))
    missing = sorted(k for k in used if k not in ja)
    assert missing == []


def _screen_classes() -> list[type]:
    """InspectorApp and every screen class defined in inspector.tui.screens."""
    import importlib
    import inspect
    import pkgutil

    from textual.screen import Screen

    from inspector.tui import screens
    from inspector.tui.app import InspectorApp

    classes: list[type] = [InspectorApp]
    for module_info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"inspector.tui.screens.{module_info.name}")
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Screen) and obj.__module__ == module.__name__:
                classes.append(obj)
    return classes


def test_every_binding_id_has_a_description() -> None:
    from textual.binding import Binding

    from inspector.i18n import Translator

    classes = _screen_classes()
    assert len(classes) > 20
    for lang in ("ja", "en"):
        t = Translator(lang)
        for cls in classes:
            for binding in cls.__dict__.get("BINDINGS", []):  # its own, not Textual's
                if not isinstance(binding, Binding):
                    continue
                assert binding.id, f"{cls.__name__} {binding.key} has no id"
                assert binding_description(t, binding.id) != binding.id, f"{lang}: {binding.id}"


def test_the_keymap_is_normalized_as_textual_stores_it() -> None:
    """The help and the palette apply the user keymap themselves: "?" and "/" in the config
    file must name the same keys as Textual's set_keymap makes of them."""
    from inspector.tui.bindings import normalized_keymap

    assert normalized_keymap({"a": "?", "b": "ctrl+z, /", "c": ""}) == {
        "a": "question_mark",
        "b": "ctrl+z,slash",
        "c": "",
    }
