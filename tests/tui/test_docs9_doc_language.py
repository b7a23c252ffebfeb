"""docs9 (walk8 M2): the notice dialog asks the document's language, 日本語 preselected
whatever the interface's language; English is chosen on purpose and named `_en.pdf`."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from inspector.tui.screens.doc_language import DocLanguageScreen
from inspector.tui.screens.document_progress import NoticeProgressScreen
from inspector.tui.screens.prompt import PromptScreen

from .conftest import World
from .test_findings import SIZE, add_finding, open_findings, press


def _text(path: Path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)


async def _draft(pilot, world: World, folder: Path, keys: tuple[str, ...]) -> Path:  # type: ignore[no-untyped-def]
    await open_findings(pilot, world, output_dir=folder)
    await press(pilot, "d")
    assert isinstance(pilot.app.screen, DocLanguageScreen)
    await press(pilot, *keys)
    prompt = pilot.app.screen
    assert isinstance(prompt, PromptScreen)
    path = Path(prompt.query_one("#prompt-input").value)  # type: ignore[attr-defined]
    await press(pilot, "enter")
    progress = pilot.app.screen
    assert isinstance(progress, NoticeProgressScreen)
    assert progress.issued is not None, progress.error
    return path


async def test_an_english_interface_still_makes_a_japanese_notice(
    world: World, tmp_path: Path
) -> None:
    add_finding(world)
    app = world.app("en", keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        path = await _draft(pilot, world, tmp_path, ("enter",))  # 日本語, preselected
    assert not path.name.endswith("_en.pdf")
    assert "情報セキュリティ監査結果通知書" in _text(path)


async def test_english_is_chosen_on_purpose(world: World, tmp_path: Path) -> None:
    add_finding(world)
    app = world.app(keys_dir=tmp_path / "no-keys")  # a Japanese interface
    async with app.run_test(size=SIZE) as pilot:
        path = await _draft(pilot, world, tmp_path, ("down", "enter"))
    assert path.name.endswith("_en.pdf")
    assert "NoticeofFindings" in _text(path)
