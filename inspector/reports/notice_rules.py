"""Who a notice names and who may sign it, its deadlines and its number (issue 13).

- The notice names its inspector: the visit's inspector, else the configured
  `inspector_name`; never the login name. A notice is refused while no name is set.
- It is signed only with the key of the inspector it names.
- Every deadline it computes falls on a business day (`domain/business_days.py`); the
  deadline of each finding is the one set on the finding, else the deadline of the plan the
  department already filed (the date the plan form prints), else the reply-by date -- the
  explicit `--reply-by` or the form's reply days -- so that the body and the table agree.
  None is before the notice date or the visit, or on a closed day: a reply-by or a finding's
  own deadline that is is refused (the next business day named); a plan's deadline that is
  (older data) is not printed on the notice and is marked 要確認 on the plan form.
- Its date (--date): a signed notice is not post-dated; a closed day or a date over a month
  back is warned of (DOCUMENTS.md rules only deadlines).
- 文書番号 in the office's style counts within the fiscal year; issuing again for the same
  visit is a re-issue (same number, 再発行) or is refused.

The messages come from the catalogue (`locales/*/documents_signer.toml`) in the document's
language; the faces print them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from inspector.domain.business_days import deadline_after, japan_today
from inspector.domain.deadlines import (
    closed_day_problem,
    deadline_problem,
    plan_deadline_problem,
)
from inspector.domain.doc_numbers import fiscal_year, format_number
from inspector.domain.documents import DocumentData, DocumentKind, FindingOnPaper, NoticeData
from inspector.domain.era import format_date
from inspector.i18n import Translator
from inspector.reports.errors import ReportProblem
from inspector.reports.forms import Form
from inspector.reports.number_ledger import LedgerEntry


class IssueRefused(ReportProblem):
    """A document that must not be issued as asked: the message says why and what to do."""


class InspectorNameUnset(IssueRefused):
    pass


class SignerMismatch(IssueRefused):
    """The signer is not the inspector the notice names."""

    def __init__(self, message: str, *, named: str, tried: str) -> None:
        super().__init__(message)
        self.named = named
        self.tried = tried


class AlreadyIssued(IssueRefused):
    pass


class RecordedDocument(Protocol):
    @property
    def doc_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def session_id(self) -> int | None: ...
    @property
    def number(self) -> str | None: ...
    @property
    def fiscal_year(self) -> int | None: ...
    @property
    def serial(self) -> int | None: ...
    @property
    def reissue_of(self) -> str | None: ...
    @property
    def issued_at(self) -> object: ...


def root_sha256(root: x509.Certificate) -> str:
    """The office root's SHA-256 fingerprint as certificate viewers show it (AB:CD:...)."""
    return ":".join(f"{b:02X}" for b in root.fingerprint(hashes.SHA256()))


def named_inspector(visit_inspector: str | None, configured: str | None, lang: str) -> str:
    """The inspector the notice names; refused while neither the visit nor the settings
    name one."""
    name = (visit_inspector or "").strip() or (configured or "").strip()
    if not name:
        raise InspectorNameUnset(Translator(lang)("documents_signer.name_unset"))
    return name


def same_person(a: str, b: str) -> bool:
    """Names compare without the spaces between family and given name (監査 太郎 / 監査　太郎)."""
    return "".join(a.split()) == "".join(b.split())


def office_head(name: str | None, lang: str) -> str:
    """The office head a `signed_by: office_head` form names; refused while unset."""
    if not (name or "").strip():
        raise InspectorNameUnset(Translator(lang)("documents_signer.office_head_unset"))
    return (name or "").strip()


def check_notice_signer(data: NoticeData, signer: str, lang: str) -> None:
    """Only the person the notice names as its issuer signs it."""
    named = data.signer_name
    if not same_person(named, signer):
        message = Translator(lang)("documents_signer.wrong_signer", named=named, tried=signer)
        raise SignerMismatch(message, named=named, tried=signer)


def check_batch_signer(batch: Sequence[NoticeData], signer: str, lang: str) -> None:
    """Every notice of a batch names the signer; else one message listing the others."""
    others = [d for d in batch if not same_person(d.signer_name, signer)]
    if len(batch) == 1 and others:
        check_notice_signer(others[0], signer, lang)
    if others:
        visits = "、".join(f"{_visit(d)}: {d.signer_name}" for d in others[:10])
        message = Translator(lang)(
            "documents_signer.wrong_signer_batch", tried=signer, visits=visits
        )
        raise SignerMismatch(message, named=others[0].signer_name, tried=signer)


