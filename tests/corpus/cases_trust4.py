"""Restoring a withdrawn finding by the withdrawal the person saw (`inspector findings
restore --withdrawn-at`): a time that is not the current withdrawal's (withdrawn again
since), one that is no time, one without its zone. Each refused with what and where, the
database unchanged."""

from __future__ import annotations

from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector

FINDING = "2"  # a finding of the demo's first visit


def _withdrawn(places: Placeholders) -> None:
    run_inspector(places, "findings", "withdraw", FINDING, "--reason", "重複のため")


def _restore(seen: str) -> list[str]:
    return ["findings", "restore", FINDING, "--withdrawn-at", seen]


CASES = [
    Case(
        id="trust4-restore-withdrawn-again",
        args=_restore("2026-01-05T01:02:03.456789+00:00"),
        setup=_withdrawn,
        expect=[f"指摘事項 {FINDING}", "取り下げ直しました", "重複のため", "令和8年1月5日 10:02"],
        exit_code=1,
    ),
    Case(
        id="trust4-restore-withdrawn-again-en",
        args=_restore("2026-01-05T01:02:03+00:00"),
        setup=_withdrawn,
        expect=[f"Finding {FINDING}", "withdrawn again", "重複のため", "2026-01-05 10:02"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="trust4-restore-withdrawn-at-not-a-time",
        args=_restore("きのう"),
        setup=_withdrawn,
        expect=["--withdrawn-at", "きのう", "withdrawn_at"],
        exit_code=2,
    ),
    Case(
        id="trust4-restore-withdrawn-at-without-zone",
        args=_restore("2026-12-03T10:15:30"),
        setup=_withdrawn,
        expect=["--withdrawn-at", "2026-12-03T10:15:30", "+00:00"],
        exit_code=2,
    ),
]
