"""`inspector sessions list` from the session counters, with --limit, --organization,
--checklist and --since (issue 17); a session not counted yet is counted from its answers."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner
from sqlalchemy import text

from inspector.cli.main import cli
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.domain.progress import progress
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository


def run(db: str, *args: str, lang: str = "en") -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--lang", lang, "--db", db, *args])
    return result.exit_code, result.stdout, result.stderr


def _listed(db: str, *args: str) -> list[dict[str, object]]:
    code, out, err = run(db, "sessions", "list", "--json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_sessions_list_filters(
    db_arg: str, database_url: str, shipped_catalog: ChecklistCatalog
) -> None:
    engine = open_database(database_url)
    repo = Repository(engine)
    repo.checklists = shipped_catalog.lookup
    repo.upsert_organizations(
        [OrganizationInput("210", "市民課"), OrganizationInput("220", "税務課")]
    )
    orgs = {o.code: o for o in repo.organizations()}
    juki = shipped_catalog.get("juki-department")
    room = shipped_catalog.get("server-room")
    made = {}
    for name, checklist, code, day in (
        ("a", juki, "210", date(2026, 4, 1)),
        ("b", room, "210", date(2026, 5, 1)),
        ("c", juki, "220", date(2026, 6, 1)),
    ):
        made[name] = repo.start_session(
            checklist,
            orgs[code].id,
            role=Role.INSPECTOR,
            kind=SessionKind.INSPECTION,
            session_date=day,
        )
    first = juki.items[0].id
    repo.save_answer(made["a"].id, first, lambda _s: AnswerState("noncompliant"), "t")
    # written without the checklists (NULL counters): counted from its answers when listed
    repo.checklists = None
    repo.save_answer(made["c"].id, first, lambda _s: AnswerState("noncompliant"), "t")
    with engine.connect() as conn:
        assert (
            conn.execute(
                text("select answered_count from inspection_session where id = :id"),
                {"id": made["c"].id},
            ).scalar()
            is None
        )
    engine.dispose()

    everything = _listed(db_arg)
    assert [r["id"] for r in everything] == [made["c"].id, made["b"].id, made["a"].id]
    expected = progress(juki, {first: "noncompliant"}, set())
    for row in everything:
        if row["id"] in (made["a"].id, made["c"].id):
            assert (row["answered"], row["applicable"], row["noncompliant"]) == (
                1,
                expected.applicable,
                1,
            )
    assert [r["id"] for r in _listed(db_arg, "--limit", "1")] == [made["c"].id]
    assert [r["id"] for r in _listed(db_arg, "--organization", "210")] == [
        made["b"].id,
        made["a"].id,
    ]
    assert [r["id"] for r in _listed(db_arg, "--checklist", "juki-department")] == [
        made["c"].id,
        made["a"].id,
    ]
    assert [r["id"] for r in _listed(db_arg, "--since", "2026-05-01")] == [
        made["c"].id,
        made["b"].id,
    ]
    assert [r["id"] for r in _listed(db_arg, "--since", "2026-05-01", "--organization", "210")] == [
        made["b"].id
    ]
    assert _listed(db_arg, "--checklist", "nope") == []

    code, _out, err = run(db_arg, "sessions", "list", "--organization", "999")
    assert code != 0 and "999" in err and "Traceback" not in err
    code, _out, err = run(db_arg, "sessions", "list", "--limit", "0")
    assert code != 0 and "--limit" in err
    code, _out, err = run(db_arg, "sessions", "list", "--since", "yesterday")
    assert code != 0 and "--since" in err
    code, out, _err = run(db_arg, "sessions", "list", "--help", lang="ja")
    assert code == 0 and "新しいものから N 件" in out
