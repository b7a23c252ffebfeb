"""Withdraw (取下げ) and restore findings, and list a session's findings with their state:
what `inspector findings list|withdraw|restore` and the findings screen's `x` both do.

A withdrawal needs a reason in plain text (no control character: it is printed on the
screen and kept in the change log); withdrawing a withdrawn finding, or restoring one that
is not withdrawn, is refused rather than silently done, also when another person did it
at the same moment (the store locks the row before it reads it: the second is refused with
who and when, its reason not recorded rather than dropped). The store logs each change
(`finding_change`, actions "withdraw" and "restore"), and no document shows a withdrawn
finding.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from inspector.context import AppContext
from inspector.domain.dates import japan_time
from inspector.domain.era import format_era
from inspector.domain.findings import Finding
from inspector.domain.model import InspectionSession
from inspector.services.actors import auditor
from inspector.services.errors import Refused
from inspector.store.errors import ChangedMeanwhile, NotFound


def session_findings(context: AppContext, session_id: int) -> list[Finding]:
    """Every finding of the session, withdrawn ones included, oldest first."""
    try:
        context.repo.session(session_id)
    except (NotFound, LookupError):
        raise Refused(context.t("cli_findings.unknown_session", session=session_id)) from None
    return context.findings.findings(session_id=session_id, include_withdrawn=True)


def withdraw_finding(context: AppContext, finding_id: int, reason: str) -> Finding:
    """Withdraw the finding with `reason` (stripped); refused for an unknown or withdrawn
    finding, an empty reason or one with a control character."""
    t = context.t
    text = reason.strip()
    if not text:
        raise Refused(t("cli_findings.empty_reason", finding=finding_id))
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char).startswith("C"):
            raise Refused(
                t(
                    "cli_findings.control_in_reason",
                    finding=finding_id,
                    position=position,
                    code=f"U+{ord(char):04X}",
                )
            )
    finding = _finding(context, finding_id)
    if finding.withdrawn:
        raise Refused(
            t(
                "cli_findings.already_withdrawn",
                finding=finding_id,
                title=finding.title,
                by=finding.withdrawn_by or "-",
                reason=finding.withdrawn_reason,
            )
        )
    try:
        return context.findings.withdraw_finding(finding_id, text, auditor(context.settings))
    except ChangedMeanwhile as exc:
        # Someone else withdrew it between the check above and the write: theirs stands,
        # and this reason is refused aloud rather than dropped.
        assert isinstance(exc.current, Finding)
        raise Refused(
            t(
                "trust3.withdrawn_meanwhile",
                finding=finding_id,
                title=exc.current.title,
                by=exc.current.withdrawn_by or "-",
                when=_moment(context, exc.current.withdrawn_at),
                reason=exc.current.withdrawn_reason,
                yours=text,
            )
        ) from None


def restore_finding(context: AppContext, finding_id: int, seen: datetime | None = None) -> Finding:
    """Undo the finding's withdrawal; refused for an unknown finding or one not withdrawn.
    `seen`: the time of the withdrawal the person restoring saw (the screen's, or the
    CLI's `--withdrawn-at`): refused when it has been withdrawn again since (a newer
    decision they did not see), also when that happens between this check and the write."""
    finding = _finding(context, finding_id)
    if not finding.withdrawn:
        raise Refused(
            context.t("cli_findings.not_withdrawn", finding=finding_id, title=finding.title)
        )
    if seen is not None and finding.withdrawn_at != seen:
        raise _withdrawn_again(context, finding, seen)
    try:
        return context.findings.restore_finding(finding_id, auditor(context.settings), seen)
    except ChangedMeanwhile as exc:
        assert isinstance(exc.current, Finding)
        if exc.current.withdrawn:
            raise _withdrawn_again(context, exc.current, seen) from None
        # Restored by someone else between the check above and the write: who and when
        # is the change log's last entry.
        _action, _old, _new, by, when = context.findings.finding_changes(finding_id)[-1]
        raise Refused(
            context.t(
                "trust3.restored_meanwhile",
                finding=finding_id,
                title=finding.title,
                by=by,
                when=_moment(context, when),
            )
        ) from None


def _withdrawn_again(context: AppContext, current: Finding, seen: datetime | None) -> Refused:
    """The finding was withdrawn again after the withdrawal the restorer saw: who, when and
    why now; nothing restored."""
    return Refused(
        context.t(
            "trust4.withdrawn_again",
            finding=current.id,
            title=current.title,
            seen=_moment(context, seen),
            by=current.withdrawn_by or "-",
            when=_moment(context, current.withdrawn_at),
            reason=current.withdrawn_reason,
        )
    )


def finding_session(context: AppContext, finding: Finding) -> InspectionSession | None:
    """The session the finding was made in (None: made outside a session)."""
    return context.repo.session(finding.session_id) if finding.session_id is not None else None


def _moment(context: AppContext, moment: datetime | None) -> str:
    """A moment in Japan time to the minute, the era date in Japanese (as the lists)."""
    if moment is None:
        return "-"
    local = japan_time(moment)
    day = format_era(local.date()) if context.settings.lang == "ja" else local.date().isoformat()
    return f"{day} {local:%H:%M}"


def _finding(context: AppContext, finding_id: int) -> Finding:
    try:
        return context.findings.finding(finding_id)
    except NotFound:
        raise Refused(context.t("cli_findings.unknown_finding", finding=finding_id)) from None


__all__ = ["finding_session", "restore_finding", "session_findings", "withdraw_finding"]
