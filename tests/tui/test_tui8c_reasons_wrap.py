"""The reasons dialog at 80 columns wraps a long reason instead of cutting it (walk8b M4);
number keys, Space and Enter still pick, and a reason's text is never read as markup."""

from __future__ import annotations

from inspector.domain.checklist import Reason
from inspector.domain.model import AnswerState
from inspector.tui.screens.reasons import ReasonsScreen

from .conftest import World, settle
from .drawn import region_lines

SIZE = (80, 24)
LONG = (
    "新たに作成することとなった項目で、改正内容の理解が十分でなかったため、"
    "手順の見直しが終わっていない"
)


async def test_a_long_reason_wraps_whole_and_picks(world: World) -> None:
    item = world.checklist.items[0]
    reasons = [Reason(id="long", ja=LONG), Reason(id="tag", ja="[b]太字[/b]")]
    item = item.model_copy(update={"reasons": reasons})
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results: list[object] = []
        dialog = ReasonsScreen(app.context, item, AnswerState(value="noncompliant"))
        app.push_screen(dialog, results.append)
        await settle(pilot)
        listed = dialog.query_one("#reasons-list")
        listed.focus()
        await settle(pilot)
        drawn = "".join(line.strip() for line in region_lines(dialog, listed.content_region))
        assert "十分でなかったため、手順の見直しが終わっていない" in drawn, drawn
        assert "…" not in drawn
        assert "[b]太字[/b]" in drawn  # data, not markup
        await pilot.press("1")
        await settle(pilot)
        assert listed.selected == ["long"]  # type: ignore[attr-defined]
        drawn = "".join(line.strip() for line in region_lines(dialog, listed.content_region))
        assert "[x] 1) 新たに" in drawn
        await pilot.press("down", "space")  # the second reason
        await settle(pilot)
        assert listed.selected == ["long", "tag"]  # type: ignore[attr-defined]
        await pilot.press("enter")  # Enter toggles it back
        await settle(pilot)
        assert listed.selected == ["long"]  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert results == [(("long",), "")]
