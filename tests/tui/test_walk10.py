"""walk10: what the walk9 tester still found at 80x24 (Ctrl+C, forms, deadlines, the
operator's self-check, the small things)."""

from __future__ import annotations

from .conftest import World, settle
from .test_hearing import hearing_catalog  # noqa: F401  (a fixture)

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


# -- M1: forms at 80x24 ---------------------------------------------------------------------


def _shade(widget) -> object:  # type: ignore[no-untyped-def]
    """The background the field is drawn with (a Select's: its current value's line)."""
    from textual.widgets import Select

    if isinstance(widget, Select):
        widget = widget.query_one("SelectCurrent")
    return widget.rich_style.bgcolor


def _saved_finding(world: World):  # type: ignore[no-untyped-def]
    from inspector.domain.findings import FindingDraft, FindingKind

    session_id = world.session_ids["completed"]
    draft = FindingDraft(
        kind=FindingKind.FINDING,
        title="パスワード管理",
        text="本文",
        organization_id=world.repo.session(session_id).organization_id,
        session_id=session_id,
        items=("c-02",),
    )
    return world.context.findings.add_finding(draft, "tester")


async def test_finding_form_marks_and_shows_each_field_tab_reaches(world: World) -> None:
    from inspector.tui.screens.finding_edit import FindingEditScreen

    finding = _saved_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FindingEditScreen.for_finding(world.context, finding))
        await settle(pilot)
        form = app.screen
        fields = ["finding-kind", "finding-title", "finding-text", "finding-measure"]
        fields.append("finding-deadline")
        hint = form.query(".dialog-hint").last()
        seen = []
        for _ in range(len(fields)):
            await pilot.press("tab")
            await settle(pilot)
            field = app.focused
            assert field is not None
            seen.append(field.id)
            # a field, never the dialog's scroll (a Tab that showed nothing)
            assert field.id in fields, field.id
            # in view, above the docked hint
            region = field.region
            assert region.height > 0 and region.y >= 0
            assert region.bottom <= hint.region.y, (field.id, region, hint.region)
        assert set(seen) == set(fields)


async def test_every_focused_field_has_its_own_shade(world: World) -> None:
    from inspector.tui.screens.finding_edit import FindingEditScreen

    finding = _saved_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FindingEditScreen.for_finding(world.context, finding))
        await settle(pilot)
        form = app.screen
        for name in ["finding-kind", "finding-title", "finding-deadline"]:
            field = form.query_one(f"#{name}")
            form.query_one("#finding-measure").focus()
            await settle(pilot)
            before = _shade(field)
            field.focus()
            await settle(pilot)
            after = _shade(field)
            # plainly different at a glance (a 5 % tint or #1e1e1e -> #272727 was not)
            distance = sum(abs(a - b) for a, b in zip(after.triplet, before.triplet, strict=True))
            assert distance > 60, (name, before, after)


async def test_backup_form_fields_are_boxes_and_the_focused_one_is_marked(world: World) -> None:
    from textual.widgets import Input

    from inspector.tui.screens.backup_register import BackupRegisterScreen
    from inspector.tui.screens.storage_entry import StorageEntryScreen

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(
            BackupRegisterScreen(app.context, world.org_ids["210"], world.session_ids["completed"])
        )
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, StorageEntryScreen)
        dialog_shade = form.query_one(".dialog").rich_style.bgcolor
        fields = list(form.query(Input))
        assert len(fields) >= 3
        for field in fields[:3]:
            fields[-1].focus() if field is not fields[-1] else fields[0].focus()
            await settle(pilot)
            before = _shade(field)
            assert before != dialog_shade  # a box, not a bare line
            field.focus()
            await settle(pilot)
            after = _shade(field)
            distance = sum(abs(a - b) for a, b in zip(after.triplet, before.triplet, strict=True))
            assert distance > 60, (field.id, before, after)


async def test_saving_an_unchanged_finding_does_not_say_updated(world: World) -> None:
    from inspector.tui.screens.finding_edit import FindingEditScreen

    finding = _saved_finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(FindingEditScreen.for_finding(world.context, finding))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FindingEditScreen)
        messages = [n.message for n in app._notifications]
        assert messages == ["変更はありません（指摘は保存済みのままです）。"]
        assert [c[0] for c in world.context.findings.finding_changes(finding.id)] == ["create"]


# -- M2: the requested deadline in the findings list ----------------------------------------


