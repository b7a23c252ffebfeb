"""A child process for the durability test: answers items one by one and prints each
acknowledgement only after `save_answer` has returned."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from inspector.domain.checklist_loader import load_checklist
from inspector.domain.model import Role, SessionKind
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository


def main() -> None:
    db, fixture = sys.argv[1], Path(sys.argv[2])
    checklist = load_checklist(fixture)
    repo = Repository(open_database(f"sqlite:///{db}"))
    repo.upsert_organizations([OrganizationInput("X", "テスト課")])
    org = repo.find_organization("X")
    assert org is not None
    sessions = []
    for _ in range(1000):
        session = repo.start_session(
            checklist, org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
        )
        sessions.append(session.id)
        for item in ("c1", "c2"):
            value = "noncompliant" if session.id % 2 else "compliant"
            repo.save_answer(session.id, item, lambda s, v=value: replace(s, value=v), "writer")
            print(f"{session.id} {item} {value}", flush=True)


if __name__ == "__main__":
    main()
