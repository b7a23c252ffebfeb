"""Pilot tests of the ID/password hearing: roster progress, hearing a person in the runner,
classifying a case, picking the organization, the table of "yes" counts by staff type; and
opening the app on a given session."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import DataTable

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.hearing import HEARING_CHECKLIST_ID
from inspector.domain.model import PersonStatus, Role, SessionKind, StaffType
from inspector.resources import shipped_checklists_dir
from inspector.store.database import open_database
from inspector.store.repositories.consolidation import ConsolidationRepository
from inspector.store.repository import PersonInput
from inspector.tui.app import InspectorApp
from inspector.tui.screens.hearing import HearingScreen
from inspector.tui.screens.hearing_case import HearingCaseScreen
from inspector.tui.screens.home import HomeScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.widgets.session_table import SessionTable
from tests.tui.drawn import region_lines

from .conftest import TODAY, World, settle

SIZE = (120, 30)


@pytest.fixture(scope="module")
def hearing_catalog() -> ChecklistCatalog:
    shipped = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    return ChecklistCatalog([shipped.get(HEARING_CHECKLIST_ID)])


def make_app(world: World, catalog: ChecklistCatalog, **kw: object) -> InspectorApp:
    context = world.new_context()
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist, *catalog])
    return InspectorApp(context, today=TODAY, **kw)  # type: ignore[arg-type]


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def text(screen: HearingScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_hearing(pilot) -> HearingScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    # The newest session (the open self-check of 市民課) is selected on home.
    assert home.query_one(SessionTable).session_id is not None
    await press(pilot, "h")
    screen = pilot.app.screen
    assert isinstance(screen, HearingScreen)
    return screen


async def test_hearing_screen_shows_roster_progress(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_hearing(pilot)
        assert screen.organization_id == world.org_ids["110"]
        assert [r.person.staff_number for r in screen.rows] == ["A001", "A002"]
        assert "市民課" in text(screen, "#hearing-title")
        assert "聴取済 0 / 2 名" in text(screen, "#hearing-progress")
        table = screen.query_one("#hearing-table")
        assert table.get_row_at(1)[2] == "非常勤嘱託員"  # type: ignore[attr-defined]
        assert table.get_row_at(0)[3] == "未聴取"  # type: ignore[attr-defined]
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_enter_hears_the_person_and_progress_updates(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_hearing(pilot)
        await press(pilot, "enter")
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        session = world.repo.session(runner.session_id)
        assert session.checklist_id == HEARING_CHECKLIST_ID
        assert session.respondent_id == world.person_ids["A001"]
        assert (session.role, session.kind) == (Role.HEAD, SessionKind.SELF_CHECK)
        assert session.session_date == TODAY
        assert runner.current_item_id == "q1"
        await press(pilot, "n")  # q1 no
        assert runner.current_item_id == "q2"
        await press(pilot, "y")  # q2 yes: the follow-ups of q2 come next
        assert world.values(session.id) == {"q1": "no", "q2": "yes"}
        await press(pilot, "escape")
        assert app.screen is screen
        assert "聴取中 1" in text(screen, "#hearing-progress")
        assert "該当あり 1 名" in text(screen, "#hearing-progress")
        row = screen.query_one("#hearing-table").get_row_at(0)  # type: ignore[attr-defined]
        assert row[3] == "聴取中" and row[4] == "②" and row[5] == "要分類"
        # Enter again resumes the same session.
        await press(pilot, "enter")
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.session_id == session.id
        await press(pilot, "escape")
        assert len(world.repo.sessions(checklist_id=HEARING_CHECKLIST_ID)) == 1


async def test_classify_a_case_with_k(world: World, hearing_catalog: ChecklistCatalog) -> None:
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_hearing(pilot)
        await press(pilot, "down", "k")  # 佐藤 has not answered: not a case
        assert app.screen is screen
        await press(pilot, "up", "enter", "n", "n", "n", "y", "escape")  # A001: q4 yes
        assert app.screen is screen
        await press(pilot, "k")
        assert isinstance(app.screen, HearingCaseScreen)
        await press(pilot, "down", "down", "down", "down", "down")  # ケース6: detailed by default
        await press(pilot, "enter")
        await pilot.press(*"multiple")
        await press(pilot, "enter")
        assert app.screen is screen
        session_id = screen.rows[0].session_id
        assert session_id is not None
        current = world.context.hearing.current()[session_id]
        assert (current.case_id, current.detailed_hearing, current.note) == (
            "case6",
            True,
            "multiple",
        )
        assert current.classified_by == "tester"
        row = screen.query_one("#hearing-table").get_row_at(0)  # type: ignore[attr-defined]
        assert row[4] == "④" and row[5] == "ケース6" and row[6] == "要"
        assert "ケース6 1 件（100.0%）" in text(screen, "#hearing-cases")
        assert "詳細ヒアリング 1" in text(screen, "#hearing-progress")
        # Reclassify as ケース5 without the flag: the history keeps both.
        await press(pilot, "k")
        assert isinstance(app.screen, HearingCaseScreen)
        await press(pilot, "up", "ctrl+t", "ctrl+s")
        current = world.context.hearing.current()[session_id]
        assert (current.case_id, current.detailed_hearing, current.note) == (
            "case5",
            False,
            "multiple",
        )
        assert [c.case_id for c in world.context.hearing.history(session_id)] == [
            "case6",
            "case5",
        ]
        assert "ケース5 1 件（100.0%）" in text(screen, "#hearing-cases")


async def test_pick_the_organization_by_typing(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(HearingScreen(app.context, None))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HearingScreen) and screen.picking
        await pilot.press(*"情報")
        await press(pilot, "enter")
        assert screen.organization_id == world.org_ids["210"]
        assert [r.person.staff_number for r in screen.rows] == ["B001"]
        assert "聴取済 0 / 1 名" in text(screen, "#hearing-progress")
        await press(pilot, "o")
        assert screen.picking
        await press(pilot, "escape")  # back to the roster shown before
        assert not screen.picking and app.screen is screen
        assert "聴取済 0 / 1 名" in text(screen, "#hearing-progress")


async def test_app_opens_on_a_given_session(world: World, empty_session: int) -> None:
    app = InspectorApp(world.new_context(), today=TODAY, session_id=empty_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.session_id == empty_session
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        # `inspector selfcheck`: home lists only this self-check's organization and
        # checklist (no colleague's session), and starts nothing else
        own = world.repo.session(empty_session)
        shown = list(app.screen.query_one(SessionTable).summaries.values())
        assert empty_session in {s.session.id for s in shown}
        assert {(s.session.organization_id, s.session.checklist_id) for s in shown} == {
            (own.organization_id, own.checklist_id)
        }
        assert len(shown) < len(world.repo.sessions())  # colleagues' sessions are left out
        await press(pilot, "n")
        assert isinstance(app.screen, HomeScreen)
        await press(pilot, "c")
        assert isinstance(app.screen, HomeScreen)
        names = {c.name for c in app.palette_commands(app.screen)}
        assert "session: start" not in names and "consolidation: open" not in names


async def test_home_self_check_of_the_head_records_role_and_respondent(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    """The self-check path from home (`s`): organization, checklist, role (head by default
    for an organization checklist), then the person answering; all are recorded."""
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        await pilot.press(*"市民課")
        await press(pilot, "enter")
        await pilot.press(*"試験")  # the sample (organization) checklist
        await press(pilot, "enter")
        await press(pilot, "enter")  # role: head, the default for an organization checklist
        await press(pilot, "enter")  # 山田 花子 (A001)
        assert isinstance(app.screen, RunnerScreen)
        session = world.repo.session(app.screen.session_id)
        assert session.checklist_id == world.checklist.id
        assert (session.role, session.kind) == (Role.HEAD, SessionKind.SELF_CHECK)
        assert session.respondent_id == world.person_ids["A001"]
        assert session.organization_id == world.org_ids["110"]


def drawn(app, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines of the widget as drawn on the screen (a double-width character once)."""
    region = app.screen.query_one(selector).region
    return [line.strip() for line in region_lines(app.screen, region)]


