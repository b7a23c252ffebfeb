"""What the home screen does not do again before its first frame (issue 17, start-up): its
footer mounts its keys again only when the keys it shows change (Textual's footer mounted
and styled them three times, once per announcement of the screen's bindings), and the
screen is made with the class of its width (given at the first resize, it restyled every
widget)."""

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


async def test_home_is_made_with_the_class_of_its_width(world: World) -> None:
    """Given before it is mounted, the class the first resize would give: a class given
    after restyles every widget of the screen before the first frame."""
    for size, name in (((80, 24), "-narrow"), ((120, 30), "-wide")):
        app = world.app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            assert app.screen.has_class(name)
            assert app.get_default_screen().has_class(name)
