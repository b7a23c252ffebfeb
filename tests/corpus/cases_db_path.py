"""A database path that a URL would read otherwise: `%` (an escape: `p%41` became `pA`,
another file than the one named held the data), `?` (parameters), `#` (a fragment)."""

from __future__ import annotations

from tests.corpus.case import Case

CASES = [
    Case(
        id=f"db-path-{name}",
        args=["--db", f"/tmp/inspector-corpus-p{character}41/x.db", "sessions", "list"],
        expect=["データベースのパス", f"「{character}」"],
    )
    for name, character in (("percent", "%"), ("question", "?"), ("hash", "#"))
] + [
    Case(
        id="db-path-percent-en",
        lang="en",
        args=["--db", "/tmp/inspector-corpus-p%41/x.db", "sessions", "list"],
        expect=["the database path", "'%'"],
    )
]
