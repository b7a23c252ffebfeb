"""`inspector selfcheck`: start (or resume) a self-check and open the application on it.

A department head answers an organization checklist (role head, no respondent); an operator
answers a person checklist (role operator, the respondent is required and must be on the
organization's roster). A person checklist may also be answered with role head, as the
head does when hearing each member of staff (the ID/password hearing).
"""

from __future__ import annotations

import click

from inspector.cli.errors import UserError
from inspector.context import AppContext
from inspector.domain.checklist import Unit
from inspector.domain.model import PersonStatus, Role


@click.command("selfcheck")
@click.option("--organization", "organization", required=True, metavar="CODE", help="Code.")
@click.option("--checklist", "checklist_id", required=True, metavar="ID", help="Checklist id.")
@click.option(
    "--respondent",
    metavar="STAFF_NO",
    default=None,
    help="Staff number of the person answering (person checklists only; required there).",
)
@click.option(
    "--role",
    type=click.Choice(["head", "operator"]),
    default=None,
    help="Who answers; default: head for organization checklists, operator for person ones.",
)
@click.option(
    "--no-open", is_flag=True, help="Print the session id and do not start the interface."
)
@click.pass_obj
def selfcheck(
    ctx: AppContext,
    organization: str,
    checklist_id: str,
    respondent: str | None,
    role: str | None,
    no_open: bool,
) -> None:
    """Start or resume a self-check of ORGANIZATION with CHECKLIST and open it in the runner.

    The open self-check of the same checklist, organization, respondent and role is
    resumed; otherwise a new one is started (dated today).
    """
    from inspector.store.repositories.hearing import start_or_resume_self_check

    checklist = ctx.catalog.get(checklist_id)
    org = ctx.repo.find_organization(organization)
    if org is None:
        raise UserError(f"unknown organization '{organization}'")
    person_checklist = checklist.unit is Unit.RESPONDENT
    if person_checklist:
        chosen = Role(role) if role else Role.OPERATOR
        if not respondent:
            raise UserError(
                f"checklist '{checklist.id}' is answered per person: give --respondent STAFF_NO"
            )
        person = ctx.repo.find_person(respondent)
        if person is None:
            raise UserError(f"unknown staff number '{respondent}'")
        if person.organization_id != org.id:
            raise UserError(
                f"staff number '{respondent}' ({person.name}) is not on the roster of "
                f"{org.code} {org.name}"
            )
        if person.status is not PersonStatus.ACTIVE:
            raise UserError(
                f"staff number '{respondent}' ({person.name}) is not active ({person.status})"
            )
        respondent_id: int | None = person.id
    else:
        if respondent:
            raise UserError(
                f"checklist '{checklist.id}' is answered by the organization (its head): "
                "--respondent is only for person checklists"
            )
        if role == Role.OPERATOR.value:
            raise UserError(
                f"checklist '{checklist.id}' is answered by the organization: the role is head"
            )
        chosen = Role.HEAD
        respondent_id = None
    start = start_or_resume_self_check(
        ctx.repo, checklist, org.id, role=chosen, respondent_id=respondent_id
    )
    session = start.session
    what = "resumed" if start.resumed else "started"
    click.echo(
        f"{what} self-check #{session.id}: {checklist.id} / {org.code} {org.name} / {chosen}",
        err=True,
    )
    if no_open:
        click.echo(str(session.id))
        return
    from inspector.tui.app import run_app  # Textual only when the interface is wanted

    run_app(ctx, session_id=session.id)
