"""A one-line prompt's refusal names its field by a short label (「取下げの理由」), not by
the whole question it asks (tui14: 「「「住基ネットは…」を取り下げます。理由を入力して
ください」に制御文字…」)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.prompt import PromptScreen

from .conftest import World
from .runner_setup import SIZE, add_finding_on, press, pressed, shown


async def _refused(pilot, app) -> str:  # type: ignore[no-untyped-def]
    prompt = await pressed(pilot, "x", PromptScreen)
    prompt.query_one("#prompt-input", Input).value = "誤記\x1b[31m"
    await press(pilot, "enter")
    assert app.screen is prompt  # refused, kept open with the answer as typed
    assert prompt.query_one("#prompt-input", Input).value == "誤記\x1b[31m"
    return str(prompt.query_one("#prompt-error", Label).render())


@pytest.mark.parametrize(("lang", "label"), [("ja", "「取下げの理由」"), ("en", "Reason for")])
async def test_a_withdrawal_reason_refused_names_the_reason(
    world: World, lang: str, label: str
) -> None:
    session_id = world.session_ids["completed"]
    title = "住基ネットは端末の操作記録を保存していない"
    finding_id = add_finding_on(world, session_id, title, "保存されていない。")
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot, FindingsScreen(app.context, session_id))
        said = await _refused(pilot, app)
        assert said.startswith(label), said
        assert "住基ネット" not in said and "取り下げます" not in said
    assert not world.context.findings.finding(finding_id).withdrawn
