"""`inspector report reminders` (office9b) refuses, before anything is written or asked:
an organization not in the roster, a reply-by date on a closed day or not after the
letter's date, an as-of date after it, a reminder file already there without --force (an
inspector's key refused: tests/cli/test_office9b_reminders.py; the message quotes a command)."""

from __future__ import annotations

from pathlib import Path

from inspector.domain.business_days import japan_today
from tests.corpus.case import Case, Placeholders


def _existing(places: Placeholders) -> None:
    folder = Path(places["tmp"]) / "out"
    folder.mkdir()
    (folder / f"reminder_210_{japan_today():%Y%m%d}.pdf").write_bytes(b"%PDF earlier letter")


CASES = [
    Case(
        id="office9b-unknown-organization",
        args=["report", "reminders", "--organization", "999", "-o", "{tmp}/out"],
        expect=["999", "名簿にありません"],
    ),
    Case(
        id="office9b-reply-by-on-new-years-day",
        args=["report", "reminders", "--reply-by", "2030-01-01", "-o", "{tmp}/out"],
        expect=["令和12年1月1日", "令和12年1月4日"],
    ),
    Case(
        id="office9b-reply-by-not-after-the-letter",
        args=[
            "report",
            "reminders",
            "--date",
            "2025-04-01",
            "--reply-by",
            "2025-03-31",
            "-o",
            "{tmp}/out",
        ],
        expect=["令和7年3月31日", "令和7年4月1日"],
    ),
    Case(
        id="office9b-as-of-after-the-letter",
        args=[
            "report",
            "reminders",
            "--date",
            "2025-04-01",
            "--as-of",
            "2025-05-01",
            "--reply-by",
            "2025-04-15",
            "-o",
            "{tmp}/out",
        ],
        expect=["--as-of", "令和7年5月1日"],
    ),
    Case(
        id="office9b-existing-file-without-force",
        args=["report", "reminders", "--organization", "210", "-o", "{tmp}/out"],
        expect=["reminder_210_", "--force"],
        setup=_existing,
    ),
    Case(
        id="office9b-unknown-organization-en",
        args=["report", "reminders", "--organization", "999", "-o", "{tmp}/out"],
        expect=["999", "not in the roster"],
        lang="en",
    ),
]
