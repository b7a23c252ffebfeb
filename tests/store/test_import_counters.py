"""`import-csv` keeps the per-session counters without reading the answers back (issue 17):
a session the import makes is counted from the answers the writer holds, a session that
had answers from the stored answers the merge reads anyway. The counters equal a count of
the stored answers afterwards, on SQLite and PostgreSQL, over several chunks of the writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS, import_answers
from inspector.store import imports
from inspector.store.repository import OrganizationInput, Repository
from tests.store.test_session_counters import recount, stored

_READS_ANSWERS = re.compile(r"^\s*SELECT\b.*\bFROM\s+answer\b", re.IGNORECASE | re.DOTALL)
_WRITES_ANSWERS = re.compile(r"^\s*(INSERT\s+INTO|UPDATE)\s+answer\b", re.IGNORECASE)


@contextmanager
def statements(repo: Repository) -> Iterator[list[str]]:
    """Every statement the repository's engine sends while the block runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        seen.append(sql)

    event.listen(repo.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(repo.engine, "before_cursor_execute", record)


def _orgs(count: int) -> list[OrganizationInput]:
    tagged = ("employs_temporary",)
    return [OrganizationInput(f"O{n:03d}", f"所属{n:03d}", None, tagged if n % 2 else ()) for n in range(count)]  # fmt: skip


def _file(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([",".join(COLUMNS), *lines]) + "\n", encoding="utf-8")
    return path


def test_an_import_counts_its_sessions_without_reading_answers_back(
    repo: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(imports, "_ROWS", 7)  # several chunks of the writer in one import
    repo.upsert_organizations(_orgs(12))
    compliance, yes_no = ["遵守", "不遵守", "該当なし"], ["はい", "いいえ", "該当なし"]
    first = [
        f"O{n:03d},,,mini,{item},{answers[(n + k) % 3]},,,2025-03-31T10:00:00+09:00"
        for n in range(8)
        for k, (item, answers) in enumerate(
            (("c1", compliance), ("c2", compliance), ("t1", yes_no))
        )
    ] + [f"O{n:03d},,,mini,y1,はい,,,2025-03-31T10:00:00+09:00" for n in range(0, 8, 2)]
    with statements(repo) as seen:
        report = import_answers(repo, mini_catalog, _file(tmp_path / "a.csv", first))
    assert report.counts.sessions_added == 8
    # nothing stored before: no answer is read at all, not even to count them
    assert not [s for s in seen if _READS_ANSWERS.match(s)]
    assert stored(repo) == recount(repo, mini_catalog)

    # changed answers, new answers to known sessions (y2 applies after y1 = yes), new units
    second = [
        "O000,,,mini,c1,不遵守,,,2025-04-01T10:00:00+09:00",
        "O000,,,mini,y2,はい,,,2025-04-01T10:00:00+09:00",
        "O001,,,mini,y1,はい,,,2025-04-01T10:00:00+09:00",
        "O002,,,mini,c2,遵守,,,2025-03-31T10:00:00+09:00",  # unchanged
        "O009,,,mini,c1,遵守,,,2025-04-01T10:00:00+09:00",
        "O010,,,mini,t1,該当なし,,,2025-04-01T10:00:00+09:00",
    ]
    with statements(repo) as seen:
        report = import_answers(repo, mini_catalog, _file(tmp_path / "b.csv", second))
    assert (report.counts.answers_updated, report.counts.answers_added) == (1, 4)
    # the stored answers are read once, for the merge, before any is written
    reads = [n for n, s in enumerate(seen) if _READS_ANSWERS.match(s)]
    first_write = next(n for n, s in enumerate(seen) if _WRITES_ANSWERS.match(s))
    assert reads and max(reads) < first_write
    assert stored(repo) == recount(repo, mini_catalog)
    assert len(stored(repo)) == 10
