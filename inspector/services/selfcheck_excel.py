"""Self-checks answered in Excel (issue 15): forms handed out to the departments
(`distribute`), collected back (`collect`), the office's 回収状況 (`status`) and a form sent
back for correction (`return_form`). Both the CLI and the interface call these."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlmodel import SQLModel

from inspector.context import AppContext
from inspector.domain.checklist import Checklist, Item, Unit
from inspector.domain.controls import first_control
from inspector.domain.model import (
    STAFF_TYPE_JA,
    AnswerState,
    Organization,
    Person,
    PersonStatus,
)
from inspector.domain.person_names import normalized_name
from inspector.exchange.workbooks.collect import FileReceipt, collect_file, form_import_key
from inspector.exchange.workbooks.layout import (
    FormKind,
    FormLayout,
    RosterPerson,
    answer_label,
    organization_layout,
    rebuild_layout,
    roster_layout,
)
from inspector.exchange.workbooks.writer import Cover, FormIdentity, build_form
from inspector.i18n import Translator
from inspector.services.actors import auditor
from inspector.services.errors import Refused
from inspector.services.excel_collect import collect_each
from inspector.services.excel_collect import problem_lines as problem_lines
from inspector.services.excel_collect import xlsx_files as xlsx_files
from inspector.store.repositories.distributed_forms import (
    DistributedForm,
    forms,
    get_form,
    send_back,
    superseded_by,
    superseding_form,
)


@dataclass(frozen=True)
class _Planned:
    layout: FormLayout
    organization: Organization
    person: Person | None
    file_name: str


def _iso(moment: datetime | None) -> str | None:
    """A time for the JSON receipt; None (null) when the file gave none."""
    return None if moment is None else moment.isoformat()


def _form_id() -> str:
    return "SC-" + secrets.token_hex(6).upper()


def _items_for(checklist: Checklist, org: Organization) -> list[Item]:
    """The items that can apply to the organization: `applies_when` decides here (also for
    an item that depends on one it rules out), a `depends_on` is said in the sheet and
    decided by the answers."""
    out = _ruled_out(checklist, org)
    return [i for i in checklist.items if i.id not in out]


def _ruled_out(checklist: Checklist, org: Organization) -> dict[str, Item]:
    """Item id -> the item whose `applies_when` the organization does not meet: the item
    itself, or the one up its `depends_on` chain (which is then never asked, so neither is
    this one)."""
    result: dict[str, Item] = {}
    for item in checklist.items:
        seen: set[str] = set()
        cursor: Item | None = item
        while cursor is not None and cursor.id not in seen:
            seen.add(cursor.id)
            if cursor.applies_when and not set(cursor.applies_when) & org.tags:
                result[item.id] = cursor
                break
            dep = cursor.depends_on
            cursor = checklist.item(dep.item) if dep and checklist.has_item(dep.item) else None
    return result


def _scope(context: AppContext, codes: Sequence[str]) -> list[Organization]:
    t = Translator(context.settings.lang)
    repo = context.repo
    everything = repo.organizations()
    if not codes:
        return sorted(everything, key=lambda o: o.code)
    children: dict[int, list[Organization]] = {}
    for org in everything:
        if org.parent_id is not None:
            children.setdefault(org.parent_id, []).append(org)
    chosen: dict[int, Organization] = {}
    for code in codes:
        found = repo.find_organization(code)
        if found is None:
            raise Refused(t("excel.distribute.unknown_organization", code=code))
        stack = [found]
        while stack:
            current = stack.pop()
            if current.id in chosen:
                continue
            chosen[current.id] = current
            stack.extend(children.get(current.id, ()))
    return sorted(chosen.values(), key=lambda o: o.code)


def _people_of(context: AppContext, org: Organization) -> list[Person]:
    return [p for p in context.repo.people(org.id) if p.status is PersonStatus.ACTIVE]


def _roster_person(person: Person) -> RosterPerson:
    return RosterPerson(person.staff_number, person.name, STAFF_TYPE_JA[person.staff_type])


def plan_forms(
    context: AppContext, checklist: Checklist, codes: Sequence[str], per_person: bool
) -> list[_Planned]:
    t = Translator(context.settings.lang)
    person_checklist = checklist.unit is Unit.RESPONDENT
    if per_person and not person_checklist:
        raise Refused(
            t("excel.distribute.per_person_needs_person_checklist", checklist=checklist.id)
        )
    planned: list[_Planned] = []
    for org in _scope(context, codes):
        items = _items_for(checklist, org)
        if not items:
            continue
        if not person_checklist:
            layout = organization_layout(checklist, items)
            name = f"{org.code}_{org.name}_{checklist.id}.xlsx"
            planned.append(_Planned(layout, org, None, name))
            continue
        people = _people_of(context, org)
        if not people:
            continue
        if per_person:
            for person in people:
                layout = organization_layout(checklist, items, kind=FormKind.PERSON)
                name = f"{org.code}_{person.staff_number}_{person.name}_{checklist.id}.xlsx"
                planned.append(_Planned(layout, org, person, name))
        else:
            layout = roster_layout(checklist, items, [_roster_person(p) for p in people])
            planned.append(
                _Planned(layout, org, None, f"{org.code}_{org.name}_{checklist.id}.xlsx")
            )
    return planned


def _cover(
    t: Translator,
    checklist: Checklist,
    org: Organization,
    person: Person | None,
    due: date | None,
    form_id: str,
    kind: FormKind,
    comment: str = "",
) -> Cover:
    lines: list[tuple[str, str]] = [
        (t("excel.cover.checklist"), checklist.title.ja),
        (t("excel.cover.version"), checklist.version),
        (t("excel.cover.organization"), f"{org.code} {org.name}"),
    ]
    if person is not None:
        lines.append((t("excel.cover.respondent"), f"{person.staff_number} {person.name}"))
    lines.append((t("excel.cover.due"), due.isoformat() if due else t("excel.cover.no_due")))
    lines.append((t("excel.cover.how"), t("excel.cover.how_text")))
    if kind is FormKind.ROSTER:
        lines.append(("", t("excel.cover.roster_note")))
    lines.append((t("excel.cover.form_id"), form_id))
    lines += _left_out_lines(t, checklist, org)
    return Cover(t("excel.cover.title"), tuple(lines), comment, t("excel.cover.comment"))


def _left_out_lines(
    t: Translator, checklist: Checklist, org: Organization
) -> list[tuple[str, str]]:
    """The items `applies_when` keeps off this organization's form, one line each with the
    reason, so that the department sees the whole checklist was considered."""
    kept = {i.id for i in _items_for(checklist, org)}
    left_out = [i for i in checklist.items if i.id not in kept]
    if not left_out:
        return []
    lines = [
        (
            t("excel_scope.label"),
            t(
                "excel_scope.summary",
                total=len(checklist.items),
                included=len(kept),
                left_out=len(left_out),
            ),
        )
    ]
    ruled_out = _ruled_out(checklist, org)
    for item in left_out:
        cause = ruled_out[item.id]
        if cause.id != item.id:  # asked only after an item this organization is not asked
            reason = t("excel_scope.reason_depends", item=cause.id)
        else:
            # a tag without a label of its own is shown as the roster writes it
            labels = [
                label if label != f"excel_scope.tag.{tag}" else tag
                for tag, label in ((g, t(f"excel_scope.tag.{g}")) for g in item.applies_when)
            ]
            reason = t("excel_scope.reason", tags=t("excel_scope.tag_separator").join(labels))
        lines.append(("", t("excel_scope.line", item=item.id, text=item.text.ja, reason=reason)))
    return lines


def _form_bytes(
    t: Translator,
    planned: _Planned,
    form_id: str,
    due: date | None,
    comment: str = "",
    filled: dict[str, str] | None = None,
) -> bytes:
    layout, org, person = planned.layout, planned.organization, planned.person
    checklist = layout.checklist
    roster = layout.kind is FormKind.ROSTER
    return build_form(
        layout,
        FormIdentity(form_id, org.code, person.staff_number if person else ""),
        _cover(t, checklist, org, person, due, form_id, layout.kind, comment),
        title=f"{checklist.title.ja}（{org.code} {org.name}"
        + (f"・{person.name}" if person else "")
        + "）",
        instruction=t("excel.sheet.roster_instruction" if roster else "excel.sheet.instruction"),
        filled=filled,
    )


def distribute(
    context: AppContext,
    checklist_id: str,
    codes: Sequence[str],
    out_dir: Path,
    *,
    per_person: bool = False,
    due: date | None = None,
    force: bool = False,
) -> list[Path]:
    """Write one workbook per organization (or person): `form_distribution.distribute`."""
    from inspector.services.form_distribution import distribute as handed_out

    return handed_out(
        context, checklist_id, codes, out_dir, per_person=per_person, due=due, force=force
    )


def collect_one(
    context: AppContext,
    path: Path,
    manager: str | None = None,
    take_older: bool = False,
    take_superseded: bool = False,
) -> FileReceipt:
    """One returned form, all or nothing. `manager`: who heard the staff of a roster form
    (`manager_name` checks it first). `take_older`: its answers replace the stored ones
    even where those were answered later (`collect --take-older`), each one listed.
    `take_superseded`: a form handed out again since is taken (`--take-superseded`)."""
    user = auditor(context.settings)
    return collect_file(
        context.repo, context.catalog, path, user, manager, take_older, take_superseded
    )


def collect(
    context: AppContext,
    files: Sequence[Path],
    progress: Callable[[Path], None] | None = None,
    manager: str | None = None,
    take_older: bool = False,
) -> list[FileReceipt]:
    """Collect every file on its own: a refused file leaves the database as it was, the
    others go in."""
    return collect_each(files, lambda p: collect_one(context, p, manager, take_older), progress)


def manager_name(context: AppContext, name: str | None, where: str = "--manager") -> str | None:
    """The manager's name a roster's hearings are recorded with (`collect --manager`, the
    collection screen's field), normalized (`normalized_name`: NFKC, spaces collapsed);
    refused when empty or holding a control character (it is printed). `where`: what the
    refusal names as the place the name was given."""
    if name is None:
        return None
    t = Translator(context.settings.lang)
    text = name.strip()
    if not text:
        raise Refused(t("trust3.manager_empty", where=where))
    for position, char in enumerate(text, start=1):
        # a format or blank-looking character too (a braille blank U+2800, a Hangul filler)
        if unicodedata.category(char).startswith("C") or first_control(char, False):
            code = f"U+{ord(char):04X}"
            raise Refused(t("trust3.manager_control", where=where, position=position, code=code))
    normalized = normalized_name(text)
    if not normalized:
        raise Refused(t("trust3.manager_empty", where=where))
    return normalized


def receipt_fields(receipt: FileReceipt) -> dict[str, object]:
    """A file's counts in the receipt (`collect --json`)."""
    return {
        "form_id": receipt.form_id,
        "checklist": receipt.checklist,
        "organization": receipt.organization,
        "kind": receipt.kind,
        "sessions_added": receipt.counts.sessions_added,
        "added": receipt.counts.answers_added,
        "updated": receipt.counts.answers_updated,
        "unchanged": receipt.counts.answers_unchanged,
        "answers": receipt.answers,
        "undated": receipt.counts.undated,  # answers of a workbook without a save time
        "blank": receipt.blank,
        "not_applicable": receipt.not_applicable,
        "older": receipt.counts.answers_older,
        # a save time ahead of the clock, not used (the file taken as of unknown time)
        "saved_ahead": receipt.saved_ahead.isoformat() if receipt.saved_ahead else None,
        # of unknown time, returned after the form was sent back: dated by the collect
        "dated_by_collect": receipt.dated_by_collect,
        "older_cells": [
            {"cell": o.where, "item": o.item_id, "saved_at": _iso(o.answered_at)}
            for o in receipt.counts.older
        ],
        "taken_older": [  # taken with --take-older over newer stored answers: each one
            {
                "cell": o.where,
                "item": o.item_id,
                "saved_at": _iso(o.answered_at),
                "stored_at": o.stored_at.isoformat(),
            }
            for o in receipt.counts.taken
        ],
    }


@dataclass(frozen=True)
class FormStatus:
    form: DistributedForm
    organization: str
    respondent: str
    superseded_by: str = ""  # the form handed out again for the same unit after it

    @property
    def returned(self) -> bool:
        return self.form.returned_at is not None

    @property
    def sent_back(self) -> bool:
        sent = self.form.sent_back_at
        returned = self.form.returned_at
        return sent is not None and (returned is None or returned < sent)


def form_status(context: AppContext, checklist_id: str | None) -> list[FormStatus]:
    if checklist_id is not None:
        context.catalog.get(checklist_id)  # an unknown id is refused, as everywhere
    orgs = {o.id: o for o in context.repo.organizations()}
    people = {p.id: p for p in context.repo.people()}
    t = Translator(context.settings.lang)
    result = []
    handed_out = forms(context.engine, checklist_id)  # in the order handed out
    newer = superseded_by(handed_out)
    for form in handed_out:
        org = orgs.get(form.organization_id)
        person = people.get(form.person_id) if form.person_id else None
        if person is not None:
            respondent = f"{person.staff_number} {person.name}"
        elif form.kind == FormKind.ROSTER.value:  # the manager hears everyone listed
            respondent = t("excel_finish.roster_people", count=len(form.structure["people"]))
            if form.returned_at is not None:
                names = _heard_by(context, form) or [t("trust3.heard_by_unknown")]
                respondent = t("trust3.roster_heard_by", people=respondent, names="、".join(names))
        else:
            respondent = ""
        name = f"{org.code} {org.name}" if org else ""
        result.append(FormStatus(form, name, respondent, newer.get(form.form_id, "")))
    return result


def _heard_by(context: AppContext, form: DistributedForm) -> list[str]:
    """The managers recorded on the hearings of a roster form's organization and checklist."""
    prefix = form_import_key(FormKind.ROSTER, form.checklist_id, form.organization_id, 0)
    literal = prefix.removesuffix("/0/hearing")
    for char in "\\%_":  # the checklist id taken as it is, not as a pattern
        literal = literal.replace(char, "\\" + char)
    pattern = literal + "/%/hearing"
    with context.engine.connect() as conn:
        names = conn.execute(
            select(_SESSIONS.c.heard_by)
            .where(
                _SESSIONS.c.import_key.like(pattern, escape="\\"),
                _SESSIONS.c.heard_by.is_not(None),
            )
            .distinct()
        ).scalars()
        return sorted(names)


_SESSIONS = SQLModel.metadata.tables["inspection_session"]


def return_form(
    context: AppContext, form_id: str, comment: str, out: Path, *, force: bool = False
) -> Path:
    """The form again, with the answers the office holds and its comment on the cover; the
    same form id, so that `collect` replaces the answers when it comes back."""
    t = Translator(context.settings.lang)
    form = get_form(context.engine, form_id)
    if form is None:
        raise Refused(t("excel.return.unknown_form", form_id=form_id))
    with context.engine.connect() as conn:  # handed out again: its return would be refused
        newer = superseding_form(conn, form)
    if newer is not None:
        params = {"form_id": form_id, "newer": newer.form_id, "file": newer.file_name}
        raise Refused(t("wb16.return_superseded", **params))
    checklist = context.catalog.get(form.checklist_id)
    kind = FormKind(form.kind)
    layout = rebuild_layout(checklist, kind, form.structure)
    if layout is None or checklist.version != form.checklist_version:
        raise Refused(
            t(
                "excel.problem.version_changed",
                checklist=checklist.id,
                old=form.checklist_version,
                new=checklist.version,
            )
        )
    guard = context.output_guard(force=force)
    guard.check(out)
    org = context.repo.organization(form.organization_id)
    person = context.repo.person(form.person_id) if form.person_id else None
    filled = _current_answers(context, layout, form)
    planned = _Planned(layout, org, person, out.name)
    data = _form_bytes(Translator("ja"), planned, form.form_id, form.due, comment, filled)
    guard.write(out, data)
    send_back(context.engine, form.form_id, comment)
    return out


def _current_answers(
    context: AppContext, layout: FormLayout, form: DistributedForm
) -> dict[str, str]:
    """Input cell -> the text of the answer the office holds (answer, 要因 or 備考)."""
    repo = context.repo
    kind = FormKind(form.kind)
    units: dict[str | None, int | None] = {}
    if kind is FormKind.ROSTER:
        for person in layout.people:
            found = repo.find_person(person.staff_number)
            if found is not None:
                units[person.staff_number] = found.id
    else:
        units[None] = form.person_id
    states: dict[tuple[str | None, str], AnswerState] = {}
    with context.engine.connect() as conn:
        for staff, respondent in units.items():
            key = form_import_key(kind, form.checklist_id, form.organization_id, respondent)
            sid = conn.execute(select(_SESSIONS.c.id).where(_SESSIONS.c.import_key == key)).scalar()
            if sid is not None:
                for item_id, answer in repo.answers(sid).items():
                    states[(staff, item_id)] = answer.state
    filled: dict[str, str] = {}
    for coordinate, target in layout.inputs.items():
        state = states.get((target.staff_number, target.item_id))
        if state is None:
            continue
        item = layout.checklist.item(target.item_id)
        if target.part == "answer":
            text = answer_label(item, state.value)
        elif target.part == "reason":
            names = {x.id: x.ja for x in item.reasons}
            reasons = [names.get(x, x) for x in state.reasons]
            text = "; ".join([*reasons, state.reason_text] if state.reason_text else reasons)
        else:
            text = state.note
        if text:
            filled[coordinate] = text
    return filled
