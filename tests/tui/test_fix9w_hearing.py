"""walk9 M7: in the ID/password hearing a 「はい」 is 該当あり (a case to classify), not
不遵守; the header says 聴き取り, not 自己点検; completing never asks for 要因, which the
hearing cannot record. A visit's checklist still counts 不遵守 and asks. At 80x24."""

from __future__ import annotations

from dataclasses import replace

from inspector.domain.catalog import ChecklistCatalog
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.screens.summary import SummaryScreen

from .conftest import World, settle
from .drawn import screen_lines
from .test_hearing import hearing_catalog, make_app, open_hearing, press  # noqa: F401

SIZE = (80, 24)


def _header(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(screen_lines(app.screen)[:2])


def _question(app) -> str:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, ConfirmScreen)
    return screen.question


async def test_a_yes_in_the_hearing_is_a_case_not_noncompliance(
    world: World,
    hearing_catalog: ChecklistCatalog,  # noqa: F811
) -> None:
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await open_hearing(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, RunnerScreen)
        await press(pilot, "y")  # 設問① はい
        header = _header(app)
        assert "該当あり 1" in header and "不遵守" not in header, header
        assert "聴き取り" in header and "自己点検" not in header, header
        await press(pilot, "s")
        assert isinstance(app.screen, SummaryScreen)
        header = _header(app)
        assert "該当あり 1" in header and "聴き取り" in header, header
        assert "要因未記入" not in "\n".join(screen_lines(app.screen))
        await press(pilot, "c")
        question = _question(app)
        assert "要因" not in question, question  # only the follow-ups left unanswered


async def test_a_visit_still_counts_noncompliance_and_asks_for_reasons(
    world: World, visit_session: int
) -> None:
    world.repo.save_answer(
        visit_session, "c-01", lambda old: replace(old, value="noncompliant"), "tester"
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(SummaryScreen(app.context, visit_session))
        await settle(pilot)
        header = _header(app)
        assert "不遵守 1" in header and "監査" in header, header
        await press(pilot, "c")
        assert "要因" in _question(app)
