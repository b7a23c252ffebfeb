"""The backup register screen: a key kept beside its box is a broken rule; a transport
entered without the key carried apart breaks that rule; recording the receiver clears
"every transport received"; `f` records a finding; an empty register, a box whose key
location is not written and a log without transports show "not checked", never OK; the
home screen's `b` opens it."""

from __future__ import annotations

from datetime import date

from textual.coordinate import Coordinate
from textual.widgets import Checkbox, Input

from inspector.domain.backup import BackupIssue
from inspector.i18n import Translator
from inspector.tui.screens.backup_register import BackupRegisterScreen
from inspector.tui.screens.prompt import PromptScreen
from inspector.tui.screens.storage_entry import StorageEntryScreen
from inspector.tui.screens.transport_entry import TransportEntryScreen
from inspector.tui.widgets.backup_rules import BackupRules
from tests.tui.conftest import TODAY, World, settle
from tests.tui.drawn import screen_lines


def _broken(screen: BackupRegisterScreen, rule_id: str) -> list[BackupIssue]:
    return [i for i in screen.issues if i.rule_id == rule_id]


def _last_notice(app: object) -> str:
    """The message of the latest notification (toast) of the app."""
    return [n.message for n in app._notifications][-1]  # type: ignore[attr-defined]


def _box(world: World, **overrides: object) -> int:
    values: dict[str, object] = {
        "name": "保管箱A",
        "box_location": "サーバ室 作業机の上",
        "key_location": "本庁舎 総務課 キーボックス",
        "key_holder": "システム係長",
        "actor": "tester",
    }
    values.update(overrides)
    return world.context.site.add_storage(world.org_ids["210"], **values).id  # type: ignore[arg-type]


