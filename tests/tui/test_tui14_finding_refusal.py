"""The finding dialog at 80x24 (tui14): a refused 件名 (a control character) is in sight
and focused after the refusal, with the message beside it; the dialog used to scroll to
the message at its foot, the 件名 out of sight above."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.drawn import screen_lines
from tests.tui.test_tui8c_finding_form import _propose

from .conftest import World, noncompliant_visit, settle
from .runner_setup import SIZE, press


def _in_sight(edit, selector: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the widget is drawn whole inside the dialog's visible part."""
    dialog = edit.query_one("#finding-dialog")
    widget = edit.query_one(selector)
    shown = dialog.scrollable_content_region
    region = widget.region
    return bool(region.height) and shown.contains_region(region)


async def test_a_refused_subject_is_in_sight_and_focused_with_the_message(world: World) -> None:
    session_id = noncompliant_visit(world)
    app = world.app()
    assert SIZE == (80, 24)
    async with app.run_test(size=SIZE) as pilot:
        edit = await _propose(pilot, app, session_id)
        title = edit.query_one("#finding-title", Input)
        title.value = "鍵の\x1b[31m管理"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert app.screen is edit
        assert edit.focused is title
        assert _in_sight(edit, "#finding-title"), (
            title.region,
            edit.query_one("#finding-dialog").scrollable_content_region,
        )
        assert _in_sight(edit, "#finding-error")
        drawn = "\n".join(screen_lines(edit))
        assert "制御文字" in drawn and "件名" in drawn, drawn
        # then a bad 期限: the message moves under it (the form's foot)
        title.value = "鍵の管理"
        edit.query_one("#finding-deadline", Input).value = "あした"
        await press(pilot, "ctrl+s")
        ids = [c.id for c in edit.query_one("#finding-dialog").children]
        assert ids.index("finding-error") == ids.index("finding-deadline") + 1
        assert edit.focused is edit.query_one("#finding-deadline")
        assert _in_sight(edit, "#finding-deadline") and _in_sight(edit, "#finding-error")
        assert app.context.findings.findings(session_id=session_id) == []
