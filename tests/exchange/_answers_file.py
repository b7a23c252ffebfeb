"""A realistic answers CSV for the kill and concurrency tests: every organization and
operator in it is new (so `--create-missing` makes them), answers like a city's."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS
from inspector.resources import shipped_checklists_dir

ANSWERS = ["遵守"] * 8 + ["不遵守", "該当なし"]
TABLES = ("organization", "person", "inspection_session", "answer", "answer_change")


def write_answers_file(path: Path, organizations: int, operators: int) -> int:
    """organizations x the department checklist, operators x the operator checklist;
    returns the number of rows."""
    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    department = catalog.get("juki-department")
    operator = catalog.get("juki-operator")
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for n in range(organizations):
            for k, item in enumerate(department.items):
                answer = ANSWERS[(n + k) % 10]
                note = "棚の上に放置" if answer == "不遵守" else ""
                w.writerow(
                    [f"K{n:04d}", "", "", department.id, item.id, answer, "", note, "2025-03-31"]
                )
                rows += 1
        for p in range(operators):
            for k, item in enumerate(operator.items):
                value = ["はい", "いいえ"][(p + k) % 2] if item.answer.value == "yes_no" else None
                if value is None:
                    value = ANSWERS[(p + k) % 10]
                w.writerow(
                    [
                        f"K{p % organizations:04d}",
                        f"S{p:05d}",
                        "職員",
                        operator.id,
                        item.id,
                        value,
                        "",
                        "",
                        "2025-04-01T09:00:00+09:00",
                    ]
                )
                rows += 1
    return rows


def table_counts(db: Path) -> dict[str, int]:
    c = sqlite3.connect(db)
    try:
        return {t: c.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    finally:
        c.close()


def content(db: Path) -> set[tuple[object, ...]]:
    """What an import stores, without ids, uids and times of the run: one tuple per
    answer (organization, respondent, checklist, item, value, note)."""
    c = sqlite3.connect(db)
    try:
        return set(
            c.execute(
                "select o.code, p.staff_number, s.checklist_id, a.item_id, a.value, a.note"
                " from answer a join inspection_session s on s.id = a.session_id"
                " join organization o on o.id = s.organization_id"
                " left join person p on p.id = s.respondent_id"
            ).fetchall()
        )
    finally:
        c.close()
