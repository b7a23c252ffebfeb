"""`inspector selfcheck distribute | collect | status | return`: self-checks answered in
Excel (issue 15). `selfcheck` itself stays the command that starts a self-check in the
runner: the group below runs it when no subcommand is given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from inspector.cli.excel_collect import run_collect
from inspector.cli.output import echo_json, echo_table
from inspector.cli.outputs import warn_plaintext_export
from inspector.cli.selfcheck import selfcheck as _start
from inspector.context import AppContext
from inspector.domain.dates import japan_time
from inspector.i18n import Translator
from inspector.services import selfcheck_excel as service
from inspector.services.excel_collect import ahead_lines, older_lines, taken_lines
from inspector.services.form_distribution import due_problem


def _group_callback(**options: object) -> None:
    ctx = click.get_current_context()
    if ctx.invoked_subcommand is not None:
        return
    for param in _start.params:
        if param.required and options.get(param.name or "") is None:
            raise click.MissingParameter(ctx=ctx, param=param)
    ctx.invoke(_start.callback, **options)  # type: ignore[arg-type]


def _optional(param: click.Parameter) -> click.Parameter:
    copy = click.Option(
        param.opts,  # type: ignore[arg-type]
        type=param.type,
        default=param.default,
        help=getattr(param, "help", None),
        metavar=getattr(param, "metavar", None),
        is_flag=getattr(param, "is_flag", False) or None,  # type: ignore[arg-type]
    )
    copy.name = param.name
    return copy


selfcheck_group = click.Group(
    "selfcheck",
    params=[_optional(p) for p in _start.params],
    callback=_group_callback,
    invoke_without_command=True,
    help=_start.help,
)


def _due(value: str | None) -> date | None:
    if value is None:
        return None
    t = Translator(click.get_current_context().find_root().obj.settings.lang)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(t("excel.distribute.bad_due", value=value)) from None
    # 1800-01-01 would print on every cover as no era at all; a past day, today or a closed
    # day is no due date to hand out (doc10): the services' one rule, the dialog's too
    problem = due_problem(day, t.lang)
    if problem is not None:
        raise click.BadParameter(problem, param_hint="--due")
    return day


@click.command("distribute")
@click.option("--checklist", "checklist_id", required=True, metavar="ID", help="Checklist id.")
@click.option(
    "--organization",
    "organizations",
    multiple=True,
    metavar="CODE",
    help="An organization (and those below it); repeatable. Default: every organization.",
)
@click.option("--per-person", is_flag=True, help="One workbook per person (person checklists).")
@click.option("--due", metavar="YYYY-MM-DD", default=None, help="Due date on the cover.")
@click.option(
    "-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path), help="Folder."
)
@click.option("--force", is_flag=True, help="Replace existing files.")
@click.pass_obj
def distribute(
    ctx: AppContext,
    checklist_id: str,
    organizations: tuple[str, ...],
    per_person: bool,
    due: str | None,
    out_dir: Path,
    force: bool,
) -> None:
    """Write the self-check workbooks to hand out, one per organization (or person)."""
    t = Translator(ctx.settings.lang)
    from inspector.services.form_distribution import hand_out

    done = hand_out(
        ctx, checklist_id, organizations, out_dir, per_person=per_person, due=_due(due), force=force
    )
    written = done.paths
    for path in written:
        click.echo(str(path))
    click.echo(t("excel.distribute.written", count=len(written), folder=out_dir), err=True)
    for old, new in done.superseded:  # handed out again: the earlier form's returns refused
        issued = japan_time(old.issued_at).strftime("%Y-%m-%d %H:%M")
        click.echo(
            t(
                "wb16.redistributed",
                old=old.form_id,
                old_file=old.file_name,
                issued=issued,
                new=new.form_id,
                new_file=new.file_name,
            ),
            err=True,
        )
    if written:
        warn_plaintext_export(ctx, out_dir)


@click.command("collect")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the receipt as JSON.")
@click.option(
    "--manager",
    metavar="NAME",
    help="The manager who heard the staff of roster forms (recorded on their hearings).",
)
@click.option(
    "--take-older",
    is_flag=True,
    help="Take the returns' answers even over stored answers dated later (each one listed "
    "and kept in the change log).",
)
@click.option(
    "--take-superseded",
    is_flag=True,
    help="Take the returns of forms handed out again since (refused otherwise).",
)
@click.pass_obj
def collect(
    ctx: AppContext,
    paths: tuple[Path, ...],
    as_json: bool,
    manager: str | None,
    take_older: bool,
    take_superseded: bool,
) -> None:
    """Collect returned workbooks (files or folders); each file all or nothing. A roster
    form is the manager's hearing of its staff: --manager records who heard them (without
    it the manager is not known; a name recorded before is never changed). An answer is
    dated when its workbook was saved: one older than the stored answer is skipped and
    listed, unless --take-older takes it (listed too; the replaced answer is in the change
    log). The return of a form handed out again since (distribute for the same unit) is
    refused unless --take-superseded."""
    t = Translator(ctx.settings.lang)
    heard_by = service.manager_name(ctx, manager)
    run_collect(
        ctx,
        paths,
        as_json,
        lambda path: service.collect_one(ctx, path, heard_by, take_older, take_superseded),
        service.receipt_fields,
        lambda r: "\n".join(
            [
                t(
                    "excel.collect.imported",
                    file=r.path.name,
                    checklist=r.checklist,
                    organization=r.organization,
                    added=r.counts.answers_added,
                    updated=r.counts.answers_updated,
                    unchanged=r.counts.answers_unchanged,
                ),
                *ahead_lines(r.path, r.saved_ahead, ctx.settings.lang),
                # the newer answers stored were kept: said with the cells not applied
                *older_lines(
                    r.path,
                    r.counts,
                    ctx.settings.lang,
                    ahead=r.saved_ahead is not None,
                    dated=r.dated_by_collect,
                ),
                *taken_lines(r.path, r.counts, ctx.settings.lang),
            ]
        ),
    )


@click.command("status")
@click.option("--checklist", "checklist_id", required=True, metavar="ID", help="Checklist id.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def status(ctx: AppContext, checklist_id: str, as_json: bool) -> None:
    """回収状況: every distributed form, returned or not, with its counts."""
    t = Translator(ctx.settings.lang)
    rows = service.form_status(ctx, checklist_id)
    if as_json:
        echo_json(
            [
                {
                    "form_id": s.form.form_id,
                    "kind": s.form.kind,
                    "organization": s.organization,
                    "respondent": s.respondent,
                    "file": s.form.file_name,
                    "due": s.form.due.isoformat() if s.form.due else None,
                    "returned": s.returned,
                    "returned_at": s.form.returned_at.isoformat() if s.form.returned_at else None,
                    "sent_back": s.sent_back,
                    "superseded_by": s.superseded_by or None,
                    "answers": s.form.answers,
                    "blank": s.form.blank,
                    "not_applicable": s.form.not_applicable,
                }
                for s in rows
            ]
        )
        return
    if not rows:
        click.echo(t("excel.status.none", checklist=checklist_id), err=True)
        return

    def state(s: service.FormStatus) -> str:
        if s.superseded_by:  # handed out again: its returns are refused
            return t("wb16.status_superseded", newer=s.superseded_by)
        if s.sent_back:
            return t("excel.status.sent_back")
        return t("excel.status.returned_yes" if s.returned else "excel.status.returned_no")

    echo_table(
        [
            t("excel.status.form"),
            t("excel.status.organization"),
            t("excel.status.respondent"),
            t("excel.status.returned"),
            t("excel.status.returned_at"),
            t("excel.status.answers"),
            t("excel.status.blank"),
            t("excel.status.not_applicable"),
        ],
        [
            [
                s.form.form_id,
                s.organization,
                s.respondent,
                state(s),
                japan_time(s.form.returned_at).strftime("%Y-%m-%d %H:%M")
                if s.form.returned_at
                else "",
                s.form.answers if s.returned else "",
                s.form.blank if s.returned else "",
                s.form.not_applicable if s.returned else "",
            ]
            for s in rows
        ],
    )
    returned = sum(1 for s in rows if s.returned)
    superseded = sum(1 for s in rows if s.superseded_by and not s.returned)
    pending = len(rows) - returned - superseded  # a superseded form is chased no more
    click.echo(
        t("excel.status.summary", total=len(rows), returned=returned, pending=pending),
        err=True,
    )
    if superseded:
        click.echo(t("wb16.status_superseded_count", count=superseded), err=True)


@click.command("return")
@click.option("--form", "form_id", required=True, metavar="FORM_ID", help="Form id.")
@click.option("--comment", required=True, help="What to correct (shown on the cover).")
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing file.")
@click.pass_obj
def return_form(ctx: AppContext, form_id: str, comment: str, out: Path, force: bool) -> None:
    """Send a form back for correction: the workbook with the current answers and COMMENT."""
    t = Translator(ctx.settings.lang)
    path = service.return_form(ctx, form_id, comment, out, force=force)
    click.echo(t("excel.return.written", form_id=form_id, file=path), err=True)
