"""Findings, improvement plans, measure entries and issued documents.

Findings and improvement plans are edited with a change log (old and new values); measure
entries are only ever appended. Every write is one committed transaction holding the write
lock shared (`RepositoryBase._write_db`): writes run side by side on PostgreSQL (the row
lock makes writers of one finding or plan take turns), but never between the check of a
notice's content and its record, which holds the lock exclusively (`record_document`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from inspector.domain.findings import (
    Finding,
    FindingDraft,
    FindingKind,
    ImprovementPlan,
    MeasureEntry,
    MeasureStatus,
)
from inspector.i18n import Message
from inspector.store.errors import ChangedMeanwhile, NotFound
from inspector.store.repositories.base import changed_since, lock_row
from inspector.store.repositories.finding_fields import (
    EDITABLE,
    PLAN_EDITABLE,
    apply_changes,
    finding_fields,
    finding_values,
    plan_fields,
    plan_value,
)
from inspector.store.repositories.issued_documents import IssuedDocument, IssuedDocuments
from inspector.store.tables import (
    FindingChangeRow,
    FindingRow,
    ImprovementPlanChangeRow,
    ImprovementPlanRow,
    MeasureEntryRow,
    SessionRow,
)
from inspector.store.types import utcnow

Change = tuple[str, dict[str, Any] | None, dict[str, Any] | None, str, datetime]
"""(action, old values, new values, changed by, changed at) of a change log entry."""


def _finding(row: FindingRow) -> Finding:
    assert row.id is not None
    return Finding(
        id=row.id,
        uid=row.uid,
        kind=FindingKind(row.kind),
        title=row.title,
        text=row.text,
        organization_id=row.organization_id,
        session_id=row.session_id,
        items=tuple(row.items or ()),
        answers=dict(row.answers or {}),
        evidence=tuple(row.evidence or ()),
        requested_measure=row.requested_measure,
        created_by=row.created_by,
        created_at=row.created_at,
        layout=row.layout,
        requested_deadline=row.requested_deadline,
        withdrawn_at=row.withdrawn_at,
        withdrawn_by=row.withdrawn_by,
        withdrawn_reason=row.withdrawn_reason or "",
    )


def _entry(row: MeasureEntryRow) -> MeasureEntry:
    assert row.id is not None
    return MeasureEntry(
        id=row.id,
        plan_id=row.plan_id,
        status=MeasureStatus(row.status),
        entry_date=row.entry_date,
        text=row.text,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        uid=row.uid,
    )


def _plan(row: ImprovementPlanRow, entries: list[MeasureEntry]) -> ImprovementPlan:
    assert row.id is not None
    return ImprovementPlan(
        id=row.id,
        uid=row.uid,
        finding_id=row.finding_id,
        measures=row.measures,
        responsible_organization_id=row.responsible_organization_id,
        responsible_person=row.responsible_person,
        deadline=row.deadline,
        created_at=row.created_at,
        entries=tuple(sorted(entries, key=lambda e: (e.entry_date, e.id))),
    )


class FindingRepository(IssuedDocuments):
    # -- findings -----------------------------------------------------------------------

    def add_finding(self, draft: FindingDraft, actor: str, uid: str | None = None) -> Finding:
        now = utcnow()
        row = FindingRow(
            uid=uid or str(uuid.uuid4()),
            kind=draft.kind.value,
            title=draft.title,
            text=draft.text,
            organization_id=draft.organization_id,
            session_id=draft.session_id,
            items=list(draft.items),
            answers=dict(draft.answers),
            evidence=list(draft.evidence),
            requested_measure=draft.requested_measure,
            layout=draft.layout,
            requested_deadline=draft.requested_deadline,
            created_by=actor,
            created_at=now,
        )
        with self._write_db(shared=True) as db:
            db.add(row)
            db.flush()
            assert row.id is not None
            db.add(
                FindingChangeRow(
                    finding_id=row.id,
                    action="create",
                    old=None,
                    new=finding_fields(row),
                    changed_by=actor,
                    changed_at=now,
                )
            )
            db.commit()
            return _finding(row)

    def update_finding(
        self,
        finding_id: int,
        changes: Mapping[str, Any],
        actor: str,
        seen: Mapping[str, Any] | None = None,
    ) -> Finding:
        """Change some fields; the log keeps the old and new values of what changed.
        `seen`: the values the editor started from; `ChangedMeanwhile` (nothing written)
        when someone else has changed one of the fields written since."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        values = finding_values(changes)
        with self._write_db(shared=True) as db:
            # Locked before it is read: the log's old values are what was there.
            row = db.get(FindingRow, finding_id) if lock_row(db, FindingRow, finding_id) else None
            if row is None:
                raise NotFound(Message("time5.record.finding", id=finding_id))
            if seen is not None and changed_since(row, finding_values(seen), values):
                raise ChangedMeanwhile(f"finding #{finding_id} was changed", _finding(row))
            old, new = apply_changes(row, values, finding_fields)
            if old:
                db.add(row)
                db.add(
                    FindingChangeRow(
                        finding_id=finding_id,
                        action="edit",
                        old=old,
                        new=new,
                        changed_by=actor,
                        changed_at=utcnow(),
                    )
                )
                db.commit()
            return _finding(row)

    def withdraw_finding(self, finding_id: int, reason: str, actor: str) -> Finding:
        """Withdraw (取下げ) a finding with a reason: kept and logged, on no document.
        `ChangedMeanwhile` when it is withdrawn already (nothing written)."""
        if not reason.strip():
            raise ValueError("a withdrawal needs a reason")
        return self._set_withdrawn(finding_id, reason.strip(), actor)

    def restore_finding(self, finding_id: int, actor: str, seen: datetime | None = None) -> Finding:
        """Undo a withdrawal; the log keeps the withdrawal and its reason.
        `ChangedMeanwhile` when it is not withdrawn, or (`seen`: the time of the withdrawal
        the person restoring saw) withdrawn again since (nothing written)."""
        return self._set_withdrawn(finding_id, None, actor, seen)

    def _set_withdrawn(
        self, finding_id: int, reason: str | None, actor: str, seen: datetime | None = None
    ) -> Finding:
        now = utcnow()
        with self._write_db(shared=True) as db:
            # Locked before it is read: two people withdrawing one finding at once take
            # turns, and the second reads the first's withdrawal (ChangedMeanwhile).
            row = db.get(FindingRow, finding_id) if lock_row(db, FindingRow, finding_id) else None
            if row is None:
                raise NotFound(Message("time5.record.finding", id=finding_id))
            if (row.withdrawn_at is not None) == (reason is not None):
                # Already so (someone else was first): nothing is written, and the caller
                # learns it, so that a reason given is never dropped in silence.
                state = "withdrawn" if reason is not None else "not withdrawn"
                raise ChangedMeanwhile(f"finding #{finding_id} is {state}", _finding(row))
            if seen is not None and row.withdrawn_at != seen:
                # Withdrawn again (a newer decision, maybe another reason) since the restorer
                # looked: restoring would undo what they never saw.
                raise ChangedMeanwhile(f"finding #{finding_id} withdrawn again", _finding(row))
            before = {"withdrawn": row.withdrawn_at is not None, "reason": row.withdrawn_reason}
            row.withdrawn_at = now if reason is not None else None
            row.withdrawn_by = actor if reason is not None else None
            row.withdrawn_reason = reason or ""
            after = {"withdrawn": reason is not None, "reason": row.withdrawn_reason}
            db.add(row)
            db.add(
                FindingChangeRow(
                    finding_id=finding_id,
                    action="withdraw" if reason is not None else "restore",
                    old=before,
                    new=after,
                    changed_by=actor,
                    changed_at=now,
                )
            )
            db.commit()
            return _finding(row)

    def finding(self, finding_id: int) -> Finding:
        with self._db() as db:
            row = db.get(FindingRow, finding_id)
            if row is None:
                raise NotFound(Message("time5.record.finding", id=finding_id))
            return _finding(row)

    def findings(
        self,
        *,
        session_id: int | None = None,
        organization_id: int | None = None,
        include_withdrawn: bool = False,
    ) -> list[Finding]:
        """The findings, oldest first; withdrawn ones only when asked (no document, plan
        listing or count sees a withdrawn finding)."""
        with self._db() as db:
            query = select(FindingRow).order_by(FindingRow.id)
            if not include_withdrawn:
                query = query.where(FindingRow.withdrawn_at.is_(None))
            if session_id is not None:
                query = query.where(FindingRow.session_id == session_id)
            if organization_id is not None:
                query = query.where(FindingRow.organization_id == organization_id)
            return [_finding(r) for r in db.exec(query).scalars()]

    def finding_changes(self, finding_id: int) -> list[Change]:
        with self._db() as db:
            rows = db.exec(
                select(FindingChangeRow)
                .where(FindingChangeRow.finding_id == finding_id)
                .order_by(FindingChangeRow.id)
            ).scalars()
            return [(r.action, r.old, r.new, r.changed_by, r.changed_at) for r in rows]

    # -- plans and measure entries ------------------------------------------------------

    def add_plan(
        self,
        finding_id: int,
        *,
        measures: str,
        responsible_organization_id: int,
        responsible_person: str,
        deadline: date,
        actor: str,
        uid: str | None = None,
    ) -> ImprovementPlan:
        now = utcnow()
        row = ImprovementPlanRow(
            uid=uid or str(uuid.uuid4()),
            finding_id=finding_id,
            measures=measures,
            responsible_organization_id=responsible_organization_id,
            responsible_person=responsible_person,
            deadline=deadline,
            created_by=actor,
            created_at=now,
        )
        with self._write_db(shared=True) as db:
            if db.get(FindingRow, finding_id) is None:
                raise NotFound(Message("time5.record.finding", id=finding_id))
            db.add(row)
            db.flush()
            assert row.id is not None
            db.add(
                ImprovementPlanChangeRow(
                    plan_id=row.id,
                    action="create",
                    old=None,
                    new=plan_fields(row),
                    changed_by=actor,
                    changed_at=now,
                )
            )
            db.commit()
            return _plan(row, [])

    def update_plan(
        self,
        plan_id: int,
        changes: Mapping[str, Any],
        actor: str,
        seen: Mapping[str, Any] | None = None,
        action: str = "edit",
    ) -> ImprovementPlan:
        """Change some of measures, responsible organization and person, and deadline; the
        log keeps the old and new values of what changed. Nothing is written when nothing
        changes. Measure entries are not touched (they are only ever appended). `seen`:
        as for `update_finding`. `action`: the log's word for the edit ("edit"; a returned
        workbook's collect names the workbook, as a bundle's merge logs "bundle")."""
        unknown = set(changes) - set(PLAN_EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        values = {key: plan_value(key, value) for key, value in changes.items()}
        with self._write_db(shared=True) as db:
            locked = lock_row(db, ImprovementPlanRow, plan_id)
            row = db.get(ImprovementPlanRow, plan_id) if locked else None
            if row is None:
                raise NotFound(Message("time5.record.plan", id=plan_id))
            if seen is not None:
                before = {key: plan_value(key, value) for key, value in seen.items()}
                if changed_since(row, before, values):
                    raise ChangedMeanwhile(f"plan #{plan_id} was changed", None)
            old, new = apply_changes(row, values, plan_fields)
            if old:
                db.add(row)
                db.add(
                    ImprovementPlanChangeRow(
                        plan_id=plan_id,
                        action=action,
                        old=old,
                        new=new,
                        changed_by=actor,
                        changed_at=utcnow(),
                    )
                )
                db.commit()
            entries = [
                _entry(r)
                for r in db.exec(
                    select(MeasureEntryRow).where(MeasureEntryRow.plan_id == plan_id)
                ).scalars()
            ]
            return _plan(row, entries)

    def plan_changes(self, plan_id: int) -> list[Change]:
        """The change log of a plan, oldest first ("create", then each "edit")."""
        with self._db() as db:
            rows = db.exec(
                select(ImprovementPlanChangeRow)
                .where(ImprovementPlanChangeRow.plan_id == plan_id)
                .order_by(ImprovementPlanChangeRow.id)
            ).scalars()
            return [(r.action, r.old, r.new, r.changed_by, r.changed_at) for r in rows]

    def add_entry(
        self,
        plan_id: int,
        status: MeasureStatus,
        entry_date: date,
        text: str,
        actor: str,
        uid: str | None = None,
        seen: int | None = None,
    ) -> MeasureEntry:
        """Append a dated entry; entries are never edited or deleted. `seen`: how many
        entries the recorder saw; `ChangedMeanwhile` with the entries recorded since
        (nothing written) when there are more: a status decided on an older view."""
        row = MeasureEntryRow(
            uid=uid or str(uuid.uuid4()),
            plan_id=plan_id,
            status=status.value,
            entry_date=entry_date,
            text=text,
            recorded_by=actor,
            recorded_at=utcnow(),
        )
        with self._write_db(shared=True) as db:
            # Locked before the entries are counted: recorders of one plan take turns.
            if not lock_row(db, ImprovementPlanRow, plan_id):
                raise NotFound(Message("time5.record.plan", id=plan_id))
            if seen is not None:
                query = select(MeasureEntryRow).where(MeasureEntryRow.plan_id == plan_id)
                entries = sorted(db.exec(query).scalars(), key=lambda r: r.id or 0)
                if len(entries) > seen:
                    since = [_entry(r) for r in entries[seen:]]
                    raise ChangedMeanwhile(f"plan #{plan_id} has new entries", since)
            db.add(row)
            db.commit()
            return _entry(row)

    def plan(self, plan_id: int) -> ImprovementPlan:
        plans = self._plans(plan_id=plan_id)
        if not plans:
            raise NotFound(Message("time5.record.plan", id=plan_id))
        return plans[0]

    def plans_for(self, finding_id: int) -> list[ImprovementPlan]:
        return self._plans(finding_id=finding_id)

    def plans_with_findings(
        self, organization_id: int | None = None, *, include_withdrawn: bool = False
    ) -> list[tuple[Finding, ImprovementPlan]]:
        """Every plan with its finding (optionally of one responsible organization); the
        plans of withdrawn findings only when asked."""
        plans = self._plans(organization_id=organization_id)
        with self._db() as db:
            ids = {p.finding_id for p in plans}
            rows = (
                db.exec(select(FindingRow).where(FindingRow.id.in_(ids))).scalars() if ids else []
            )
            findings = {r.id: _finding(r) for r in rows}
        return [
            (findings[p.finding_id], p)
            for p in plans
            if include_withdrawn or not findings[p.finding_id].withdrawn
        ]

    def not_independent_sessions(self, session_ids: Iterable[int]) -> set[int]:
        """Which of these sessions are marked not independent (one query per 500 ids)."""
        ids = sorted(set(session_ids))
        found: set[int] = set()
        with self._db() as db:
            for start in range(0, len(ids), 500):
                query = select(SessionRow.id).where(
                    SessionRow.id.in_(ids[start : start + 500]), SessionRow.not_independent
                )
                found.update(db.exec(query).scalars())
        return found

    def _plans(
        self,
        *,
        plan_id: int | None = None,
        finding_id: int | None = None,
        organization_id: int | None = None,
    ) -> list[ImprovementPlan]:
        with self._db() as db:
            query = select(ImprovementPlanRow).order_by(
                ImprovementPlanRow.deadline, ImprovementPlanRow.id
            )
            if plan_id is not None:
                query = query.where(ImprovementPlanRow.id == plan_id)
            if finding_id is not None:
                query = query.where(ImprovementPlanRow.finding_id == finding_id)
            if organization_id is not None:
                query = query.where(
                    ImprovementPlanRow.responsible_organization_id == organization_id
                )
            rows = list(db.exec(query).scalars())
            ids = [r.id for r in rows]
            entries: dict[int, list[MeasureEntry]] = {i: [] for i in ids if i is not None}
            if ids:
                for entry_row in db.exec(
                    select(MeasureEntryRow).where(MeasureEntryRow.plan_id.in_(ids))
                ).scalars():
                    entries[entry_row.plan_id].append(_entry(entry_row))
            return [_plan(r, entries.get(r.id or 0, [])) for r in rows]


__all__ = ["FindingRepository", "IssuedDocument"]
