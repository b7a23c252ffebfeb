"""rem11 (rev10 D6): the interface's reminders say what the service says. A ledger line
skipped is shown in the result dialog (file and line); `m` again while the plans are held
(督促中 until their reply-by date) says so, never 「期限を過ぎた改善計画はありません」."""

from __future__ import annotations

from pathlib import Path

from inspector.tui.screens.plans import PlansScreen
from tests.tui.drawn import screen_lines
from tests.tui.test_office9b_reminders import PASS, _answer, _plans
from tests.tui.test_office9b_reminders import office_keys as office_keys

from .conftest import World, settle

SIZE = (120, 40)


async def test_m_shows_ledger_warnings_and_says_held_plans_are_held(
    world: World, tmp_path: Path, office_keys: Path
) -> None:
    _plans(world)
    ledger = office_keys / "office" / "issued_numbers.jsonl"
    ledger.write_bytes(b"\xff\xfe broken\n")  # one line that does not decode
    out = tmp_path / "out"
    app = world.app(keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlansScreen(app.context))
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await _answer(pilot, app, "2025-06-16")
        await _answer(pilot, app, str(out))
        await _answer(pilot, app, PASS.decode())
        drawn = "".join(line.strip() for line in screen_lines(app.screen))
        assert "署名して保存し、記録しました" in drawn, drawn
        assert "1 行目" in drawn and "UTF-8" in drawn, drawn
        await pilot.press("escape")
        await settle(pilot)
        app._notifications.clear()
        await pilot.press("m")
        await settle(pilot)
        notes = "\n".join(str(n.message) for n in app._notifications)
    assert "期限を過ぎた改善計画はありません" not in notes, notes
    assert "督促中" in notes and "回答期限 令和7年6月16日" in notes and "監督第" in notes, notes
    assert len(list(out.glob("*.pdf"))) == 2
