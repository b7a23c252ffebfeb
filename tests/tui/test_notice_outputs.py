"""The notice from the interface follows the output rules: an existing file is replaced
only when the user says yes; the database is refused before anything is asked (the path
asked again as typed, with why)."""

from __future__ import annotations

from pathlib import Path

from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.document_progress import NoticeProgressScreen
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.prompt import PromptScreen

from .conftest import World
from .test_findings import SIZE, add_finding, open_findings, press


async def _draft_to(pilot, world: World, folder: Path, target: Path) -> None:  # type: ignore[no-untyped-def]
    await open_findings(pilot, world, output_dir=folder)
    await press(pilot, "d", "enter")  # the notice's language: 日本語, preselected
    prompt = pilot.app.screen
    assert isinstance(prompt, PromptScreen)
    prompt.query_one("#prompt-input").value = str(target)  # type: ignore[attr-defined]
    await press(pilot, "enter")


async def test_an_existing_file_is_replaced_only_after_yes(world: World, tmp_path: Path) -> None:
    add_finding(world)
    target = tmp_path / "notice.pdf"
    target.write_bytes(b"the user's file")
    app = world.app("en", keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        await _draft_to(pilot, world, tmp_path, target)
        assert isinstance(app.screen, ConfirmScreen)
        assert str(target) in app.screen.question
        await press(pilot, "n")
        assert isinstance(app.screen, FindingsScreen)
        assert target.read_bytes() == b"the user's file"
        await _draft_to(pilot, world, tmp_path, target)
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        progress = app.screen
        assert isinstance(progress, NoticeProgressScreen)
        assert progress.issued is not None, progress.error
    assert target.read_bytes().startswith(b"%PDF")


async def test_the_database_is_refused_before_anything_is_asked(
    world: World, tmp_path: Path
) -> None:
    add_finding(world)
    before = world.path.read_bytes()
    app = world.app("en", keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        await _draft_to(pilot, world, tmp_path, world.path)
        prompt = app.screen  # asked again, the path as typed, why in it (noticeform)
        assert isinstance(prompt, PromptScreen)
        assert prompt.query_one("#prompt-input").value == str(world.path)  # type: ignore[attr-defined]
        said = str(prompt.query_one("#prompt-error").render())
        assert "is the database" in said and "kept" in said, said
    assert world.path.read_bytes()[:16] == before[:16] == b"SQLite format 3\x00"
