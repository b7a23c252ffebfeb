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
from inspector.i18n import Message, message_of


def answer_value_problems(payload: Mapping[str, Any], catalog: ChecklistCatalog) -> list[str]:
    """What is wrong with the answers' values (the payload's structure is already checked)."""
    tables = payload.get("tables") or {}
    checklists = {s.get("uid"): s.get("checklist_id") for s in tables.get("inspection_session", [])}
    problems: list[str] = []
    for number, row in enumerate(tables.get("answer", []), start=1):
        checklist_id = checklists.get(row.get("session_id"))
        if checklist_id not in catalog:
            # judged where it is used: consolidation and reports need the checklist anyway
            continue
        checklist = catalog.get(str(checklist_id))
        try:
            item = checklist.item(str(row.get("item_id")))
        except KeyError:
            problems.append(
                Message(
                    "more.bundle.at_field",
                    table="answer",
                    row=number,
                    column="item_id",
                    what=Message(
                        "more.bundle.no_item", item=row.get("item_id"), checklist=checklist_id
                    ),
                )
            )
            continue
        value = row.get("value")
        if value is None or item.answer is AnswerType.TEXT:  # text: any text (controls checked)
            continue
        try:
            canonical = normalize_answer(item, value)
        except InvalidAnswer as exc:
            problems.append(
                Message(
                    "more.bundle.at_field",
                    table="answer",
                    row=number,
                    column="value",
                    what=Message("more.bundle.bad_value", problem=message_of(exc), item=item.id),
                )
            )
            continue
        if canonical != value:
            problems.append(
                Message(
                    "more.bundle.at_field",
                    table="answer",
                    row=number,
                    column="value",
                    what=Message(
                        "more.bundle.not_stored_form",
                        value=value,
                        item=item.id,
                        canonical=canonical,
                    ),
                )
            )
    return problems


__all__ = ["answer_value_problems"]