async def _open(pilot, world: World) -> BackupRegisterScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    screen = BackupRegisterScreen(
        pilot.app.context, world.org_ids["210"], world.session_ids["completed"]
    )
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_key_kept_beside_the_box_is_a_broken_rule(world: World) -> None:
    _box(
        world,
        name="保管箱A",
        key_location="サーバ室 作業机の上（保管箱の横）",
        key_next_to_box=True,
    )
    _box(world, name="耐火金庫", box_location="別館 書庫")
    app = world.app("en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, world)
        broken = _broken(screen, "key_apart")
        assert [i.storage_name for i in broken] == ["保管箱A"]
        assert str(screen._storage_table.get_cell_at(Coordinate(0, 0))) == "NG"
        assert str(screen._storage_table.get_cell_at(Coordinate(1, 0))) == "OK"
        rules = screen.query_one("#backup-rules", BackupRules).text.plain
        assert "NG Key of the backup box (1)" in rules
        assert "is kept with or next to the box" in rules
        assert screen.selected is not None and screen.selected.rule_id == "key_apart"


async def test_adding_a_storage_through_the_form(world: World) -> None:
    app = world.app("en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, world)
        await pilot.press("a")
        form = pilot.app.screen
        assert isinstance(form, StorageEntryScreen)
        await pilot.press("ctrl+s")  # nothing filled in: refused, the form stays
        assert form.is_current
        assert "required" in form.shown_problem
        form.set_value("name", "保管箱B")
        form.set_value("box_location", "サーバ室 棚")
        form.set_value("key_location", "サーバ室 棚")  # the same place as the box
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert [s.name for s in screen.storages] == ["保管箱B"]
        assert _broken(screen, "key_apart")


async def test_transport_without_the_key_apart_then_received(world: World) -> None:
    _box(world)
    app = world.app("en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, world)
        assert screen.issues == []
        await pilot.press("t")
        form = pilot.app.screen
        assert isinstance(form, TransportEntryScreen)
        assert form.query_one("#form-date", Input).value == TODAY.isoformat()
        form.set_value("date", "2025-13-01")
        form.set_value("to", "別館 書庫")
        form.set_value("carrier", "山本")
        await pilot.press("ctrl+s")
        assert form.is_current  # not a date
        form.set_value("date", "2025/6/1")
        form.query_one("#form-locked", Checkbox).value = True  # locked, key not apart
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert len(screen.transports) == 1
        assert screen.transports[0].transport_date == date(2025, 6, 1)
        assert not _broken(screen, "transport_locked")
        assert len(_broken(screen, "transport_key_separate")) == 1
        assert len(_broken(screen, "transport_received")) == 1
        # mark it received from the transport log
        screen._transport_table.focus()
        await pilot.press("r")
        prompt = pilot.app.screen
        assert isinstance(prompt, PromptScreen)
        prompt.query_one(Input).value = "別館 書庫担当 佐藤"
        await pilot.press("enter")
        await settle(pilot)
        assert not _broken(screen, "transport_received")
        assert screen.transports[0].receiver == "別館 書庫担当 佐藤"
        await pilot.press("r")  # a recorded receiver is not overwritten
        await settle(pilot)
        assert pilot.app.screen is screen
    stored = world.context.site.transports([s.id for s in world.context.site.storages()])
    assert stored[0].receiver == "別館 書庫担当 佐藤"


async def test_broken_rule_becomes_a_finding(world: World) -> None:
    _box(world, key_location="サーバ室 作業机の上")  # the key where the box is
    sid = world.session_ids["completed"]
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, world)
        await pilot.press("n", "f")
        await settle(pilot)
    findings = world.context.findings.findings(session_id=sid)
    assert len(findings) == 1
    assert findings[0].organization_id == world.org_ids["210"]
    assert findings[0].title == Translator("ja")("site.backup.rule.key_apart.title")
    assert "保管箱A" in findings[0].text
    assert findings[0].requested_measure


async def test_finding_with_nothing_broken_says_so(world: World) -> None:
    _box(world)
    app = world.app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, world)
        await pilot.press("f")
        await settle(pilot)
    assert world.context.findings.findings(session_id=world.session_ids["completed"]) == []


async def test_an_empty_register_is_not_checked_not_ok(world: World) -> None:
    app = world.app("en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, world)
        assert screen.issues == []
        rules = screen.query_one("#backup-rules", BackupRules).text.plain
        assert " OK " not in rules
        assert rules.count(" ?? ") == 4
        assert "Not checked: no box or safe is in the register" in rules
        assert "Rules: 0 kept, 0 broken, 4 not checked" in rules
        await pilot.press("n")
        message = _last_notice(app)
        assert "4 rule(s) could not be checked" in message
        assert message != Translator("en")("site.backup.ok")


async def test_a_box_without_key_location_and_no_transport_is_not_checked(world: World) -> None:
    _box(world, name="保管箱C", key_location="")  # entered elsewhere without the key's place
    _box(world, name="耐火金庫", box_location="別館 書庫")
    app = world.app("en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, world)
        assert screen.issues == []
        assert str(screen._storage_table.get_cell_at(Coordinate(0, 0))) == "??"
        assert str(screen._storage_table.get_cell_at(Coordinate(1, 0))) == "OK"
        rules = screen.query_one("#backup-rules", BackupRules).text.plain
        assert "?? Key of the backup box" in rules
        assert "保管箱C: not checked, where its key is kept is not written" in rules
        assert "?? Backup transport (locked)" in rules
        assert "Not checked: no transport is in the log" in rules
        assert " OK " not in rules
        await pilot.press("f")  # the row under the cursor could not be judged: say why
        await settle(pilot)
        message = _last_notice(app)
        assert message.startswith("Could not be checked here: 保管箱C")
    assert world.context.findings.findings(session_id=world.session_ids["completed"]) == []


async def test_home_b_opens_the_register_of_the_selected_session(world: World) -> None:
    app = world.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        selected = pilot.app.screen.selected_session_id  # type: ignore[attr-defined]
        assert selected is not None
        await pilot.press("b")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, BackupRegisterScreen)
        assert screen.session_id == selected
        assert screen.organization_id == world.repo.session(selected).organization_id


def test_every_binding_has_a_description_in_both_languages() -> None:
    from textual.binding import Binding

    from inspector.tui.bindings import binding_description
    from inspector.tui.screens.card_ledger import CardLedgerScreen
    from inspector.tui.screens.site_form import SiteFormScreen

    for lang in ("ja", "en"):
        t = Translator(lang)
        for cls in (BackupRegisterScreen, CardLedgerScreen, SiteFormScreen):
            for binding in cls.BINDINGS:
                assert isinstance(binding, Binding)
                assert binding.id, f"{cls.__name__} {binding.key} has no id"
                assert binding_description(t, binding.id) != binding.id, binding.id


# -- 80x24: the footer and the forms whole ---------------------------------------------------


async def test_footer_is_whole_at_80_columns(world: World) -> None:
    """At 80x24 every key in the register's footer shows whole in both languages; `a` (add
    a box) is said by the empty register and listed in `?` help."""
    from tests.tui.test_card_ledger import assert_footer_whole

    _box(world)
    for lang in ("ja", "en"):
        app = world.app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open(pilot, world)
            keys = assert_footer_whole(app)
            assert {"a", "t", "r", "n", "f", "esc", "?"} <= set(keys), keys
    assert "(a " in Translator("en")("site.backup.empty")


def _drawn(screen: object) -> str:
    return "\n".join(screen_lines(screen))


async def test_form_labels_and_hint_are_whole_at_80x24(world: World) -> None:
    """The box and transport forms at 80x24, in both languages: every label whole with its
    required mark (the labels as wide as the longest, e.g. "Received by (empty = not yet)"),
    and the hint under the fields shown (the eight transport fields one under the other)."""
    _box(world)
    no_hint: list[tuple[str, str]] = []
    for lang in ("ja", "en"):
        t = Translator(lang)
        app = world.app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open(pilot, world)
            for key, form_class in (("a", StorageEntryScreen), ("t", TransportEntryScreen)):
                await pilot.press(key)
                await settle(pilot)
                form = app.screen
                assert isinstance(form, form_class)
                drawn = _drawn(form)
                for spec in form._fields:
                    label = spec.label + (" *" if spec.required else "")
                    assert label in drawn, (lang, label)
                # each key of the hint, what Enter does among them (walk8b L1)
                words = ("tab", "enter_next", "space_check", "ctrl_s", "esc")
                if not all(t(f"tui9b.keys.{word}") in drawn for word in words):
                    no_hint.append((lang, key))
                await pilot.press("escape")
                await settle(pilot)
    assert no_hint == []


def test_a_second_box_of_the_same_name_is_refused_with_a_sentence(world: World) -> None:
    from inspector.store.errors import AlreadyExists
    from inspector.tui.errors import describe_error

    _box(world)
    try:
        _box(world)
    except AlreadyExists as exc:
        message = describe_error(exc, Translator("ja"))
    else:
        raise AssertionError("a second 保管箱A was added")
    assert message == "同じ名前がすでに登録されています: 保管箱A"
    assert len(world.context.site.storages(world.org_ids["210"])) == 1


def _storage_rows(world: World) -> list[tuple[str, str]]:
    """(name, box location) of the organization's boxes, read from the database itself."""
    import sqlite3

    with sqlite3.connect(world.path) as db:
        rows = db.execute(
            "SELECT name, box_location FROM backup_storage WHERE organization_id = ? ORDER BY id",
            (world.org_ids["210"],),
        ).fetchall()
    return [(str(name), str(place)) for name, place in rows]


def _fill_box(form: StorageEntryScreen, name: str) -> None:
    form.set_value("name", name)
    form.set_value("box_location", "別館 書庫")
    form.set_value("key_location", "本庁舎 総務課 キーボックス")
    form.set_value("key_holder", "総務係長")
    form.set_value("note", "二台目")


async def test_a_taken_name_keeps_the_form_open_with_what_was_typed(world: World) -> None:
    """The register's names are checked in the form: a second 保管箱A is refused there, the
    form stays with the problem under the fields and everything typed; another name saves."""
    _box(world)
    app = world.app("en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, world)
        await pilot.press("a")
        form = pilot.app.screen
        assert isinstance(form, StorageEntryScreen)
        _fill_box(form, " 保管箱A ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.is_current
        error = form.shown_problem
        assert error == Translator("en")("site.backup.name_taken", name="保管箱A")
        assert form.focused is form.query_one("#form-name")
        values = form.values()
        assert values["box_location"] == "別館 書庫" and values["note"] == "二台目"
        assert _storage_rows(world) == [("保管箱A", "サーバ室 作業机の上")]
        form.set_value("name", "保管箱B")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert [s.name for s in screen.storages] == ["保管箱A", "保管箱B"]
    assert _storage_rows(world) == [("保管箱A", "サーバ室 作業机の上"), ("保管箱B", "別館 書庫")]


async def test_the_store_refusing_a_name_opens_the_form_again(world: World) -> None:
    """The store's check is the last guard: a box named meanwhile elsewhere (not yet in the
    register shown) is refused when saved, and the form comes back with the entry and the
    problem; nothing is added."""
    app = world.app("ja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, world)
        assert screen.storages == []
        await pilot.press("a")
        form = pilot.app.screen
        assert isinstance(form, StorageEntryScreen)
        _fill_box(form, "保管箱A")
        _box(world)  # added by someone else while the form is open
        await pilot.press("ctrl+s")
        await settle(pilot)
        again = pilot.app.screen
        assert isinstance(again, StorageEntryScreen) and again is not form
        expected = Translator("ja")("site.backup.name_taken", name="保管箱A")
        assert str(again.query_one("#form-error").render()) == expected
        assert again.focused is again.query_one("#form-name")
        values = again.values()
        assert values["name"] == "保管箱A"
        assert values["box_location"] == "別館 書庫"
        assert values["key_holder"] == "総務係長" and values["note"] == "二台目"
        assert [s.name for s in screen.storages] == ["保管箱A"]  # the register reloaded
        await pilot.press("ctrl+s")  # the name is known to the form now
        await settle(pilot)
        assert again.is_current
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
    assert _storage_rows(world) == [("保管箱A", "サーバ室 作業机の上")]
