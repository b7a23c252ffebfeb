"""The item an answer moves to is rendered before the key (`RunnerScreen._prepare_next`,
after the frame that shows the current item), so the answer itself, from the key to the next
item in the widgets, renders no item text: what a person waits for is the durable commit and
the widgets' update only (latency9b: moving this rendering into the answer, beside the
commit, made the answer slower)."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.widgets.item_detail import ItemDetail

from .conftest import World
from .test_runner import SIZE, current, open_runner, press


def _count_renders(
    runner: RunnerScreen, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], list[str]]:
    """(renders inside an answer's save, renders outside it), each as the first line rendered."""
    inside: list[str] = []
    outside: list[str] = []
    answering = [False]
    real_lines = ItemDetail._lines_of

    def lines_of(self: ItemDetail, body: Any, width: int) -> Any:
        lines = real_lines(self, body, width)
        (inside if answering[0] else outside).append(lines[0].text if lines else "")
        return lines

    real_save = runner._save

    def save(*args: Any, **kwargs: Any) -> None:
        answering[0] = True
        try:
            real_save(*args, **kwargs)
        finally:
            answering[0] = False

    monkeypatch.setattr(ItemDetail, "_lines_of", lines_of)
    monkeypatch.setattr(runner, "_save", save)
    return inside, outside


async def test_an_answer_shows_the_next_item_without_rendering_it(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1")  # c-01 -> c-02; c-02's successor rendered after the frame
        inside, outside = _count_renders(runner, monkeypatch)
        await press(pilot, "2")
        assert current(runner) == "h-01"
        assert inside == []  # h-01 was shown as rendered before the key
        assert outside  # the item after h-01, rendered after the frame
        detail = runner.query_one(ItemDetail)
        fresh = detail._lines_of(detail._body, detail.scrollable_content_region.width)
        assert detail.lines == [strip.text for strip in fresh]  # what is shown is h-01's now


async def test_without_the_preparation_the_answer_renders_the_next_item(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counter above sees a render inside the answer when there is one."""
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        monkeypatch.setattr(runner, "_prepare_next", lambda: None)
        await press(pilot, "1")
        inside, _outside = _count_renders(runner, monkeypatch)
        await press(pilot, "2")
        assert current(runner) == "h-01"
        assert len(inside) == 1
