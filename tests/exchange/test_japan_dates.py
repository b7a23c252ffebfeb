"""Dates are an office's day in Japan, whatever the zone this computer is set to.

From 00:00 to 09:00 JST a machine set to UTC (or to Los Angeles) is still on the day
before: a measure entry dated today in Japan was refused as "from the future" by the
bundle check and by the date check of imported files. The machine's zone is switched with
TZ (and `time.tzset`); the answers must be those of a machine set to Asia/Tokyo.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from inspector.domain.business_days import japan_today
from inspector.domain.dates import check_plausible
from inspector.domain.findings import MeasureStatus
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository
from tests.exchange.test_bundle import (  # noqa: F401 (fixtures)
    Laptop,
    export,
    keys,
    laptop,
    office_db,
)

ZONES = ["UTC", "America/Los_Angeles", "Asia/Tokyo"]
#: 2026-12-04 00:30 in Japan, still 12-03 in UTC and in Los Angeles
INSTANT = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)


@pytest.fixture(params=ZONES)
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_todays_date_in_japan_is_not_from_the_future(machine_zone: str) -> None:
    check_plausible(date(2026, 12, 4), now=INSTANT)
    check_plausible(date(2026, 12, 4), now=INSTANT.astimezone())  # the machine's zone
    with pytest.raises(ValueError):
        check_plausible(date(2026, 12, 5), now=INSTANT)


def test_a_naive_time_read_from_a_file_is_japan_time(machine_zone: str) -> None:
    check_plausible(datetime(2026, 12, 4, 0, 35), now=INSTANT)  # 15:35 UTC
    with pytest.raises(ValueError):
        check_plausible(datetime(2026, 12, 4, 0, 45), now=INSTANT)  # past the 10 minutes


def _next_half_past_three_utc() -> datetime:
    """The next 15:30 UTC (00:30 the next day in Japan) after the real clock: the rows the
    test writes are stamped with the real clock, which the import must not find later."""
    now = datetime.now(UTC)
    moment = now.replace(hour=15, minute=30, second=0, microsecond=0)
    return moment if moment > now else moment + timedelta(days=1)


def test_a_bundle_with_an_entry_of_today_in_japan_imports_at_half_past_midnight_jst(
    machine_zone: str,
    laptop: Laptop,  # noqa: F811
    office_db: tuple[str, Repository],  # noqa: F811
    keys: tuple,  # noqa: F811
    tmp_path: Path,
) -> None:
    at = _next_half_past_three_utc()
    today = japan_today(at)
    assert today == at.date() + timedelta(days=1)  # a day ahead of UTC and of LA
    (finding,) = laptop.findings.findings()
    (plan,) = laptop.findings.plans_for(finding.id)
    laptop.findings.add_entry(plan.id, MeasureStatus.DONE, today, "措置済", "総務課長")
    bundle = export(laptop, keys, tmp_path / "today.bundle")
    _, repo = office_db
    receipt = do_import_at(repo, keys[0], bundle, at)
    assert receipt.changed
    office = FindingRepository(repo.engine)
    (office_finding,) = office.findings()
    (office_plan,) = office.plans_for(office_finding.id)
    entries = office.plan(office_plan.id).entries
    assert [e.entry_date for e in entries] == [date(2025, 4, 1), today]


def do_import_at(repo: Repository, office: object, bundle: Path, at: datetime) -> object:
    from inspector.exchange.bundle import import_bundles

    return import_bundles(
        repo.engine,
        [bundle],
        office_cert=office.cert,  # type: ignore[attr-defined]
        encryption_cert=office.encryption_cert,  # type: ignore[attr-defined]
        encryption_key=office.encryption_key,  # type: ignore[attr-defined]
        actor="office",
        now=at,
    )


def test_a_group_card_used_early_on_the_first_day_of_the_period_was_used(
    machine_zone: str,
) -> None:
    """08:00 in Japan on the period's first day is 23:00 UTC the day before: the period
    is counted in Japan's days."""
    from inspector.domain.cards import (
        Card,
        CardEvent,
        CardEventKind,
        CardKind,
        CardThresholds,
        CardUsage,
        CardUse,
        MismatchKind,
        reconcile,
    )
    from inspector.domain.model import Person, PersonStatus, StaffType

    today = date(2025, 6, 30)
    first_day_0800_jst = datetime(2025, 5, 30, 23, 0, tzinfo=UTC)
    assert today - timedelta(days=30) == date(2025, 5, 31)  # the first day
    card = Card(1, 1, "G-01", CardKind.OPERATOR, CardUse.GROUP, "窓口班", (16,))
    issued = CardEvent(1, 1, CardEventKind.ISSUE, datetime(2025, 4, 1, tzinfo=UTC), "t")
    usage = CardUsage(1, 1, first_day_0800_jst, "職員16", person_id=16)
    people = {16: Person(16, "S16", "職員16", 1, StaffType.REGULAR, PersonStatus.ACTIVE)}
    found = reconcile(
        1,
        [card],
        [issued],
        people,
        usages=[usage],
        today=today,
        thresholds=CardThresholds(group_usage_period_days=30),
    )
    assert MismatchKind.GROUP_CARD_UNUSED not in {m.kind for m in found}
