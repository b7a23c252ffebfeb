"""What a distributed self-check form holds where. Pure: the writer draws it, the reader
compares a returned workbook with it, and its digest is recorded when it is handed out.

Organization and per-person forms: one row per item from `FIRST_ROW` with the columns
項目ID, 区分, 点検項目, 確認のポイント, 回答, 要因, 備考. Roster forms: one row per person (職員番号,
氏名, 職員種別) and, from `ROSTER_FIRST_ITEM_COLUMN`, three columns per item: the answer
(headed by the item id and text), its 要因 and its 備考 (headed 「要因（id）」, 「備考（id）」, so
that only the answer column's heading begins with the item id).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum

from openpyxl.utils import get_column_letter

from inspector.domain.checklist import AnswerType, Checklist, Item

SHEET_ANSWERS = "回答"
SHEET_COVER = "表紙"
SHEET_FORM = "様式情報"  # hidden: the form's identity
SHEET_LISTS = "選択肢"  # hidden: the drop-down lists

HEADER_ROW = 3
FIRST_ROW = 4
ORG_HEADERS = ("項目ID", "区分", "点検項目", "確認のポイント", "回答", "要因", "備考")
ROSTER_HEADERS = ("職員番号", "氏名", "職員種別")
ROSTER_FIRST_ITEM_COLUMN = len(ROSTER_HEADERS) + 1
ROSTER_PARTS = ("answer", "reason", "note")  # the columns of each item on a roster
# rosters handed out before 要因 and 備考 had columns (their structure records no parts)
ROSTER_PARTS_BEFORE = ("answer",)
ANSWER_COLUMN = "E"
REASON_COLUMN = "F"
NOTE_COLUMN = "G"

# the form sheet's rows: key in column A, value in column B
FORM_KEYS = (
    "form_id",
    "checklist_id",
    "checklist_version",
    "kind",
    "organization",
    "respondent",
    "digest",
)

COMPLIANCE_LABELS = {"compliant": "遵守", "noncompliant": "不遵守", "not_applicable": "該当なし"}
YES_NO_LABELS = {"yes": "はい", "no": "いいえ", "not_applicable": "該当なし"}


class FormKind(StrEnum):
    ORGANIZATION = "organization"  # one organization's answers, one row per item
    ROSTER = "roster"  # every person of an organization, one row per person
    PERSON = "person"  # one person's answers, one row per item


@dataclass(frozen=True)
class RosterPerson:
    staff_number: str
    name: str
    staff_type: str  # its Japanese name


@dataclass(frozen=True)
class AnswerCell:
    """An input cell: which item (and person, on a roster) and which part of the answer."""

    item_id: str
    part: str  # answer | reason | note
    staff_number: str | None = None


@dataclass(frozen=True)
class FormLayout:
    kind: FormKind
    checklist: Checklist
    items: tuple[Item, ...]
    people: tuple[RosterPerson, ...] = ()
    locked: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, AnswerCell] = field(default_factory=dict)
    parts: tuple[str, ...] = ROSTER_PARTS  # a roster's columns per item

    @property
    def last_row(self) -> int:
        count = len(self.people) if self.kind is FormKind.ROSTER else len(self.items)
        return FIRST_ROW + count - 1

    @property
    def last_column(self) -> int:
        if self.kind is FormKind.ROSTER:
            return ROSTER_FIRST_ITEM_COLUMN + len(self.parts) * len(self.items) - 1
        return len(ORG_HEADERS)

    def digest(self) -> str:
        """SHA-256 of the locked cells: what the office handed out, so a changed structure
        (a checklist text edited under the same version) is noticed on return."""
        canonical = json.dumps(
            [
                self.kind.value,
                self.checklist.id,
                self.checklist.version,
                sorted(self.locked.items()),
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def structure(self) -> dict[str, object]:
        """What the database keeps to rebuild this layout on return."""
        structure: dict[str, object] = {
            "items": [i.id for i in self.items],
            "people": [[p.staff_number, p.name, p.staff_type] for p in self.people],
        }
        if self.kind is FormKind.ROSTER:
            structure["parts"] = list(self.parts)
        return structure


def answer_labels(item: Item) -> list[str]:
    """The Japanese answers of an item's drop-down, or [] for free number/text."""
    allowed = item.allowed_values() or ()
    if item.answer is AnswerType.COMPLIANCE:
        return [COMPLIANCE_LABELS[v] for v in allowed]
    if item.answer is AnswerType.YES_NO:
        return [YES_NO_LABELS[v] for v in allowed]
    if item.answer is AnswerType.CHOICE:
        return [c.label.ja for c in item.choices]
    return []


