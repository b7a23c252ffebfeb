"""walk7 LOW wording slips: 「名称 を入力してください」 (a space), 「未回答の項目が 13\n件」
(the number and 件 on two lines), 「内容を入力してください。」 staying after the text is typed,
and 「取り消しました: 3.」 (the item's number with a stray period)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Label, Static, TextArea

from inspector.i18n import Translator
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.measure_entry import MeasureEntryScreen
from inspector.tui.wrapping import wrap_text

from .conftest import World, settle
from .drawn import region_lines
from .test_visit5b import open_runner, press


def test_the_messages_hold_no_space_before_a_particle_or_a_counter() -> None:
    t = Translator("ja")
    assert t("site.form.required", field="名称") == "名称を入力してください"
    question = t("tui.visit5a.sign_unanswered", count=13)
    for width in range(16, 70):  # the number and 件 are never parted
        lines = [line.plain for line in wrap_text(Text(question), width)]
        assert not any(line.endswith("13") for line in lines), (width, lines)


async def test_the_confirm_dialog_keeps_13_件_together_at_80(world: World) -> None:
    question = Translator("ja")("tui.visit5a.sign_unanswered", count=13)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ConfirmScreen(app.context, question))
        await settle(pilot)
        text = app.screen.query_one(".dialog-text", Static)
        lines = [line.strip() for line in region_lines(app.screen, text.region)]
    assert "".join(lines).startswith("この監査には未回答の項目が13件あります。"), lines
    assert not any(line.endswith("13") for line in lines), lines


async def test_the_missing_text_error_goes_once_text_is_typed(world: World) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(MeasureEntryScreen(app.context, date(2025, 6, 2)))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = app.screen.query_one("#entry-error", Label)
        assert "内容を入力してください" in str(error.render())
        app.screen.query_one("#entry-text", TextArea).focus()
        await pilot.press(*"研修を実施した")
        await settle(pilot)
        assert str(error.render()).strip() == ""


async def test_undo_names_the_item_without_a_stray_period(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "1", "k", "u")
        notice = [n.message for n in app._notifications][-1]  # type: ignore[attr-defined]
    assert "No.1「" in notice and ": 1." not in notice, notice


async def test_the_summary_tells_not_applicable_from_skipped(world: World) -> None:
    """walk7 LOW: the summary showed 対象外 but not 該当なし (when 0): the two read as one."""
    from .drawn import screen_lines

    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_summary(world.session_ids["completed"])
        await settle(pilot)
        drawn = "\n".join(screen_lines(app.screen))
    assert "該当なし" in drawn and "対象外（条件による）" in drawn, drawn
