"""The finding form refuses a control or format character in its fields, as every other input
path does (a review found the form checked none: a pasted escape, a bidi override or a
zero-width space was stored and printed into the signed notice). The form stays open with
what was typed, the field and the character are named, nothing is written; line breaks and
the ideographic space stay."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from tests.tui.test_tui8c_finding_form import _propose

from .conftest import World, noncompliant_visit, settle
from .runner_setup import SIZE, press


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("#finding-title", "鍵の\x1b[31m管理", "U+001B"),
        ("#finding-title", "鍵の管理\u202e", "U+202E"),
        ("#finding-text", "段ボール\u200bがある", "U+200B"),
        ("#finding-measure", "撤去\u2800する", "U+2800"),
    ],
)
async def test_a_control_character_is_refused_and_nothing_is_saved(
    world: World, field: str, typed: str, code: str
) -> None:
    session_id = noncompliant_visit(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        edit = await _propose(pilot, app, session_id)
        edit.query_one("#finding-title", Input).value = "鍵の管理"
        widget = edit.query_one(field)
        if isinstance(widget, Input):
            widget.value = typed
        else:
            assert isinstance(widget, TextArea)
            widget.text = typed
        await press(pilot, "ctrl+s")
        assert app.screen is edit  # still open, with what was typed
        error = str(edit.query_one("#finding-error").render())
        assert code in error and "制御文字" in error
        assert edit.focused is widget
        assert app.context.findings.findings(session_id=session_id) == []


async def test_line_breaks_and_the_ideographic_space_are_saved(world: World) -> None:
    session_id = noncompliant_visit(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        edit = await _propose(pilot, app, session_id)
        edit.query_one("#finding-title", Input).value = "鍵の管理\u3000不備"
        edit.query_one("#finding-text", TextArea).text = "一行目\n二行目\tタブ"
        edit.query_one("#finding-measure", TextArea).text = "保管庫を\n施錠する"
        await pilot.press("ctrl+s")
        for _ in range(50):
            await settle(pilot)
            if app.screen is not edit:
                break
        saved = app.context.findings.findings(session_id=session_id)
        assert [(f.title, f.text, f.requested_measure) for f in saved] == [
            ("鍵の管理\u3000不備", "一行目\n二行目\tタブ", "保管庫を\n施錠する")
        ]
