"""The tables. Every change here needs an Alembic migration in `migrations/versions`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Connection, Engine, Index, UniqueConstraint, event, text
from sqlmodel import Field, SQLModel

from inspector.store.types import JSONText, UTCDateTime, utcnow


class OrganizationRow(SQLModel, table=True):
    __tablename__ = "organization"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True)
    name: str = Field(index=True)
    parent_id: int | None = Field(default=None, foreign_key="organization.id")
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSONText, nullable=False))


class PersonRow(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    staff_number: str = Field(index=True, unique=True)
    name: str
    organization_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    staff_type: str = "regular"
    status: str = "active"


class SessionRow(SQLModel, table=True):
    """A visit or self-check (called session in the glossary; `session` is SQL's own word)."""

    __tablename__ = "inspection_session"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True, index=True)
    checklist_id: str = Field(index=True)
    checklist_version: str
    organization_id: int = Field(foreign_key="organization.id", index=True)
    respondent_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    role: str
    kind: str
    session_date: date
    status: str = "open"
    source: str = "local"
    inspector_name: str | None = None
    inspector_organization_id: int | None = Field(default=None, foreign_key="organization.id")
    # indexed (0013): lists show the newest first, a prefecture has 57,000 sessions
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, index=True)
    )
    completed_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime, nullable=True)
    )
    not_independent: bool = False  # 0002: the inspector belongs to the audited organization
    # 0006: the identity of a CSV-imported session (`inspector.store.imports.csv_import_key`),
    # unique so that two imports at once cannot make two sessions of one unit; None for
    # every other session (and for duplicates imported before 0006).
    import_key: str | None = Field(default=None, unique=True, index=True)
    # 0013: counters kept with every write of answers (`inspector.store.session_counters`);
    # NULL: not counted (the checklist was not known to the writer), count from the answers
    answered_count: int | None = None
    applicable_count: int | None = None
    broken_count: int | None = None
    not_applicable_count: int | None = None
    counted_with: str | None = None  # the `Checklist.digest` they were counted with
    # 0015: the manager who heard the person (a hearing: role head, the person as respondent);
    # None: not known (before 0015, or a roster collected without `--manager`)
    heard_by: str | None = None


class AnswerRow(SQLModel, table=True):
    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("session_id", "item_id", name="uq_answer_session_item"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="inspection_session.id", index=True)
    item_id: str
    value: str | None = None
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSONText, nullable=False))
    reason_text: str = ""
    note: str = ""
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSONText, nullable=False))
    answered_by: str
    answered_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class AnswerChangeRow(SQLModel, table=True):
    """Append-only: a row is never updated or deleted."""

    __tablename__ = "answer_change"
    __table_args__ = (Index("ix_answer_change_session_item", "session_id", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="inspection_session.id")
    item_id: str
    action: str
    old_value: str | None = None
    new_value: str | None = None
    old_state: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSONText, nullable=True)
    )
    new_state: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSONText, nullable=True)
    )
    changed_by: str
    changed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    undoes_id: int | None = Field(default=None, foreign_key="answer_change.id")


class SessionEventRow(SQLModel, table=True):
    """Completion and explicit reopening of a session, logged."""

    __tablename__ = "session_event"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="inspection_session.id", index=True)
    action: str
    actor: str
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    note: str = ""


# -- revision 0002: findings, improvement plans, measure entries, issued documents ----------


class FindingRow(SQLModel, table=True):
    __tablename__ = "finding"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True, index=True)
    kind: str
    title: str
    text: str
    organization_id: int = Field(foreign_key="organization.id", index=True)
    session_id: int | None = Field(default=None, foreign_key="inspection_session.id", index=True)
    items: list[str] = Field(default_factory=list, sa_column=Column(JSONText, nullable=False))
    answers: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONText, nullable=False)
    )
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSONText, nullable=False))
    requested_measure: str = ""
    layout: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONText, nullable=True))
    created_by: str
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    requested_deadline: date | None = None  # revision 0011: 期限 the notice requests
    # 0012: withdrawn (取下げ) findings are kept, logged, and left out of every document
    withdrawn_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime, nullable=True)
    )
    withdrawn_by: str | None = None
    withdrawn_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class FindingChangeRow(SQLModel, table=True):
    """Append-only log of every edit of a finding (old and new field values)."""

    __tablename__ = "finding_change"

    id: int | None = Field(default=None, primary_key=True)
    finding_id: int = Field(foreign_key="finding.id", index=True)
    action: str
    old: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONText, nullable=True))
    new: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONText, nullable=True))
    changed_by: str
    changed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class ImprovementPlanRow(SQLModel, table=True):
    __tablename__ = "improvement_plan"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True, index=True)
    finding_id: int = Field(foreign_key="finding.id", index=True)
    measures: str
    responsible_organization_id: int = Field(foreign_key="organization.id", index=True)
    responsible_person: str = ""
    deadline: date
    created_by: str
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class MeasureEntryRow(SQLModel, table=True):
    """Append-only: a plan's dated progress entries."""

    __tablename__ = "measure_entry"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True, index=True)
    plan_id: int = Field(foreign_key="improvement_plan.id", index=True)
    status: str
    entry_date: date
    text: str
    recorded_by: str
    recorded_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


