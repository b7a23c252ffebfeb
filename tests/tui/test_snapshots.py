"""Snapshots at 80x24 with a fixed clock and fixed data: home, runner, summary (Japanese),
and the runner in English."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .conftest import build_world, settle

SIZE = (80, 24)


@pytest.fixture
def snap_world(tmp_path: Path):  # type: ignore[no-untyped-def]
    world = build_world(tmp_path / "snap.db")
    # the summary's history shows when (walk7b N4): a fixed moment, not the run's
    with sqlite3.connect(world.path) as db:
        db.execute("UPDATE session_event SET at = '2025-05-20 06:30:00+00:00'")
    db.close()
    return world


def test_home_ja(snap_compare, snap_world) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)

    assert snap_compare(snap_world.app("ja"), terminal_size=SIZE, run_before=run_before)


def _open_runner(world, keys: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        pilot.app.open_runner(world.session_ids["open"])
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_runner_ja(snap_compare, snap_world) -> None:  # type: ignore[no-untyped-def]
    run_before = _open_runner(snap_world, ("k", "k"))  # on c-01: guidance and evidence hint
    assert snap_compare(snap_world.app("ja"), terminal_size=SIZE, run_before=run_before)


def test_runner_choice_ja(snap_compare, snap_world) -> None:  # type: ignore[no-untyped-def]
    run_before = _open_runner(snap_world, ("y",))  # h-02 appears after yes
    assert snap_compare(snap_world.app("ja"), terminal_size=SIZE, run_before=run_before)


def test_runner_en(snap_compare, snap_world) -> None:  # type: ignore[no-untyped-def]
    run_before = _open_runner(snap_world, ("k", "k"))
    assert snap_compare(snap_world.app("en"), terminal_size=SIZE, run_before=run_before)


def test_summary_ja(snap_compare, snap_world) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        pilot.app.open_summary(snap_world.session_ids["completed"])
        await settle(pilot)

    assert snap_compare(snap_world.app("ja"), terminal_size=SIZE, run_before=run_before)


def test_help_ja(snap_compare, snap_world) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        pilot.app.open_runner(snap_world.session_ids["open"])
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(snap_world.app("ja"), terminal_size=SIZE, run_before=run_before)
