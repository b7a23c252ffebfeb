"""Server room layouts: one per site visit (session), replaced when saved again; a later
visit starts from the organization's newest layout and records the change.

A layout is one value (the whole room), so two people editing one visit's layout cannot
be merged field by field: a save carries the version it was opened from (`SeenLayout`:
when the layout was saved, or that none was), and a save over a layout saved since by
someone else is refused (`ChangedMeanwhile` with the layout as it is now), nothing
written. The check runs inside the write transaction, the visit's row locked first.

A save also records the versions it was based on (`based_on`: the earlier versions'
`saved_at`, oldest first, the one it replaced last; `versions_after`). A bundle carries
them, so the office can tell a laptop's layout based on the office's version (it replaces
it) from one based on an older version while the office saved its own since (a conflict,
`exchange.bundle.merge_layouts`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from inspector.domain.layout import Layout
from inspector.i18n import Message
from inspector.store.errors import ChangedMeanwhile, NotFound
from inspector.store.repositories.base import RepositoryBase, lock_row
from inspector.store.tables import SessionRow, SiteLayoutRow
from inspector.store.types import utcnow


@dataclass(frozen=True)
class SavedLayout:
    session_id: int
    organization_id: int
    layout: Layout
    saved_by: str
    saved_at: datetime
    session_date: date | None = None


@dataclass(frozen=True)
class SeenLayout:
    """The version of a visit's layout an editor opened: when it was saved (None: no
    layout was saved then)."""

    saved_at: datetime | None


#: how many earlier versions a layout remembers (a laptop's edits between two bundles are
#: far fewer; a base older than these is taken as unknown: a conflict, the office's kept)
KEPT_VERSIONS = 200


def layout_version(saved_at: datetime) -> str:
    """A layout's version as `based_on` records it: its `saved_at` in UTC, ISO."""
    return saved_at.astimezone(UTC).isoformat()


def versions_after(based_on: list[str] | None, replaced: datetime) -> list[str]:
    """`based_on` of a save replacing the version saved at `replaced` (whose own
    `based_on` is `based_on`; None: not known, before migration 0016)."""
    return [*(based_on or []), layout_version(replaced)][-KEPT_VERSIONS:]


def version_instant(value: str) -> datetime:
    """The instant of one of `based_on`'s versions (read as UTC when no zone is given)."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def version_times(based_on: Iterable[str]) -> set[datetime]:
    """The instants of `based_on`'s versions (read as UTC when no zone is given)."""
    return {version_instant(value) for value in based_on}


def _saved(row: SiteLayoutRow, session_date: date | None) -> SavedLayout:
    return SavedLayout(
        session_id=row.session_id,
        organization_id=row.organization_id,
        layout=Layout.from_json(row.layout),
        saved_by=row.saved_by,
        saved_at=row.saved_at,
        session_date=session_date,
    )


class LayoutRepository(RepositoryBase):
    """Saves and reads the layouts of site visits."""

    def save_layout(
        self, session_id: int, layout: Layout, actor: str, seen: SeenLayout | None = None
    ) -> SavedLayout:
        """Store the session's layout, replacing the one saved before. `seen`: the version
        the editor opened; `ChangedMeanwhile` (nothing written, `current` the layout saved
        now) when another save came since."""
        with self._write_db(shared=True) as db:
            # The visit's row locked before the layout is read: two savers of one visit
            # take turns (PostgreSQL's row lock, SQLite's write lock), and the second reads
            # what the first committed, even when the first created the layout.
            session = (
                db.get(SessionRow, session_id) if lock_row(db, SessionRow, session_id) else None
            )
            if session is None:
                raise NotFound(Message("time5.record.session", id=session_id))
            row = (
                db.exec(select(SiteLayoutRow).where(SiteLayoutRow.session_id == session_id))  # type: ignore[call-overload]
                .scalars()
                .first()
            )
            if seen is not None and (row.saved_at if row else None) != seen.saved_at:
                current = _saved(row, session.session_date) if row else None
                raise ChangedMeanwhile(f"layout of session #{session_id} was saved", current)
            if row is None:
                row = SiteLayoutRow(
                    session_id=session_id,
                    organization_id=session.organization_id,
                    layout={},
                    saved_by=actor,
                    saved_at=utcnow(),
                    based_on=[],
                )
            else:
                row.based_on = versions_after(row.based_on, row.saved_at)
            row.layout = layout.to_json()
            row.saved_by = actor
            row.saved_at = utcnow()
            db.add(row)
            db.commit()
            return SavedLayout(
                session_id, row.organization_id, layout, actor, row.saved_at, session.session_date
            )

    def layout_for(self, session_id: int) -> SavedLayout | None:
        with self._db() as db:
            found = db.exec(
                select(SiteLayoutRow, SessionRow.session_date)  # type: ignore[call-overload]
                .join(SessionRow, SessionRow.id == SiteLayoutRow.session_id)
                .where(SiteLayoutRow.session_id == session_id)
            ).first()
            if found is None:
                return None
            return _saved(found[0], found[1])

    def latest_layout(
        self, organization_id: int, *, excluding_session: int | None = None
    ) -> SavedLayout | None:
        """The newest layout recorded for the organization at another visit, so a later
        visit can start from it and record the change."""
        with self._db() as db:
            query = (
                select(SiteLayoutRow, SessionRow.session_date)  # type: ignore[call-overload]
                .join(SessionRow, SessionRow.id == SiteLayoutRow.session_id)
                .where(SiteLayoutRow.organization_id == organization_id)
                .order_by(SessionRow.session_date.desc(), SiteLayoutRow.saved_at.desc())  # type: ignore[attr-defined]
            )
            if excluding_session is not None:
                query = query.where(SiteLayoutRow.session_id != excluding_session)
            found = db.exec(query).first()
            if found is None:
                return None
            return _saved(found[0], found[1])


__all__ = [
    "LayoutRepository",
    "SavedLayout",
    "SeenLayout",
    "layout_version",
    "version_instant",
    "version_times",
    "versions_after",
]
