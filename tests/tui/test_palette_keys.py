"""The command palette on every screen that lists its keys in it (walk7 H1/M2): Ctrl+P no
longer ends the application on the runner (its search key `/` was shown as `[/]`, read as
a markup closing tag), and every key is shown as it is (`[x]`, `[n]` were eaten as style
tags, `[]]` left alone)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import OptionList

from inspector.context import AppContext
from inspector.domain.model import SessionKind
from inspector.tui.app import InspectorApp
from inspector.tui.commands import literal_markup
from inspector.tui.screens.backup_register import BackupRegisterScreen
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.card_ledger import CardLedgerScreen
from inspector.tui.screens.collection import CollectionScreen
from inspector.tui.screens.consolidation import ConsolidationScreen
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.hearing import HearingScreen
from inspector.tui.screens.layout_editor import LayoutEditorScreen
from inspector.tui.screens.new_session import NewSessionScreen
from inspector.tui.screens.plans import PlansScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.screens.summary import SummaryScreen

from .conftest import TODAY, World, settle, wait_until

SIZE = (80, 24)

Factory = Callable[[AppContext, World], Screen[None] | None]

SCREENS: dict[str, Factory] = {
    "home": lambda _context, _world: None,  # the first screen
    "runner": lambda c, w: RunnerScreen(c, w.session_ids["open"]),
    "summary": lambda c, w: SummaryScreen(c, w.session_ids["completed"]),
    "findings": lambda c, w: FindingsScreen(c, w.session_ids["completed"]),
    "plans": lambda c, _w: PlansScreen(c),
    "layout": lambda c, w: LayoutEditorScreen(c, w.session_ids["completed"]),
    "ledgers": lambda c, w: CardLedgerScreen(c, w.org_ids["110"], today=TODAY),
    "backup": lambda c, w: BackupRegisterScreen(c, w.org_ids["110"], today=TODAY),
    "hearing": lambda c, w: HearingScreen(c, w.org_ids["110"]),
    "consolidation": lambda c, w: ConsolidationScreen(c, w.checklist.id, today=TODAY),
    "collection": lambda c, _w: CollectionScreen(c),
    "new_session": lambda c, _w: NewSessionScreen(c, SessionKind.INSPECTION),
}


def _shown(app: InspectorApp) -> list[str]:
    """Every entry of the open palette as it reads (title and help lines)."""
    options = app.screen.query_one(OptionList)
    return [
        str(getattr(options.get_option_at_index(i).prompt, "plain", ""))
        for i in range(options.option_count)
    ]


@pytest.mark.parametrize("name", sorted(SCREENS))
async def test_the_palette_opens_and_shows_every_key(world: World, name: str) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = SCREENS[name](app.context, world)
        if screen is not None:
            app.push_screen(screen)
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InspectorScreen)
        # a command that does nothing now says so after its keys (walk8 M10)
        expected = [
            (c.title, c.help if c.applies else f"{c.help} 今は使えません")
            for c in screen.palette_commands()
        ]
        assert expected  # every one of these screens has keys
        await pilot.press("ctrl+p")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, CommandPalette)
                and app.screen.query_one(OptionList).option_count >= len(expected)
            ),
            "the palette's entries",
        )
        await settle(pilot)
        assert app.return_code is None  # still running (the runner's `[/]` ended it)
        shown = _shown(app)
        for title, keys in expected:
            assert f"{title}\n{keys}" in shown, (title, keys, shown)
        if name == "runner":
            assert any(entry.endswith("\n[/]") for entry in shown)
            await pilot.press(*"search")  # a search hit: its help and highlighted title
            await wait_until(
                pilot, lambda: any(e.endswith("\n[/]") for e in _shown(app)), "the search hit"
            )
            assert app.return_code is None
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


@pytest.mark.parametrize("text", ["[x]", "[/]", "[]]", "[[]", "[A]", "[\\]", "[b]x[/b]", "\\"])
def test_literal_markup_reads_back_as_the_text(text: str) -> None:
    from textual.content import Content

    assert Content.from_markup(literal_markup(text)).plain == text
