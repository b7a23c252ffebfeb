"""docs8 H1, H2, M7 over the whole demo database: every plan deadline is after its visit and
on a business day (the demo built on an ordinary day and just before the year-end closure),
some are overdue, and every dated measure entry speaks of its own plan's measure."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from inspector.demo.findings import entry_text
from inspector.domain.business_days import is_business_day
from inspector.domain.findings import MeasureStatus


@pytest.mark.parametrize("today", [date(2026, 11, 30), date(2026, 12, 28)])
def test_every_demo_deadline_is_a_business_day_after_its_visit(
    demo_templates: Callable[[date], Path], today: date
) -> None:
    with sqlite3.connect(demo_templates(today)) as c:
        rows = c.execute(
            "select p.deadline, s.session_date, f.requested_deadline from improvement_plan p"
            " join finding f on f.id = p.finding_id"
            " join inspection_session s on s.id = f.session_id"
        ).fetchall()
    assert len(rows) > 20
    for deadline, visit, requested in rows:
        due = date.fromisoformat(deadline)
        assert due > date.fromisoformat(visit), (deadline, visit)
        assert is_business_day(due), deadline
        assert requested is None or is_business_day(date.fromisoformat(requested))
    overdue = sum(date.fromisoformat(d) < today for d, _v, _r in rows)
    assert 0 < overdue < len(rows)  # the lists still show overdue plans


def test_every_demo_measure_entry_answers_its_own_plan(
    demo_templates: Callable[[date], Path],
) -> None:
    with sqlite3.connect(demo_templates(date(2026, 11, 30))) as c:
        rows = c.execute(
            "select e.status, e.text, p.measures from measure_entry e"
            " join improvement_plan p on p.id = e.plan_id"
        ).fetchall()
    assert rows
    statuses = set()
    for status, text, measures in rows:
        statuses.add(status)
        assert text == entry_text(MeasureStatus(status), measures)
        # the measure's own words (its first clause, or all of a short one) are in the entry
        assert measures.split("、")[0].removesuffix("する。").removesuffix("。") in text, (
            text,
            measures,
        )
    assert statuses == {s.value for s in MeasureStatus}


@pytest.mark.parametrize(
    ("planned", "done"),
    [
        ("管理台帳を作成し、保存する。", "管理台帳を作成し、保存した。"),
        ("所属長の承認を得て行う。", "所属長の承認を得て行った。"),
        ("盗難防止の措置を講じる。", "盗難防止の措置を講じた。"),
        ("研修を受講させる。", "研修を受講させた。"),
        ("接続を取りやめる。", "接続を取りやめた。"),
        ("台帳を正す。", "台帳を正した。"),
        ("パソコンに残さない。", "パソコンに残さないようにした。"),
    ],
)
def test_a_done_entry_says_the_measure_as_done(planned: str, done: str) -> None:
    assert entry_text(MeasureStatus.DONE, planned) == done
