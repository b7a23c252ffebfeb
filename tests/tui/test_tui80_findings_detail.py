"""tui80: the line under the findings list gives the cursor's row's cut texts whole at 80x24,
in Japanese and English: a long title and the requested deadline's rule
(「期限 計画なし（求める期限 既定：通知の日から回答期限の日数）」) ran past the two lines
and were cut. Each text starts a line and is not broken inside when it fits; the view keeps
its height as the cursor moves. Read from what is drawn."""

from __future__ import annotations

import pytest

from inspector.tui.widgets.fitted_table import FittedTable

from .conftest import World, settle
from .drawn import region_lines
from .test_findings import add_finding, open_findings

LONG = (
    "サーバ室の入退室管理簿に記録のない入室があり、担当者の不在時に鍵の貸出しも記録されていなかった"
)


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_the_detail_is_whole_under_the_findings_list(world: World, lang: str) -> None:
    add_finding(world, title=LONG)
    add_finding(world)
    app = world.app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_findings(pilot, world)
        table = screen.query_one(FittedTable)
        detail = screen.query_one("#findings-detail")
        heights, seen = [], []
        for row in range(2):
            table.move_cursor(row=row)
            await settle(pilot)
            whole = table.cut_detail().plain
            parts = whole.split("   ")
            drawn = [line.strip() for line in region_lines(screen, detail.region)]
            heights.append(detail.region.height)
            seen.append("".join(drawn))
            # every cell of the text is on screen, in order
            assert "".join(drawn).replace(" ", "") == whole.replace(" ", ""), (whole, drawn)
            deadline = parts[-1]
            assert deadline.startswith(("期限", "Deadline")), parts
            # the deadline's text is one line of its own, not broken inside
            assert deadline in drawn, (deadline, drawn)
        assert any(LONG in text for text in seen), seen
        assert heights[0] == heights[1] >= 3