async def test_findings_list_shows_the_requested_deadline_of_the_cursor_row(
    world: World,
) -> None:
    from datetime import date

    from .drawn import screen_lines
    from .test_findings import add_finding, open_findings

    add_finding(world, title="入退室管理簿", requested_deadline=date(2027, 3, 31))
    add_finding(world, title="鍵の管理")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        findings = await open_findings(pilot, world)
        detail = findings.query_one("#findings-detail")
        table = findings.query_one("#findings-table")
        shown = {}
        for row in range(2):
            table.move_cursor(row=row)
            await settle(pilot)
            shown[row] = " ".join(screen_lines(app.screen))
        texts = " | ".join(shown.values())
        assert "求める期限 令和9年3月31日" in texts
        assert "求める期限 既定：通知の日から回答期限の日数" in texts
        assert "求める期限" in str(detail.text)


# -- M6: the operator's self-check; L5: a completed session's footer --------------------------


def _footer(screen) -> str:  # type: ignore[no-untyped-def]
    """The footer as drawn (the terminal's last line)."""
    from .drawn import screen_lines

    return screen_lines(screen)[-1]


async def _runner(pilot, session_id: int):  # type: ignore[no-untyped-def]
    from inspector.tui.screens.runner import RunnerScreen

    await settle(pilot)
    pilot.app.open_runner(session_id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, RunnerScreen)
    return pilot.app.screen


async def test_self_check_shows_no_auditor_guidance_and_no_finding_key(world: World) -> None:
    from inspector.tui.screens.finding_edit import FindingEditScreen
    from inspector.tui.widgets.item_detail import ItemDetail
    from inspector.tui.widgets.item_list import ItemList

    from .drawn import screen_lines

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot, world.session_ids["open"])  # a self-check
        runner.query_one(ItemList).show_item("c-01")
        await settle(pilot)
        shown = "".join(screen_lines(runner)).replace(" ", "")
        assert "管理体制表" in shown  # 証跡の例 stays
        assert "体制表を見せてもらい" not in shown
        assert "指摘" not in _footer(runner) and "遵守" in _footer(runner)
        runner.query_one(ItemList).show_item("c-02")  # noncompliant
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert not isinstance(app.screen, FindingEditScreen)
        assert runner.query_one(ItemDetail) is not None


async def test_an_inspection_still_shows_the_guidance(world: World, empty_visit: int) -> None:
    from inspector.tui.widgets.item_list import ItemList

    from .drawn import screen_lines

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot, empty_visit)
        runner.query_one(ItemList).show_item("c-01")
        await settle(pilot)
        shown = "".join(screen_lines(runner)).replace(" ", "")
        assert "体制表を見せてもらい" in shown
        assert "f 指摘" in _footer(runner)


async def test_a_completed_session_footer_offers_no_answer_keys(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot, world.session_ids["completed"])
        footer = _footer(runner)
        for key in ("1 遵守", "2 不遵守", "r ", "u ", "g "):
            assert key not in footer, footer
        assert "f 指摘" in footer  # a finding can still be written from a completed visit


async def test_operator_checklist_offers_only_the_operator_role(world: World) -> None:
    from inspector.domain.checklist import Unit
    from inspector.tui.screens.new_session import NewSessionScreen

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewSessionScreen)
        organization_wide = [e.key for e in screen._entries("role")]
        screen.choices.checklist = world.checklist.model_copy(update={"unit": Unit.RESPONDENT})
        person_by_person = [e.key for e in screen._entries("role")]
        assert organization_wide == ["head", "operator"]
        assert person_by_person == ["operator"]


async def test_english_runner_footer_keeps_undo_at_80_columns(
    world: World, empty_visit: int
) -> None:
    app = world.app("en")
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot, empty_visit)
        footer = _footer(runner)
        assert footer.startswith("? help 1 compliant 2 noncompliant")
        assert "u undo" in footer, footer