def _issued_day(when: object) -> str:
    """The day a recorded document was issued, in Japan."""
    return japan_today(when).isoformat() if isinstance(when, datetime) else str(when)[:10]


def _visit(data: NoticeData) -> str:
    return f"{data.organization.code} {data.organization.name} {data.visit_date.isoformat()}"


# -- deadlines ------------------------------------------------------------------------------


def default_reply_by(issue_date: date, form: Form) -> date:
    """The form's reply days after the notice date, on a business day."""
    return deadline_after(issue_date, form.reply_days)


def with_requested_deadlines(
    findings: Iterable[FindingOnPaper],
    issue_date: date,
    default: date,
    lang: str,
    *,
    issued_before: bool = False,
) -> tuple[FindingOnPaper, ...]:
    """Each finding with the deadline the notice prints: its own (the office's request),
    else the earliest deadline of the department's plan when one is already filed and can
    stand on this notice (`plan_deadline_problem`: not before the notice date or the visit,
    on a business day) -- the date the plan form prints unflagged --, else `default` (the
    reply-by date). A finding's own deadline before the notice date or the visit, or on a
    closed day, is refused -- unless the visit was notified already (`issued_before`: a
    re-issue), whose notice the office must be able to issue again as it was: the deadline is
    then printed as it stands, marked 要確認 (`own_deadline_problem`, docs9)."""
    t = Translator(lang)
    result = []
    for entry in findings:
        own = entry.finding.requested_deadline
        if own is not None and own < issue_date and not issued_before:
            raise IssueRefused(
                t(
                    "documents_signer.deadline_before_notice",
                    finding=entry.finding.title,
                    deadline=format_date(own, lang),
                    issue_date=format_date(issue_date, lang),
                )
            )
        if own is not None and not issued_before:
            problem = deadline_problem(own, entry.visit_date, lang)
            if problem is not None:
                raise IssueRefused(
                    t("docs8a.finding_closed", finding=entry.finding.title, problem=problem)
                )
        planned = min((p.deadline for p in entry.plans), default=None)
        if planned is not None and plan_deadline_problem(
            planned, entry.visit_date, issue_date, lang
        ):
            planned = None  # the plan form and the follow-up flag it; the notice does not print it
        result.append(replace(entry, requested_deadline=own or planned or default))
    return tuple(result)


def own_deadline_problem(entry: FindingOnPaper, issue_date: date, lang: str) -> str | None:
    """Why the deadline a notice prints for `entry` cannot stand (only a re-issue prints
    one: older data, see `with_requested_deadlines`), else None."""
    deadline = entry.requested_deadline
    if deadline is None:
        return None
    return plan_deadline_problem(deadline, entry.visit_date, issue_date, lang)


def check_reply_by(reply_by: date, issue_date: date, lang: str) -> None:
    """The reply-by date: not before the notice date, on a business day (refused with the
    next business day named, not moved: DOCUMENTS.md 「A deadline the office sets falls on a
    business day」)."""
    if reply_by < issue_date:
        raise IssueRefused(
            Translator(lang)(
                "documents_signer.reply_before_notice",
                reply_by=format_date(reply_by, lang),
                issue_date=format_date(issue_date, lang),
            )
        )
    problem = closed_day_problem(reply_by, lang)
    if problem is not None:
        raise IssueRefused(Translator(lang)("docs8a.reply_closed", problem=problem))


# -- numbers and re-issues ------------------------------------------------------------------


@dataclass(frozen=True)
class Numbering:
    """What `record_document` stores for a numbered notice."""

    number: str
    fiscal_year: int
    serial: int
    reissue_of: str | None = None
    # the user agreed to a re-issue (--reissue): numbering again may find an original
    reissue: bool = False
    # numbers the keys folder's ledger knows were issued and the register does not record
    # (a database restored from a backup): passed over, and said (docs9)
    skipped: tuple[str, ...] = ()