# revision 0014: one serial of a kind per fiscal year; a re-issue repeats its original's
# number (reissue_of set), so only originals count. Two writers numbering at once collide
# here instead of both printing the same 文書番号.
_ORIGINALS = "reissue_of IS NULL"
_NUMBER_INDEX = Index(
    "uq_issued_document_number",
    "kind",
    "fiscal_year",
    "serial",
    unique=True,
    sqlite_where=text(_ORIGINALS),
)


@event.listens_for(Engine, "engine_connect")
def _postgresql_predicate(connection: Connection) -> None:
    """The index's PostgreSQL predicate, given when a PostgreSQL engine first connects:
    declared above with `postgresql_where=`, SQLAlchemy would import its PostgreSQL dialect
    (~20 ms) in every process on SQLite to check the argument's name. The dialect is loaded
    by then; the migration (0014) creates the index on both databases."""
    if connection.dialect.name != "postgresql":
        return
    if _NUMBER_INDEX.dialect_options["postgresql"]["where"] is None:
        _NUMBER_INDEX.dialect_kwargs["postgresql_where"] = text(_ORIGINALS)


class IssuedDocumentRow(SQLModel, table=True):
    """A document produced and signed: its id and the SHA-256 of its canonical content."""

    __tablename__ = "issued_document"
    __table_args__ = (_NUMBER_INDEX,)

    id: int | None = Field(default=None, primary_key=True)
    doc_id: str = Field(unique=True, index=True)
    kind: str
    session_id: int | None = Field(default=None, foreign_key="inspection_session.id", index=True)
    organization_id: int | None = Field(default=None, foreign_key="organization.id")
    content_hash: str
    signer: str | None = None
    file_sha256: str | None = None
    path: str | None = None
    issued_by: str
    issued_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    # revision 0011: 文書番号 (the office's number), its fiscal year and serial; a re-issue
    # keeps the number and names the document it re-issues
    number: str | None = None
    fiscal_year: int | None = None
    serial: int | None = None
    reissue_of: str | None = None


# -- revision 0003: site tools ---------------------------------------------------------------


class SiteLayoutRow(SQLModel, table=True):
    """The server room layout recorded at a visit (one per session, replaced on save)."""

    __tablename__ = "site_layout"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="inspection_session.id", unique=True, index=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    layout: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONText, nullable=False))
    saved_by: str
    saved_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    # the versions this one was based on: their `saved_at` (ISO), oldest first, the one it
    # replaced last; None: not known (saved before migration 0016)
    based_on: list[str] | None = Field(default=None, sa_column=Column(JSONText, nullable=True))


class CardRow(SQLModel, table=True):
    """A server-room access card or an operator ID card in an organization's ledger."""

    __tablename__ = "card"
    __table_args__ = (UniqueConstraint("organization_id", "number", name="uq_card_org_number"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    number: str
    kind: str
    use: str
    group_name: str = ""
    members: list[int] = Field(default_factory=list, sa_column=Column(JSONText, nullable=False))
    note: str = ""
    created_by: str
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class CardEventRow(SQLModel, table=True):
    """Append-only: issue, return, loss, suspension, password change, on-site checks."""

    __tablename__ = "card_event"

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True)
    kind: str
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    person_id: int | None = Field(default=None, foreign_key="person.id")
    place: str = ""
    note: str = ""
    session_id: int | None = Field(default=None, foreign_key="inspection_session.id")
    recorded_by: str
    recorded_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class CardUsageRow(SQLModel, table=True):
    """The terminal usage log (端末機利用簿) of a group card."""

    __tablename__ = "card_usage"

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True)
    used_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    person_id: int | None = Field(default=None, foreign_key="person.id")
    user_name: str = ""
    purpose: str = ""
    source: str = "site"
    recorded_by: str
    recorded_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class BackupStorageRow(SQLModel, table=True):
    """A backup media box or safe, where it and its key are kept."""

    __tablename__ = "backup_storage"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    name: str
    kind: str = "box"
    box_location: str
    key_location: str
    key_holder: str = ""
    key_next_to_box: bool = False
    note: str = ""
    updated_by: str
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class BackupTransportRow(SQLModel, table=True):
    """Append-only transport log of a backup box."""

    __tablename__ = "backup_transport"

    id: int | None = Field(default=None, primary_key=True)
    storage_id: int = Field(foreign_key="backup_storage.id", index=True)
    transport_date: date
    from_place: str
    to_place: str
    carrier: str
    box_locked: bool
    key_separate: bool
    receiver: str = ""
    note: str = ""
    recorded_by: str
    recorded_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


