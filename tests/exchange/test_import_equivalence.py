"""The streaming import (issue 17) leaves the database exactly as the import before it did,
on SQLite and PostgreSQL: the same sessions, answers, change log (old values kept),
organizations and people, the same counts, and for a bad file the same problems in the
same order with nothing written. The old import is kept verbatim in `_legacy_import.py`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import StaffType
from inspector.exchange.answers_csv import COLUMNS, import_answers
from inspector.exchange.csvfile import CsvProblems
from inspector.i18n import Translator
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, PersonInput, Repository
from tests.db_rows import rows
from tests.exchange._legacy_import import legacy_import_answers

Importer = Callable[..., Any]

ORGS = [
    OrganizationInput("D1", "市民部"),
    OrganizationInput("GEN", "総務課", "D1", ("employs_temporary",)),
    OrganizationInput("TAX", "税務課", "D1"),
    OrganizationInput("T2", "税務課", "D1"),  # a name two organizations share
]
PEOPLE = [
    PersonInput("P1", "職員一", "GEN", StaffType.REGULAR),
    PersonInput("P2", "職員二", "TAX", StaffType.PART_TIME),
    PersonInput("P3", "職員三", "TAX", StaffType.REGULAR),
]

FIRST = [
    "GEN,,,mini,c1,遵守,,,2025-03-31T10:00:00+09:00",
    "GEN,,,mini,c2,不遵守,unaware,机の上,2025-03-31T10:00:00+09:00",
    "GEN,,,mini,y1,はい,,,2025-03-30 09:00",
    "TAX,,,mini,ch,毎週,,,2025-03-29T10:00:00+09:00",
    "TAX,,,mini,n1,１２,,,",
    "GEN,P1,,mini-person,q1,いいえ,,,2025-03-31T11:00:00+09:00",
    "TAX,P2,part_time,mini-person,q1,はい,,,2025-03-31T11:00:00+09:00",
]
# New answers to known sessions, changed answers (value, reasons, note, time), unchanged
# ones, new units interleaved with known ones, rows without a time, an escaped formula,
# a multi-line note, empty answers, and (with --create-missing) a new organization and
# new people, one of whom gets a type only on a later row.
MIXED = [
    "GEN,,,mini,c1,遵守,,,2025-03-31T10:00:00+09:00",
    "GEN,,,mini,c2,不遵守,busy;規程を知らなかった;他の理由,机の上,2025-04-01T10:00:00+09:00",
    "TAX,P2,,mini-person,q1,いいえ,,,2025-04-02T11:00:00+09:00",
    "GEN,,,mini,y1,はい,,,2025-03-30 09:00",
    "NEW1,,,mini,c1,×,unaware,,2025-04-03T10:00:00+09:00",
    "TAX,,,mini,ch,daily,,,2025-03-29T10:00:00+09:00",
    "GEN,,,mini,tx,'=SUM(A1),,,",
    'GEN,,,mini,n1,3,,"一行目\r\n二行目",2025-02-01T10:00:00+09:00',
    "TAX,P3,,mini-person,q2,はい,,,",
    "NEW1,N1,,mini-person,q1,はい,,,2025-04-03T10:00:00+09:00",
    "TAX,,,mini,c2,,,,",
    "GEN,P1,,mini-person,q1,いいえ,,,2025-03-31T11:00:00+09:00",
    "NEW1,N1,temporary,mini-person,q2,いいえ,,,2025-04-04T10:00:00+09:00",
    "TAX,,,mini,y2,該当なし,,,2025-04-05T10:00:00+09:00",
]
BAD = [
    "GEN,,,nochecklist,c1,遵守,,,",
    "GEN,,,mini,zz,遵守,,,",
    ",,,mini,c1,遵守,,,",
    "税務課,,,mini,c1,遵守,,,",
    "NOPE,,,mini,c1,遵守,,,",
    "GEN,P1,alien,mini-person,q1,はい,,,",
    "GEN,,,mini-person,q1,はい,,,",
    "TAX,P1,,mini-person,q1,はい,,,",
    "GEN,P9,,mini-person,q1,はい,,,",
    "TAX,P2,regular,mini-person,q1,はい,,,",
    "GEN,P1,,mini,c1,遵守,,,",
    "GEN,,,mini,c1,たぶん,,,",
    "GEN,,,mini,c2,遵守,,,2099-01-01",
    "GEN,,,mini,c2,遵守,,,yesterday",
    "GEN,,,mini,y1,はい,,,",
    "GEN,,,mini,y1,いいえ,,,",
    "GEN,,,mini,c1,遵守,,,",
]


@pytest.fixture
def twin(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second, empty database of the same kind as `database_url`."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'twin.db'}"
        return
    server: Any = request.getfixturevalue("postgres_server")
    url = server.fresh_database()
    yield url
    server.drop_database(url)


def _write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_bytes(("\n".join([",".join(COLUMNS), *lines]) + "\n").encode("utf-8"))
    return path


def _seeded(url: str) -> Repository:
    repo = Repository(open_database(url))
    repo.upsert_organizations(ORGS)
    repo.upsert_people(PEOPLE)
    return repo


def _clock(value: Any) -> Any:
    """Times as instants (the old import wrote SQLite's times without their microseconds,
    unlike the rest of the store: `types.SQLITE_STORAGE_FORMAT`). A time the import took
    from its own clock (a row without one) differs between two runs: it is compared as
    such; the times the file gives are compared exactly."""
    if isinstance(value, str) and _TIME.fullmatch(value):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.year >= 2026:
        return "<now>"
    return value


_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00")


def _content(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything an import writes, by natural keys (not ids, uids or creation times)."""
    unit = (
        "s.import_key, s.checklist_id, s.checklist_version, o.code, p.staff_number, s.role,"
        " s.kind, s.session_date, s.status, s.source, s.not_independent"
    )
    tables = {
        "organization": "select o.code, o.name, o.tags, q.code from organization o"
        " left join organization q on q.id = o.parent_id order by o.code",
        "person": "select p.staff_number, p.name, o.code, p.staff_type, p.status from person p"
        " left join organization o on o.id = p.organization_id order by p.staff_number",
        "session": f"select {unit} from inspection_session s join organization o"
        " on o.id = s.organization_id left join person p on p.id = s.respondent_id"
        " order by s.import_key",
        "answer": "select s.import_key, a.item_id, a.value, a.reasons, a.reason_text, a.note,"
        " a.evidence, a.answered_by, a.answered_at from answer a join inspection_session s"
        " on s.id = a.session_id order by s.import_key, a.item_id",
        "answer_change": "select s.import_key, c.item_id, c.action, c.old_value, c.new_value,"
        " c.old_state, c.new_state, c.changed_by, c.changed_at, c.undoes_id"
        " from answer_change c join inspection_session s on s.id = c.session_id"
        " order by s.import_key, c.item_id, c.id",
    }
    return {
        name: [tuple(_clock(v) for v in row) for row in rows(url, sql)]
        for name, sql in tables.items()
    }


