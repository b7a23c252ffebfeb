"""walk10: what the walk9 tester still found at 80x24 (Ctrl+C, forms, deadlines, the
operator's self-check, the small things)."""

from __future__ import annotations

from .conftest import World, settle

SIZE = (80, 24)


def _toasts(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{n.title}|{n.message}" for n in app._notifications]


async def test_ctrl_c_says_in_japanese_which_key_quits_without_markup(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        shown = _toasts(app)
        assert shown == ["終了しますか？|終了するには Ctrl+Q を押してください。"]
        assert app.return_code is None


async def test_ctrl_c_in_english(world: World) -> None:
    app = world.app("en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert _toasts(app) == ["Do you want to quit?|Press Ctrl+Q to quit."]
