"""Names holding terminal escapes are shown written out on the home screen, never sent raw
(issue 11, point 9): `tui.text.shown`, through `fit`/`pad` and the tables' cells."""

from __future__ import annotations

from rich.text import Text

from inspector.store.repository import OrganizationInput, PersonInput
from inspector.tui.text import fit, pad, shown
from inspector.tui.widgets.fitted_table import _shown_cell
from inspector.tui.widgets.session_table import SessionTable

from .conftest import World, settle
from .drawn import frame_output, screen_lines

EVIL_ORG = "悪\x1b[2J\x1b[31m課\x07"
EVIL_PERSON = "鈴木\x1b]0;pwned\x07"


def test_text_helpers_write_controls_out() -> None:
    assert shown("a\x1b[2Jb\x07\n") == "a\\x1b[2Jb\\x07\\x0a"
    assert fit("悪\x1b[2J課", 40) == "悪\\x1b[2J課"
    assert "\x1b" not in pad("\x1b]0;x\x07", 6)
    cell = _shown_cell(Text("x\x1b[31my", style="bold"))
    assert (cell.plain, str(cell.style)) == ("x\\x1b[31my", "bold")


async def test_home_shows_an_escape_laden_name_written_out(world: World) -> None:
    world.repo.upsert_organizations([OrganizationInput("210", EVIL_ORG)])
    # a self-check shows its respondent (an audit shows its inspector)
    world.repo.upsert_people([PersonInput("A001", EVIL_PERSON, "110")])
    app = world.app()
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(SessionTable)
        cells = [cell.plain for row in range(table.row_count) for cell in table.get_row_at(row)]
        assert any("悪\\x1b[2J\\x1b[31m課\\x07" in cell for cell in cells), cells
        assert any(cell.startswith("鈴木\\x1b]0;") for cell in cells), cells  # cut at 16
        assert not any(ch < " " for cell in cells for ch in cell)
        # what would go to the terminal: the screen's text, and the escape sequences of
        # the whole frame (Textual's own styling aside, none of the data's)
        screen_text = "".join(screen_lines(app.screen))
        assert not any(ch < " " or ch == "\x7f" for ch in screen_text)
        frame = frame_output(app.screen, app.console)
        for raw in ("\x1b[2J", "\x1b]0;", "\x07"):
            assert raw not in frame
