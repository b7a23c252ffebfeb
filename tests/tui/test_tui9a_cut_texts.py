"""Nothing cut at 80 columns in the lists (walk8 M3, M9): rows whose texts differ never read
the same once cut, and the selected row's whole text is under the table. Home's 点検票
column, the findings list, the hearing table (集計表); the English hearing title."""

from __future__ import annotations

from datetime import date

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist
from inspector.domain.findings import FindingDraft, FindingKind
from inspector.domain.model import Role, SessionKind
from inspector.tui.app import InspectorApp
from inspector.tui.screens.findings import FindingsScreen
from inspector.tui.screens.hearing import HearingScreen
from inspector.tui.widgets.fitted_table import FittedTable
from inspector.tui.wrapping import distinct_fits
from tests.tui.drawn import region_lines

from .conftest import ACTOR, SAMPLE, TODAY, World, settle
from .test_hearing import hear_everyone, hearing_catalog  # noqa: F401 (a fixture)

DEPARTMENT = "住民基本台帳ネットワークシステム セキュリティ対策自己点検票（所属用）"
OPERATOR = "住民基本台帳ネットワークシステム セキュリティ対策自己点検票（操作者用）"
DEPARTMENT_EN = "Resident Registry Network (Juki-net) security self-check (terminal site)"
OPERATOR_EN = "Resident Registry Network (Juki-net) security self-check (operator)"
# the demo's two layout findings, with a longer common head: the test's columns leave the
# title more room than the demo's (whose rows read サーバ室レイア… twice)
PEOPLE = "サーバ室レイアウト（本庁舎地下一階 電算室）: 人・プリンタとサーバの分離"
TIDY = "サーバ室レイアウト（本庁舎地下一階 電算室）: サーバ区域の整理整頓"


def drawn(app: InspectorApp, selector: str) -> list[str]:
    """The lines of a widget as drawn at this terminal size."""
    return region_lines(app.screen, app.screen.query_one(selector).region)


def cells_of(app: InspectorApp, selector: str, column: int) -> list[str]:
    """The text of one column of a drawn table, by the drawn header's column starts."""
    table = app.screen.query_one(selector, DataTable)
    start = sum(c.get_render_width(table) for c in list(table.columns.values())[:column])
    width = list(table.columns.values())[column].get_render_width(table)
    lines = drawn(app, selector)[1 : 1 + table.row_count]
    return [_cells(line, start, width).strip() for line in lines]


def _cells(line: str, start: int, width: int) -> str:
    """The characters of `line` drawn in cells start..start+width."""
    out, used = [], 0
    for char in line:
        if start <= used < start + width:
            out.append(char)
        used += cell_len(char)
    return "".join(out)


# -- the rule ---------------------------------------------------------------------------------


def test_texts_cut_the_same_are_told_apart() -> None:
    texts = [DEPARTMENT, OPERATOR, DEPARTMENT, "ID・パスワードの利用に関する聴き取り調査票"]
    for width in (12, 16, 20, 30):
        shown = distinct_fits(texts, width)
        assert all(cell_len(text) <= width for text in shown)
        assert shown[0] != shown[1]  # two checklists
        assert shown[0] == shown[2]  # the same checklist twice
    assert distinct_fits(texts, 16)[:2] == ["住…（所属用）", "住…（操作者用）"]
    assert distinct_fits([DEPARTMENT_EN, OPERATOR_EN], 20) == [
        "Resi…(terminal site)",
        "Resi…(operator)",
    ]
    # a text that is not cut, or cut to no other's cell, is cut as before (at its end)
    assert distinct_fits(["サーバ室の管理状況点検票", "短い"], 16) == ["サーバ室の管理…", "短い"]


# -- home -----------------------------------------------------------------------------------


def juki_app(world: World, lang: str) -> InspectorApp:
    """Two self-checks of two checklists whose titles differ only at their ends."""
    checklists = []
    for checklist_id, ja, en in (
        ("juki-department", DEPARTMENT, DEPARTMENT_EN),
        ("juki-operator", OPERATOR, OPERATOR_EN),
    ):
        checklists.append(
            Checklist.model_validate({**SAMPLE, "id": checklist_id, "title": {"ja": ja, "en": en}})
        )
    for checklist, person in zip(checklists, ("A001", "A002"), strict=True):
        world.repo.start_session(
            checklist,
            world.org_ids["110"],
            role=Role.HEAD,
            kind=SessionKind.SELF_CHECK,
            respondent_id=world.person_ids[person],
            session_date=date(2025, 6, 1),
        )
    context = world.new_context(lang)
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist, *checklists])
    return InspectorApp(context, today=TODAY)


