"""`inspector report reminders`: 督促状, one PDF per department whose improvement plans are
past their deadline or whose self-check forms were not returned (`services/reminders.py`).

Signed with an office key when `--signer` is given (numbered 監督第N号 and recorded, so the
next reminder of the same plan or form says 再督促 and the plans list shows 督促済); else
drafts marked 案, without number, not recorded. `--dry-run` lists who would be reminded
and writes nothing. Every refusal comes before a passphrase is asked or a file written.

rem10: a plan or form whose last reminder's reply-by has not passed is held back, said per
department (「回答期限 令和…まで督促中」), unless `--again`; a signed letter dated before the
latest reminder of its fiscal year, a second number the same day for the same plans (an
English rendering of today's letter), or `--force` over another signed document's file
are refused; an unset municipality or 職名 is said, as `report notice` does.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from inspector.cli.dates import DAY
from inspector.cli.doc_lang import _doc_lang, _lang_suffix, doc_lang_option
from inspector.cli.errors import fail
from inspector.cli.outputs import force_option
from inspector.cli.signing import _identity, _user_errors, passphrase_option
from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.domain.documents import DocumentKind
from inspector.domain.era import format_date

if TYPE_CHECKING:
    from inspector.services.reminders import Department


def _day(value: object | None, default: date) -> date:
    return value.date() if value is not None else default  # type: ignore[attr-defined]


@click.command("reminders")
@click.option("--organization", metavar="CODE", help="Only this department (default: every one).")
@click.option(
    "--as-of", "as_of", type=DAY, help="Overdue as of DATE (default: the issue date, today)."
)
@click.option(
    "--reply-by",
    "reply_by",
    type=DAY,
    help="Reply by DATE, a business day (default: 14 days after, on a business day).",
)
@click.option(
    "--what",
    type=click.Choice(["all", "plans", "forms"]),
    default="all",
    show_default=True,
    help="Chase overdue improvement plans, unreturned self-check forms, or both.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Folder to write into.")
@click.option("--signer", metavar="NAME", help="Office key to sign with (default: a draft, 案).")
@passphrase_option
@click.option(
    "--date", "issue_date", type=DAY, help="Date printed on the letters (default: today)."
)
@click.option("--dry-run", is_flag=True, help="List who would be reminded; write nothing.")
@click.option(
    "--again",
    is_flag=True,
    help="Remind again plans and forms whose last reminder's reply-by has not passed.",
)
@doc_lang_option
@force_option
@click.pass_obj
def report_reminders(
    ctx: AppContext,
    organization: str | None,
    as_of: object | None,
    reply_by: object | None,
    what: str,
    output: Path | None,
    signer: str | None,
    passphrase_file: Path | None,
    issue_date: object | None,
    dry_run: bool,
    again: bool,
    doc_lang: str | None,
    force: bool,
) -> None:
    """督促状: a reminder to each department head with overdue plans or unreturned forms."""
    from inspector.services.documents import document_service
    from inspector.services.reminders import (
        default_reply_by,
        file_name,
        gather_reminders,
        issue_reminders,
        reply_by_problem,
    )

    t, lang = ctx.t, ctx.settings.lang
    day = _day(issue_date, japan_today())
    if day > japan_today() and signer:
        fail(t("office9b.future_date", date=format_date(day, lang)))
    as_of_day = _day(as_of, day)
    if as_of_day > day:
        fail(
            t(
                "office9b.as_of_after",
                as_of=format_date(as_of_day, lang),
                date=format_date(day, lang),
            )
        )
    due = _day(reply_by, default_reply_by(day))
    problem = reply_by_problem(due, day, lang)
    if problem is not None:
        fail(problem)
    org_id = None
    if organization is not None:
        try:
            org_id = document_service(ctx).organization_by_code(organization).id
        except LookupError:
            fail(t("office9b.unknown_organization", code=organization))
    held: list[Department] = []
    departments = gather_reminders(
        ctx,
        as_of=as_of_day,
        organization_id=org_id,
        plans=what in ("all", "plans"),
        forms=what in ("all", "forms"),
        issue_date=day,
        again=again,
        held=held,
    )
    if dry_run:
        for d in departments:
            click.echo(
                t(
                    "office9b.dry_run_line",
                    code=d.organization.code,
                    name=d.organization.name,
                    plans=len(d.plans),
                    forms=len(d.forms),
                    again=t("office9b.again") if d.earlier else "",
                )
            )
        _say_waiting(ctx, departments, held, err=False)
        click.echo(t("office9b.dry_run_total", count=len(departments)), err=True)
        return
    _say_waiting(ctx, departments, held, err=True)
    if not departments:
        click.echo(t("office9b.nobody", as_of=format_date(as_of_day, lang)), err=True)
        return
    _warn_sender_unset(ctx)
    guard = ctx.output_guard(force=force)
    folder = output or Path(f"reminders_{day:%Y%m%d}")
    language = _doc_lang(ctx, doc_lang)

    def named(department: Department) -> Path:
        name = file_name(department, day)
        if language != "ja":  # an English copy never takes the Japanese letter's name
            name = name.removesuffix(".pdf") + _lang_suffix(language) + ".pdf"
        return guard.file_in(folder, name)

    with _user_errors():
        # every target checked before a passphrase is asked or a folder made
        if folder.exists():
            for d in departments:
                guard.check(named(d))
    from inspector.services.reminder_rules import recorded_file_problem, signing_problem

    targets = [named(d) for d in departments]
    problem = (
        signing_problem(ctx, departments, targets, day, lang)
        if signer is not None
        else recorded_file_problem(ctx.findings.documents(), targets, lang)
    )
    if problem is not None:
        fail(problem)
    identity = (
        None
        if signer is None
        else _identity(ctx, signer, passphrase_file, None, kind=DocumentKind.REMINDER)
    )
    with _user_errors():
        folder = guard.check_folder(folder)

    def written_one(n: int) -> None:
        # each path as it is written: a refusal half-way leaves the ones said here
        click.echo(str(named(departments[n - 1])))

    with _user_errors():
        written = issue_reminders(
            ctx,
            departments,
            named,
            identity,
            issue_date=day,
            as_of=as_of_day,
            reply_by=due,
            guard=guard,
            step=written_one,
            doc_lang=language,
            warn=lambda message: click.echo(message, err=True),
        )
    if identity is None:
        click.echo(t("office9b.drafts_written", count=len(written)), err=True)


def _say_waiting(
    ctx: AppContext, departments: list[Department], held: list[Department], *, err: bool
) -> None:
    """Each department with plans or forms held back: 「回答期限 令和…まで督促中」 (rem10)."""
    lang = ctx.settings.lang
    for d in sorted([*departments, *held], key=lambda d: d.organization.code):
        if not d.waiting:
            continue
        reply_by = max(r for _n, r in d.waiting)
        click.echo(
            ctx.t(
                "rem10.waiting",
                code=d.organization.code,
                name=d.organization.name,
                numbers="、".join(n for n, _r in d.waiting),
                reply_by=format_date(reply_by, lang),
            ),
            err=err,
        )
    if any(d.waiting for d in [*departments, *held]):
        click.echo(ctx.t("rem10.waiting_hint"), err=True)


def _warn_sender_unset(ctx: AppContext) -> None:
    """The sender block prints no invented 団体名 or 職名: say which setting is unset, where,
    as `report notice` does (rem10 D9)."""
    from inspector.config import default_config_path

    settings = ctx.settings
    if not settings.municipality:
        click.echo(ctx.t("rem10.municipality_missing", path=default_config_path()), err=True)
    if not settings.office_head or not settings.office_head_title:
        click.echo(ctx.t("rem10.title_missing", path=default_config_path()), err=True)


__all__ = ["report_reminders"]
