"""Typed messages that thread workers post back to the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the queries import the checklist models, which the first screen skips
    from inspector.domain.checklist import Checklist
    from inspector.domain.consolidation import Consolidation
    from inspector.domain.model import (
        AnswerChange,
        AnswerState,
        InspectionSession,
        Organization,
        SessionSummary,
    )
    from inspector.services.consolidation import PeriodResult
    from inspector.tui.queries import SessionBundle


class DbFailed(Message):
    """A database call failed; `error` is already a sentence for the user."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class SessionsLoaded(Message):
    """The home screen's list of recent sessions is ready."""

    def __init__(self, summaries: list[SessionSummary]) -> None:
        super().__init__()
        self.summaries = summaries


class SessionLoaded(Message):
    """A session with its checklist and answers is ready."""

    def __init__(self, bundle: SessionBundle) -> None:
        super().__init__()
        self.bundle = bundle


class AnswerSaved(Message):
    """An answer is committed; `state` is what the database now holds."""

    def __init__(self, item_id: str, state: AnswerState, move: bool) -> None:
        super().__init__()
        self.item_id = item_id
        self.state = state
        self.move = move


class AnswerSaveFailed(Message):
    """An answer could not be committed; `state` stays on screen, marked unsaved."""

    def __init__(self, item_id: str, state: AnswerState, error: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.state = state
        self.error = error


class UndoDone(Message):
    """The newest change was reverted (`item_id` None: nothing to undo); `change` is the
    log's undo entry (what was there before it and what it restored), when found."""

    def __init__(
        self,
        item_id: str | None,
        states: dict[str, AnswerState],
        change: AnswerChange | None = None,
    ) -> None:
        super().__init__()
        self.item_id = item_id
        self.states = states
        self.change = change


class SessionStarted(Message):
    """A new session was written."""

    def __init__(self, session: InspectionSession) -> None:
        super().__init__()
        self.session = session


class SessionStatusChanged(Message):
    """A session was completed or reopened."""

    def __init__(self, session: InspectionSession) -> None:
        super().__init__()
        self.session = session


class OrganizationsLoaded(Message):
    """The organizations, by code, for a type-to-filter list."""

    def __init__(self, organizations: list[Organization]) -> None:
        super().__init__()
        self.organizations = organizations


class ConsolidationLoaded(Message):
    """The consolidation of a checklist, for the consolidation screen."""

    def __init__(
        self,
        checklist: Checklist,
        by: str | None,
        result: Consolidation,
        organization: Organization | None = None,
    ) -> None:
        super().__init__()
        self.checklist = checklist
        self.by = by
        self.result = result
        self.organization = organization


class ComparisonLoaded(Message):
    """The previous and the current fiscal year's consolidation (the comparison tab)."""

    def __init__(
        self,
        checklist: Checklist,
        previous: PeriodResult,
        current: PeriodResult,
        key: tuple[str, str | None, str | None] | None = None,
    ) -> None:
        super().__init__()
        self.checklist = checklist
        self.previous = previous
        self.current = current
        self.key = key
        """(checklist id, organization code, by) it was computed for."""


class HearingTallyLoaded(Message):
    """The hearing's "yes" counts by staff type (the consolidation of the hearing checklist,
    split by staff type) for one organization and those below it (`includes_below` when
    there are any), or for every organization (`organization` None)."""

    def __init__(
        self, organization: Organization | None, includes_below: bool, result: Consolidation
    ) -> None:
        super().__init__()
        self.organization = organization
        self.includes_below = includes_below
        self.result = result