class NumberTaken(Exception):
    """While the document was built another process recorded a document with its number
    (or the first notice of its visit): `data` and `numbering` are the document numbered
    again."""

    def __init__(self, data: DocumentData, numbering: Numbering) -> None:
        super().__init__(numbering.number)
        self.data = data
        self.numbering = numbering


def earlier_notice(
    visit: NoticeData | tuple[int, ...], documents: Iterable[RecordedDocument]
) -> RecordedDocument | None:
    """The first notice recorded for this visit (its data, or its session ids); None:
    never issued."""
    sessions = set(visit.session_ids if isinstance(visit, NoticeData) else visit)
    issued = [
        d for d in documents if d.kind == DocumentKind.NOTICE.value and d.session_id in sessions
    ]
    return issued[0] if issued else None


def number_notice(
    data: NoticeData,
    form: Form,
    documents: Sequence[RecordedDocument],
    *,
    reissue: bool,
    taken: Iterable[tuple[int, int]] = (),
    forgotten: Sequence[LedgerEntry] = (),
    lang: str | None = None,
) -> tuple[NoticeData, Numbering]:
    """The notice with its number: the next serial of the fiscal year, or, for a re-issue,
    the number it was first issued under. `taken`: (fiscal year, serial) already given to
    notices of the same batch. `forgotten`: notices the keys folder's ledger knows were
    issued from this database's history but the register does not record (a restore from
    a backup, `number_ledger`): their numbers are never given again, and their visits count
    as issued. Raises `AlreadyIssued` when the visit has a notice and `reissue` is False."""
    earlier = earlier_notice(data, documents)
    lang = lang or form.lang  # the messages' (the form is in the document's language)
    lost = None
    if earlier is None:
        visit = set(data.session_ids)
        lost = next(
            (e for e in forgotten if e.reissue_of is None and visit & set(e.session_ids)), None
        )
    if lost is not None and not reissue:
        raise AlreadyIssued(
            Translator(lang)(
                "docs9.already_issued_lost",
                visit=_visit(data),
                number=lost.number,
                doc_id=lost.doc_id,
                date=lost.issued,
                path=lost.path or "-",
            )
        )
    if earlier is None and lost is not None:
        numbering = Numbering(
            lost.number, lost.fiscal_year, lost.serial, reissue_of=lost.doc_id, reissue=True
        )
        return replace(data, number=numbering.number, reissue=True), numbering
    if earlier is not None and not reissue:
        raise AlreadyIssued(
            Translator(lang)(
                "documents_signer.already_issued",
                visit=_visit(data),
                number=earlier.number or "-",
                doc_id=earlier.doc_id,
                date=_issued_day(earlier.issued_at),
            )
        )
    if earlier is not None and earlier.number and earlier.fiscal_year and earlier.serial:
        numbering = Numbering(
            earlier.number,
            earlier.fiscal_year,
            earlier.serial,
            reissue_of=earlier.doc_id,
            reissue=reissue,
        )
    else:
        year = fiscal_year(data.issue_date)
        used = [
            d.serial
            for d in documents
            if d.kind == DocumentKind.NOTICE.value and d.fiscal_year == year and d.serial
        ]
        used += [serial for fy, serial in taken if fy == year]
        skipped = sorted(
            {(e.serial, e.number) for e in forgotten if e.fiscal_year == year and e.serial}
        )
        used += [serial for serial, _n in skipped]
        serial = max(used, default=0) + 1
        number = format_number(
            form.number_format, prefix=form.number_prefix, serial=serial, day=data.issue_date
        )
        numbering = Numbering(
            number,
            year,
            serial,
            reissue_of=earlier.doc_id if earlier is not None else None,
            reissue=reissue,
            skipped=tuple(n for _s, n in skipped),
        )
    return replace(data, number=numbering.number, reissue=earlier is not None), numbering


__all__ = [
    "AlreadyIssued",
    "InspectorNameUnset",
    "IssueRefused",
    "NumberTaken",
    "Numbering",
    "SignerMismatch",
    "check_batch_signer",
    "check_notice_signer",
    "check_reply_by",
    "default_reply_by",
    "earlier_notice",
    "named_inspector",
    "number_notice",
    "office_head",
    "own_deadline_problem",
    "root_sha256",
    "same_person",
    "with_requested_deadlines",
]
