"""Hand out the self-check workbooks (`inspector selfcheck distribute`, the collection
screen's `d`): one workbook per organization (or person) in a folder, each form recorded.

Both front ends call `distribute`; the interface first asks `planned_files` which files
would be written and which of them are there already (replaced only when the user says
so), and shows `step` as a progress bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.i18n import Translator
from inspector.services.actors import auditor
from inspector.services.errors import Refused

if TYPE_CHECKING:  # the store is imported when a distribution runs, not at start-up
    from inspector.store.repositories.distributed_forms import DistributedForm


@dataclass(frozen=True)
class PlannedFiles:
    """The workbooks a distribution would write into a folder."""

    folder: Path
    names: tuple[str, ...]
    existing: tuple[Path, ...]
    """Those already in the folder (a distribution without `force` is refused)."""


def due_problem(due: date, lang: str, today: date | None = None) -> str | None:
    """Why `due` cannot be a form's due date (提出期限), in `lang`; None when it stands. The
    one rule of `selfcheck distribute --due`, the interface's dialog and `distribute`: a day
    the documents can print (2000..2099), after the hand-out day (`today`, the day in
    Japan, by default), on a business day (not a Saturday, Sunday, holiday nor 12/29-1/3),
    refused with the earliest or the next business day named, never moved (doc10, rev9 D8)."""
    from datetime import timedelta

    from inspector.domain.business_days import japan_today, next_business_day
    from inspector.domain.dates import check_plan_day
    from inspector.domain.deadlines import closed_day_problem
    from inspector.domain.era import format_date
    from inspector.i18n import render

    t = Translator(lang)
    try:
        check_plan_day(due)
    except ValueError as exc:
        return render(exc.args[0], t)
    handed_out = today if today is not None else japan_today()
    if due <= handed_out:
        return t(
            "doc10.due_not_after_handout",
            due=format_date(due, lang),
            today=format_date(handed_out, lang),
            next=format_date(next_business_day(handed_out + timedelta(days=1)), lang),
        )
    return closed_day_problem(due, lang)


def planned_files(
    context: AppContext,
    checklist_id: str,
    codes: Sequence[str],
    out_dir: Path,
    *,
    per_person: bool = False,
) -> PlannedFiles:
    """What `distribute` would write, nothing written: refused as `distribute` refuses (an
    unknown checklist or organization, nothing to hand out)."""
    from inspector.services.selfcheck_excel import plan_forms

    checklist = context.catalog.get(checklist_id)
    planned = plan_forms(context, checklist, codes, per_person)
    if not planned:
        raise Refused(Translator(context.settings.lang)("excel.distribute.nothing"))
    names = tuple(p.file_name for p in planned)
    folder = out_dir.expanduser()
    existing = tuple(folder / n for n in names if (folder / n).exists())
    return PlannedFiles(folder, names, existing)


@dataclass(frozen=True)
class HandedOut:
    """What a distribution wrote: the workbooks, and (superseded, new) for each unit that
    had a form already (its returns are refused from now on: `collect`)."""

    paths: list[Path]
    superseded: list[tuple[DistributedForm, DistributedForm]]


def distribute(
    context: AppContext,
    checklist_id: str,
    codes: Sequence[str],
    out_dir: Path,
    *,
    per_person: bool = False,
    due: date | None = None,
    force: bool = False,
    step: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """`hand_out`'s workbooks."""
    return hand_out(
        context,
        checklist_id,
        codes,
        out_dir,
        per_person=per_person,
        due=due,
        force=force,
        step=step,
    ).paths


def hand_out(
    context: AppContext,
    checklist_id: str,
    codes: Sequence[str],
    out_dir: Path,
    *,
    per_person: bool = False,
    due: date | None = None,
    force: bool = False,
    step: Callable[[int, int], None] | None = None,
) -> HandedOut:
    """Write one workbook per organization (or person) into `out_dir` and record each form;
    every target is checked before the first is written (an existing file is replaced only
    with `force`); a `due` that `due_problem` finds is refused (`Refused`). `step(done, total)` after each workbook written.
    A unit handed out before gets a new form that supersedes the earlier one (listed in
    `superseded`, to be said)."""
    from inspector.services.selfcheck_excel import _form_bytes, _form_id, plan_forms
    from inspector.store.repositories.distributed_forms import DistributedForm, record_forms
    from inspector.store.types import utcnow

    t = Translator("ja")
    if due is not None and (problem := due_problem(due, context.settings.lang)) is not None:
        raise Refused(problem)
    checklist = context.catalog.get(checklist_id)
    planned = plan_forms(context, checklist, codes, per_person)
    if not planned:
        raise Refused(Translator(context.settings.lang)("excel.distribute.nothing"))
    guard = context.output_guard(force=force)
    folder = guard.check_folder(out_dir)
    targets = [guard.file_in(folder, p.file_name) for p in planned]
    for target in targets:
        guard.check(target)
    records: list[DistributedForm] = []
    now = utcnow()
    for done, (plan, target) in enumerate(zip(planned, targets, strict=True), start=1):
        form_id = _form_id()
        guard.write(target, _form_bytes(t, plan, form_id, due))
        records.append(
            DistributedForm(
                form_id=form_id,
                checklist_id=checklist.id,
                checklist_version=checklist.version,
                kind=plan.layout.kind.value,
                organization_id=plan.organization.id,
                person_id=plan.person.id if plan.person else None,
                digest=plan.layout.digest(),
                structure=plan.layout.structure(),
                file_name=target.name,
                due=due,
                issued_by=auditor(context.settings),
                issued_at=now,
            )
        )
        if step is not None:
            step(done, len(planned))
    superseded = record_forms(context.engine, records)
    return HandedOut(targets, superseded)


__all__ = ["HandedOut", "PlannedFiles", "distribute", "due_problem", "hand_out", "planned_files"]
