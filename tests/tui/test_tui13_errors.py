"""The error line of a dialog shows its whole message at 80x24 (tui13 item 3): the hearing
case dialog cut a refusal to its first line (the field and U+XXXX were there, 「（保存して
いません）」 was not: the dialog did not scroll, and the hint docked below covered the rest).
Every dialog whose refusal goes to `controls.dialog_error` is checked on the drawn screen,
in both languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.screen import Screen
from textual.widgets import Input, Label, TextArea

from inspector.context import AppContext
from inspector.domain.hearing import load_hearing_cases
from inspector.domain.model import AnswerState
from inspector.tui.app import InspectorApp
from inspector.tui.screens.evidence import EvidenceScreen
from inspector.tui.screens.hearing_case import HearingCaseScreen
from inspector.tui.screens.note import NoteScreen
from inspector.tui.screens.reasons import ReasonsScreen

from .conftest import World
from .drawn import region_lines, screen_lines
from .runner_setup import SIZE, press, shown

ZWSP = "\u200b"

Opener = Callable[[AppContext, World], tuple[Screen[object], str]]


def _hearing(context: AppContext, world: World) -> tuple[Screen[object], str]:
    return HearingCaseScreen(context, load_hearing_cases(), "加藤 彩"), "#case-note"


def _evidence(context: AppContext, world: World) -> tuple[Screen[object], str]:
    return EvidenceScreen(context, ()), "#evidence-text"


def _reasons(context: AppContext, world: World) -> tuple[Screen[object], str]:
    item = next(i for i in world.checklist.items if i.reasons)
    return ReasonsScreen(context, item, AnswerState(value="noncompliant")), "#reasons-text"


def _note(context: AppContext, world: World) -> tuple[Screen[object], str]:
    item = next(i for i in world.checklist.items if i.reasons)
    return NoteScreen(context, "", item), "#note-text"


def _drawn(app: InspectorApp) -> str:
    """The text drawn inside the dialog's border, the line ends taken out (a wrapped message
    is read as one)."""
    box = app.screen.query_one(".dialog")
    return "".join(region_lines(app.screen, box.content_region)).replace(" ", "")


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("opener", [_hearing, _evidence, _reasons, _note])
async def test_a_refusal_shows_whole_at_80x24(world: World, opener: Opener, lang: str) -> None:
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        dialog, selector = opener(app.context, world)
        await shown(pilot, dialog)
        field = dialog.query_one(selector)
        typed = f"根拠{ZWSP}あり"
        if isinstance(field, TextArea):
            field.text = typed  # as it was before typing was refused (tui13 item 1)
        else:
            assert isinstance(field, Input)
            field.value = typed
        await press(pilot, "ctrl+s")
        assert app.screen is dialog
        message = " ".join(str(e.render()) for e in dialog.query(".dialog-error").results(Label))
        assert "U+200B" in message, message
        end = "（保存していません）。" if lang == "ja" else "nothing was saved"
        assert end in message, message
        drawn = _drawn(app)
        assert message.replace(" ", "") in drawn, "\n".join(screen_lines(app.screen))
        assert dialog.focused is field