async def test_runner_help_explains_the_plus_mark(world: World, empty_visit: int) -> None:
    from inspector.tui.screens.help import HelpScreen

    from .drawn import screen_lines

    app = world.app("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await _runner(pilot, empty_visit)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("end")
        await settle(pilot)
        shown = "\n".join(screen_lines(app.screen))
        assert "+ before a number: reasons, a note or evidence" in shown


async def test_summary_picker_marks_the_item_that_has_a_finding(
    world: World, empty_visit: int
) -> None:
    from dataclasses import replace

    from textual.widgets import OptionList

    from inspector.tui.screens.finding_edit import ItemPickScreen

    from .test_findings import add_finding

    # a visit: a self-check's summary offers no `f` (tui11)
    for item_id in ("c-01", "c-02"):
        world.repo.save_answer(
            empty_visit, item_id, lambda o: replace(o, value="noncompliant"), "tester"
        )
    session = world.repo.session(empty_visit)
    world.session_ids["empty"] = empty_visit
    add_finding(world, "empty", items=("c-02",))
    assert session is not None
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_summary(empty_visit)
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        pick = app.screen
        assert isinstance(pick, ItemPickScreen)
        options = pick.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "［指摘あり］" not in labels[0]
        assert labels[1].startswith("2. ［指摘あり］"), labels


async def test_notice_without_a_root_names_both_key_commands(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .test_findings import add_finding, open_findings

    add_finding(world)
    app = world.app(keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        findings = await open_findings(pilot, world, output_dir=tmp_path)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is findings
        [message] = [n.message for n in app._notifications]
        # each command on a line of its own, without backticks (tui80)
        assert "\ninspector keys init-office\n" in message
        assert '\ninspector keys issue "監査 太郎" --organization 署名者の所属コード\n' in message


async def test_esc_on_a_completed_hearings_summary_goes_back_to_the_hearing_list(
    world: World,
    hearing_catalog,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    from inspector.tui.screens.confirm import ConfirmScreen
    from inspector.tui.screens.hearing import HearingScreen
    from inspector.tui.screens.runner import RunnerScreen
    from inspector.tui.screens.summary import SummaryScreen

    from .test_hearing import make_app, open_hearing, press

    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await open_hearing(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, RunnerScreen)
        await press(pilot, "n")
        await press(pilot, "s")
        assert isinstance(app.screen, SummaryScreen)
        await press(pilot, "escape")  # not completed: back to the questions
        assert isinstance(app.screen, RunnerScreen)
        await press(pilot, "s", "c")
        if isinstance(app.screen, ConfirmScreen):
            await press(pilot, "y")
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.bundle is not None and app.screen.bundle.session.is_completed
        await press(pilot, "escape")
        assert isinstance(app.screen, HearingScreen)


async def test_home_names_r_for_the_follow_up_report_whole_at_80(world: World) -> None:
    from .drawn import screen_lines

    for lang, words in (("ja", "r 措置報告"), ("en", "r follow-up report")):
        app = world.app(lang)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            areas = app.screen.query_one("#home-areas")
            shown = " ".join(screen_lines(app.screen)[areas.region.y : areas.region.bottom])
            assert words in shown, shown
            assert ("c 集約" if lang == "ja" else "c consolidation") in shown


async def test_hearing_roster_cuts_a_huge_name(
    world: World,
    hearing_catalog,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    from rich.cells import cell_len
    from textual.widgets import DataTable

    from inspector.domain.model import PersonStatus, StaffType
    from inspector.store.repository import PersonInput

    from .test_hearing import make_app, open_hearing

    long_name = "長" * 100_000
    world.repo.upsert_people(
        [PersonInput("A001", long_name, "110", StaffType.REGULAR, PersonStatus.ACTIVE)]
    )
    app = make_app(world, hearing_catalog)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_hearing(pilot)
        table = screen.query_one("#hearing-table", DataTable)
        names = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
        [cut] = [name for name in names if name.startswith("長")]
        assert cut.endswith("…") and cell_len(cut) <= 40


# -- fix9h left: the interface on a --db that does not exist ---------------------------------


def _app_on(path, lang: str = "ja"):  # type: ignore[no-untyped-def]
    from inspector.config import Settings
    from inspector.context import AppContext
    from inspector.tui.app import InspectorApp

    from .conftest import TODAY

    settings = Settings(db=str(path), lang=lang, user="tester", inspector_name="tester")  # type: ignore[arg-type]
    return InspectorApp(AppContext(settings), today=TODAY)


async def test_a_missing_database_is_not_made_when_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from inspector.tui.screens.confirm import ConfirmScreen

    typo = tmp_path / "typo.db"
    app = _app_on(typo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"データベース {typo} はありません" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)  # asked once
        shown = str(app.screen.query_one("#home-empty").render())
        assert f"inspector demo --db {typo}" in shown
    assert list(tmp_path.iterdir()) == []  # nothing made


async def test_a_missing_database_is_made_when_agreed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from inspector.tui.screens.confirm import ConfirmScreen
    from inspector.tui.screens.home import HomeScreen

    typo = tmp_path / "new.db"
    app = _app_on(typo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert typo.is_file()


async def test_layout_f_shows_the_new_finding_in_the_form(world: World, visit_session: int) -> None:
    from inspector.tui.screens.finding_edit import FindingEditScreen
    from inspector.tui.screens.layout_editor import LayoutEditorScreen

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = LayoutEditorScreen(app.context, visit_session)
        app.push_screen(screen)
        await settle(pilot)
        await pilot.press("1", "space", "right", "5", "space")
        await pilot.press("f", "enter")
        await settle(pilot)
        [finding] = world.context.findings.findings(session_id=visit_session)
        form = app.screen
        assert isinstance(form, FindingEditScreen)
        assert form.finding is not None and form.finding.id == finding.id
        notice = str(form.query_one("#finding-notice").render())
        assert f"指摘を記録しました（#{finding.id}）" in notice
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    assert len(world.context.findings.findings(session_id=visit_session)) == 1
