"""Every invisible format character is a control character to the program (hunt9 M4):
refused on input and escaped on output; kanji variation selectors stay."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from inspector.domain.controls import control_names, escape_controls, first_control

FORMAT = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]


def test_every_format_character_is_refused() -> None:
    missed = [f"U+{ord(c):04X}" for c in FORMAT if first_control(f"山本{c}恵") is None]
    assert missed == []


@pytest.mark.parametrize(
    "char", ["\u00ad", "\u034f", "\u061c", "\u115f", "\u1160", "\u3164", "\uffa0", "\u17b4"]
)
def test_invisible_marks_and_fillers_are_refused(char: str) -> None:
    assert first_control(f"山本 恵{char}") == f"U+{ord(char):04X}"


def test_tags_are_named_and_escaped_unambiguously() -> None:
    text = "恵\U000e0041\U000e0042"
    assert control_names(text) == ["U+E0041", "U+E0042"]
    assert escape_controls(text) == "恵\\U000e0041\\U000e0042"


def test_a_kanji_variant_and_ordinary_japanese_stay() -> None:
    assert first_control("葛\U000e0100城市　渡邉 恵（ワタナベ）・ー〜") is None
    assert first_control("☺\ufe0f") is None
