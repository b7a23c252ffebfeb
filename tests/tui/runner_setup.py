"""What the Pilot tests of tui11 to tui14 each wrote again: the 80x24 terminal, a finding
written on a visit's item, a screen opened (the runner, a summary, the findings list or
any dialog) and waited for, keys pressed one by one with the app settled after each, and
the toasts shown. The demo database itself is `conftest.world`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.screens.summary import SummaryScreen

from .conftest import World, settle

SIZE = (80, 24)

S = TypeVar("S", bound=Screen[Any])


def add_finding_on(
    world: World, session_id: int, title: str, text: str = "本文", item: str = "c-02"
) -> int:
    """A finding on `item` of the visit `session_id`, written by "tester": its id."""
    draft = FindingDraft(
        kind=FindingKind.FINDING,
        title=title,
        text=text,
        organization_id=world.repo.session(session_id).organization_id,
        session_id=session_id,
        items=(item,),
    )
    return world.context.findings.add_finding(draft, "tester").id


async def press(pilot: Any, *keys: str) -> None:
    """Each key pressed, the app settled after it."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def opened(pilot: Any, open_it: Callable[[], object], kind: type[S]) -> S:
    """The app settled, `open_it()` (a key, an app method), settled again: the screen it
    opened, of `kind`."""
    await settle(pilot)
    open_it()
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind), screen
    return screen


async def shown(pilot: Any, screen: S) -> S:
    """`screen` pushed on the app once it has settled, and drawn."""
    return await opened(pilot, lambda: pilot.app.push_screen(screen), type(screen))


async def open_runner(pilot: Any, session_id: int) -> RunnerScreen:
    return await opened(pilot, lambda: pilot.app.open_runner(session_id), RunnerScreen)


async def open_summary(pilot: Any, session_id: int) -> SummaryScreen:
    summary = await opened(pilot, lambda: pilot.app.open_summary(session_id), SummaryScreen)
    assert summary.bundle is not None
    return summary


async def pressed(pilot: Any, key: str, kind: type[S]) -> S:
    """`key` pressed (once the app has settled): the screen it opened, of `kind`."""
    await settle(pilot)
    await press(pilot, key)
    screen = pilot.app.screen
    assert isinstance(screen, kind), screen
    return screen


def notes(app: Any, severity: str | None = None) -> list[str]:
    """The toasts shown so far (of `severity` only, if given), oldest first."""
    return [
        str(n.message) for n in app._notifications if severity is None or n.severity == severity
    ]


__all__ = [
    "SIZE",
    "add_finding_on",
    "notes",
    "open_runner",
    "open_summary",
    "opened",
    "press",
    "pressed",
    "shown",
]
