"""Every visible string of the interface comes from the catalogue, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from inspector.i18n import LOCALES_DIR, _flatten
from inspector.tui import app as app_module
from inspector.tui.bindings import binding_description

TUI_DIR = Path(app_module.__file__).resolve().parent


def _keys(lang: str) -> dict[str, str]:
    data = yaml.safe_load((LOCALES_DIR / lang / "tui.yaml").read_text(encoding="utf-8"))
    flat: dict[str, str] = {}
    _flatten(data, "", flat)
    return flat


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


def test_every_binding_id_has_a_description() -> None:
    from textual.binding import Binding

    from inspector.i18n import Translator
    from inspector.tui.app import InspectorApp
    from inspector.tui.screens import (
        confirm,
        evidence,
        help,
        home,
        new_session,
        note,
        prompt,
        reasons,
        runner,
        summary,
        value_input,
    )

    classes = [
        InspectorApp,
        confirm.ConfirmScreen,
        evidence.EvidenceScreen,
        help.HelpScreen,
        home.HomeScreen,
        new_session.NewSessionScreen,
        note.NoteScreen,
        prompt.PromptScreen,
        reasons.ReasonsScreen,
        runner.RunnerScreen,
        summary.SummaryScreen,
        value_input.ValueInputScreen,
    ]
    for lang in ("ja", "en"):
        t = Translator(lang)
        for cls in classes:
            for binding in cls.BINDINGS:
                assert isinstance(binding, Binding)
                assert binding.id, f"{cls.__name__} {binding.key} has no id"
                assert binding_description(t, binding.id) != binding.id, binding.id
