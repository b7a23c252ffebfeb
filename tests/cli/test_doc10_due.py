"""doc10 (rev9 D8), on a real demo database with the workbooks read back: `selfcheck
distribute --due` takes a business day after the hand-out day only; a past day, today, a
Saturday, a holiday or 12/29-1/3 is refused with the earliest or next business day named,
exit 2, nothing written or recorded. `distribute` itself (the services' function both front
ends call) refuses it too."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from inspector.cli.main import cli
from inspector.domain.business_days import japan_today, next_business_day
from inspector.domain.era import format_date
from inspector.services.errors import Refused
from inspector.services.form_distribution import distribute as hand_out
from inspector.services.form_distribution import due_problem
from inspector.store.repositories.distributed_forms import forms
from tests.tui.conftest import build_world

TODAY = date(2026, 11, 30)  # the demo's day


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)


@pytest.fixture
def db(tmp_path: Path, demo_template: Path) -> Path:
    target = tmp_path / "d.db"
    shutil.copy(demo_template, target)
    return target


def forms_recorded(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM distributed_form").fetchone()[0])


def distribute(db: Path, out: Path, due: str, *lang: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), *lang, "selfcheck", "distribute", "--checklist",
         "security-measures", "--organization", "410", "--due", due, "-o", str(out)],
        env={"INSPECTOR_CONFIG": str(out.parent / "none.toml")},
    )  # fmt: skip
    return result.exit_code, result.output


def _next_weekday(start: date, weekday: int) -> date:
    day = start + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def test_a_due_date_must_be_a_business_day_after_today(db: Path, tmp_path: Path) -> None:
    today = japan_today()
    earliest = format_date(next_business_day(today + timedelta(days=1)), "ja")
    sunday = _next_weekday(today, 6)
    closure = date(today.year, 12, 29) if today < date(today.year, 12, 29) else None
    cases = {
        (today - timedelta(days=3)).isoformat(): earliest,
        today.isoformat(): earliest,
        "2025-01-01": earliest,  # the past, and a holiday
        sunday.isoformat(): "日曜日",
    }
    if closure is not None:
        cases[closure.isoformat()] = format_date(next_business_day(closure), "ja")
    out = tmp_path / "forms"
    for due, named in cases.items():
        code, said = distribute(db, out, due)
        flat = "".join(said.split())
        assert code == 2 and "--due" in said and "Traceback" not in said, (due, said)
        assert named.replace(" ", "") in flat, (due, said)
        assert not out.exists() and forms_recorded(db) == 0, due
    code, said = distribute(db, out, today.isoformat(), "--lang", "en")
    assert code == 2 and "must be after the hand-out day" in said
    due = next_business_day(today + timedelta(days=10))
    code, said = distribute(db, out, due.isoformat())
    assert code == 0, said
    (book,) = out.glob("*.xlsx")
    cover = " ".join(str(c.value) for ws in load_workbook(book) for r in ws.iter_rows() for c in r)
    assert f"提出期限 {due.isoformat()}" in cover and forms_recorded(db) == 1


def test_the_services_rule_and_distribute_itself(tmp_path: Path) -> None:
    friday = date(2026, 12, 4)
    assert due_problem(date(2026, 12, 7), "ja", today=friday) is None  # Monday
    said = due_problem(friday, "ja", today=friday)
    assert said is not None and "令和8年12月7日" in said  # the earliest: next Monday
    said = due_problem(date(2026, 12, 29), "ja", today=friday)
    assert said is not None and "令和9年1月4日" in said  # after the year-end closure
    said = due_problem(date(2027, 1, 11), "en", today=friday)  # 成人の日
    assert said is not None and "12 January 2027" in said.replace(",", "")
    world = build_world(tmp_path / "w.db")
    with pytest.raises(Refused) as refused:
        hand_out(world.context, world.checklist.id, ("200",), tmp_path / "f", due=japan_today())
    assert "提出期限" in str(refused.value)
    assert not (tmp_path / "f").exists() and forms(world.context.engine, None) == []
