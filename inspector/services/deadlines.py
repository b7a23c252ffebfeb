"""Whether a deadline typed for a finding or a plan can stand (docs8 H1-H3): not before the
visit of the finding's session, on a business day. The faces (TUI forms, the Excel return)
ask here before they write, so the refusal is the same wherever the deadline is entered."""

from __future__ import annotations

from datetime import date
from typing import Any

from inspector.domain.deadlines import deadline_problem


def visit_date(repo: Any, session_id: int | None) -> date | None:
    """The day of the finding's visit (None: a finding without a session)."""
    if session_id is None:
        return None
    return repo.session(session_id).session_date  # type: ignore[no-any-return]


def deadline_refusal(repo: Any, session_id: int | None, deadline: date, lang: str) -> str | None:
    """The refusal of `deadline` for a finding of `session_id`, in `lang`; None: it stands."""
    return deadline_problem(deadline, visit_date(repo, session_id), lang)


__all__ = ["deadline_refusal", "visit_date"]
