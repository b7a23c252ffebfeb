"""A child process for the write-ahead log's room test: makes room in the log as the runner
does, then answers items one by one through the runner's commit (`save_answer_at_once`),
printing each acknowledgement only after the commit has returned; after `count` answers it
waits (to be killed) with the log as they left it."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from inspector.domain.checklist_loader import load_checklist
from inspector.domain.model import Role, SessionKind
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository


def main() -> None:
    db, fixture, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    checklist = load_checklist(fixture)
    repo = Repository(open_database(f"sqlite:///{db}"))
    repo.checklists = lambda _id: checklist
    repo.upsert_organizations([OrganizationInput("X", "テスト課")])
    org = repo.find_organization("X")
    assert org is not None
    assert repo.make_room_for_answers()
    print("room", flush=True)
    answered = 0
    while answered < count:
        session = repo.start_session(
            checklist, org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
        )
        for item in ("c1", "c2"):
            value = "noncompliant" if session.id % 2 else "compliant"
            saved = repo.save_answer_at_once(
                session.id, item, lambda s, v=value: replace(s, value=v), "writer"
            )
            assert saved is not None and saved.value == value
            print(f"{session.id} {item} {value}", flush=True)
            answered += 1
    time.sleep(60)


if __name__ == "__main__":
    main()
