"""The 80x24 visit, fifth round (b): the runner header keeps its counts when the name is
long, undo says what it undid, the backup register and the lists fit 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.domain.model import PersonStatus, Role, SessionKind, StaffType
from inspector.store.database import DatabaseError
from inspector.store.repository import PersonInput
from inspector.tui.screens.runner import RunnerScreen

from .conftest import TODAY, World, commits_in_the_writer, settle
from .drawn import region_lines

SIZE = (80, 24)
LONG_NAME = "監査 太郎みどり市情報セキュリティ統括責任者代理補佐"


async def open_runner(pilot, session_id: int) -> RunnerScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.open_runner(session_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RunnerScreen)
    return screen


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


@pytest.fixture
def long_named_session(world: World) -> int:
    """A new self-check of 市民課 whose respondent has a name longer than the header."""
    world.repo.upsert_people(
        [PersonInput("A009", LONG_NAME, "110", StaffType.REGULAR, PersonStatus.ACTIVE)]
    )
    people = {p.staff_number: p.id for p in world.repo.people()}
    session = world.repo.start_session(
        world.checklist,
        world.org_ids["110"],
        role=Role.HEAD,
        kind=SessionKind.SELF_CHECK,
        respondent_id=people["A009"],
        session_date=TODAY,
        uid="00000000-0000-0000-0000-000000000095",
    )
    return session.id


async def test_a_long_name_gives_way_to_the_counts_and_the_unsaved_warning(
    world: World, long_named_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, long_named_session)
        repo = app.context.repo

        def locked(*args: object, **kwargs: object) -> object:
            raise DatabaseError("the database is locked by another program")

        monkeypatch.setattr(repo, "save_answer", locked)
        commits_in_the_writer(monkeypatch, repo)
        await press(pilot, "2")
        header = runner.query_one("#runner-header")
        second = region_lines(runner, header.region)[1]
        assert "回答 " in second
        assert "不遵守 1" in second
        assert "未保存 1" in second
        assert second.rstrip().endswith("未保存 1")
        assert "監査 太郎" in second or "監査 太" in second  # the name still starts the line
        assert "…" in second  # the name, not the counts, is cut


def last_notice(app) -> str:  # type: ignore[no-untyped-def]
    return str([n.message for n in app._notifications][-1])


async def test_undo_says_what_it_undid_and_the_value_restored(
    world: World, empty_session: int, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"jpeg")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "2", "k")  # c-01 noncompliant, back to it
        await press(pilot, "e")
        await pilot.press(*"first")
        await press(pilot, "ctrl+s")
        await press(pilot, "e")
        await pilot.press("ctrl+a", "ctrl+k", *"second")
        await press(pilot, "ctrl+s")
        await press(pilot, "a")
        await pilot.press(*str(photo))
        await press(pilot, "ctrl+s")
        assert world.repo.answers(empty_session)["c-01"].state.note.endswith("second")
        await press(pilot, "u")
        assert "根拠資料を 0 件に戻しました" in last_notice(app)
        await press(pilot, "u")
        notice = last_notice(app)
        assert "メモ" in notice and "first" in notice and "根拠資料" not in notice
        await press(pilot, "u")
        assert "メモを「なし」に戻しました" in last_notice(app)
        await press(pilot, "u")
        assert "回答を「未回答」に戻しました" in last_notice(app)
        assert runner.model is not None and runner.model.state("c-01").is_empty


async def test_the_backup_register_is_readable_at_80x24(world: World) -> None:
    from datetime import date

    from tests.tui.test_backup_register import _box
    from tests.tui.test_backup_register import _open as open_register

    box = _box(
        world,
        name="保管箱A",
        key_location="サーバ室 作業机の上（保管箱の横）",
        key_next_to_box=True,
    )
    world.context.site.add_transport(
        box,
        transport_date=date(2026, 12, 1),
        from_place="本庁舎",
        to_place="別館",
        carrier="佐藤",
        box_locked=True,
        key_separate=False,
        receiver="",
        note="",
        actor="tester",
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot, world)
        lines = region_lines(screen, screen.region)
        drawn = "\n".join(lines)
        for header in ("名称", "保管場所", "鍵の保管場所", "近接", "鍵の管理者", "種別"):
            assert header in drawn, header
        for header in ("日付", "施錠", "鍵別送", "受領者", "運搬元", "運搬先", "運搬者"):
            assert header in drawn, header
        # the rules have the whole width: a rule's title on one line, no ISO day
        assert any("NG バックアップ保管箱の鍵の保管 (1)" in line for line in lines), drawn
        assert "2026-12-01" not in drawn and "令和8年12月1日" in drawn
        # 禁則: no line starts with a closing bracket or a comma
        assert not any(line.strip().startswith(("）", "、", "。")) for line in lines), drawn
        assert "a 追加" in lines[-1]


async def test_the_card_ledger_gives_an_empty_column_s_room_to_the_cut_ones(
    world: World,
) -> None:
    from tests.tui.test_card_ledger import _cards
    from tests.tui.test_card_ledger import _open as open_ledger

    _cards(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(pilot, world)
        drawn = "\n".join(region_lines(screen, screen.region))
        # before: 操作者…  グルー…  住基端… with 現地確認 and 状態 wider than their words
        assert "操作者識" in drawn and "住基端末グ" in drawn and "グループ" in drawn, drawn
        assert "鈴木 次郎" in drawn


async def test_two_findings_with_the_same_start_can_be_told_apart(world: World) -> None:
    from tests.tui.test_findings import add_finding, open_findings

    add_finding(world, title="サーバ室レイアウト: 入口の施錠")
    add_finding(world, title="サーバ室レイアウト: 消火設備")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_findings(pilot, world)
        drawn = "\n".join(region_lines(screen, screen.region))
        assert "サーバ室レイアウト: 入口" in drawn, drawn
        assert "サーバ室レイアウト: 消火" in drawn, drawn


async def test_consolidation_gives_the_item_text_the_spare_width(tmp_path: Path) -> None:
    from inspector.tui.widgets.item_counts_table import ItemCountsTable
    from tests.tui.test_consolidation import data as make_data
    from tests.tui.test_consolidation import open_screen

    data = make_data.__wrapped__(tmp_path)  # type: ignore[attr-defined]
    app = data.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await settle(pilot)
        table = screen.query_one("#cons-items", ItemCountsTable)
        used = sum(c.width + 2 for c in table.columns.values())
        text = next(c for k, c in table.columns.items() if k.value == "text")
        longest = max(len(i.text.get("ja")) * 2 for i in data.checklist.items)
        assert text.width > 16
        assert text.width == longest or used >= 80 - 2 - 2, (text.width, used)
        header = "\n".join(region_lines(screen, screen.query_one("#cons-header").region))
        assert "（" not in header or "）" in header, header  # never a cut `（id-…`
        # an item every site answered 該当なし has no rate, not 0.0%
        from dataclasses import replace

        from inspector.domain.consolidation.results import ItemCount

        assert screen.result is not None and screen.checklist is not None
        every_na = ItemCount("y2", 0, 0, 4, 0, 4, 0, True)
        table.show(screen.checklist, replace(screen.result, items=(every_na,)), screen.tr, "ja")
        assert str(table.get_row("y2")[-1]).strip() == "—"
