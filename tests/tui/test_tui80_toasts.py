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
