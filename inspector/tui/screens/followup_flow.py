"""The follow-up report from the dialog on (`r` on home and on the consolidation screen):
the signer's key checked and its passphrase asked, then the report made in a worker with
its steps shown (`WorkProgressScreen`).

A refusal that comes only after the dialog closed -- the key revoked or replaced while the
passphrase was typed, the folder gone or no longer writable, the signer refused when the
report is signed -- opens the dialog again with its fields as the user left them and why
at the field it concerns (the signer's for the key's problems, the file's for the file's),
as a refusal before the passphrase does: nothing typed is lost, nothing is written."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from inspector.i18n import Translator
from inspector.services.followup_report import FollowupIssued, FollowupRequest
from inspector.tui.dates import day_text
from inspector.tui.screens.followup_report import (
    _K,
    _T,
    STEPS,
    FollowupChoice,
    FollowupScreen,
    _why,
)

if TYPE_CHECKING:
    from inspector.domain.model import Organization
    from inspector.tui.screens.base import InspectorScreen

SIGNER, PATH, SCOPE = "#followup-signer", "#followup-path", "#followup-organization"


def start_followup(screen: InspectorScreen, organization: Organization | None = None) -> None:
    """From `screen`: the dialog, a yes before replacing a file, the signer's key checked
    and its passphrase asked, then the report made in a worker with its steps shown."""
    from inspector.domain.business_days import japan_today
    from inspector.tui.last_folders import last_folder

    today = getattr(screen.app, "today", None) or japan_today()
    dialog = FollowupScreen(screen.context, today, last_folder("followup"), organization)
    screen.app.push_screen(dialog, lambda choice: _chosen(screen, choice))


def _chosen(screen: InspectorScreen, choice: FollowupChoice | None) -> None:
    """The dialog has checked the key and the file (and asked before replacing one)."""
    if choice is not None:
        _signer(screen, choice, force=choice.force)


def reopen(screen: InspectorScreen, choice: FollowupChoice, field: str, why: str) -> bool:
    """The dialog again, its fields as `choice` was made from, `why` at `field`; False when
    `choice` came from no dialog (nothing to reopen)."""
    form = choice.form
    if form is None:
        return False
    dialog = FollowupScreen(
        screen.context,
        form.today,
        form.folder,
        choice.organization,
        kept=form,
        refused=(field, why),
    )
    screen.app.push_screen(dialog, lambda again: _chosen(screen, again))
    return True


def _signer(screen: InspectorScreen, choice: FollowupChoice, *, force: bool) -> None:
    """The key checked before its passphrase is asked (missing, foreign, its role)."""
    from inspector.services.followup_report import check_followup_signer
    from inspector.tui.screens.document_progress import PassphraseScreen, env_passphrase

    if choice.signer is None:
        _make(screen, choice, None, force)
        return
    try:
        check_followup_signer(screen.context, choice.signer)
    except Exception as exc:
        if not reopen(screen, choice, SIGNER, _key_refused(exc, choice, screen.t)):
            screen.notify(_failure(exc, screen.t), severity="error", timeout=12)
        return
    passphrase = env_passphrase()
    if passphrase is not None:
        _make(screen, choice, passphrase, force)
        return

    def given(secret: bytes | None) -> None:
        if secret:
            _make(screen, choice, secret, force)

    what = _what(screen, choice)
    screen.app.push_screen(
        PassphraseScreen(screen.context, choice.signer, what=what, check=True), given
    )


def _what(screen: InspectorScreen, choice: FollowupChoice) -> str:
    t = screen.t
    org = choice.organization
    scope = f"{org.code} {org.name}" if org is not None else t(_K + "all")
    return t(_K + "what", scope=scope, day=day_text(choice.issue_date, t))


def _key_refused(exc: BaseException, choice: FollowupChoice, t: Translator) -> str:
    return t(_T + "signer_refused", signer=choice.signer, why=_why(exc, t))


def _failure(exc: BaseException, t: Translator) -> str:
    from inspector.reports.errors import KeyProblem
    from inspector.services.documents import EmptyPassphrase
    from inspector.tui.output_errors import output_failure
    from inspector.tui.screens.document_progress import describe_notice_error

    if isinstance(exc, KeyProblem | EmptyPassphrase):
        return t(_K + "failed", why=describe_notice_error(exc, t))
    return output_failure(exc, t, _K + "failed")


def _refusal(
    exc: BaseException, keyed: bool, choice: FollowupChoice, t: Translator
) -> tuple[str, str]:
    """The field a refusal in the worker concerns and why, for the dialog opened again:
    `keyed`, it came while the key was unlocked and checked (the signer's); a file's
    problem, or one naming the file (a signed document's there), the file's; anything
    else at the organization."""
    from inspector.output_files import OutputError

    if keyed and choice.signer is not None:
        return SIGNER, _key_refused(exc, choice, t)
    why = _failure(exc, t)
    names_file = isinstance(exc, OutputError | OSError) or choice.out.name in why
    return PATH if names_file else SCOPE, t("form_kept.followup_refused", why=why)


def _make(
    screen: InspectorScreen, choice: FollowupChoice, passphrase: bytes | None, force: bool
) -> None:
    from inspector.services.followup_report import issue_followup_report
    from inspector.tui.screens.work_progress import JobRefused, Progress, WorkProgressScreen

    t = screen.t
    request = FollowupRequest(
        choice.organization.id if choice.organization is not None else None,
        choice.out,
        choice.signer,
        passphrase,
        choice.issue_date,
        internal=choice.internal,
        force=force,
    )

    said: list[str] = []  # the ledger's lines skipped, the numbers passed over (tui13)
    reached = [0]  # the last step begun: 0, the key's

    def job(progress: Progress) -> FollowupIssued:
        def step(number: int) -> None:
            reached[0] = number
            progress(number, len(STEPS) - 1, t(_K + "step." + STEPS[number]))

        return issue_followup_report(screen.context, request, step, warn=said.append)

    def made(result: FollowupIssued) -> str:
        path = result.issued.path.resolve()
        if result.number is None:
            return "\n".join([*said, t(_K + "done_unsigned", path=path)])
        return "\n".join([*said, t(_K + "done", number=result.number, path=path)])

    def finished(result: FollowupIssued | JobRefused | None) -> None:
        if isinstance(result, JobRefused):
            field, why = _refusal(result.error, reached[0] == 0, choice, t)
            reopen(screen, replace(choice, force=False), field, "\n".join([*said, why]))
            return
        if result is None:
            return
        from inspector.tui.last_folders import remember_folder

        remember_folder("followup", result.issued.path.parent)
        screen.notify(made(result))  # the date's warning was said in the form

    title = "progress_title" if choice.signer else "progress_title_draft"
    progress = WorkProgressScreen(
        screen.context,
        t(_K + title),
        job,
        made,
        lambda exc: "\n".join([*said, _failure(exc, t)]),
        hand_back=choice.form is not None,
    )
    screen.app.push_screen(progress, finished)


__all__ = ["reopen", "start_followup"]
