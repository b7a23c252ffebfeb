"""The card ledger screen: `u` writes a group card's use in the usage log on site (which
clears "group card without usage" when in the period); `f` turns the mismatch under the
cursor into a finding."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import DataTable, Input

from inspector.domain.cards import CardKind, CardUse, MismatchKind
from inspector.domain.dates import japan_time
from inspector.i18n import Translator
from inspector.store.repositories.site import NewCard
from inspector.tui.screens.card_ledger import CardLedgerScreen
from inspector.tui.screens.usage_entry import UsageEntryScreen
from tests.tui.conftest import World, settle
from tests.tui.drawn import screen_lines

ISSUED = datetime(2025, 4, 1, tzinfo=UTC)


def _cards(world: World) -> None:
    org = world.org_ids["210"]
    world.context.site.add_cards(
        [
            NewCard(
                org,
                "OP-G1",
                CardKind.OPERATOR,
                CardUse.GROUP,
                group_name="住基端末グループ",
                members=(world.person_ids["B001"],),
                issued_at=ISSUED,
            ),
            NewCard(
                org,
                "SR-01",
                CardKind.SERVER_ROOM,
                CardUse.PERSONAL,
                holder_id=world.person_ids["B001"],
                issued_at=ISSUED,
            ),
        ],
        "tester",
    )


async def _open(pilot, world: World) -> CardLedgerScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    screen = CardLedgerScreen(
        pilot.app.context, world.org_ids["210"], world.session_ids["completed"]
    )
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def _kinds(screen: CardLedgerScreen) -> list[MismatchKind]:
    return [m.kind for m in screen.mismatches]


async def test_usage_entry_clears_group_card_without_usage(world: World) -> None:
    _cards(world)
    app = world.app("en")
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await _open(pilot, world)
        assert [s.card.number for s in screen.states] == ["OP-G1", "SR-01"]
        assert MismatchKind.GROUP_CARD_UNUSED in _kinds(screen)
        await pilot.press("u")
        form = pilot.app.screen
        assert isinstance(form, UsageEntryScreen)
        assert form.query_one("#form-used_at", Input).value == "2025-06-02 09:00"
        await pilot.press("ctrl+s")  # no user: refused
        assert form.is_current
        form.set_value("user", "Z999")  # not in the roster
        await pilot.press("ctrl+s")
        assert form.is_current
        assert "Z999" in form.shown_problem
        form.set_value("used_at", "2025-06-31 10:00")
        form.set_value("user", "B001")
        await pilot.press("ctrl+s")
        assert form.is_current  # not a date
        form.set_value("used_at", "2025/6/2 10:30")
        form.set_value("purpose", "住民票の発行")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert MismatchKind.GROUP_CARD_UNUSED not in _kinds(screen)
    usages = world.context.site.ledger(world.org_ids["210"]).usages
    assert len(usages) == 1
    assert usages[0].person_id == world.person_ids["B001"]
    assert usages[0].user_name == "鈴木 次郎"
    assert usages[0].source == "site"
    assert usages[0].purpose == "住民票の発行"
    # typed on the office's clock: 10:30 in Japan, whatever this computer's zone
    assert japan_time(usages[0].used_at).strftime("%Y-%m-%d %H:%M") == "2025-06-02 10:30"
    assert usages[0].used_at.astimezone(UTC) == datetime(2025, 6, 2, 1, 30, tzinfo=UTC)


async def test_usage_long_ago_leaves_the_mismatch(world: World) -> None:
    _cards(world)
    app = world.app("en")
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await _open(pilot, world)
        await pilot.press("u")
        form = pilot.app.screen
        assert isinstance(form, UsageEntryScreen)
        form.set_value("used_at", "2024-12-01 09:00")  # more than 90 days before today
        form.set_value("user", "鈴木次郎")  # the name, spaces aside
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert MismatchKind.GROUP_CARD_UNUSED in _kinds(screen)
    usages = world.context.site.ledger(world.org_ids["210"]).usages
    assert [u.person_id for u in usages] == [world.person_ids["B001"]]


async def test_usage_only_for_group_cards(world: World) -> None:
    _cards(world)
    app = world.app("en")
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await _open(pilot, world)
        await pilot.press("down", "u")  # SR-01 is personal
        await settle(pilot)
        assert pilot.app.screen is screen
    assert world.context.site.ledger(world.org_ids["210"]).usages == []


async def test_mismatch_under_the_cursor_becomes_a_finding(world: World) -> None:
    _cards(world)
    sid = world.session_ids["completed"]
    app = world.app()
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await _open(pilot, world)
        await pilot.press("down", "n")  # SR-01 not seen: a second mismatch
        await settle(pilot)
        kinds = _kinds(screen)
        assert MismatchKind.NOT_SEEN in kinds and MismatchKind.GROUP_CARD_UNUSED in kinds
        listed = screen.query_one("#cards-mismatches", DataTable)
        listed.focus()
        listed.move_cursor(row=kinds.index(MismatchKind.NOT_SEEN))
        await pilot.press("f")
        await settle(pilot)
    t = Translator("ja")
    findings = world.context.findings.findings(session_id=sid)
    assert len(findings) == 1
    assert findings[0].title == t("site.mismatch_title.not_seen")
    assert "SR-01" in findings[0].text
    assert findings[0].organization_id == world.org_ids["210"]
    assert findings[0].requested_measure == t("site.mismatch_measure.not_seen")


async def test_finding_from_the_card_row(world: World) -> None:
    _cards(world)
    app = world.app()
    async with app.run_test(size=(110, 32)) as pilot:
        await _open(pilot, world)
        await pilot.press("f")  # OP-G1: its mismatch is the missing usage log
        await settle(pilot)
        await pilot.press("down", "f")  # SR-01: nothing to record
        await settle(pilot)
    findings = world.context.findings.findings(session_id=world.session_ids["completed"])
    assert [f.title for f in findings] == [
        Translator("ja")("site.mismatch_title.group_card_unused")
    ]


async def test_usage_dialog_labels_are_whole_at_80_columns(world: World) -> None:
    """At 80x24 the card-use dialog shows every label whole, with its required mark, and
    the date and time typed in advance, in both languages."""
    _cards(world)
    for lang in ("ja", "en"):
        t = Translator(lang)
        app = world.app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open(pilot, world)
            await pilot.press("u")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, UsageEntryScreen)
            drawn = "\n".join(screen_lines(form))
            for key, mark in (
                ("tui.visit2.usage_used_at", " *"),  # the label names an era example
                ("site.card.usage_prompt", " *"),
                ("site.card.usage_purpose", ""),
            ):
                assert t(key) + mark in drawn, (lang, key)
            # the day in the interface's language (令和 in Japanese), typed in advance
            assert ("令和7年6月2日 09:00" if lang == "ja" else "2025-06-02 09:00") in drawn


# -- the footer at 80 columns --------------------------------------------------------------


def footer_line(app) -> str:  # type: ignore[no-untyped-def]
    """The screen's footer as drawn (its last line; a double-width character once)."""
    return screen_lines(app.screen)[-1]


