"""A path or a date of a document made now holding a control character is refused in its
dialog (the follow-up report, the self-check forms' distribution, the consolidation export,
a path asked in a prompt): the field and U+XXXX are named, the dialog stays open with what
was typed, nothing is handed on and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label

from inspector.tui.controls import WRITTEN
from inspector.tui.screens.consolidation_export import ExportScreen
from inspector.tui.screens.distribute_forms import DistributeScreen
from inspector.tui.screens.followup_report import FollowupScreen
from inspector.tui.screens.prompt import PromptScreen

from .conftest import TODAY, World, settle

SIZE = (100, 40)


def _errors(screen: object) -> str:
    return " ".join(str(label.render()) for label in screen.query(".dialog-error").results(Label))  # type: ignore[attr-defined]


def _dialog(world: World, kind: str, folder: Path) -> object:
    context = world.context
    if kind == "followup":
        return FollowupScreen(context, TODAY, folder)
    if kind == "distribute":
        return DistributeScreen(context, world.checklist, folder)
    return ExportScreen(context, world.checklist, (), "全体")


@pytest.mark.parametrize(
    ("kind", "field", "typed", "code", "name"),
    [
        ("followup", "#followup-path", "{folder}/報告\x1b[2J.pdf", "U+001B", "保存先のファイル"),
        ("followup", "#followup-date", "2025-06-02\u202e", "U+202E", "発行日"),
        (
            "distribute",
            "#distribute-folder",
            "{folder}/配布\x1b]0;x\x07",
            "U+001B",
            "保存先のフォルダ",
        ),
        ("distribute", "#distribute-due", "2025-07-01\u200b", "U+200B", "「提出期限」"),
        ("export", "#export-path", "{folder}/集計\u202e.xlsx", "U+202E", "保存先のファイル"),
    ],
)
async def test_a_path_or_date_with_a_control_character_is_refused(
    world: World, tmp_path: Path, kind: str, field: str, typed: str, code: str, name: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    handed: list[object] = []
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = _dialog(world, kind, folder)
        app.push_screen(dialog, handed.append)  # type: ignore[arg-type]
        await settle(pilot)
        widget = dialog.query_one(field, Input)  # type: ignore[attr-defined]
        value = typed.format(folder=folder)
        widget.value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and widget.value == value
        error = _errors(dialog)
        assert code in error and "書き出していません" in error and name in error, error
        assert dialog.focused is widget  # type: ignore[attr-defined]
        assert handed == []
    assert list(folder.iterdir()) == []


async def test_a_path_prompt_says_nothing_was_written(world: World, tmp_path: Path) -> None:
    answers: list[str | None] = []
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompt = PromptScreen(app.context, "保存先", str(tmp_path), control_key=WRITTEN)
        app.push_screen(prompt, answers.append)
        await settle(pilot)
        prompt.query_one(Input).value = f"{tmp_path}/通知\x1b[1m.pdf"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is prompt
        error = _errors(prompt)
        assert "U+001B" in error and "書き出していません" in error and "保存先" in error, error
        assert answers == []
