"""The plans screen's `m` (督促) at 80x24, as an audit office would use it: the reply-by
date and folder asked, the office key's passphrase asked and checked, one signed PDF per
department written in a worker, then 督促済 with the day in the list and the number in
the plan's detail; a draft without an office key; a reply-by on a closed day refused in
the dialog. The collection screen's `r` chases unreturned forms. The plans list shows
担当所属 whole (情報政策課, not 情報政…), the plan detail's English heading `Recorded by`
whole, and `?` help names the filters and the N日以内 field (walk8 M3, M10)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from inspector.reports import keys
from inspector.reports.key_roles import KeyRole
from inspector.tui.screens.collection import CollectionScreen
from inspector.tui.screens.plan_detail import PlanDetailScreen
from inspector.tui.screens.plans import PlansScreen
from tests.pdf_text import pdf_text
from tests.tui.drawn import screen_lines
from tests.tui.test_findings import add_finding

from .conftest import ACTOR, World, settle

SIZE = (80, 24)
PASS = b"office pass"


def _plans(world: World) -> dict[str, int]:
    store = world.context.findings
    ids = {}
    for title, deadline, session, org in (
        ("計画A", date(2025, 5, 1), "completed", "210"),
        ("計画B", date(2025, 5, 2), "open", "110"),
        ("計画C", date(2025, 9, 1), "open", "210"),
    ):
        plan = store.add_plan(
            add_finding(world, session, title=title),
            measures="対策",
            responsible_organization_id=world.org_ids[org],
            responsible_person="担当",
            deadline=deadline,
            actor=ACTOR,
        )
        ids[title] = plan.id
    return ids


def _text(pdf: Path) -> str:
    return pdf_text(pdf)


@pytest.fixture
def office_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "keys"
    keys.init_office(folder, PASS)
    keys.issue_inspector(folder, "事務局 花子", "130", PASS, role=KeyRole.OFFICE)
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    return folder


async def _answer(pilot: object, app: object, value: str) -> None:
    field = app.screen.query_one(Input)  # type: ignore[attr-defined]
    field.value = value
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)


async def test_m_signs_one_reminder_per_department_and_marks_the_plans(
    world: World, tmp_path: Path, office_keys: Path
) -> None:
    ids = _plans(world)
    out = tmp_path / "out"
    app = world.app(keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlansScreen(app.context))
        await settle(pilot)
        lines = screen_lines(app.screen)
        assert any("情報政策課" in line for line in lines), lines  # not 情報政…
        assert any("m 督促" in line for line in lines[-2:]), lines[-2:]
        await pilot.press("m")
        await settle(pilot)
        assert "督促: 2 所属（改善計画 2 件" in "\n".join(screen_lines(app.screen))
        await _answer(pilot, app, "2025-06-14")  # a Saturday: refused in the dialog
        drawn = "\n".join(screen_lines(app.screen))
        assert "土曜日" in drawn and "令和7年6月16日" in drawn, drawn
        await _answer(pilot, app, "2025-06-16")
        await _answer(pilot, app, str(out))
        assert "事務局 花子" in "\n".join(screen_lines(app.screen))  # whose passphrase
        await _answer(pilot, app, "wrong")
        assert "\n".join(screen_lines(app.screen)).count("事務局 花子")  # asked again
        await _answer(pilot, app, PASS.decode())
        drawn = "\n".join(screen_lines(app.screen))
        assert "2 / 2 所属" in drawn and "署名して保存し、記録しました" in drawn, drawn
        await pilot.press("escape")
        await settle(pilot)
        lines = screen_lines(app.screen)
        # 超過 督6.2 in the 11 cells of 80 columns (督促済6.2 on a wider terminal)
        marked = [line for line in lines if "超過 督6.2" in line]
        assert len(marked) == 2 and all("計画C" not in line for line in marked), lines
        await pilot.resize_terminal(120, 24)
        await settle(pilot)
        wide = [line for line in screen_lines(app.screen) if "督促済6.2" in line]
        assert len(wide) == 2, screen_lines(app.screen)
        app.push_screen(PlanDetailScreen(app.context, ids["計画A"]))
        await settle(pilot)
        drawn = "\n".join(screen_lines(app.screen))
    assert "督促済: 令和7年6月2日（監督第" in drawn and "回答期限 令和7年6月16日" in drawn, drawn
    files = sorted(out.glob("*.pdf"))
    assert [f.name for f in files] == ["reminder_110_20250602.pdf", "reminder_210_20250602.pdf"]
    text = _text(out / "reminder_210_20250602.pdf")
    assert "情報政策課長様" in text and "計画A" in text and "計画C" not in text
    assert "令和7年6月16日" in text and "監督第" in text and "事務局花子" in text


async def test_without_an_office_key_the_reminders_are_drafts_of_the_chosen_department(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    _plans(world)
    out = tmp_path / "drafts"
    app = world.app(keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = PlansScreen(app.context)
        app.push_screen(screen)
        await settle(pilot)
        screen.query_one("#filter-organization").value = world.org_ids["110"]
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert "督促: 1 所属" in "\n".join(screen_lines(app.screen))
        await _answer(pilot, app, "2025-06-16")
        await _answer(pilot, app, str(out))
        drawn = "\n".join(screen_lines(app.screen))
        assert "督促状（案）を作成" in drawn and "記録されません" in drawn, drawn
        await pilot.press("escape")
        await settle(pilot)
        assert not any("督促済" in line for line in screen_lines(app.screen))
    [pdf] = out.glob("*.pdf")
    assert pdf.name == "reminder_110_20250602.pdf"
    assert "（案）" in _text(pdf) and "監督第" not in _text(pdf)


async def test_help_names_the_filters_and_the_days_field(world: World) -> None:
    for lang, words in (("ja", ("所属・種別・状況", "N日以内", "m 督促")), ("en", ("N days",))):
        app = world.app(lang)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.push_screen(PlansScreen(app.context))
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            lines = screen_lines(app.screen)
        for word in words:
            line = next((line for line in lines if word in line), None)
            assert line is not None, (word, lines)
            assert "█" in line.rstrip()[-6:], line  # the note ends inside the dialog


async def test_plan_detail_english_heading_is_whole(world: World) -> None:
    ids = _plans(world)
    app = world.app("en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanDetailScreen(app.context, ids["計画A"]))
        await settle(pilot)
        lines = screen_lines(app.screen)
    assert any("Recorded by" in line for line in lines), lines


async def test_collection_r_says_when_no_form_is_unreturned(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CollectionScreen(app.context))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
    assert any("未提出の自己点検票はありません" in n for n in notes), notes


async def test_collection_r_reminds_the_department_of_an_unreturned_form(
    world: World, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from inspector.store.repositories.distributed_forms import DistributedForm, record_forms

    handed = datetime(2025, 5, 1, 1, 0, tzinfo=UTC)
    record_forms(
        world.context.engine,
        [
            DistributedForm(
                "SC-0C8",
                world.checklist.id,
                world.checklist.version,
                "organization",
                world.org_ids["110"],
                None,
                "d",
                {},
                "110.xlsx",
                date(2025, 5, 20),
                ACTOR,
                handed,
            ),
        ],
    )
    out = tmp_path / "forms"
    app = world.app(keys_dir=tmp_path / "no-keys")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CollectionScreen(app.context))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "自己点検票 1 件" in "\n".join(screen_lines(app.screen))
        await _answer(pilot, app, "2025-06-16")
        await _answer(pilot, app, str(out))
        await pilot.press("escape")
        await settle(pilot)
    text = _text(out / "reminder_110_20250602.pdf")
    assert "未提出の自己点検票" in text and "SC-0C8" in text and "令和7年5月1日" in text
    assert "市民部市民課長様" in text


async def test_ctrl_p_finds_the_reminder_on_both_screens(world: World) -> None:
    """walk8 M5: Ctrl+P with 督促 found nothing anywhere."""
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for screen in (PlansScreen(app.context), CollectionScreen(app.context)):
            app.push_screen(screen)
            await settle(pilot)
            titles = [c.title for c in screen.palette_commands()]
            assert any("督促" in title for title in titles), titles
            app.pop_screen()
            await settle(pilot)
