"""`inspector keys|report|verify|plans`: keys, signed documents, verification, the plans list."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from inspector.cli import terminal
from inspector.cli.errors import fail
from inspector.cli.output import display_width, echo_json, echo_table
from inspector.cli.outputs import document_target, force_option
from inspector.context import AppContext
from inspector.domain.findings import (
    FINDING_KIND_JA,
    MEASURE_STATUS_JA,
    FindingKind,
    MeasureStatus,
    PlanFilter,
)
from inspector.reports.errors import ReportProblem
from inspector.services.documents import document_service

if TYPE_CHECKING:
    from inspector.reports.keys import Identity
    from inspector.reports.service import IssuedFile

# reportlab, pyHanko and cryptography load only when a command of this module runs
DEFAULT_OFFICE = "監査委員事務局"

PASSPHRASE_ENV = "INSPECTOR_KEY_PASSPHRASE"


@contextmanager
def _user_errors() -> Iterator[None]:
    """Key, form, signing and file problems become `error: ...` with exit status 1."""
    try:
        yield
    except ReportProblem as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_passphrase(passphrase_file: Path | None, prompt: str, confirm: bool = False) -> bytes:
    """From --passphrase-file, else INSPECTOR_KEY_PASSPHRASE, else a hidden prompt on a tty."""
    if passphrase_file is not None:
        try:
            text = passphrase_file.read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"cannot read passphrase file {passphrase_file}: {exc.strerror}")
        except UnicodeDecodeError as exc:  # the passphrase is UTF-8 text; say where it is not
            fail(f"passphrase file {passphrase_file} is not UTF-8 text (byte {exc.start + 1})")
        value = text.splitlines()[0] if text else ""
    elif os.environ.get(PASSPHRASE_ENV):
        value = os.environ[PASSPHRASE_ENV]
    elif _interactive():
        value = click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True)
    else:
        fail(f"no passphrase: set {PASSPHRASE_ENV} or pass --passphrase-file FILE")
    if not value:
        fail("the passphrase is empty")
    return value.encode("utf-8")


def _keys_dir(ctx: AppContext) -> Path:
    return ctx.settings.resolved_keys_dir


def resolve_signer(ctx: AppContext, signer: str | None, preferred: str | None = None) -> str:
    """--signer, else the config's signer, else the visit's inspector or the only key."""
    from inspector.reports.keys import has_root, inspector_paths, list_inspectors

    if signer:
        return signer
    if ctx.settings.signer:
        return ctx.settings.signer
    keys_dir = _keys_dir(ctx)
    if preferred and inspector_paths(keys_dir, preferred)[0].is_file():
        return preferred
    issued = list_inspectors(keys_dir)
    if len(issued) == 1:
        return issued[0].name
    if _interactive() and issued:
        return str(
            click.prompt(
                "sign as",
                type=click.Choice([i.name for i in issued]),
                err=True,
            )
        )
    if not issued:
        if not has_root(keys_dir):
            fail(
                f"no keys in {keys_dir}: create the office root with `inspector keys init-office`, "
                'then an inspector key with `inspector keys issue "NAME" --organization CODE`'
            )
        fail(
            'no inspector key yet: create one with `inspector keys issue "NAME" --organization CODE`'
        )
    fail(
        "several inspector keys: choose one with --signer NAME or `signer` in the config file "
        f"({', '.join(i.name for i in issued)})"
    )


def _identity(
    ctx: AppContext, signer: str | None, passphrase_file: Path | None, preferred: str | None
) -> Identity:
    from inspector.cli.revocation import refuse_revoked
    from inspector.reports.keys import inspector_paths, load_identity, load_root

    name = resolve_signer(ctx, signer, preferred)
    with _user_errors():
        load_root(_keys_dir(ctx))
        # check the certificate (missing, foreign, expired) before asking for a passphrase
        cert_path, _ = inspector_paths(_keys_dir(ctx), name)
        if not cert_path.is_file():
            load_identity(_keys_dir(ctx), name, b"")  # raises NoKey with the command to run
        passphrase = read_passphrase(passphrase_file, f"passphrase for the key of {name}")
        identity = load_identity(_keys_dir(ctx), name, passphrase)
    refuse_revoked(ctx, identity.certificate, identity.root)
    return identity


# -- keys ---------------------------------------------------------------------------------


@click.group()
def keys() -> None:
    """Keys: the audit office's root and encryption key, and the inspectors' certificates."""


passphrase_option = click.option(
    "--passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"Read the passphrase from FILE (first line). Default: ${PASSPHRASE_ENV} or a prompt.",
)


@keys.command("init-office")
@click.option("--name", "office", default=DEFAULT_OFFICE, show_default=True, help="Office name.")
@click.option("--years", type=click.IntRange(1, 50), default=20, show_default=True)
@passphrase_option
@click.pass_obj
def keys_init_office(
    ctx: AppContext, office: str, years: int, passphrase_file: Path | None
) -> None:
    """Create the audit office's root certificate and key, and the office encryption key for
    bundles issued by it (both keys encrypted with the passphrase)."""
    from inspector.reports.keys import encryption_paths, has_root, init_office

    with _user_errors():
        if has_root(_keys_dir(ctx)):
            init_office(_keys_dir(ctx), b"x")  # raises: the root exists
        passphrase = read_passphrase(passphrase_file, "passphrase for the office root key", True)
        path = init_office(_keys_dir(ctx), passphrase, office, years=years)
    click.echo(str(path))
    click.echo(str(encryption_paths(_keys_dir(ctx))[0]))


@keys.command("init-encryption")
@passphrase_option
@click.pass_obj
def keys_init_encryption(ctx: AppContext, passphrase_file: Path | None) -> None:
    """Add the office encryption key for bundles to an office created without one (the root
    is only read; the new key is encrypted with the office passphrase)."""
    from inspector.reports.keys import encryption_paths, init_encryption, load_root

    keys_dir = _keys_dir(ctx)
    with _user_errors():
        load_root(keys_dir)  # raises with `inspector keys init-office` when there is none
        if encryption_paths(keys_dir)[0].exists():
            init_encryption(keys_dir, b"x")  # raises: it exists (checked before the prompt)
        passphrase = read_passphrase(passphrase_file, "passphrase for the office root key")
        path = init_encryption(keys_dir, passphrase)
    click.echo(str(path))


@keys.command("issue")
@click.argument("name")
@click.option("--organization", "organization", metavar="CODE", required=True)
@click.option("--years", type=click.IntRange(1, 20), default=3, show_default=True)
@click.option("--replace", is_flag=True, help="Replace an existing certificate of NAME.")
@passphrase_option
@click.option(
    "--key-passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Passphrase for the new key (default: the office passphrase).",
)
@click.pass_obj
def keys_issue(
    ctx: AppContext,
    name: str,
    organization: str,
    years: int,
    replace: bool,
    passphrase_file: Path | None,
    key_passphrase_file: Path | None,
) -> None:
    """Issue inspector NAME's certificate and key (EC P-256), signed by the office root."""
    from inspector.reports.keys import issue_inspector, load_root

    org = ctx.repo.find_organization(organization)
    if org is None:
        fail(f"unknown organization '{organization}'")
    with _user_errors():
        load_root(_keys_dir(ctx))
        passphrase = read_passphrase(passphrase_file, "passphrase for the office root key")
        key_passphrase = read_passphrase(key_passphrase_file, "") if key_passphrase_file else None
        issued = issue_inspector(
            _keys_dir(ctx),
            name,
            org.code,
            passphrase,
            key_passphrase,
            years=years,
            replace=replace,
        )
    click.echo(str(issued.path))


