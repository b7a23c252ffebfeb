"""Migration 0017 (`reminder_item`, office9b): from a 0016 database with plans and an
issued document in it, the upgrade keeps every row and adds the empty table; a reminder
recorded with its items; the downgrade to 0016 drops only the table, the issued document
kept. Run on a SQLite file and on PostgreSQL (`database_url`)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, inspect, text

from inspector.store.database import create_db_engine, migrate
from inspector.store.repositories.reminders import ReminderItem, Reminders
from tests.store.test_session_counters import _downgrade

TABLES = ("organization", "inspection_session", "finding", "improvement_plan", "issued_document")


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"select count(*) from {t}")).scalar_one() for t in TABLES}


def _fill_0016(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into organization (id, code, name, tags) values (1, '210', '市民課', '[]')"
            )
        )
        conn.execute(
            text(
                "insert into inspection_session (id, uid, checklist_id, checklist_version,"
                " organization_id, role, kind, session_date, status, source, created_at,"
                " not_independent) values (1, 'u-1', 'mini', '1.0', 1, 'inspector',"
                " 'inspection', '2025-03-01', 'completed', 'app', '2025-03-01 01:00:00', false)"
            )
        )
        columns = {c["name"] for c in inspect(conn).get_columns("finding")}
        finding = {
            "id": 1, "uid": "f-1", "session_id": 1, "organization_id": 1, "kind": "finding",
            "title": "台帳がない", "text": "台帳を作成していなかった。", "requested_measure": "",
            "items": "[]", "answers": "{}", "evidence": "[]", "created_by": "監査 太郎", "created_at": "2025-03-01 01:00:00",
            "updated_at": "2025-03-01 01:00:00",
        }  # fmt: skip
        finding = {k: v for k, v in finding.items() if k in columns}
        conn.execute(
            text(
                f"insert into finding ({', '.join(finding)}) values"
                f" ({', '.join(':' + k for k in finding)})"
            ),
            finding,
        )
        plan_cols = {c["name"] for c in inspect(conn).get_columns("improvement_plan")}
        plan = {
            "id": 1, "uid": "p-1", "finding_id": 1, "measures": "台帳を作る",
            "responsible_organization_id": 1, "responsible_person": "課長",
            "deadline": date(2025, 4, 30), "created_by": "事務局", "created_at": "2025-03-01 01:00:00",
            "updated_at": "2025-03-01 01:00:00",
        }  # fmt: skip
        plan = {k: v for k, v in plan.items() if k in plan_cols}
        conn.execute(
            text(
                f"insert into improvement_plan ({', '.join(plan)}) values"
                f" ({', '.join(':' + k for k in plan)})"
            ),
            plan,
        )
        conn.execute(
            text(
                "insert into issued_document (doc_id, kind, content_hash, issued_by, issued_at,"
                " number, fiscal_year, serial) values ('N-20250301-1', 'notice', 'h', 'u',"
                " '2025-03-01 01:00:00', '監第1号', 2024, 1)"
            )
        )


def test_0017_adds_the_reminder_items_and_keeps_every_row(database_url: str) -> None:
    engine = create_db_engine(database_url)
    migrate(engine)
    _downgrade(engine, "0016")
    assert "reminder_item" not in inspect(engine).get_table_names()
    _fill_0016(engine)
    before = _counts(engine)
    assert before == dict.fromkeys(TABLES, 1)
    migrate(engine)
    assert _counts(engine) == before
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from reminder_item")).scalar_one() == 0
    Reminders(engine).record_reminder(
        {"doc_id": "R-20250601-1", "kind": "reminder", "content_hash": "h", "issued_by": "u",
         "organization_id": 1, "signer": "事務局"},
        ("監督第1号", 2025, 1),
        [ReminderItem(1, plan_id=1), ReminderItem(1, form_id="SC-1")],
        reminded_on=date(2025, 6, 1),
        reply_by=date(2025, 6, 13),
        check=lambda _documents: None,
    )  # fmt: skip
    plans, forms = Reminders(engine).reminded()
    assert [r.number for r in plans[1]] == ["監督第1号"]
    assert forms["SC-1"][0].reply_by == date(2025, 6, 13)
    _downgrade(engine, "0016")
    assert "reminder_item" not in inspect(engine).get_table_names()
    assert _counts(engine)["issued_document"] == 2  # the reminder's register entry kept
    engine.dispose()


def test_a_failed_number_check_records_neither_the_document_nor_its_items(
    database_url: str,
) -> None:
    engine = create_db_engine(database_url)
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into organization (id, code, name, tags) values (1, '210', '市民課', '[]')"
            )
        )

    class Taken(Exception):
        pass

    def taken(_documents: object) -> None:
        raise Taken

    with pytest.raises(Taken):
        Reminders(engine).record_reminder(
            {"doc_id": "R-1", "kind": "reminder", "content_hash": "h", "issued_by": "u"},
            ("監督第1号", 2025, 1),
            [ReminderItem(1, form_id="SC-1")],
            reminded_on=date(2025, 6, 1),
            reply_by=date(2025, 6, 13),
            check=taken,
        )
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from reminder_item")).scalar_one() == 0
        assert conn.execute(text("select count(*) from issued_document")).scalar_one() == 0
    engine.dispose()
