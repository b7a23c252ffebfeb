"""Start (or resume) a self-check (`inspector selfcheck`).

A department head answers an organization checklist (role head, no respondent); an operator
answers a person checklist (role operator, the respondent is required and must be on the
organization's roster). A person checklist may also be answered with role head, as the
head does when hearing each member of staff (the ID/password hearing).
"""

from __future__ import annotations

from dataclasses import dataclass

from inspector.context import AppContext
from inspector.domain.checklist import Checklist, Unit
from inspector.domain.model import InspectionSession, Organization, PersonStatus, Role
from inspector.services.errors import Refused


@dataclass(frozen=True)
class SelfCheckStarted:
    """The self-check's session, and whether an open one was resumed."""

    session: InspectionSession
    resumed: bool
    checklist: Checklist
    organization: Organization
    role: Role


def start_self_check(
    context: AppContext,
    organization_code: str,
    checklist_id: str,
    *,
    respondent: str | None,
    role: str | None,
) -> SelfCheckStarted:
    """The open self-check of the same checklist, organization, respondent and role, else a
    new one dated today. `role` defaults to head for organization checklists, operator for
    person ones; `respondent` (a staff number) is required for person checklists only."""
    from inspector.store.repositories.hearing import start_or_resume_self_check

    ctx = context
    t = ctx.t
    checklist = ctx.catalog.get(checklist_id)
    org = ctx.repo.find_organization(organization_code)
    if org is None:
        raise Refused(t("refused.unknown_organization", code=organization_code))
    person_checklist = checklist.unit is Unit.RESPONDENT
    if person_checklist:
        chosen = Role(role) if role else Role.OPERATOR
        if not respondent:
            raise Refused(t("refused.selfcheck.per_person", checklist=checklist.id))
        person = ctx.repo.find_person(respondent)
        if person is None:
            raise Refused(t("refused.unknown_staff_number", number=respondent))
        if person.organization_id != org.id:
            raise Refused(
                t(
                    "refused.selfcheck.not_on_roster",
                    number=respondent,
                    name=person.name,
                    org=f"{org.code} {org.name}",
                )
            )
        if person.status is not PersonStatus.ACTIVE:
            raise Refused(
                t(
                    "refused.selfcheck.not_active",
                    number=respondent,
                    name=person.name,
                    status=t(f"cli.rosters.person_status.{person.status.value}"),
                )
            )
        respondent_id: int | None = person.id
    else:
        if respondent:
            raise Refused(t("refused.selfcheck.no_respondent", checklist=checklist.id))
        if role == Role.OPERATOR.value:
            raise Refused(t("refused.selfcheck.role_is_head", checklist=checklist.id))
        chosen = Role.HEAD
        respondent_id = None
    start = start_or_resume_self_check(
        ctx.repo, checklist, org.id, role=chosen, respondent_id=respondent_id
    )
    return SelfCheckStarted(start.session, start.resumed, checklist, org, chosen)


__all__ = ["SelfCheckStarted", "start_self_check"]