@keys.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def keys_list(ctx: AppContext, as_json: bool) -> None:
    """The issued inspector certificates."""
    from inspector.cli.revocation import key_rows
    from inspector.reports.keys import list_inspectors

    with _user_errors():
        issued = list_inspectors(_keys_dir(ctx))
    rows = key_rows(ctx, issued)  # with each one's status: valid, expired or revoked
    if as_json:
        echo_json(rows)
    else:
        echo_table(list(rows[0]) if rows else ["name"], [list(r.values()) for r in rows])


# -- report -------------------------------------------------------------------------------


@click.group()
def report() -> None:
    """Signed documents: findings notice, improvement plan form, follow-up report."""


signing_options = [
    click.option("--signer", metavar="NAME", help="Inspector key to sign with."),
    passphrase_option,
    click.option("--unsigned", is_flag=True, help="A draft without signature (not recorded)."),
    click.option(
        "--date",
        "issue_date",
        type=click.DateTime(["%Y-%m-%d"]),
        help="Issue date printed on the document (default: today).",
    ),
    force_option,
]


def _with_signing(func):  # type: ignore[no-untyped-def]
    for option in reversed(signing_options):
        func = option(func)
    return func


def _day(value: object | None) -> date:
    return value.date() if value is not None else date.today()  # type: ignore[attr-defined]