@pytest.mark.parametrize(
    ("lang", "whole"), [("ja", DEPARTMENT), ("en", DEPARTMENT_EN)], ids=["ja", "en"]
)
async def test_home_two_checklists_two_cells(world: World, lang: str, whole: str) -> None:
    """At 80x24 the 点検票 cells of the two checklists differ (they both read 住民基本台帳ネ…
    before), and the selected row's whole title is under the table."""
    app = juki_app(world, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = cells_of(app, "#sessions", 2)
        juki = [title for title in titles if title.startswith(("住", "Re"))]
        assert len(juki) == 2, titles
        assert juki[0] != juki[1], titles
        assert {"（所属用）" in t or "(terminal" in t for t in juki} == {True, False}
        table = app.screen.query_one("#sessions", FittedTable)
        rows = {title: index for index, title in enumerate(titles)}
        # the cursor on each juki row in turn: its whole title under the table
        for shown, expected in zip(
            juki,
            (whole, OPERATOR) if "所属" in juki[0] or "terminal" in juki[0] else (OPERATOR, whole),
            strict=True,
        ):
            table.move_cursor(row=rows[shown])
            await settle(pilot)
            detail = " ".join(line.strip() for line in drawn(app, "#home-detail"))
            if lang == "en" and expected == OPERATOR:
                expected = OPERATOR_EN
            assert expected.replace(" ", "") in detail.replace(" ", ""), detail


# -- findings -------------------------------------------------------------------------------


def two_layout_findings(world: World) -> None:
    session = world.repo.session(world.session_ids["completed"])
    for title in (PEOPLE, TIDY):
        draft = FindingDraft(
            kind=FindingKind.FINDING,
            title=title,
            text="配置図の記録による。",
            organization_id=session.organization_id,
            session_id=session.id,
            items=(),
            requested_measure="改善すること。",
        )
        world.context.findings.add_finding(draft, ACTOR)


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_findings_titles_differ_and_the_whole_title_is_under(world: World, lang: str) -> None:
    """Two findings サーバ室レイアウト: … read サーバ室レイア… (サーバ室… in English) twice
    before; now their cells differ and the selected one's title is whole under the table."""
    two_layout_findings(world)
    app = world.app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(FindingsScreen(app.context, world.session_ids["completed"]))
        await settle(pilot)
        titles = cells_of(app, "#findings-table", 1)
        assert len(titles) == 2 and titles[0] != titles[1], titles
        assert "人" in titles[0] and "サーバ区" in titles[1], titles
        for row, whole in enumerate((PEOPLE, TIDY)):
            app.screen.query_one(FittedTable).move_cursor(row=row)
            await settle(pilot)
            detail = "".join(line.strip() for line in drawn(app, "#findings-detail"))
            assert whole.replace(" ", "") in detail.replace(" ", ""), detail


# -- the hearing table ------------------------------------------------------------------------


async def test_hearing_questions_read_apart_at_80(
    world: World,
    hearing_catalog: ChecklistCatalog,  # noqa: F811
) -> None:
    """問1 and 問3 (and 問2 and 問4) read the same once cut (他者のID・パス⋯); each is named by
    its section now, the four unions of questions in a row as 問1〜問4; the selected
    question is whole under the table."""
    hear_everyone(world, hearing_catalog)
    context = world.new_context()
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist, *hearing_catalog])
    app = InspectorApp(context, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HearingScreen(app.context, world.org_ids["110"]))
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        labels = [_cells(line, 0, 22).strip() for line in drawn(app, "#hearing-tally")[2:9]]
        texts = [label.split(" ", 1)[1] for label in labels]
        assert len(set(texts)) == len(texts), labels
        assert labels[0].startswith("問1 ") and labels[2].startswith("問3 ")
        assert labels[-1].startswith("問1〜問4 "), labels
        await pilot.press("down")  # 問1
        await settle(pilot)
        detail = "".join(line.strip() for line in drawn(app, "#hearing-tally-detail"))
        assert "他者のID・パスワードを使ってログインし、検索・承認・決裁などの" in detail


async def test_hearing_title_in_english_has_ascii_brackets(
    world: World,
    hearing_catalog: ChecklistCatalog,  # noqa: F811
) -> None:
    """`--lang en`: 市民課 (110), not 市民課（110） (walk8 M9)."""
    context = world.new_context("en")
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist, *hearing_catalog])
    app = InspectorApp(context, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HearingScreen(app.context, world.org_ids["110"]))
        await settle(pilot)
        assert drawn(app, "#hearing-title")[0].strip() == "ID/password hearing — 市民課 (110)"
