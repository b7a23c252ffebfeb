"""The sessions as the home screen and `inspector sessions list` show them: organization,
respondent, answered / applicable and broken counts, from the store's per-session
counters (one query; no pass over the answers).

A plain SQLite file is read with `sqlite3` and the checklist titles come from the
checklist cache, so the home screen lists without SQLAlchemy or the checklist models.
Sessions not counted yet (NULL counters, or counters of another checklist of that id: an
edited file) are counted from their own answers, and their counters stored when the
database can be written at once (`store.counter_repair`): the next list reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.domain.model import SessionSummary
from inspector.store.session_list import (
    ListedSession,
    SessionFilter,
    read_sqlite_file,
    read_with_engine,
    sqlite_file,
)

if TYPE_CHECKING:
    from inspector.context import AppContext


def listed_sessions(context: AppContext, which: SessionFilter) -> list[ListedSession]:
    """The sessions, newest first, counted with the checklists in force; counts None only
    for a checklist not in force."""
    listed: list[ListedSession] | None = None
    path = sqlite_file(context.settings.database_url)
    if path is not None and "engine" not in context.__dict__:
        listed = read_sqlite_file(path, which)
    if listed is None:
        listed = read_with_engine(context.engine, which)
    catalog = context.catalog
    # not counted, or counted with another checklist of that id (an edited file)
    stale = [
        s
        for s in listed
        if s.checklist_id in catalog
        and (s.counts is None or s.counted_with != catalog.digest(s.checklist_id))
    ]
    if stale:
        listed = _counted(context, listed, stale)
    return listed


def _counted(
    context: AppContext, listed: list[ListedSession], stale: list[ListedSession]
) -> list[ListedSession]:
    """Count the stale sessions from their answers (with the checklists in force), and
    store their counters when no other process is writing and the database can be
    written; else count them without storing."""
    from inspector.store.counter_repair import store_counters
    from inspector.store.session_counters import counters_of

    ids = [s.id for s in stale]
    stored = store_counters(context.engine, ids, context.checklist_or_none)
    if stored is not None:
        return [s.counted(counts) if (counts := stored.get(s.id)) else s for s in listed]
    repo = context.repo
    tags = {o.id: o.tags for o in repo.organizations()}
    values = repo.answer_counts(s.id for s in stale)
    counted: dict[int, tuple[int, int, int, int]] = {}
    for entry in stale:
        found = counters_of(
            context.catalog.get(entry.checklist_id),
            values[entry.id],
            tags.get(entry.organization_id, ()),
        )
        counted[entry.id] = (
            found["answered_count"] or 0,
            found["applicable_count"] or 0,
            found["broken_count"] or 0,
            found["not_applicable_count"] or 0,
        )
    return [s.counted(counted[s.id]) if s.id in counted else s for s in listed]


def answered_of_unknown(context: AppContext, listed: list[ListedSession]) -> dict[int, int]:
    """The answers of each session whose checklist is not in force (counted as they are)."""
    unknown = [s.id for s in listed if s.checklist_id not in context.catalog]
    if not unknown:
        return {}
    values = context.repo.answer_counts(unknown)
    return {sid: sum(1 for v in values[sid].values() if v is not None) for sid in unknown}


def recent_sessions(
    context: AppContext, limit: int = 200, within: int | None = None
) -> list[SessionSummary]:
    """Newest sessions with answered / applicable and noncompliant counts, those still
    open first. `within` (a session id): only the sessions of its organization and
    checklist, and of its respondent when it has one (a self-check opened by `inspector
    selfcheck` shows no colleague's session)."""
    if within is None:
        listed = listed_sessions(context, SessionFilter(limit=limit))
    else:
        own = context.repo.session(within)
        listed = [
            s
            for s in listed_sessions(
                context,
                SessionFilter(
                    limit=limit,
                    organization_id=own.organization_id,
                    checklist_id=own.checklist_id,
                ),
            )
            if s.session.respondent_id == own.respondent_id and s.session.kind is own.kind
        ]
    unknown = answered_of_unknown(context, listed)
    lang = context.t.lang
    summaries: list[SessionSummary] = []
    for entry in listed:
        session = entry.session
        if entry.counts is None or session.id in unknown:
            answered = unknown.get(session.id, 0)
            total, noncompliant, title = answered, 0, session.checklist_id
        else:
            answered, total, noncompliant, _na = entry.counts
            title = context.catalog.title(session.checklist_id, lang) or session.checklist_id
        summaries.append(
            SessionSummary(
                session=session,
                organization=entry.organization,
                respondent=entry.respondent,
                answered=answered,
                total=total,
                noncompliant=noncompliant,
                checklist_title=title,
            )
        )
    # Sessions still open come first (they are the ones to resume), each group newest first.
    summaries.sort(key=lambda summary: summary.session.is_completed)
    return summaries


__all__ = ["answered_of_unknown", "listed_sessions", "recent_sessions"]
