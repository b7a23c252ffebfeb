"""`inspector selfcheck`: start (or resume) a self-check and open the application on it
(the rules of who answers what are in `services/selfcheck.py`)."""

from __future__ import annotations

import click

from inspector.cli.text import language, t
from inspector.context import AppContext
from inspector.services.selfcheck import start_self_check


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
    if not no_open:  # a bad keymap is refused before the self-check is started
        from inspector.tui.app import check_keymap

        check_keymap(ctx)
    start = start_self_check(ctx, organization, checklist_id, respondent=respondent, role=role)
    session, checklist, org = start.session, start.checklist, start.organization
    click.echo(
        t(
            "cli.selfcheck.resumed" if start.resumed else "cli.selfcheck.started",
            id=session.id,
            checklist=checklist.title.get(language()),
            org=f"{org.code} {org.name}",
            role=t(f"cli.rosters.role.{start.role}"),
        ),
        err=True,
    )
    if no_open:
        click.echo(str(session.id))
        return
    from inspector.tui.app import run_app  # Textual only when the interface is wanted

    run_app(ctx, session_id=session.id)
