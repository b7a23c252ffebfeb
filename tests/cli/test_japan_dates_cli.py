"""`inspector plans` counts days left in Japan, whatever this computer's zone; its table
has a heading over every column."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain import business_days
from inspector.store.database import open_database
from inspector.store.repositories.site import SiteRepository
from inspector.store.repository import Repository
from tests.cli.test_site_cli import _roster

DEMO_DAY = date(2026, 10, 1)
#: 2026-12-04 00:30 in Japan, still 12-03 in UTC and in Los Angeles
INSTANT = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)


class _Frozen(datetime):
    """The clock `japan_today()` reads, stopped at INSTANT."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _Frozen:  # type: ignore[override]
        moment = INSTANT.astimezone(tz) if tz is not None else INSTANT.astimezone()
        return cls.fromisoformat(moment.isoformat())


@pytest.fixture(params=["UTC", "America/Los_Angeles", "Asia/Tokyo"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    monkeypatch.setattr(business_days, "datetime", _Frozen)
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def demo_db(demo_templates: Callable[[date], Path], tmp_path: Path) -> Path:
    return Path(shutil.copy(demo_templates(DEMO_DAY), tmp_path / "demo.db"))


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_days_left_are_counted_from_the_day_in_japan(machine_zone: str, demo_db: Path) -> None:
    shown = json.loads(run(demo_db, "plans", "--json"))
    in_japan = json.loads(run(demo_db, "plans", "--json", "--today", "2026-12-04"))
    assert shown and [r["days_left"] for r in shown] == [r["days_left"] for r in in_japan]
    assert [r["overdue"] for r in shown] == [r["overdue"] for r in in_japan]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_column_of_the_plans_table_has_a_heading(demo_db: Path, lang: str) -> None:
    lines = run(demo_db, "--lang", lang, "plans", "--today", "2026-12-04").splitlines()
    header, rule = lines[0], lines[1]
    assert "期限超過" in "\n".join(lines) or "OVERDUE" in "\n".join(lines)
    assert len(header.split()) == len(rule.split())
    assert header.split()[-1] == ("注意" if lang == "ja" else "notes")
    # each heading starts where its dashes start
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    assert len(starts) == 8


def test_card_dates_and_usage_times_from_files_are_japan_time(
    machine_zone: str, tmp_path: Path
) -> None:
    """A card issued on 2025-04-01 and a usage at 10:00 are the office's day and clock: on
    a machine in Los Angeles the issue used to be stored as 09:00 there (02:00 the next
    day in Japan), and on a UTC machine the usage as 19:00 in Japan."""
    db = str(tmp_path / "site.db")
    _roster(tmp_path, db)
    (tmp_path / "cards.csv").write_text(
        "organization,number,kind,use,holder,group,members,issued,note\n"
        "210,G-01,operator,group,,窓口班,S5,2025-04-01,\n",
        encoding="utf-8",
    )
    (tmp_path / "usage.csv").write_text(
        "organization,card,used_at,staff_number,name,purpose\n"
        "210,G-01,2025-05-20 10:00,,応援 花子,繁忙期\n",
        encoding="utf-8",
    )
    run(Path(db), "cards", "import", str(tmp_path / "cards.csv"))
    run(Path(db), "cards", "import-usage", str(tmp_path / "usage.csv"))
    engine = open_database(f"sqlite:///{db}")
    try:
        org = Repository(engine).find_organization("210")
        assert org is not None
        ledger = SiteRepository(engine).ledger(org.id)
    finally:
        engine.dispose()
    (issued,) = ledger.events
    (usage,) = ledger.usages
    assert issued.at.astimezone(UTC) == datetime(2025, 4, 1, 0, 0, tzinfo=UTC)  # 09:00 JST
    assert usage.used_at.astimezone(UTC) == datetime(2025, 5, 20, 1, 0, tzinfo=UTC)  # 10:00 JST
