"""The self-check workbooks handed out (`distributed_form`, migration 0010): recorded when
distributed, looked up by their form id when they come back, marked returned in the
transaction that imports their answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlmodel import SQLModel

import inspector.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from inspector.store.repositories.base import DbGuard
from inspector.store.types import utcnow

_FORMS = SQLModel.metadata.tables["distributed_form"]


@dataclass(frozen=True)
class DistributedForm:
    form_id: str
    checklist_id: str
    checklist_version: str
    kind: str
    organization_id: int
    person_id: int | None
    digest: str
    structure: dict[str, Any]
    file_name: str
    due: date | None
    issued_by: str
    issued_at: datetime
    returned_at: datetime | None = None
    answers: int = 0
    blank: int = 0
    not_applicable: int = 0
    comment: str = ""
    sent_back_at: datetime | None = None


def _form(row: Any) -> DistributedForm:
    return DistributedForm(
        form_id=row.form_id,
        checklist_id=row.checklist_id,
        checklist_version=row.checklist_version,
        kind=row.kind,
        organization_id=row.organization_id,
        person_id=row.person_id,
        digest=row.digest,
        structure=row.structure,
        file_name=row.file_name,
        due=row.due,
        issued_by=row.issued_by,
        issued_at=row.issued_at,
        returned_at=row.returned_at,
        answers=row.answers,
        blank=row.blank,
        not_applicable=row.not_applicable,
        comment=row.comment,
        sent_back_at=row.sent_back_at,
    )


def record_forms(
    engine: Engine, forms: Sequence[DistributedForm]
) -> list[tuple[DistributedForm, DistributedForm]]:
    """Record the forms handed out, all in one transaction; (superseded, new) for each
    form handed out for its unit before (`live_forms`)."""
    if not forms:
        return []
    with DbGuard(), engine.begin() as conn:
        superseded = live_forms(conn, forms)
        conn.execute(
            insert(_FORMS),
            [
                {
                    "form_id": f.form_id,
                    "checklist_id": f.checklist_id,
                    "checklist_version": f.checklist_version,
                    "kind": f.kind,
                    "organization_id": f.organization_id,
                    "person_id": f.person_id,
                    "digest": f.digest,
                    "structure": f.structure,
                    "file_name": f.file_name,
                    "due": f.due,
                    "issued_by": f.issued_by,
                    "issued_at": f.issued_at,
                    "answers": 0,
                    "blank": 0,
                    "not_applicable": 0,
                    "comment": "",
                }
                for f in forms
            ],
        )
    return superseded


def find_form(conn: Connection, form_id: str) -> DistributedForm | None:
    row = conn.execute(select(_FORMS).where(_FORMS.c.form_id == form_id)).first()
    return None if row is None else _form(row)


def _same_unit(form: Any) -> Any:
    """The forms handed out for the same unit as `form` (a row or a `DistributedForm`):
    one checklist, organization, kind and person, whose returns go into one session."""
    person = (
        _FORMS.c.person_id.is_(None)
        if form.person_id is None
        else _FORMS.c.person_id == form.person_id
    )
    return (
        (_FORMS.c.checklist_id == form.checklist_id)
        & (_FORMS.c.organization_id == form.organization_id)
        & (_FORMS.c.kind == form.kind)
        & person
    )


def superseding_form(conn: Connection, form: DistributedForm) -> DistributedForm | None:
    """The form handed out last for `form`'s unit after it (`distribute` again for the same
    checklist and unit): `form` is then superseded, its returns no longer taken. None when
    `form` is the last one."""
    mine = select(_FORMS.c.id).where(_FORMS.c.form_id == form.form_id).scalar_subquery()
    row = conn.execute(
        select(_FORMS).where(_same_unit(form), _FORMS.c.id > mine).order_by(_FORMS.c.id.desc())
    ).first()
    return None if row is None else _form(row)


def superseded_by(handed_out: Sequence[DistributedForm]) -> dict[str, str]:
    """Form id -> the form handed out last for its unit after it (`superseding_form`), of
    `handed_out` (all the forms of their checklists, in the order handed out: `forms`)."""
    last: dict[tuple[object, ...], str] = {}
    newer: dict[str, str] = {}
    for form in reversed(handed_out):
        unit = (form.checklist_id, form.organization_id, form.kind, form.person_id)
        if unit in last:
            newer[form.form_id] = last[unit]
        else:
            last[unit] = form.form_id
    return newer


def live_forms(
    conn: Connection, forms: Sequence[DistributedForm]
) -> list[tuple[DistributedForm, DistributedForm]]:
    """(the last form recorded for its unit, the form) for each of `forms` (not recorded
    yet) handed out for a unit before: the form a new distribution supersedes."""
    found: list[tuple[DistributedForm, DistributedForm]] = []
    for form in forms:
        row = conn.execute(
            select(_FORMS).where(_same_unit(form)).order_by(_FORMS.c.id.desc())
        ).first()
        if row is not None:
            found.append((_form(row), form))
    return found


def get_form(engine: Engine, form_id: str) -> DistributedForm | None:
    with DbGuard(), engine.connect() as conn:
        return find_form(conn, form_id)


def forms(engine: Engine, checklist_id: str | None = None) -> list[DistributedForm]:
    query = select(_FORMS).order_by(_FORMS.c.id)
    if checklist_id is not None:
        query = query.where(_FORMS.c.checklist_id == checklist_id)
    with DbGuard(), engine.connect() as conn:
        return [_form(r) for r in conn.execute(query)]


def mark_returned(
    conn: Connection,
    form: DistributedForm,
    *,
    changed: bool,
    answers: int,
    blank: int,
    not_applicable: int,
) -> bool:
    """Record the return on `conn` (the import's transaction); False when nothing changed
    (the same file collected again)."""
    if (
        not changed
        and form.returned_at is not None
        and (form.answers, form.blank, form.not_applicable)
        == (
            answers,
            blank,
            not_applicable,
        )
    ):
        return False
    conn.execute(
        update(_FORMS)
        .where(_FORMS.c.form_id == form.form_id)
        .values(returned_at=utcnow(), answers=answers, blank=blank, not_applicable=not_applicable)
    )
    return True


def send_back(engine: Engine, form_id: str, comment: str) -> None:
    with DbGuard(), engine.begin() as conn:
        conn.execute(
            update(_FORMS)
            .where(_FORMS.c.form_id == form_id)
            .values(comment=comment, sent_back_at=utcnow())
        )
