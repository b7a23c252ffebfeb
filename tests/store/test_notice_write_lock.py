"""On PostgreSQL a signed notice's content is checked again in the transaction that records
it, holding the advisory write lock exclusively; every write that changes what a notice
contains (a finding added, edited, withdrawn or restored, a plan added or edited, a measure
entry) takes that lock shared, so none commits between the check and the record (SQLite
has one writer: no such window). The write is started right after the check gathered the
notice, on its own connection, and the test waits until it either committed or waits for
the lock: it must be waiting, and commits once the notice is recorded."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from inspector.config import Settings
from inspector.context import AppContext
from inspector.demo.city import AUDITOR
from inspector.domain.documents import NoticeData
from inspector.domain.findings import MeasureStatus
from inspector.services.findings import restore_finding, withdraw_finding
from tests.cli.test_document_number_race import auditor_visits, office
from tests.cli.test_notice_recheck import add_finding, notices
from tests.db_rows import scalar

__all__ = ["office"]

# What every write of a finding, plan or entry leaves behind: a count that grows.
WRITES = (
    "select (select count(*) from finding_change) + (select count(*) from"
    " improvement_plan_change) + (select count(*) from measure_entry)"
)
WAITING = (
    "select count(*) from pg_stat_activity where datname = current_database()"
    " and wait_event_type = 'Lock' and wait_event = 'advisory'"
)


def _withdraw(context: AppContext, finding_id: int) -> None:
    withdraw_finding(context, finding_id, "誤りのため")


def _restore(context: AppContext, finding_id: int) -> None:
    restore_finding(context, finding_id)


def _edit(context: AppContext, finding_id: int) -> None:
    context.findings.update_finding(finding_id, {"title": "直した題名"}, "監査 一郎")


def _plan(context: AppContext, finding_id: int) -> None:
    organization = context.findings.finding(finding_id).organization_id
    plan = context.findings.add_plan(
        finding_id,
        measures="貼り紙を撤去します",
        responsible_organization_id=organization,
        responsible_person="担当 一郎",
        deadline=date(2027, 3, 31),
        actor="監査 一郎",
    )
    context.findings.update_plan(plan.id, {"measures": "撤去し周知します"}, "監査 一郎")
    context.findings.add_entry(plan.id, MeasureStatus.DONE, date(2027, 1, 5), "撤去", "監査 一郎")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("write", [_withdraw, _restore, _edit, _plan])
def test_no_finding_write_commits_between_the_notice_check_and_its_record(
    database_url: str,
    db_arg: str,
    office: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write: Callable[[AppContext, int], None],
) -> None:
    from inspector.reports.keys import load_identity
    from inspector.services.documents import _numbered, document_service

    sid = auditor_visits(database_url)[0]
    target = add_finding(database_url, sid, "記録の間に変わる指摘")
    writer = AppContext(Settings(db=database_url, user="監査 一郎"))
    if write is _restore:
        # restored while the notice is recorded: withdrawn (off the notice) before
        withdraw_finding(writer, target, "いったん取下げ")
    keys = Path(office["INSPECTOR_KEYS_DIR"])
    context = AppContext(Settings(db=db_arg, keys_dir=keys, user="t"))  # type: ignore[arg-type]
    service = document_service(context)
    [(numbered, numbering)] = _numbered(
        service, [service.notice_data(sid, issue_date=date(2026, 12, 2))], reissue=False
    )
    gathered_again = service._gathered_again
    failures: list[BaseException] = []
    seen: list[int] = []

    def run_write() -> None:
        try:
            write(writer, target)
        except BaseException as exc:  # reported by the test, not lost in the thread
            failures.append(exc)

    thread = threading.Thread(target=run_write)

    def gathered_then_written(data: NoticeData) -> NoticeData:
        fresh = gathered_again(data)
        if not thread.is_alive() and thread.ident is None:
            before = scalar(database_url, WRITES)
            thread.start()
            # Until the write committed, or waits for the lock the record holds.
            while thread.is_alive() and not scalar(database_url, WAITING):
                os.sched_yield()
            seen.append(scalar(database_url, WRITES) - before)
        return fresh

    monkeypatch.setattr(service, "_gathered_again", gathered_then_written)
    identity = load_identity(keys, AUDITOR, b"pw")
    try:
        service.issue(
            numbered,
            tmp_path / "notice.pdf",
            identity,
            guard=context.output_guard(),
            numbering=numbering,
        )
        thread.join(timeout=300)
    finally:
        context.close()
        writer.close()
    assert not failures, failures
    assert seen == [0]  # nothing of the write committed before the notice was recorded
    assert scalar(database_url, WRITES) > 0 and len(notices(database_url)) == 1
