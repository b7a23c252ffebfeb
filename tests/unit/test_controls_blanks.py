"""Characters that print as a blank or as nothing without being a space (cli11): the braille
blank and every private-use character are refused like the format characters, named as
U+XXXX and escaped on output; the ideographic space of Japanese names, the other spaces and
the visible braille patterns stay."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.controls import control_names, escape_controls, first_control

PRIVATE_USE = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Co"]
SPACES = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs"]


def test_every_private_use_character_is_refused() -> None:
    assert len(PRIVATE_USE) == 6400 + 2 * 65534
    missed = [f"U+{ord(c):04X}" for c in PRIVATE_USE if first_control(f"山本{c}恵") is None]
    assert missed == []


def test_the_braille_blank_is_refused_and_named() -> None:
    assert first_control("山本\u2800恵") == "U+2800"
    assert first_control("\u3000\u2800") == "U+2800"
    assert control_names("\ue000恵\U0010fffd") == ["U+E000", "U+10FFFD"]
    assert escape_controls("恵\u2800\uf8ff\U000f0000") == "恵\\u2800\\uf8ff\\U000f0000"


def test_spaces_and_visible_braille_stay() -> None:
    assert first_control("山田\u3000太郎") is None
    assert [f"U+{ord(c):04X}" for c in SPACES if first_control(f"山田{c}太郎")] == []
    assert first_control("\u2801\u28ff") is None  # visible dots


def test_a_name_with_the_ideographic_space_is_imported(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "demo"]).exit_code == 0
    roster = tmp_path / "people.csv"
    roster.write_text("staff_number,name,organization\nS9001,山田\u3000太郎,110\n", "utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db), "people", "import", str(roster)])
    assert result.exit_code == 0, result.stderr
    listed = CliRunner().invoke(cli, ["--db", str(db), "people", "list", "--organization", "110"])
    assert "山田\u3000太郎" in listed.stdout


def test_the_terminal_escapes_data_private_use_and_keeps_its_own_colours() -> None:
    from inspector.cli import terminal

    red = terminal.style("期限超過", fg="red")
    shown = terminal.safe(red + "恵\U0010ff00\ue000", on_terminal=True)
    assert shown.endswith("恵\\U0010ff00\\ue000")
    assert "\x1b[31m期限超過" in shown