async def test_header_is_whole_at_80_columns(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    """At 80x24 the title and both halves of the progress show whole, on two lines; at
    120 columns the progress fits on one."""
    heard = "聴取済 0 / 2 名（聴取中 0・未聴取 2）"
    cases = "該当あり 0 名（分類済 0・未分類 0・詳細ヒアリング 0）"
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_hearing(pilot)
        assert drawn(app, "#hearing-title") == ["ID・パスワードの聴き取り — 市民課（110）"]
        assert drawn(app, "#hearing-progress") == [heard, cases]
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert drawn(app, "#hearing-progress") == [heard + "　" + cases]
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert drawn(app, "#hearing-progress") == [heard, cases]


def test_wrap_parts_breaks_between_parts() -> None:
    from inspector.tui.text import wrap_parts

    parts = ["ケース1 1 件（50.0%）", "ケース2 1 件（50.0%）", "ケース3 0 件（0.0%）"]
    assert wrap_parts(parts, "、", 80) == "、".join(parts)
    assert wrap_parts(parts, "、", 44) == (
        "ケース1 1 件（50.0%）、ケース2 1 件（50.0%）、\nケース3 0 件（0.0%）"
    )
    assert wrap_parts(["a b", "c d"], "   ", 6) == "a b\nc d"  # no trailing spaces


# -- the table of "yes" counts by staff type (000) -------------------------------------------

#: The hearings of the table's test: (staff number, organization, staff type, yes to, completed).
HEARD = [
    ("A001", "110", StaffType.REGULAR, ("q2", "q4"), True),
    ("A002", "110", StaffType.PART_TIME, ("q1", "q2"), True),
    ("A003", "110", StaffType.TEMPORARY, ("q4",), True),
    ("A004", "110", StaffType.DISPATCHED, (), True),
    ("A005", "110", StaffType.REGULAR, ("q2",), False),  # being heard: not counted yet
    ("B001", "210", StaffType.REGULAR, ("q2", "q3"), True),
]


def hear_everyone(world: World, catalog: ChecklistCatalog) -> None:
    """The hearings of HEARD, as the head records them (role head, the person as
    respondent), each question answered yes or no; a hearing not completed stops after
    its first "yes"."""
    checklist = catalog.get(HEARING_CHECKLIST_ID)
    known = set(world.person_ids)
    world.repo.upsert_people(
        [
            PersonInput(number, f"職員 {number}", org, staff, PersonStatus.ACTIVE)
            for number, org, staff, _yes, _done in HEARD
            if number not in known
        ]
    )
    people = {p.staff_number: p.id for p in world.repo.people()}
    hearing = world.context.hearing
    for number, org, _staff, yes, done in HEARD:
        session = hearing.start_or_resume(
            checklist, world.org_ids[org], people[number], session_date=TODAY
        ).session
        for question in ("q1", "q2", "q3", "q4") if done else yes:
            value = "yes" if question in yes else "no"
            world.repo.save_answer(
                session.id, question, lambda old, v=value: replace(old, value=v), "tester"
            )
        if done:
            world.repo.complete_session(session.id, "tester")


def tally_row(screen: HearingScreen, key: str) -> list[str]:
    """The counts of one row of the table: 職員, 非常勤嘱託員, 臨時的任用職員, 派遣労働者, 合計."""
    table = screen.query_one("#hearing-tally", DataTable)
    return [str(c).strip() for c in table.get_row(key)][1:6]


async def test_tally_counts_yes_by_staff_type(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    """`t` shows the people who answered yes, by question and staff type, with the totals and
    the unions counted once (000: ② 115 + ④ 33 − both 15 = 133); `a` counts every
    organization. Only completed hearings count, as in `inspector consolidate`."""
    hear_everyone(world, hearing_catalog)
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_hearing(pilot)
        assert screen.organization_id == world.org_ids["110"]
        await press(pilot, "t")
        assert screen.tally_shown
        assert not screen.query_one("#hearing-table").display
        assert "市民課（110）" in text(screen, "#hearing-progress")
        assert "集計対象 4 名・未完了 1 名" in text(screen, "#hearing-progress")
        assert tally_row(screen, "\tpopulation") == ["1", "1", "1", "1", "4"]
        assert tally_row(screen, "q1") == ["0", "1", "0", "0", "1"]
        assert tally_row(screen, "q2") == ["1", "1", "0", "0", "2"]
        assert tally_row(screen, "q3") == ["0", "0", "0", "0", "0"]
        assert tally_row(screen, "q4") == ["1", "0", "1", "0", "2"]
        assert tally_row(screen, "union:let-another-act") == ["1", "1", "1", "0", "3"]
        assert tally_row(screen, "union:acted-as-another") == ["0", "1", "0", "0", "1"]
        assert tally_row(screen, "union:any") == ["1", "1", "1", "0", "3"]
        # The line under the table spells out the highlighted union.
        await press(pilot, *["down"] * 5)
        detail = text(screen, "#hearing-tally-detail")
        assert "②又は④" in detail
        assert "② 2 名 + ④ 2 名 - 両方 1 名 = 3 名（集計対象 4 名の 75.0%）" in detail
        assert drawn(app, "#hearing-tally")[0].split()[1:] == [
            "職員",
            "非常勤嘱託員",
            "臨時的任用職員",
            "派遣労働者",
            "合計",
        ]
        # Every organization: 情報政策課's 鈴木 (regular: ② and ③) is added.
        await press(pilot, "a")
        assert "全所属" in text(screen, "#hearing-progress")
        assert tally_row(screen, "\tpopulation") == ["2", "1", "1", "1", "5"]
        assert tally_row(screen, "q2") == ["2", "1", "0", "0", "3"]
        assert tally_row(screen, "q3") == ["1", "0", "0", "0", "1"]
        assert tally_row(screen, "union:let-another-act") == ["2", "1", "1", "0", "4"]
        assert tally_row(screen, "union:acted-as-another") == ["1", "1", "0", "0", "2"]
        detail = text(screen, "#hearing-tally-detail")
        assert "② 3 名 + ④ 2 名 - 両方 1 名 = 4 名（集計対象 5 名の 80.0%）" in detail
        # Back to the roster, where 鈴木 is not (another organization).
        await press(pilot, "escape")
        assert not screen.tally_shown and screen.query_one("#hearing-table").display
        assert app.screen is screen
        assert "聴取済 4 / 5 名（聴取中 1" in text(screen, "#hearing-progress")


async def test_tally_is_the_cli_consolidation_and_widens(
    world: World, hearing_catalog: ChecklistCatalog
) -> None:
    """The table shows the numbers of `inspector consolidate --by staff_type
    --organization 110`, in English too; at 120 columns the rate column appears and the
    question text takes the room."""
    hear_everyone(world, hearing_catalog)
    engine = open_database("sqlite:///" + str(world.path))
    expected = ConsolidationRepository(engine).consolidate(
        hearing_catalog.get(HEARING_CHECKLIST_ID), ("110",), by="staff_type"
    )
    engine.dispose()
    assert expected.groups is not None
    context = world.new_context("en")
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist, *hearing_catalog])
    app = InspectorApp(context, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HearingScreen(app.context, world.org_ids["110"]))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HearingScreen)
        await press(pilot, "t")
        for union in ("let-another-act", "acted-as-another", "any"):
            assert tally_row(screen, f"union:{union}") == [
                *(str(expected.groups[g].unions[union]) for g in expected.groups),
                str(expected.unions[union]),
            ]
        header = drawn(app, "#hearing-tally")[0]
        assert "regular" in header and "dispatched" in header and "rate" not in header
        table = screen.query_one("#hearing-tally", DataTable)
        width_80 = screen.query_one("#hearing-tally").widths["row"]  # type: ignore[attr-defined]
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        header = drawn(app, "#hearing-tally")[0]
        assert header.split()[-1] == "rate"
        assert screen.query_one("#hearing-tally").widths["row"] > width_80  # type: ignore[attr-defined]
        assert [str(c).strip() for c in table.get_row("union:let-another-act")][-1] == "75.0%"
        assert tally_row(screen, "q4") == ["1", "0", "1", "0", "2"]