def _echo_issued(files: list[IssuedFile]) -> None:
    for f in files:
        click.echo(str(f.path))


@report.command("notice")
@click.option("--session", "session_id", type=int, help="A session of the visit.")
@click.option("--all", "all_visits", is_flag=True, help="Every completed visit (batch).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="With --all: visits from DATE.")
@click.option("--reply-by", type=click.DateTime(["%Y-%m-%d"]), help="Improvement plan due date.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (a folder for --all).")
@_with_signing
@click.pass_obj
def report_notice(
    ctx: AppContext,
    session_id: int | None,
    all_visits: bool,
    since: object | None,
    reply_by: object | None,
    output: Path | None,
    signer: str | None,
    passphrase_file: Path | None,
    unsigned: bool,
    issue_date: object | None,
    force: bool,
) -> None:
    """監査結果通知書: the findings notice of a visit (or of every visit with --all)."""
    if (session_id is None) == (not all_visits):
        fail("give --session ID or --all")
    service, guard = document_service(ctx), ctx.output_guard(force=force)
    day = _day(issue_date)
    due = reply_by.date() if reply_by is not None else None  # type: ignore[attr-defined]
    if session_id is not None:
        session = ctx.repo.session(session_id)
        identity = (
            None if unsigned else _identity(ctx, signer, passphrase_file, session.inspector_name)
        )
        with _user_errors():
            data = service.notice_data(session_id, issue_date=day, reply_by=due)
            name = f"notice_{data.organization.code}_{data.visit_date:%Y%m%d}.pdf"
            target = document_target(guard, output, name)
            issued = service.issue(data, target, identity, record=bool(identity), guard=guard)
        _echo_issued([issued])
        return
    start = _day(since) if since is not None else date.min
    ids = service.notice_session_ids(start)
    if not ids:
        fail(f"no completed visits since {start.isoformat()}")
    folder = guard.check_folder(output or Path(f"notices_{day:%Y%m%d}"))
    identity = None if unsigned else _identity(ctx, signer, passphrase_file, None)
    written: list[IssuedFile] = []
    with (
        _user_errors(),
        click.progressbar(ids, label="notices", file=sys.stderr, show_pos=True) as bar,
    ):
        for sid in bar:
            data = service.notice_data(sid, issue_date=day, reply_by=due)
            name = f"notice_{data.organization.code}_{data.visit_date:%Y%m%d}_{data.doc_id}.pdf"
            target = guard.file_in(folder, name)
            written.append(
                service.issue(data, target, identity, record=bool(identity), guard=guard)
            )
    _echo_issued(written)


@report.command("plans")
@click.option("--organization", "organization", metavar="CODE", required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write.")
@_with_signing
@click.pass_obj
def report_plans(
    ctx: AppContext,
    organization: str,
    output: Path | None,
    signer: str | None,
    passphrase_file: Path | None,
    unsigned: bool,
    issue_date: object | None,
    force: bool,
) -> None:
    """改善計画書: the improvement plan form of one organization."""
    service, guard = document_service(ctx), ctx.output_guard(force=force)
    org = service.organization_by_code(organization)
    day = _day(issue_date)
    target = document_target(guard, output, f"plans_{org.code}_{day:%Y%m%d}.pdf")
    identity = None if unsigned else _identity(ctx, signer, passphrase_file, None)
    with _user_errors():
        data = service.plan_form_data(org.id, issue_date=day)
        issued = service.issue(data, target, identity, record=bool(identity), guard=guard)
    _echo_issued([issued])


@report.command("followup")
@click.option("--organization", "organization", metavar="CODE", help="Default: every one.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write.")
@_with_signing
@click.pass_obj
def report_followup(
    ctx: AppContext,
    organization: str | None,
    output: Path | None,
    signer: str | None,
    passphrase_file: Path | None,
    unsigned: bool,
    issue_date: object | None,
    force: bool,
) -> None:
    """措置状況報告: every finding with its dated measure entries (one organization or all)."""
    service, guard = document_service(ctx), ctx.output_guard(force=force)
    org = service.organization_by_code(organization) if organization else None
    day = _day(issue_date)
    scope = org.code if org else "all"
    target = document_target(guard, output, f"followup_{scope}_{day:%Y%m%d}.pdf")
    identity = None if unsigned else _identity(ctx, signer, passphrase_file, None)
    with _user_errors():
        data = service.followup_data(org.id if org else None, issue_date=day)
        issued = service.issue(data, target, identity, record=bool(identity), guard=guard)
    _echo_issued([issued])


# -- verify -------------------------------------------------------------------------------


def _database_at_hand(ctx: AppContext) -> bool:
    url = ctx.settings.database_url
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).is_file()
    return True


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--root",
    "root_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Office root certificate (default: the one in the keys folder).",
)
@click.option("--no-db", is_flag=True, help="Do not compare with the database.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def verify(ctx: AppContext, file: Path, root_file: Path | None, no_db: bool, as_json: bool) -> None:
    """Check a signed document offline against the office root (and the database)."""
    from cryptography import x509

    from inspector.cli.revocation import known_revocations
    from inspector.reports.keys import load_root
    from inspector.reports.verify import verify_pdf

    with _user_errors():
        data = file.read_bytes()
        if root_file is not None:
            try:
                root = x509.load_pem_x509_certificate(root_file.read_bytes())
            except ValueError:
                fail(f"{root_file} is not a PEM certificate")
        else:
            root = load_root(_keys_dir(ctx))
    # The database's record (content hash, file hash, issue time) when it is at hand: the
    # recorded issue time is the trusted time to check the certificate at.
    lookup = ctx.findings.document if not no_db and _database_at_hand(ctx) else None
    revocations = known_revocations(ctx, root, database=lookup is not None)
    result = verify_pdf(data, root, lookup, revocations=revocations)
    if as_json:
        echo_json({"file": str(file), **result.to_json()})
    elif result.valid:
        click.echo(f"{file}: {result.message}")
        if result.doc_id:
            click.echo(f"document {result.doc_id}, content sha256 {result.content_hash}")
    else:
        click.echo(f"{file}: invalid: {result.message}", err=True)
    if not result.valid:
        sys.exit(1)


# -- plans listing ------------------------------------------------------------------------


def _clip(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            return out + "…"
        out += ch
    return out


@click.command()
@click.option("--organization", "organization", metavar="CODE")
@click.option("--kind", type=click.Choice([k.value for k in FindingKind]))
@click.option("--status", type=click.Choice([s.value for s in MeasureStatus]))
@click.option("--overdue", is_flag=True, help="Only plans past their deadline and not done.")
@click.option("--due-within", type=click.IntRange(0), metavar="N", help="Due within N days.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Reference date (default: today).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def plans(
    ctx: AppContext,
    organization: str | None,
    kind: str | None,
    status: str | None,
    overdue: bool,
    due_within: int | None,
    today: object | None,
    as_json: bool,
) -> None:
    """Improvement plans across organizations, by deadline; overdue ones stand out."""
    service = document_service(ctx)
    org = service.organization_by_code(organization) if organization else None
    flt = PlanFilter(
        organization_id=org.id if org else None,
        kind=FindingKind(kind) if kind else None,
        status=MeasureStatus(status) if status else None,
        overdue_only=overdue,
        due_within_days=due_within,
    )
    rows = service.plan_rows(flt, _day(today))
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    ja = ctx.settings.lang == "ja"
    table = []
    for r in rows:
        state = r.status
        marks = []
        if r.overdue:
            marks.append(terminal.style("期限超過" if ja else "OVERDUE", fg="red", bold=True))
        if r.not_independent:
            marks.append("独立性なし" if ja else "not independent")
        table.append(
            [
                r.plan.deadline.isoformat(),
                str(r.days_left),
                f"{r.organization.code} {r.organization.name}",
                FINDING_KIND_JA[r.finding.kind] if ja else r.finding.kind.value,
                (MEASURE_STATUS_JA[state] if ja else state.value) if state else "-",
                _clip(r.finding.title, 36),
                r.plan.responsible_person,
                " ".join(marks),
            ]
        )
    if not table:
        click.echo("no plans match" if not ja else "該当する改善計画はありません")
        return
    echo_table(
        ["deadline", "days", "organization", "kind", "status", "finding", "owner", ""], table
    )


__all__ = ["document_service", "keys", "plans", "read_passphrase", "report", "verify"]
