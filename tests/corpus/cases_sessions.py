"""`inspector sessions list` refused (issue 17): a --limit that is no whole number of 1 or
more, a --since that is no date, an organization that does not exist."""

from __future__ import annotations

from tests.corpus.case import Case

CASES = [
    Case(
        id="sessions-list-limit-zero",
        args=["sessions", "list", "--limit", "0"],
        expect=["--limit", "'0' は 1 以上の整数ではありません"],
    ),
    Case(
        id="sessions-list-limit-not-a-number",
        args=["sessions", "list", "--limit", "ten"],
        expect=["--limit", "'ten' は 1 以上の整数ではありません"],
    ),
    Case(
        id="sessions-list-limit-not-a-number-en",
        args=["sessions", "list", "--limit", "ten"],
        expect=["--limit", "'ten' is not a whole number of 1 or more"],
        lang="en",
    ),
    Case(
        id="sessions-list-since-not-a-date",
        args=["sessions", "list", "--since", "2025-13-01"],
        expect=["--since", "'2025-13-01' は日付ではありません"],
    ),
    Case(
        id="sessions-list-unknown-organization",
        args=["sessions", "list", "--organization", "NOPE", "--limit", "5"],
        expect=["組織コード 'NOPE' はありません"],
        exit_code=1,
    ),
]
