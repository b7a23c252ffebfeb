"""Help that is true (walk8 M10, LOW): each action is listed once, its keys together (help
was listed three times: 「F1 ヘルプ」, 「? ヘルプ」, 「f1 ヘルプ（F1）」); the palette says
which commands do nothing on the screen now (the hearing's table offered 「聴き取り」 and
「ケース分類」, which did nothing, silently)."""

from __future__ import annotations

from collections import Counter

from textual.command import CommandPalette
from textual.widgets import OptionList

from inspector.domain.model import SessionKind
from inspector.tui.areas import AREAS, opener
from inspector.tui.screens.hearing import HearingScreen
from inspector.tui.screens.help import HelpScreen
from inspector.tui.screens.new_session import NewSessionScreen
from inspector.tui.screens.summary import SummaryScreen

from .conftest import World, settle, wait_until
from .test_hearing import hearing_catalog, make_app, open_hearing, press  # noqa: F401

SIZE = (80, 24)


def _keys_listed(rows: list[tuple[str, str, bool]]) -> Counter[str]:
    return Counter(key for keys, _what, _now in rows for key in keys.split(" / ") if key)


async def _help_rows(pilot) -> list[tuple[str, str, bool]]:  # type: ignore[no-untyped-def]
    await press(pilot, "f1")
    shown = pilot.app.screen
    assert isinstance(shown, HelpScreen)
    rows = shown._rows()
    await press(pilot, "escape")
    return rows


def _check(rows: list[tuple[str, str, bool]], where: str) -> None:
    listed = _keys_listed(rows)
    twice = {key: n for key, n in listed.items() if n > 1}
    assert not twice, (where, twice, rows)
    help_rows = [keys for keys, what, _now in rows if what == "ヘルプ"]
    assert len(help_rows) == 1, (where, rows)
    assert set(help_rows[0].split(" / ")) == {"?", "F1"}, (where, rows)
    assert "f1" not in listed and not any("（F1）" in what for _k, what, _n in rows), rows


async def test_every_screen_lists_each_key_once(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        _check(await _help_rows(pilot), "home")
        quit_rows = [keys for keys, what, _now in await _help_rows(pilot) if what == "終了"]
        assert quit_rows == ["q / ^q"], quit_rows  # one action, one row
        app.open_runner(world.session_ids["open"])
        await settle(pilot)
        _check(await _help_rows(pilot), "runner")
        app.pop_screen()
        app.push_screen(SummaryScreen(app.context, world.session_ids["open"]))
        await settle(pilot)
        _check(await _help_rows(pilot), "summary")
        app.pop_screen()
        app.push_screen(
            NewSessionScreen(app.context, SessionKind.INSPECTION)
        )  # binds F1 itself too
        await settle(pilot)
        _check(await _help_rows(pilot), "new session")
        app.pop_screen()
        await settle(pilot)
        for area in AREAS:
            opener(area)(app, world.session_ids["completed"])
            await settle(pilot)
            if app.screen is home:
                continue
            _check(await _help_rows(pilot), area)
            while app.screen is not home:
                app.pop_screen()
                await settle(pilot)


def _palette_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one(OptionList)
    lines = []
    for index in range(options.option_count):
        prompt = options.get_option_at_index(index).prompt
        lines.append(str(getattr(prompt, "plain", prompt)))
    return lines


async def test_the_hearing_table_palette_says_what_does_nothing(
    world: World,
    hearing_catalog,  # noqa: F811
) -> None:
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_hearing(pilot)
        titles = {c.title: c.applies for c in screen.palette_commands()}
        assert titles["聴き取り: 聴き取り"] and titles["聴き取り: ケース分類"]  # the roster
        await press(pilot, "t")  # the table of counts
        assert isinstance(app.screen, HearingScreen) and screen.tally_shown
        titles = {c.title: c.applies for c in screen.palette_commands()}
        assert not titles["聴き取り: 聴き取り"] and not titles["聴き取り: ケース分類"]
        assert titles["聴き取り: 集計範囲"]  # what the table does is offered as before
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"ケース分類")
        await wait_until(pilot, lambda: bool(_palette_lines(app)), "the matches")
        await settle(pilot)
        lines = _palette_lines(app)
        assert any("ケース分類" in line and "今は使えません" in line for line in lines), lines
        await press(pilot, "enter")
        assert app.screen is screen  # nothing opened, and the user is told why
        said = [n.message for n in app._notifications]
        assert any("今の画面の状態では使えません" in message for message in said), said
