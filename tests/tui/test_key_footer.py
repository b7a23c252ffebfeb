"""The home screen's footer mounts its keys again only when the keys it shows change
(issue 17, start-up: Textual's footer mounted and styled them three times before the first
frame, once per announcement of the screen's bindings)."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from inspector.tui.screens.home import HomeScreen

from .conftest import World, settle


async def test_the_footer_keys_are_mounted_again_only_when_they_change(world: World) -> None:
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        keys = list(home.query(FooterKey))
        assert [key.key for key in keys] == ["enter", "n", "s", "v", "q", "question_mark"]
        assert not any(key.compact or key.has_class("-compact") for key in keys)

        # what Textual does at each change of focus: the same keys, the same widgets
        home.refresh_bindings()
        await settle(pilot)
        assert all(a is b for a, b in zip(home.query(FooterKey), keys, strict=True))

        # a self-check opened by `inspector selfcheck` starts nothing new: keys gone
        app.start_session_id = world.session_ids["open"]
        home.refresh_bindings()
        await settle(pilot)
        assert [key.key for key in home.query(FooterKey)] == ["enter", "v", "q", "question_mark"]
        app.start_session_id = None
        home.refresh_bindings()
        await settle(pilot)
        assert [key.key for key in home.query(FooterKey)] == [key.key for key in keys]
