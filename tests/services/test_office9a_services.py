"""The services the interface's audit-office actions call (office9a): the forms handed out
with a progress callback and the files planned first, the follow-up report's date rules
and draft, the consolidation export's names and output rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspector.context import AppContext
from inspector.output_files import OutputExists
from inspector.reports.errors import ReportProblem
from inspector.services.consolidation import run_consolidation
from inspector.services.consolidation_export import default_export_name, export_consolidation
from inspector.services.errors import Refused
from inspector.services.followup_report import (
    FollowupRequest,
    default_followup_name,
    issue_followup_report,
)
from inspector.services.form_distribution import distribute, planned_files
from inspector.services.issue_day import check_issue_day
from inspector.store.repositories.distributed_forms import forms
from tests.tui.conftest import World, build_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build_world(tmp_path / "inspector.db")


def test_distribution_reports_each_workbook_and_plans_before_writing(
    world: World, tmp_path: Path
) -> None:
    out = tmp_path / "forms"
    steps: list[tuple[int, int]] = []
    written = distribute(
        world.context, world.checklist.id, ("200",), out, step=lambda d, n: steps.append((d, n))
    )
    assert steps == [(1, 2), (2, 2)]
    assert sorted(p.name for p in written) == [
        "200_総務部_tui-sample.xlsx",
        "210_情報政策課_tui-sample.xlsx",
    ]
    planned = planned_files(world.context, world.checklist.id, (), out)
    assert len(planned.names) == 4
    assert sorted(p.name for p in planned.existing) == sorted(p.name for p in written)
    with pytest.raises(OutputExists):  # never over a workbook without force
        distribute(world.context, world.checklist.id, (), out)
    assert len(forms(world.context.engine, None)) == 2  # nothing recorded by the refusal


def test_an_unknown_organization_is_refused_before_anything_is_written(
    world: World, tmp_path: Path
) -> None:
    with pytest.raises(Refused, match="999"):
        planned_files(world.context, world.checklist.id, ("999",), tmp_path / "forms")
    assert not (tmp_path / "forms").exists()


def check_followup_date(context: AppContext, day: date, today: date, *, signed: bool) -> str | None:
    """The follow-up report's date rules (`services.issue_day`, the report's words)."""
    lang = context.settings.lang
    return check_issue_day(day, today, document="followup", signed=signed, lang=lang)


def test_follow_up_dates_and_draft(world: World, tmp_path: Path) -> None:
    today = date(2025, 6, 2)
    with pytest.raises(ReportProblem):
        check_followup_date(world.context, date(2025, 6, 3), today, signed=True)
    assert check_followup_date(world.context, date(2025, 6, 3), today, signed=False) is None
    warned = check_followup_date(world.context, date(2025, 6, 1), today, signed=True)
    assert warned is not None and "日曜" in warned  # 2025-06-01: a Sunday, warned of
    assert default_followup_name("210", True, today) == "followup_210_internal_20250602.pdf"
    out = tmp_path / default_followup_name(None, False, today)
    steps: list[int] = []
    made = issue_followup_report(
        world.context, FollowupRequest(None, out, None, None, today), steps.append
    )
    assert steps == [0, 1, 2, 3]
    assert made.number is None and not made.issued.signed and out.is_file()
    assert not world.context.findings.documents()  # a draft is not recorded


def test_export_names_and_never_over_a_file(world: World, tmp_path: Path) -> None:
    assert default_export_name("juki", "pdf") == "summary-juki.pdf"
    assert default_export_name("juki", "xlsx", ("210",)) == "consolidation-juki_210.xlsx"
    checklist, result = run_consolidation(world.context, world.checklist.id)
    out = tmp_path / "c.xlsx"
    export_consolidation(world.context, checklist, result, out, "xlsx")
    first = out.read_bytes()
    with pytest.raises(OutputExists):
        export_consolidation(world.context, checklist, result, out, "pdf")
    assert out.read_bytes() == first
    export_consolidation(world.context, checklist, result, out, "xlsx", force=True)