def assert_footer_whole(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every key the footer shows is drawn whole on its line, `?` help among them (the
    others are in help), and no key is cut off at the right edge; returns the keys."""
    from textual.widgets._footer import FooterKey

    line = footer_line(app)
    shown = [f"{key.key_display} {key.description}" for key in app.screen.query(FooterKey)]
    assert shown, "no footer"
    for text in shown:
        assert text in line, f"{text!r} cut from the footer: {line!r}"
    assert any(text.startswith("? ") for text in shown), line
    width = app.size.width
    assert all(key.region.right <= width for key in app.screen.query(FooterKey)), line
    return [text.split(" ", 1)[0] for text in shown]


async def test_footer_is_whole_at_80_columns(world: World) -> None:
    """At 80x24 every key in the ledger's footer shows whole in both languages, `l` (lost,
    asked first) too, and `?` help lists it."""
    from inspector.tui.screens.help import HelpScreen

    _cards(world)
    for lang in ("ja", "en"):
        app = world.app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open(pilot, world)
            keys = assert_footer_whole(app)
            assert {"s", "n", "e", "l", "u", "f", "esc", "?"} <= set(keys), keys
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            lost = Translator(lang)("tui7b.cards.lost_help")  # also: cancels a loss
            rows = app.screen.query_one(DataTable)
            listed = [tuple(str(c) for c in rows.get_row_at(i)) for i in range(rows.row_count)]
            assert ("l", lost) in listed, listed


async def test_title_names_the_organization_and_an_empty_ledger_says_how_to_fill_it(
    world: World,
) -> None:
    from textual.widgets import Label

    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        empty = await _open(pilot, world)
        title = str(empty.query_one("#cards-title", Label).render())
        assert "情報政策課" in title and "0 枚" in title and "inspector cards import" in title
    _cards(world)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, world)
        title = str(screen.query_one("#cards-title", Label).render())
        assert "情報政策課" in title and "2 枚" in title and "import" not in title
