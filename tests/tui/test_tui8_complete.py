"""Completing a visit (walk7b N4): a 不遵守 with no reason completed at once; it now asks,
naming how many lack reasons. The history line named the login name 「inspector」 with no
time; it now names the configured inspector and when."""

from __future__ import annotations

from dataclasses import replace

from inspector.domain.model import SessionStatus
from inspector.i18n import Translator
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.summary import SummaryScreen

from .conftest import World, settle
from .drawn import screen_lines

ALL_BUT_C02 = {
    "c-01": "compliant",
    "c-03": "compliant",
    "h-01": "yes",
    "h-02": "係長",
    "h-03": "absent",
    "n-01": "12",
    "n-02": "daily",
    "n-03": "特になし",
}


def _answer_all_but_the_reasons(world: World) -> int:
    session_id = world.session_ids["open"]
    for item_id, value in ALL_BUT_C02.items():
        world.repo.save_answer(
            session_id, item_id, lambda old, v=value: replace(old, value=v), "tester"
        )
    return session_id


async def test_complete_asks_first_when_a_noncompliant_has_no_reason(world: World) -> None:
    session_id = _answer_all_but_the_reasons(world)
    t = Translator("ja")
    app = world.app(inspector_name="監査 太郎")  # the login name: "tester"
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        app.push_screen(SummaryScreen(app.context, session_id))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question
        assert question == t("tui9b.summary.complete_no_reasons", count=1, items="No.2")
        assert "1件（No.2）に要因が記入されていません" in question
        await pilot.press("n")
        await settle(pilot)
        assert world.repo.session(session_id).status is SessionStatus.OPEN
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert world.repo.session(session_id).status is SessionStatus.COMPLETED
        lines = screen_lines(app.screen)
    ((_action, actor, _at, _note),) = world.repo.session_events(session_id)
    assert actor == "監査 太郎"
    history = [line.strip() for line in lines if line.strip().startswith("完了")]
    assert history, lines
    assert "監査 太郎" in history[0] and "tester" not in history[0], history
    assert "令和" in history[0] and ":" in history[0], history  # the day and the time


async def test_complete_names_both_the_unanswered_and_the_reasons(world: World) -> None:
    session_id = world.session_ids["open"]  # 4 unanswered, c-02 不遵守 with no reason
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(SummaryScreen(app.context, session_id))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question
    assert "未回答が4件" in question and "不遵守が1件" in question, question
