"""Each answer a bundle carries, judged against its item as a CSV import judges it.

A bundle is written by the exporter's own database, where every value went through
`normalize_answer`; a value that is not that item's canonical form (`=1+1` for a number,
`遵守` instead of `compliant`) was made by hand or by a damaged exporter, and would reach
consolidation and the office's exports as it is. Refused with table, row and field.
Answers of a checklist this office does not have cannot be judged and are merged as they
are (no report or consolidation reads them until the checklist is added)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspector.domain.answers import InvalidAnswer, normalize_answer
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import AnswerType


def answer_value_problems(payload: Mapping[str, Any], catalog: ChecklistCatalog) -> list[str]:
    """What is wrong with the answers' values (the payload's structure is already checked)."""
    tables = payload.get("tables") or {}
    checklists = {s.get("uid"): s.get("checklist_id") for s in tables.get("inspection_session", [])}
    problems: list[str] = []
    for number, row in enumerate(tables.get("answer", []), start=1):
        where = f"table answer, row {number}"
        checklist_id = checklists.get(row.get("session_id"))
        if checklist_id not in catalog:
            # judged where it is used: consolidation and reports need the checklist anyway
            continue
        checklist = catalog.get(str(checklist_id))
        try:
            item = checklist.item(str(row.get("item_id")))
        except KeyError:
            problems.append(
                f"{where}, field item_id: no item '{row.get('item_id')}' in {checklist_id}"
            )
            continue
        value = row.get("value")
        if value is None or item.answer is AnswerType.TEXT:  # text: any text (controls checked)
            continue
        try:
            canonical = normalize_answer(item, value)
        except InvalidAnswer as exc:
            problems.append(f"{where}, field value: {exc} (item {item.id})")
            continue
        if canonical != value:
            problems.append(
                f"{where}, field value: '{value}' is not the stored form of an answer to "
                f"{item.id} ('{canonical}')"
            )
    return problems


__all__ = ["answer_value_problems"]
