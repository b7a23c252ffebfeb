"""The findings notice of a visit from the findings list (`n`; `d`, an unsigned draft):
its language, the path, a yes before replacing a file, a re-issue asked, the signer's
passphrase, then the notice made in a worker with its steps shown (`NoticeProgressScreen`).

A refusal that comes only after the path was given -- the key revoked while the passphrase
was typed, the folder deleted, a file made there meanwhile -- asks for the path again with
what the user typed and why, the language chosen kept: nothing typed is lost, nothing is
written or recorded (as the follow-up report does, `followup_flow.py`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.domain.model import InspectionSession, SessionKind
from inspector.i18n import render
from inspector.tui.dates import day_text
from inspector.tui.screens.finding_edit import tf
from inspector.tui.toast_text import toast_text

if TYPE_CHECKING:
    from inspector.reports.service import IssuedFile
    from inspector.tui.screens.document_progress import NoticeRefused
    from inspector.tui.screens.findings import FindingsScreen


@dataclass(frozen=True)
class NoticeForm:
    """What the notice is asked with: the visit, its signer (None: a draft), whom it is
    addressed to, the language chosen and the path as the user typed it."""

    session: InspectionSession
    signer: str | None
    organization: str
    code: str
    lang: str = "ja"
    typed: str = ""

    def default(self, screen: FindingsScreen) -> Path:
        from inspector.tui.screens.document_progress import default_notice_path

        visit = self.session.session_date
        return default_notice_path(self.code, visit, screen.output_dir, self.lang)


def start_notice(screen: FindingsScreen, session: InspectionSession, unsigned: bool) -> None:
    """The notice of `session` (signed, or an unsigned draft): its signer checked before
    anything is asked, then its language."""
    from inspector.tui.screens.document_progress import (
        NoticeProblem,
        ask_doc_lang,
        notice_signer,
    )

    t = screen.t
    if session.kind is not SessionKind.INSPECTION:
        screen.notify(tf(t, "notice.not_visit"), severity="warning")
        return
    signer: str | None = None
    if not unsigned:
        try:
            signer = notice_signer(screen.context, session, screen.inspector.today)
        except NoticeProblem as exc:
            screen.notify(str(exc), severity="error", timeout=12)
            return
    assert screen.data is not None
    org = screen.data.organizations.get(session.organization_id)
    code = org.code if org else str(session.organization_id)
    form = NoticeForm(session, signer, org.name if org else code, code)

    def with_lang(lang: str) -> None:  # the notice's own language, chosen first (walk8 M2)
        chosen = replace(form, lang=lang)
        ask_path(screen, replace(chosen, typed=str(chosen.default(screen))))

    ask_doc_lang(screen, with_lang)


def ask_path(screen: FindingsScreen, form: NoticeForm, refused: str | None = None) -> None:
    """The path prompt, `form.typed` in it; `refused`: why the path given before was
    refused, shown in it."""
    from inspector.tui.controls import WRITTEN
    from inspector.tui.screens.prompt import PromptScreen

    def with_path(value: str | None) -> None:
        if not value or not value.strip():
            return
        typed = replace(form, typed=value)
        out = Path(value.strip()).expanduser()
        if out.is_dir():
            out = out / form.default(screen).name
        _confirm_target(screen, typed, out)

    prompt = PromptScreen(
        screen.context,
        tf(screen.t, "notice.path_prompt"),
        form.typed,
        control_key=WRITTEN,
        refused=refused,
    )
    screen.app.push_screen(prompt, with_path)


def _refused(screen: FindingsScreen, form: NoticeForm, why: str) -> None:
    """The path asked again, as typed, with why the notice was refused."""
    t = screen.t
    lang = t(f"docs9.lang_{form.lang}")
    # a command named in the message shown whole, without backticks (as in a toast)
    ask_path(screen, form, toast_text(t("notice_kept.refused", why=why, lang=lang)))


def _confirm_target(screen: FindingsScreen, form: NoticeForm, out: Path) -> None:
    """The output rules before any work: a protected file, a link or a missing folder
    is refused (the path asked again); an existing file is replaced only when the user
    says so."""
    from inspector.output_files import OutputError, OutputExists
    from inspector.tui.screens.confirm import ConfirmScreen

    try:
        screen.context.output_guard().check(out)
    except OutputExists:

        def answered(yes: bool | None) -> None:
            if yes:
                _with_target(screen, form, out, True)

        question = tf(screen.t, "notice.replace", path=out)
        screen.app.push_screen(ConfirmScreen(screen.context, question), answered)
        return
    except OutputError as exc:
        _refused(screen, form, tf(screen.t, "notice.error.write", detail=render(exc, screen.t)))
        return
    _with_target(screen, form, out, False)


def _with_target(screen: FindingsScreen, form: NoticeForm, out: Path, force: bool) -> None:
    from inspector.tui.screens.document_progress import ask_if_unanswered, ask_reissue

    if form.signer is None:
        _make(screen, form, out, None, force)
        return
    session_id = form.session.id

    def reissue(again: bool, copy: bool) -> None:
        _signed(screen, form, out, force, again, copy)

    ask_if_unanswered(
        screen, session_id, lambda: ask_reissue(screen, session_id, reissue, form.lang)
    )


def _signed(
    screen: FindingsScreen, form: NoticeForm, out: Path, force: bool, reissue: bool, copy: bool
) -> None:
    from inspector.tui.screens.document_progress import PassphraseScreen, env_passphrase

    assert form.signer is not None  # a draft never comes here
    passphrase = env_passphrase()
    if passphrase is not None:
        _make(screen, form, out, passphrase, force, reissue, copy)
        return

    def with_passphrase(secret: bytes | None) -> None:
        if secret:
            _make(screen, form, out, secret, force, reissue, copy)

    what = screen.t(
        "tui.visit5a.signing_what",
        organization=form.organization,
        day=day_text(form.session.session_date, screen.t),
    )
    ask = PassphraseScreen(screen.context, form.signer, what=what, check=True)
    screen.app.push_screen(ask, with_passphrase)


def _make(
    screen: FindingsScreen,
    form: NoticeForm,
    out: Path,
    passphrase: bytes | None,
    force: bool,
    reissue: bool = False,
    copy: bool = False,
) -> None:
    """The notice made in a worker; refused there, the path asked again (`copy`: a
    re-issue in another language than its original's)."""
    from inspector.tui.screens.document_progress import (
        NoticeProgressScreen,
        NoticeRefused,
        NoticeRequest,
    )

    request = NoticeRequest(
        form.session.id, out, form.signer, passphrase, screen.inspector.today,
        force=force, reissue=reissue, doc_lang=form.lang, other_language=copy,
    )  # fmt: skip

    def finished(result: IssuedFile | NoticeRefused | None) -> None:
        if isinstance(result, NoticeRefused):
            _refused(screen, form, "\n".join([*result.ledger, result.said]))

    progress = NoticeProgressScreen(screen.context, request, hand_back=True)
    screen.app.push_screen(progress, finished)


__all__ = ["NoticeForm", "ask_path", "start_notice"]