def answer_label(item: Item, value: str | None) -> str:
    """The cell text of a stored answer (the form sent back for correction)."""
    if value is None:
        return ""
    if item.answer is AnswerType.COMPLIANCE:
        return COMPLIANCE_LABELS.get(value, value)
    if item.answer is AnswerType.YES_NO:
        return YES_NO_LABELS.get(value, value)
    if item.answer is AnswerType.CHOICE:
        return next((c.label.ja for c in item.choices if c.key == value), value)
    return value


def _dependency_note(checklist: Checklist, item: Item) -> str:
    dep = item.depends_on
    if dep is None:
        return ""
    parent = checklist.item(dep.item) if checklist.has_item(dep.item) else None
    label = answer_label(parent, dep.answer) if parent is not None else dep.answer
    return f"（{dep.item} が「{label}」の場合のみ回答）"


def item_heading(checklist: Checklist, item: Item) -> str:
    """A roster column's heading: the item id first, then its text."""
    return f"{item.id} {item.text.ja}{_dependency_note(checklist, item)}"


def roster_column(index: int, part: str, parts: tuple[str, ...] = ROSTER_PARTS) -> str:
    """The letter of the `part` column (answer, reason, note) of the index-th item."""
    return get_column_letter(ROSTER_FIRST_ITEM_COLUMN + len(parts) * index + parts.index(part))


def _roster_heading(checklist: Checklist, item: Item, part: str) -> str:
    if part == "reason":
        return f"要因（{item.id}）"
    if part == "note":
        return f"備考（{item.id}）"
    return item_heading(checklist, item)


def organization_layout(
    checklist: Checklist, items: list[Item], *, kind: FormKind = FormKind.ORGANIZATION
) -> FormLayout:
    sections = {s.id: s.title.ja for s in checklist.sections}
    locked: dict[str, str] = {}
    inputs: dict[str, AnswerCell] = {}
    for index, header in enumerate(ORG_HEADERS, start=1):
        locked[f"{get_column_letter(index)}{HEADER_ROW}"] = header
    for row, item in enumerate(items, start=FIRST_ROW):
        guidance = item.guidance.ja if item.guidance else ""
        note = _dependency_note(checklist, item)
        locked[f"A{row}"] = item.id
        locked[f"B{row}"] = sections.get(item.section, item.section)
        locked[f"C{row}"] = item.text.ja
        locked[f"D{row}"] = "\n".join(t for t in (note, guidance) if t)
        inputs[f"{ANSWER_COLUMN}{row}"] = AnswerCell(item.id, "answer")
        inputs[f"{REASON_COLUMN}{row}"] = AnswerCell(item.id, "reason")
        inputs[f"{NOTE_COLUMN}{row}"] = AnswerCell(item.id, "note")
    return FormLayout(kind, checklist, tuple(items), (), locked, inputs)


def roster_layout(
    checklist: Checklist,
    items: list[Item],
    people: list[RosterPerson],
    parts: tuple[str, ...] = ROSTER_PARTS,
) -> FormLayout:
    locked: dict[str, str] = {}
    inputs: dict[str, AnswerCell] = {}
    for index, header in enumerate(ROSTER_HEADERS, start=1):
        locked[f"{get_column_letter(index)}{HEADER_ROW}"] = header
    columns = [
        (roster_column(n, part, parts), item, part)
        for n, item in enumerate(items)
        for part in parts
    ]
    for letter, item, part in columns:
        locked[f"{letter}{HEADER_ROW}"] = _roster_heading(checklist, item, part)
    for row, person in enumerate(people, start=FIRST_ROW):
        locked[f"A{row}"] = person.staff_number
        locked[f"B{row}"] = person.name
        locked[f"C{row}"] = person.staff_type
        for letter, item, part in columns:
            inputs[f"{letter}{row}"] = AnswerCell(item.id, part, person.staff_number)
    return FormLayout(
        FormKind.ROSTER, checklist, tuple(items), tuple(people), locked, inputs, parts
    )


def rebuild_layout(
    checklist: Checklist, kind: FormKind, structure: dict[str, object]
) -> FormLayout | None:
    """The layout recorded at distribution, from the checklist and the stored structure;
    None when an item it listed is no longer in the checklist."""
    ids = [str(i) for i in structure.get("items", [])]  # type: ignore[attr-defined]
    if not all(checklist.has_item(i) for i in ids):
        return None
    items = [checklist.item(i) for i in ids]
    if kind is FormKind.ROSTER:
        raw = structure.get("people", [])
        people = [RosterPerson(str(a), str(b), str(c)) for a, b, c in raw]  # type: ignore[attr-defined]
        given = structure.get("parts", ROSTER_PARTS_BEFORE)
        parts = tuple(str(p) for p in given)  # type: ignore[attr-defined]
        if not parts or not set(parts) <= set(ROSTER_PARTS) or parts[0] != "answer":
            return None
        return roster_layout(checklist, items, people, parts)
    return organization_layout(checklist, items, kind=kind)