def _same(got: dict[str, list[Any]], want: dict[str, list[Any]]) -> None:
    for table in want:  # table by table, so that a failure shows the rows that differ
        assert got[table] == want[table], table


def _report(report: Any) -> tuple[Any, ...]:
    # the reference did not count the rows without a time (`ImportCounts.undated`)
    counts = dataclasses.replace(report.counts, undated=0)
    return (report.rows, counts, report.organizations_created, report.people_created)


def test_a_mixed_import_writes_what_the_old_import_wrote(
    database_url: str, twin: str, tmp_path: Path, mini_catalog: ChecklistCatalog
) -> None:
    new, old = _seeded(database_url), _seeded(twin)
    first, mixed = _write(tmp_path, "first.csv", FIRST), _write(tmp_path, "mixed.csv", MIXED)
    for path, create in ((first, False), (mixed, True)):
        got = import_answers(new, mini_catalog, path, create_missing=create, actor="山田")
        want = legacy_import_answers(old, mini_catalog, path, create_missing=create, actor="山田")
        assert _report(got) == _report(want)
        _same(_content(database_url), _content(twin))
    counts = got.counts
    assert (counts.answers_added, counts.answers_updated, counts.answers_unchanged) == (7, 3, 3)
    changes = _content(database_url)["answer_change"]
    kept = [c for c in changes if c[0].endswith("/-") and c[1] == "c2" and c[3] is not None]
    assert [c[3] for c in kept] == ["noncompliant"]  # the old value is logged with the new
    # The same file again changes nothing.
    before = _content(database_url)
    again = import_answers(new, mini_catalog, mixed, create_missing=True, actor="山田")
    assert again.counts.answers_unchanged == len(MIXED) - 1  # one row is an empty answer
    assert again.counts.answers_added == again.counts.answers_updated == 0
    assert _content(database_url) == before
    new.engine.dispose()
    old.engine.dispose()


def test_a_bad_file_is_refused_with_the_old_problems_and_nothing_written(
    database_url: str, twin: str, tmp_path: Path, mini_catalog: ChecklistCatalog
) -> None:
    new, old = _seeded(database_url), _seeded(twin)
    bad = _write(tmp_path, "bad.csv", FIRST[:3] + BAD)
    before = _content(database_url)
    problems = []
    for repo, run in ((new, import_answers), (old, legacy_import_answers)):
        with pytest.raises(CsvProblems) as info:
            run(repo, mini_catalog, bad, create_missing=False)
        problems.append([p.render_in(Translator("en")) for p in info.value.problems])
    assert problems[0] == problems[1]
    assert len(problems[0]) == len(BAD)  # each bad row once, whatever it repeats
    assert _content(database_url) == before
    new.engine.dispose()
    old.engine.dispose()
