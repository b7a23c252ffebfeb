"""The read-only listings' filters (issue 17): an unknown organization or a negative limit
is refused with what was wrong, on the light path that reads the file with sqlite3 as on
the usual one."""

from __future__ import annotations

from tests.corpus.case import Case

CASES = [
    Case(
        id="commands-people-unknown-organization",
        args=["people", "list", "--organization", "NOPE"],
        expect=["組織コード 'NOPE' はありません"],
    ),
    Case(
        id="commands-people-unknown-organization-en",
        lang="en",
        args=["people", "list", "--organization", "NOPE"],
        expect=["unknown organization 'NOPE'"],
    ),
    Case(
        id="commands-people-negative-limit",
        args=["people", "list", "--limit", "-1"],
        expect=["--limit", "-1"],
        exit_code=2,
    ),
    Case(
        id="commands-plans-unknown-organization",
        args=["plans", "--organization", "NOPE"],
        expect=["組織コード 'NOPE' はありません"],
    ),
    Case(
        id="commands-plans-unknown-organization-empty-db",
        args=["plans", "--organization", "NOPE"],
        expect=["組織コード 'NOPE' はありません"],
        demo=False,
    ),
]
