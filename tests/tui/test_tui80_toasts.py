"""tui80: a toast naming commands (the notice refused for want of the office's keys) at
80x24, in Japanese and English: no backtick drawn, and each command whole on one line of
the screen. Read from what is drawn."""

from __future__ import annotations

from pathlib import Path

from .conftest import World, settle
from .drawn import screen_lines
from .test_findings import add_finding, open_findings

COMMANDS = (
    "inspector keys init-office",
    'inspector keys issue "監査 太郎" --organization ',
)


async def test_a_toast_shows_its_commands_whole(world: World, tmp_path: Path) -> None:
    add_finding(world)
    for lang in ("ja", "en"):
        app = world.app(lang, keys_dir=tmp_path / "no-keys")
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await open_findings(pilot, world, output_dir=tmp_path)
            await pilot.press("n")
            await settle(pilot)
            await pilot.pause(0.2)  # the toast drawn
            [message] = [n.message for n in app._notifications]  # type: ignore[attr-defined]
            assert "`" not in message
            drawn = screen_lines(app.screen)
            assert not any("`" in line for line in drawn), drawn
            for command in COMMANDS:
                assert command in message, (command, message)
                assert any(command in line for line in drawn), (command, drawn)


def test_toast_text_keeps_a_command_whole_and_its_brackets_with_it() -> None:
    from inspector.tui.toast_text import toast_text

    assert toast_text("依頼してください（`inspector keys issue`）") == (
        "依頼してください\n（inspector keys issue）"
    )
    assert toast_text("戻せませんでした。`mv` で戻してください") == (
        "戻せませんでした。mv で戻してください"
    )
    assert toast_text("Run `inspector keys init-office`.") == "Run\ninspector keys init-office."
    assert toast_text("no command [b]here[/b]") == "no command [b]here[/b]"


def test_a_message_line_never_splits_a_katakana_word_nor_a_key_from_its_word() -> None:
    from rich.text import Text

    from inspector.tui.message_lines import message_breaks
    from inspector.tui.wrapping import wrap_text

    lines = [
        line.plain for line in wrap_text(Text("人・プリンタとサーバの分離"), 10, message_breaks)
    ]
    assert any("プリンタ" in line for line in lines), lines
    assert any("サーバ" in line for line in lines), lines
    lines = wrap_text(Text("check it; Ctrl+S saves a change"), 20, message_breaks)
    assert any("Ctrl+S saves" in line.plain for line in lines), [x.plain for x in lines]
