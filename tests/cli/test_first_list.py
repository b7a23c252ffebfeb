"""The home screen's first list reads a SQLite file without SQLAlchemy, the tables, PyYAML
or the checklist models (issue 17): the store's counters and the cached checklist titles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository

pytestmark = pytest.mark.sqlite_only("the first list reads the SQLite file with sqlite3")

HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "reportlab",
    "pyhanko",
    "pydantic",
    "yaml",
    "inspector.domain.checklist",
)

LIST = (
    "import sys, json; from inspector.config import load_settings; "
    "from inspector.context import AppContext; "
    "from inspector.services.session_list import recent_sessions; "
    "ctx = AppContext(load_settings()); ctx.catalog; s = recent_sessions(ctx); "
    "print(json.dumps({'heavy': sorted(m for m in HEAVY if m in sys.modules), "
    "'rows': [[x.organization.name, x.checklist_title, x.answered, x.total, x.noncompliant,"
    " x.respondent.name if x.respondent else None] for x in s]}))"
)


def test_the_first_list_imports_no_store_or_checklist_models(
    db_path: Path, shipped_catalog: ChecklistCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = open_database(f"sqlite:///{db_path}")
    repo = Repository(engine)
    repo.checklists = shipped_catalog.lookup
    repo.upsert_organizations([OrganizationInput("210", "市民課")])
    (org,) = repo.organizations()
    juki = shipped_catalog.get("juki-department")
    session = repo.start_session(juki, org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION)
    first, second = juki.items[0].id, juki.items[1].id
    repo.save_answer(session.id, first, lambda _s: AnswerState("noncompliant"), "t")
    repo.save_answer(session.id, second, lambda _s: AnswerState("compliant"), "t")
    engine.dispose()
    monkeypatch.setenv("INSPECTOR_DB", str(db_path))
    code = f"HEAVY = {HEAVY!r}; " + LIST

    def run() -> dict[str, list[object]]:
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    run()  # the first start validates the checklists and writes their cache
    listed = run()
    assert listed["heavy"] == []
    applicable = len(juki.applicable_items({}, set()))
    assert listed["rows"] == [["市民課", juki.title.ja, 2, applicable, 1, None]]