# -- revision 0004: hearing cases --------------------------------------------------------------


class HearingClassificationRow(SQLModel, table=True):
    """Append-only: the follow-up classification of a hearing case (one ID/password hearing
    session) into a pattern, with the detailed-hearing flag. The newest row of a session is
    the current classification; older rows are its history."""

    __tablename__ = "hearing_classification"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="inspection_session.id", index=True)
    case_id: str
    detailed_hearing: bool = False
    note: str = ""
    classified_by: str
    classified_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


# -- revision 0005: improvement plan changes ---------------------------------------------------


class ImprovementPlanChangeRow(SQLModel, table=True):
    """Append-only log of every edit of an improvement plan (old and new field values; the
    deadline as YYYY-MM-DD). Measure entries are not logged here: they are append-only."""

    __tablename__ = "improvement_plan_change"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="improvement_plan.id", index=True)
    action: str
    old: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONText, nullable=True))
    new: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONText, nullable=True))
    changed_by: str
    changed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


# -- revision 0007: certificate revocations ----------------------------------------------------


class CertificateRevocationRow(SQLModel, table=True):
    """The office's log of revoked inspector certificates (`inspector keys revoke`): which
    certificate, whose, who revoked it, when and why. Never updated or deleted; the signed
    revocation list in the keys folder is made from these rows."""

    __tablename__ = "certificate_revocation"

    id: int | None = Field(default=None, primary_key=True)
    serial: str = Field(unique=True, index=True)  # upper-case hex: serials exceed 64 bits
    fingerprint: str  # SHA-256 of the certificate (DER), hex
    name: str
    organization_code: str | None = None
    reason: str
    reason_code: str
    certificate: str  # PEM: the revoked certificate, kept to verify old documents
    revoked_by: str
    revoked_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    # the number of the revocation list written with this revocation (NULL before 0008)
    crl_number: int | None = None


class DistributedFormRow(SQLModel, table=True):
    """0010: a self-check workbook handed out (`selfcheck distribute`), so that `collect`
    knows which form came back, for which unit, and whether its structure was changed."""

    __tablename__ = "distributed_form"

    id: int | None = Field(default=None, primary_key=True)
    form_id: str = Field(unique=True, index=True)
    checklist_id: str = Field(index=True)
    checklist_version: str
    kind: str  # organization | roster | person
    organization_id: int = Field(foreign_key="organization.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    digest: str
    # the item ids and staff numbers of the form, in sheet order
    structure: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONText, nullable=False)
    )
    file_name: str
    due: date | None = None
    issued_by: str
    issued_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    returned_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    answers: int = 0
    blank: int = 0
    not_applicable: int = 0
    # the office's comment when it sent the form back for correction (`selfcheck return`)
    comment: str = ""
    sent_back_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime, nullable=True)
    )


class ReminderItemRow(SQLModel, table=True):
    """0017: what a reminder (督促, an `issued_document` of kind reminder) chased: one row
    per overdue plan or unreturned self-check form it listed, so that the next reminder of
    the same plan or form says 再督促 and the plans list shows 督促済 with the date."""

    __tablename__ = "reminder_item"

    id: int | None = Field(default=None, primary_key=True)
    doc_id: str = Field(foreign_key="issued_document.doc_id", index=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    plan_id: int | None = Field(default=None, foreign_key="improvement_plan.id", index=True)
    form_id: str | None = Field(default=None, index=True)
    reminded_on: date
    reply_by: date


class DemoMarkRow(SQLModel, table=True):
    """0018: the demo's mark on a server database (a SQLite file keeps it in its header,
    `demo_marker`): the fingerprint of every other table's rows when `inspector demo`
    finished, NULL while it is being built. `demo --force` empties only a database whose
    rows still match it."""

    __tablename__ = "demo_mark"

    id: int | None = Field(default=None, primary_key=True)
    fingerprint: int | None = None
    built_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )


# 0019: the roster change log, in its own module (this one is near its size limit)
from inspector.store.person_changes import PersonChangeRow as PersonChangeRow  # noqa: E402
