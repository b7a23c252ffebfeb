"""Import a card ledger (`inspector cards import`) and a terminal usage log (`inspector
cards import-usage`): every row checked against the organizations, the roster and the
ledger before anything is written; all rows or none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path

from inspector.context import AppContext
from inspector.domain.cards import (
    CARD_COLUMNS,
    USAGE_COLUMNS,
    Mismatch,
    mismatch_finding,
    parse_card_rows,
    parse_usage_rows,
)
from inspector.domain.dates import JAPAN, japan_typed
from inspector.domain.findings import Finding
from inspector.exchange.csvfile import CsvProblems, RowProblem
from inspector.exchange.org_checks import ambiguous_name
from inspector.exchange.rosters import read_known_rows
from inspector.i18n import Message, Translator
from inspector.services.actors import auditor
from inspector.store.repositories.site import NewCard, NewUsage


def _card_file_rows(
    file: Path,
    columns: list[str],
    required: int,
    ignore_extra: bool,
    warn: Callable[[str], None],
) -> list[dict[str, str]]:
    """The rows of a card or usage-log file: the first `required` columns must be there,
    another column is an error unless `ignore_extra`."""
    return read_known_rows(
        file, columns[:required], columns[required:], ignore_extra=ignore_extra, warn=warn
    )


def _aware(moment: datetime) -> datetime:
    """A naive time read from a file is Japan time (the office's clock)."""
    return japan_typed(moment)


def import_cards(
    context: AppContext, file: Path, *, ignore_extra: bool, warn: Callable[[str], None]
) -> int:
    """Add the cards of FILE to the ledger; how many were added. `warn` hears of the columns
    left out with `ignore_extra`."""
    ctx = context
    rows = _card_file_rows(file, CARD_COLUMNS, 2, ignore_extra, warn)
    parsed, found = parse_card_rows(rows)
    problems = [RowProblem(n, m) for n, m in found]
    orgs = ctx.repo.organization_lookup()
    ambiguous = ctx.repo.ambiguous_organization_names()
    staff = {p.staff_number: p.id for p in ctx.repo.people()}
    existing = ctx.site.card_numbers()
    new: list[NewCard] = []
    for row in parsed:
        org_id = orgs.get(row.organization)
        if org_id is None:
            shared = ambiguous_name(row.organization, ambiguous)
            problems.append(
                RowProblem(
                    row.row,
                    shared or Message("more.cards.unknown_organization", name=row.organization),
                )
            )
            continue
        if (org_id, row.number) in existing:
            problems.append(RowProblem(row.row, Message("more.cards.already", number=row.number)))
        holder_id = None
        if row.holder:
            holder_id = staff.get(row.holder)
            if holder_id is None:
                problems.append(
                    RowProblem(row.row, Message("more.cards.unknown_staff", number=row.holder))
                )
        members: list[int] = []
        for number in row.members:
            if number in staff:
                members.append(staff[number])
            else:
                problems.append(
                    RowProblem(row.row, Message("more.cards.unknown_staff", number=number))
                )
        issued_at = None
        if row.issued is not None:
            issued_at = datetime.combine(row.issued, time(9, 0), tzinfo=JAPAN)
        new.append(
            NewCard(
                organization_id=org_id,
                number=row.number,
                kind=row.kind,
                use=row.use,
                group_name=row.group_name,
                members=tuple(members),
                note=row.note,
                holder_id=holder_id,
                issued_at=issued_at,
            )
        )
    if problems:
        raise CsvProblems(file, sorted(problems, key=lambda p: p.row))
    return len(ctx.site.add_cards(new, auditor(ctx.settings)))


def import_usages(
    context: AppContext, file: Path, *, ignore_extra: bool, warn: Callable[[str], None]
) -> int:
    """Add the terminal usage log of FILE to the cards it names; how many uses were added."""
    ctx = context
    rows = _card_file_rows(file, USAGE_COLUMNS, 3, ignore_extra, warn)
    parsed, found = parse_usage_rows(rows)
    problems = [RowProblem(n, m) for n, m in found]
    orgs = ctx.repo.organization_lookup()
    ambiguous = ctx.repo.ambiguous_organization_names()
    people = {p.staff_number: p for p in ctx.repo.people()}
    numbers = ctx.site.card_numbers()
    usages: list[NewUsage] = []
    for row in parsed:
        org_id = orgs.get(row.organization)
        if org_id is None and (shared := ambiguous_name(row.organization, ambiguous)):
            problems.append(RowProblem(row.row, shared))
            continue
        card_id = numbers.get((org_id, row.card)) if org_id is not None else None
        if card_id is None:
            problems.append(
                RowProblem(
                    row.row,
                    Message("more.cards.unknown_card", card=row.card, name=row.organization),
                )
            )
            continue
        person = people.get(row.staff_number) if row.staff_number else None
        if row.staff_number and person is None:
            problems.append(
                RowProblem(row.row, Message("more.cards.unknown_staff", number=row.staff_number))
            )
            continue
        usages.append(
            NewUsage(
                card_id=card_id,
                used_at=_aware(row.used_at),
                user_name=row.name or (person.name if person else ""),
                person_id=person.id if person else None,
                purpose=row.purpose,
                source="csv",
            )
        )
    if problems:
        raise CsvProblems(file, sorted(problems, key=lambda p: p.row))
    return ctx.site.add_usages(usages, auditor(ctx.settings))


def record_mismatch_finding(
    context: AppContext,
    mismatch: Mismatch,
    organization_id: int,
    session_id: int | None,
    t: Translator,
) -> tuple[Finding, bool]:
    """A finding for a mismatch of the card ledger (the visit's when `session_id`, so that
    it reaches the visit's notice): the one recorded already for the same mismatch (same
    title and text, not withdrawn) when there is one, never a second that would print
    twice; (the finding, whether it was created now)."""
    draft = mismatch_finding(mismatch, organization_id, session_id, t)
    if session_id is not None:
        recorded = context.findings.findings(session_id=session_id)
    else:
        recorded = context.findings.findings(organization_id=organization_id)
    for finding in recorded:
        if (finding.title, finding.text) == (draft.title, draft.text) and (
            finding.session_id == session_id
        ):
            return finding, False
    return context.findings.add_finding(draft, auditor(context.settings)), True


__all__ = ["import_cards", "import_usages", "record_mismatch_finding"]
