"""tui80: the finding form's banners and the memo hint at 80x24, in Japanese and English:
each message whole on screen, every line starting where a line of a message may start (no
line starts with 「で閉じる）」 after 「（Esc」, no word in katakana is split), and the memo hint
gives its key (Ctrl+O) and what it does whole on a line of their own. Read from what is
drawn."""

from __future__ import annotations

from dataclasses import replace

from inspector.tui.message_lines import message_breaks
from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.layout_editor import LayoutEditorScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.widgets.item_list import ItemList

from .conftest import ACTOR, World, noncompliant_visit, settle, start_visit
from .drawn import region_lines

SIZE = (80, 24)
LANGS = ("ja", "en")
NOTE = "鍵はキャビネット上段の缶の中にある。プリンタの横の棚にも予備の鍵があるとのこと。"


def drawn_message(screen: object, widget: object) -> list[str]:
    """The lines of `widget` as drawn, without the padding."""
    return [line.strip() for line in region_lines(screen, widget.region)]  # type: ignore[attr-defined]


def squeeze(text: str) -> str:
    return text.replace(" ", "").replace("　", "")


def assert_broken_well(message: str, lines: list[str]) -> None:
    """`lines` are the whole `message`, each starting where a line of a message may."""
    assert squeeze("".join(lines)) == squeeze(message), (message, lines)
    allowed = message_breaks(message)
    at = 0
    for line in lines[:-1]:
        if not line:
            continue
        at = message.index(line, at) + len(line)
        while at < len(message) and message[at] in " 　":
            at += 1
        assert allowed[at], (message[at:], lines)


async def test_the_memo_hint_gives_its_key_whole(world: World) -> None:
    session_id = noncompliant_visit(world)
    world.repo.save_answer(session_id, "c-02", lambda old: replace(old, note=NOTE), ACTOR, "note")
    for lang in LANGS:
        await _memo_hint(world, session_id, lang)


async def _memo_hint(world: World, session_id: int, lang: str) -> None:
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(session_id)
        await settle(pilot)
        assert isinstance(app.screen, RunnerScreen)
        app.screen.query_one(ItemList).show_item("c-02")
        await pilot.press("f")
        await settle(pilot)
        edit = app.screen
        assert isinstance(edit, FindingEditScreen)
        hint = edit.query_one("#finding-note")
        message = str(hint.render())
        lines = drawn_message(edit, hint)
        assert_broken_well(message, lines)
        said = message[message.index("Ctrl+O") :]
        assert said in lines, (said, lines)  # the key and what it does: one line


async def test_the_layout_finding_banner_breaks_well(world: World, visit_session: int) -> None:
    for lang, session_id in zip(LANGS, (visit_session, start_visit(world, "110")), strict=True):
        await _layout_banner(world, session_id, lang)


async def _layout_banner(world: World, visit_session: int, lang: str) -> None:
    app = world.app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(LayoutEditorScreen(app.context, visit_session))
        await settle(pilot)
        await pilot.press("1", "space", "right", "5", "space")
        await pilot.press("f", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FindingEditScreen)
        banner = form.query_one("#finding-notice")
        message = str(banner.render())
        assert "Ctrl+S" in message
        lines = drawn_message(form, banner)
        assert_broken_well(message, lines)
        # the key stays with what it does: 「Ctrl+S で保存します」, "Ctrl+S saves"
        said = message[message.index("Ctrl+S") :].split()[:2]
        assert any(" ".join(said) in line for line in lines), (said, lines)
