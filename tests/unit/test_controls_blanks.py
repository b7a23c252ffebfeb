"""Characters that print as a blank without being a space (cli11): the braille blank is
refused like the format characters, named as U+XXXX and escaped on output; the ideographic
space of Japanese names, the other spaces, the visible braille patterns and the private-use
characters of an office's 外字 (kanji of names that no standard encodes) stay."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.controls import control_names, escape_controls, first_control

PRIVATE_USE = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Co"]
SPACES = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs"]


def test_the_braille_blank_is_refused_and_named() -> None:
    assert first_control("山本\u2800恵") == "U+2800"
    assert first_control("\u3000\u2800") == "U+2800"
    assert control_names("\u2800恵\u3164") == ["U+2800", "U+3164"]
    assert escape_controls("恵\u2800") == "恵\\u2800"


def test_spaces_visible_braille_and_gaiji_stay() -> None:
    assert first_control("山田\u3000太郎") is None
    assert [f"U+{ord(c):04X}" for c in SPACES if first_control(f"山田{c}太郎")] == []
    assert first_control("\u2801\u28ff") is None  # visible dots
    assert len(PRIVATE_USE) == 6400 + 2 * 65534
    refused = [f"U+{ord(c):04X}" for c in PRIVATE_USE if first_control(f"山{c}恵") is not None]
    assert refused == []
    assert escape_controls("山\ue000恵") == "山\ue000恵"


def test_names_with_the_ideographic_space_and_gaiji_are_imported(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "demo"]).exit_code == 0
    roster = tmp_path / "people.csv"
    roster.write_text(
        "staff_number,name,organization\nS9001,山田\u3000太郎,110\nS9002,\ue000田\u3000花子,110\n",
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["--db", str(db), "people", "import", str(roster)])
    assert result.exit_code == 0, result.stderr
    listed = CliRunner().invoke(cli, ["--db", str(db), "people", "list", "--organization", "110"])
    assert "山田\u3000太郎" in listed.stdout
    assert "\ue000田\u3000花子" in listed.stdout
