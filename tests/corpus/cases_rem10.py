"""`inspector report reminders` (rem10) refuses a signed reminder, before a passphrase is
asked or a file written, when: its date is before the latest reminder recorded in the
fiscal year (numbers ascend with dates); the plans were reminded on that day already (a
second number the same day, e.g. an English rendering); `--force` would write over the
file the register records as another signed document. Each message names the number."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from inspector.domain.business_days import is_business_day, japan_today
from inspector.domain.doc_numbers import fiscal_year
from tests.corpus.case import Case, Placeholders

TODAY = japan_today()


def _earlier() -> str:
    day = TODAY - timedelta(days=7)
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day.isoformat()


def _reminded_today(places: Placeholders, path: str | None = None) -> None:
    """監督第1号 dated today, signed, reminding every plan of 210 (reply by today)."""
    with sqlite3.connect(places["db"]) as conn:
        conn.execute(
            "insert into issued_document (doc_id, kind, content_hash, issued_by, issued_at,"
            " number, fiscal_year, serial, signer, path, organization_id) values ('R-rem10',"
            " 'reminder', 'h', 'office', '2026-01-01 00:00:00', '監督第1号', ?, 1, '事務局', ?,"
            " (select id from organization where code = '210'))",
            (fiscal_year(TODAY), path),
        )
        conn.execute(
            "insert into reminder_item (doc_id, organization_id, plan_id, reminded_on, reply_by)"
            " select 'R-rem10', p.responsible_organization_id, p.id, ?, ? from improvement_plan p"
            " join organization o on o.id = p.responsible_organization_id where o.code = '210'",
            (TODAY.isoformat(), TODAY.isoformat()),
        )


def _recorded_file(places: Placeholders) -> None:
    folder = Path(places["tmp"]) / "out"
    folder.mkdir()
    target = folder / f"reminder_210_{TODAY:%Y%m%d}.pdf"
    target.write_bytes(b"%PDF the signed letter")
    _reminded_today(places, str(target.resolve()))
    with sqlite3.connect(places["db"]) as conn:  # another letter: its plans not these
        conn.execute("delete from reminder_item")


SIGNED = ["--signer", "監査 太郎"]
CASES = [
    Case(
        id="rem10-date-before-the-latest-reminder",
        args=[
            "report",
            "reminders",
            "--organization",
            "230",
            "--date",
            _earlier(),
            *SIGNED,
            "-o",
            "{tmp}/out",
        ],
        expect=["監督第1号", "より前です"],
        keys=True,
        setup=_reminded_today,
    ),
    Case(
        id="rem10-second-number-the-same-day",
        args=[
            "report",
            "reminders",
            "--organization",
            "210",
            "--again",
            "--doc-lang",
            "en",
            *SIGNED,
            "-o",
            "{tmp}/out",
        ],
        expect=["監督第1号", "同じ日"],
        keys=True,
        setup=_reminded_today,
    ),
    Case(
        id="rem10-force-over-a-recorded-signed-file",
        args=[
            "report",
            "reminders",
            "--organization",
            "210",
            "--force",
            *SIGNED,
            "-o",
            "{tmp}/out",
        ],
        expect=["監督第1号", "--force", "reminder_210_"],
        keys=True,
        setup=_recorded_file,
    ),
    Case(
        id="rem10-second-number-the-same-day-en",
        args=[
            "report",
            "reminders",
            "--organization",
            "210",
            "--again",
            *SIGNED,
            "-o",
            "{tmp}/out",
        ],
        expect=["監督第1号", "same day"],
        keys=True,
        setup=_reminded_today,
        lang="en",
    ),
]
