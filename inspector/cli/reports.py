"""`inspector report notice|plans|followup`: the signed documents of visits and
organizations (`report summary` is in `cli/consolidate.py`). The work is in
`services/documents.py`; here are the options, the signer's passphrase and the printing.

The signing helpers moved to `cli/signing.py`; they are re-exported here for the commands
that still import them from this module.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from inspector.cli.dates import DAY
from inspector.cli.doc_lang import _doc_lang, _lang_suffix, _signed, doc_lang_option
from inspector.cli.errors import fail
from inspector.cli.issue_date import check_issue_date
from inspector.cli.outputs import document_target, force_option
from inspector.cli.signing import (
    PASSPHRASE_ENV,
    _database_at_hand,
    _identity,
    _keys_dir,
    _user_errors,
    passphrase_option,
    read_passphrase,
    resolve_signer,
)
from inspector.cli.text import shown_date, t
from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.domain.controls import first_control
from inspector.domain.documents import DocumentKind, NoticeData
from inspector.services.documents import (
    document_service,
    gather_notices,
    issue_followup,
    issue_notices,
    issue_plan_form,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from inspector.output_files import OutputGuard
    from inspector.reports.service import IssuedFile
    from inspector.services.documents import PreparedNotices
    from inspector.store.plain_notice import PlainNoticeStore


@click.group()
def report() -> None:
    """Signed documents: findings notice, improvement plan form, follow-up report."""
    _no_final_collection()


_frozen_at_exit = False


def _no_final_collection() -> None:
    """At the process's exit, the objects still alive are frozen (`gc.freeze`) so that the
    interpreter's last garbage collections do not walk the ~150,000 objects the PDF,
    signing and database libraries leave: 0.3 s of CPU, a fifth of a signed notice. The
    operating system reclaims the memory. Only the exit changes: the command has written,
    recorded and closed everything (the database when the click context closes, before
    exit handlers run), and a test process that invokes the command is only affected when
    it ends."""
    global _frozen_at_exit
    if not _frozen_at_exit:
        _frozen_at_exit = True
        atexit.register(gc.freeze)


# What a notice uses, loaded up front by `_load_notice_modules`; the signing libraries only
# when the notice is signed and its passphrase needs no prompt (at a prompt they load in a
# thread while the person types: `reports/warm_up.py`).
_NOTICE_MODULES = (
    "inspector.reports.service",
    "inspector.store.repository",
    "inspector.store.repositories.findings",
)
_SIGNING_MODULES = ("pyhanko_certvalidator.context", "inspector.reports.signing")


def _load_notice_modules(*, signing: bool, store: bool = True) -> None:
    """Load the modules a notice uses with the cyclic collector paused, then keep their
    objects out of its later passes (`gc.freeze`, as the interface does once it is
    loaded): ~0.08 s of a signed notice's CPU were the collector's passes over the objects
    of the ~900 modules being loaded (SQLAlchemy, SQLModel tables, reportlab, pyHanko),
    which live as long as the process anyway. `store`: the ORM's too (not on a plain file,
    `store/plain_notice.py`). Only when they load changes, never what is read, built or
    signed; the collector runs as before during the work, and a process
    that has them loaded already (a test, the interface) loads and freezes nothing."""
    names = (_NOTICE_MODULES if store else _NOTICE_MODULES[:1]) + (
        _SIGNING_MODULES if signing else ()
    )
    missing = [name for name in names if name not in sys.modules]
    if not missing:
        return
    if not gc.isenabled():  # paused by the caller: theirs to turn on again
        for name in missing:
            importlib.import_module(name)
        return
    gc.disable()
    try:
        for name in missing:
            importlib.import_module(name)
    finally:
        gc.freeze()
        gc.enable()


signing_options = [
    click.option("--signer", metavar="NAME", help="Inspector key to sign with."),
    passphrase_option,
    click.option("--unsigned", is_flag=True, help="A draft without signature (not recorded)."),
    click.option(
        "--date",
        "issue_date",
        type=DAY,
        help="Issue date printed on the document (default: today).",
    ),
    force_option,
    doc_lang_option,
]


def _with_signing(func):  # type: ignore[no-untyped-def]
    for option in reversed(signing_options):
        func = option(func)
    return func


def _day(value: object | None) -> date:
    """The date given, else today in Japan (the office's date, whatever the machine's zone)."""
    return value.date() if value is not None else japan_today()  # type: ignore[attr-defined]


def _echo_issued(files: list[IssuedFile]) -> None:
    for f in files:
        click.echo(str(f.path))


def _warn_unset(ctx: AppContext, key: str, setting: str) -> None:
    """The sender block prints no invented 職名 or issuer: say which setting is unset, where."""
    if not getattr(ctx.settings, setting, None):
        from inspector.config import default_config_path

        click.echo(ctx.t(key, path=default_config_path()), err=True)


def _warn_title_not_theirs(ctx: AppContext, data: NoticeData) -> None:
    """The configured 職名 is the configured inspector's: say so when the notice names
    another inspector and is printed without it."""
    title, configured = ctx.settings.title, ctx.settings.inspector_name
    if title and configured and not data.title and not data.issuer:
        click.echo(
            ctx.t(
                "lead8.title_not_theirs", title=title, configured=configured, named=data.inspector
            ),
            err=True,
        )


@report.command("notice")
@click.option("--session", "session_id", type=int, help="A session of the visit.")
@click.option("--all", "all_visits", is_flag=True, help="Every completed visit (batch).")
@click.option("--since", type=DAY, help="With --all: visits from DATE.")
@click.option("--reply-by", type=DAY, help="Improvement plan due date.")
@click.option(
    "--inspector",
    "inspector_name",
    metavar="NAME",
    help="With --all: only the visits of this inspector (and sign with their key).",
)
@click.option(
    "--reissue",
    is_flag=True,
    help="Issue again a notice already issued for the visit: same number, marked 再発行.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (a folder for --all).")
@_with_signing
@click.pass_obj
def report_notice(
    ctx: AppContext,
    session_id: int | None,
    all_visits: bool,
    since: object | None,
    reply_by: object | None,
    inspector_name: str | None,
    reissue: bool,
    output: Path | None,
    signer: str | None,
    passphrase_file: Path | None,
    unsigned: bool,
    issue_date: object | None,
    force: bool,
    doc_lang: str | None,
) -> None:
    """監査結果通知書: the findings notice of a visit (or of every visit with --all).

    Signed only with the key of the inspector the notice names; a visit already issued
    is refused unless --reissue (same number, 再発行), and a re-issue in another language
    than its original unless --force (a copy under another file name)."""
    if (session_id is None) == (not all_visits):
        fail(t("cli.reports.session_or_all"))
    lang = _doc_lang(ctx, doc_lang)
    if inspector_name is not None and session_id is not None:
        fail(ctx.t("documents_signer.inspector_with_session"))
    signing = not unsigned and (passphrase_file is not None or bool(os.environ.get(PASSPHRASE_ENV)))
    _warn_unset(ctx, "docs8c.sender_title_missing", "title")
    guard = ctx.output_guard(force=force)
    day = _day(issue_date)
    due = reply_by.date() if reply_by is not None else None  # type: ignore[attr-defined]
    if issue_date is not None:
        check_issue_date(ctx, day, signed=not unsigned)
    if session_id is not None:
        from inspector.store.plain_notice import plain_notice_store

        # a plain SQLite file at the newest revision: read and recorded with `sqlite3`,
        # without loading SQLAlchemy and the tables (store/plain_notice.py)
        url, narrows = ctx.settings.database_url, ctx.narrows_database_files
        with plain_notice_store(url, ctx.db_passphrase, narrow_modes=narrows) as plain:
            # pyHanko too when the passphrase comes from a file or the environment (no
            # prompt to load it during)
            _load_notice_modules(signing=signing, store=plain is None)
            issued = _one_notice(
                ctx, plain, session_id, (day, due), signer, passphrase_file, unsigned,
                (reissue, force, lang), lambda name: document_target(guard, output, name),
                guard,
            )  # fmt: skip
        _echo_issued(issued)
        return
    _load_notice_modules(signing=signing, store=True)
    service = document_service(ctx, doc_lang=lang)
    start = _day(since) if since is not None else date.min
    ids = service.notice_session_ids(start)
    batch: PreparedNotices | None = None
    if inspector_name is not None:
        from inspector.reports.notice_rules import same_person

        with _user_errors():
            batch = gather_notices(ctx, ids, issue_date=day, reply_by=due, doc_lang=lang).where(
                lambda d: same_person(d.signer_name, inspector_name)
            )
        ids = list(batch.session_ids)
        if not ids and since is None:  # no date to print (date.min has no era)
            fail(ctx.t("cli.reports_batch.no_inspector_visits", name=inspector_name))
        if not ids:
            fail(
                ctx.t(
                    "documents_signer.no_inspector_visits",
                    name=inspector_name,
                    since=shown_date(start),
                )
            )
    if not ids:
        if since is None:
            fail(t("cli.reports.no_visits"))
        fail(t("cli.reports.no_visits_since", date=shown_date(start)))
    # every refusal before the folder is made or a passphrase asked
    batch_signer = None if unsigned else resolve_signer(ctx, signer or inspector_name)
    with _user_errors():
        if batch is None:
            batch = gather_notices(ctx, ids, issue_date=day, reply_by=due, doc_lang=lang)
        if batch_signer is not None:
            batch = _signed(batch, batch_signer, reissue=reissue, other_language=force)
    folder = guard.check_folder(output or Path(f"notices_{day:%Y%m%d}"))
    identity = (
        None
        if batch_signer is None
        else _identity(
            ctx, batch_signer, passphrase_file, None, warm_up=True, kind=DocumentKind.NOTICE
        )
    )
    with (
        _user_errors(),
        click.progressbar(length=len(ids), label="notices", file=sys.stderr, show_pos=True) as bar,
    ):
        written = issue_notices(
            ctx,
            ids,
            lambda name: guard.file_in(folder, name),
            identity,
            issue_date=day,
            reply_by=due,
            guard=guard,
            doc_id_in_name=True,
            step=lambda _n: bar.update(1),
            reissue=reissue,
            prepared=batch,
            doc_lang=lang,
            other_language=force,
        )
    _echo_issued(written)


def _one_notice(
    ctx: AppContext,
    plain: PlainNoticeStore | None,
    session_id: int,
    dates: tuple[date, date | None],
    signer: str | None,
    passphrase_file: Path | None,
    unsigned: bool,
    how: tuple[bool, bool, str],
    place: Callable[[str], Path],
    guard: OutputGuard,
) -> list[IssuedFile]:
    """`report notice --session`: gathered, checked and numbered once, before the
    passphrase is asked; then built, signed, written and recorded. `plain`: the database
    read and written with `sqlite3` (else the ORM's repositories). `how`: --reissue,
    --force (a re-issue in another language: a copy) and the document's language."""
    day, due = dates
    reissue, force, doc_lang = how
    (plain or ctx.repo).session(session_id)
    with _user_errors():
        prepared = gather_notices(
            ctx, [session_id], issue_date=day, reply_by=due, plain=plain, doc_lang=doc_lang
        )
        _warn_title_not_theirs(ctx, prepared.batch[0])
        # --signer, else the configured signer, else the person the notice names: any
        # but the named one is refused before the passphrase is asked
        name = signer or ctx.settings.signer or prepared.batch[0].signer_name
        if not unsigned:
            prepared = _signed(prepared, name, reissue=reissue, other_language=force)
    identity = (
        None
        if unsigned
        else _identity(
            ctx,
            name,
            passphrase_file,
            None,
            warm_up=True,
            revocations=plain.revocations if plain is not None else None,
            kind=DocumentKind.NOTICE,
        )
    )
    with _user_errors():
        return issue_notices(
            ctx,
            [session_id],
            place,
            identity,
            issue_date=day,
            reply_by=due,
            guard=guard,
            reissue=reissue,
            prepared=prepared,
            doc_lang=doc_lang,
            other_language=force,
        )


@report.command("plans")
@click.option("--organization", "organization", metavar="CODE", required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write.")
@click.option(
    "--xlsx",
    type=click.Path(path_type=Path),
    help="Write the form as an Excel workbook to fill in (not signed) instead of a PDF.",
)
@_with_signing
@click.pass_obj
def report_plans(
    ctx: AppContext,
    organization: str,
    output: Path | None,
    xlsx: Path | None,
    signer: str | None,
    passphrase_file: Path | None,
    unsigned: bool,
    issue_date: object | None,
    force: bool,
    doc_lang: str | None,
) -> None:
    """改善計画書: the improvement plan form of one organization, for the department to fill
    in and submit: printed unsigned (an inspector's key never signs it)."""
    if xlsx is not None:
        from inspector.cli.plans_excel import write_xlsx

        write_xlsx(ctx, organization, xlsx, force)
        return
    service, guard = document_service(ctx), ctx.output_guard(force=force)
    if signer is not None:
        fail(ctx.t("documents_signer.plan_form_signer", tried=signer))
    org = service.organization_by_code(organization)
    day = _day(issue_date)
    lang = _doc_lang(ctx, doc_lang)
    name = f"plans_{org.code}_{day:%Y%m%d}{_lang_suffix(lang)}.pdf"
    target = document_target(guard, output, name)
    identity = None
    with _user_errors():
        issued = issue_plan_form(
            ctx, org.id, target, identity, issue_date=day, guard=guard, doc_lang=lang
        )
    _echo_issued([issued])


@report.command("followup")
@click.option("--organization", "organization", metavar="CODE", help="Default: every one.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write.")
@click.option(
    "--internal",
    is_flag=True,
    help="The office's edition: with the layout diagrams and key locations, marked 取扱注意 "
    "(default: the public edition, without them).",
)
@click.option("--audit-type", metavar="TEXT", help="監査の種類 (default: from the form).")
@click.option("--theme", metavar="TEXT", help="監査のテーマ (default: from the form).")
@_with_signing
@click.pass_obj
def report_followup(
    ctx: AppContext,
    organization: str | None,
    output: Path | None,
    internal: bool,
    audit_type: str | None,
    theme: str | None,
    signer: str | None,
    passphrase_file: Path | None,
    unsigned: bool,
    issue_date: object | None,
    force: bool,
    doc_lang: str | None,
) -> None:
    """措置状況報告: every finding with its dated measure entries (one organization or all)."""
    service, guard = document_service(ctx), ctx.output_guard(force=force)
    org = service.organization_by_code(organization) if organization else None
    day = _day(issue_date)
    # as for notices: a signed report dated after today is refused (its number's fiscal
    # year and its signature's time would contradict the date it bears)
    check_issue_date(ctx, day, signed=not unsigned, document="followup")
    scope = org.code if org else "all"
    edition = "_internal" if internal else ""
    lang = _doc_lang(ctx, doc_lang)
    name = f"followup_{scope}{edition}_{day:%Y%m%d}{_lang_suffix(lang)}.pdf"
    target = document_target(guard, output, name)
    texts = {"--audit-type": audit_type, "--theme": theme}
    for option, value in texts.items():
        if value is not None and (not value.strip() or first_control(value) is not None):
            fail(ctx.t("documents_content.bad_text_option", option=option))
    if unsigned:  # signed, the signer is named as its issuer
        _warn_unset(ctx, "docs8c.followup_issuer_missing", "office_head")
    identity = (
        None
        if unsigned
        else _identity(ctx, signer, passphrase_file, None, kind=DocumentKind.FOLLOWUP)
    )
    with _user_errors():
        issued = issue_followup(
            ctx,
            org.id if org else None,
            target,
            identity,
            issue_date=day,
            guard=guard,
            internal=internal,
            audit_type=audit_type.strip() if audit_type else None,
            theme=theme.strip() if theme else None,
            doc_lang=lang,
            warn=lambda message: click.echo(message, err=True),
            other_language=force,  # --force: a copy in another language, its number kept
        )
    _echo_issued([issued])


report.add_command(importlib.import_module("inspector.cli.reminders").report_reminders)  # office9b

# `cli/bundle.py` and `cli/revocation.py` import the signing helpers from here.
__all__ = [
    "_database_at_hand",
    "_identity",
    "_keys_dir",
    "_user_errors",
    "document_service",
    "passphrase_option",
    "read_passphrase",
    "report",
]
