"""A one-line prompt's refusal names its field by a short label (「取下げの理由」), not by
the whole question it asks (tui14: 「「「住基ネットは…」を取り下げます。理由を入力して
ください」に制御文字…」)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.prompt import PromptScreen

from .conftest import World, settle

SIZE = (80, 24)


async def _refused(pilot, app) -> str:  # type: ignore[no-untyped-def]
    prompt = app.screen
    assert isinstance(prompt, PromptScreen)
    prompt.query_one("#prompt-input", Input).value = "誤記\x1b[31m"
    await pilot.press("enter")
    await settle(pilot)
    assert app.screen is prompt  # refused, kept open with the answer as typed
    assert prompt.query_one("#prompt-input", Input).value == "誤記\x1b[31m"
    return str(prompt.query_one("#prompt-error", Label).render())


@pytest.mark.parametrize(("lang", "label"), [("ja", "「取下げの理由」"), ("en", "Reason for")])
async def test_a_withdrawal_reason_refused_names_the_reason(
    world: World, lang: str, label: str
) -> None:
    session_id = world.session_ids["completed"]
    draft = FindingDraft(
        kind=FindingKind.FINDING,
        title="住基ネットは端末の操作記録を保存していない",
        text="保存されていない。",
        organization_id=world.repo.session(session_id).organization_id,
        session_id=session_id,
        items=("c-02",),
    )
    finding = world.context.findings.add_finding(draft, "tester")
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FindingsScreen(app.context, session_id))
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        said = await _refused(pilot, app)
        assert said.startswith(label), said
        assert "住基ネット" not in said and "取り下げます" not in said
    assert not world.context.findings.finding(finding.id).withdrawn
