"""Making the findings notice of a visit from the interface: the signer and passphrase,
then a dialog that shows the steps while a worker thread builds, signs, writes and
records the PDF.

`inspector.services.documents.issue_notice` is the worker's whole job. The file is
written by `DocumentService.issue` (temporary file, then rename): when anything fails,
nothing is left at the target path.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, LoadingIndicator, ProgressBar

from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.domain.model import InspectionSession
from inspector.i18n import Translator, os_error, render
from inspector.services.documents import EmptyPassphrase, issue_notice
from inspector.tui.errors import describe_error
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.screens.finding_edit import tf
from inspector.tui.widgets.safe_input import SafeInput

if TYPE_CHECKING:
    from inspector.reports.service import IssuedFile

PASSPHRASE_ENV = "INSPECTOR_KEY_PASSPHRASE"
STEPS = ("key", "gather", "build", "done")


class NoticeProblem(Exception):
    """Why the notice cannot be made; the message is a sentence for the user."""


def env_passphrase() -> bytes | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value.encode("utf-8") if value else None


def notice_signer(
    context: AppContext, session: InspectionSession, issue_date: date | None = None
) -> str:
    """The person the notice names as its issuer (the visit's inspector, else the
    configured inspector_name; the office head when the form says so), whose key alone
    signs it: a configured signer who is someone else is refused, as is a name that is not
    set. Only the key files are looked at (no passphrase yet), as `inspector report
    notice` does."""
    from inspector.reports.errors import ReportProblem
    from inspector.reports.keys import KeyProblem, has_root, inspector_paths
    from inspector.reports.notice_rules import same_person
    from inspector.services.documents import preflight_notices

    t = context.t
    try:
        [data] = preflight_notices(
            context, [session.id], None, issue_date=issue_date or japan_today()
        )
    except ReportProblem as exc:
        raise NoticeProblem(render(exc, t)) from None
    name = data.signer_name
    configured = context.settings.signer
    if configured and not same_person(configured, name):
        raise NoticeProblem(t("documents_signer.wrong_signer", named=name, tried=configured))
    keys_dir = context.settings.resolved_keys_dir
    if not has_root(keys_dir):
        # both commands an inspector needs, with the signer's name (walk9 L6)
        raise NoticeProblem(t("walk10.no_root", folder=keys_dir, name=name))
    try:
        if inspector_paths(keys_dir, name)[0].is_file():
            return name
    except KeyProblem as exc:
        raise NoticeProblem(tf(t, "notice.error.certificate", detail=render(exc, t))) from None
    detail = f'`inspector keys issue "{name}" --organization CODE`'
    raise NoticeProblem(tf(t, "notice.error.no_key", detail=detail))


def default_notice_path(
    code: str, visit: date, folder: Path | None = None, doc_lang: str = "ja"
) -> Path:
    """`notice_<code>_<yyyymmdd>.pdf` (`_en` before `.pdf` for an English notice), as the
    CLI names it, in `folder` (default: cwd)."""
    from inspector.output_files import safe_file_name

    suffix = "" if doc_lang == "ja" else f"_{doc_lang}"
    return (folder or Path.cwd()) / safe_file_name(f"notice_{code}_{visit:%Y%m%d}{suffix}.pdf")


def describe_notice_error(exc: BaseException, t: Translator) -> str:
    """Keys, documents and files problems in the interface language."""
    from inspector.output_files import OutputError
    from inspector.reports.errors import ReportProblem, RevokedKey
    from inspector.reports.keys import CertificateProblem, KeyProblem, NoKey, WrongPassphrase

    if isinstance(exc, OutputError):
        return tf(t, "notice.error.write", detail=render(exc, t))
    if isinstance(exc, NoticeProblem):
        return str(exc)
    if isinstance(exc, EmptyPassphrase):
        return tf(t, "notice.empty_passphrase")
    if isinstance(exc, WrongPassphrase):
        return tf(t, "notice.error.passphrase")
    if isinstance(exc, RevokedKey):  # revoked, not "no key yet" (fixd)
        return render(exc, t)
    if isinstance(exc, NoKey):
        return tf(t, "notice.error.no_key", detail=render(exc, t))
    if isinstance(exc, CertificateProblem | KeyProblem):
        return tf(t, "notice.error.certificate", detail=render(exc, t))
    if isinstance(exc, ReportProblem):
        return tf(t, "notice.error.document", detail=render(exc, t))
    if isinstance(exc, OSError):
        detail = f"{exc.filename or ''}: {render(os_error(exc), t)}".lstrip(": ")
        return tf(t, "notice.error.write", detail=detail)
    return describe_error(exc, t)


# -- dialogs -------------------------------------------------------------------------------


class PassphraseChecked(Message):
    def __init__(self, passphrase: bytes, wrong: bool) -> None:
        super().__init__()
        self.passphrase = passphrase
        self.wrong = wrong


class PassphraseScreen(InspectorModal[bytes | None]):
    """A hidden one-line input; returns the passphrase, or None (Esc). With `check`, the
    key is unlocked first: a wrong passphrase is asked again here, not after the whole
    notice failed."""

    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
        # what the field's Enter does, listed in the help (? / F1) too (tui14)
        Binding("enter", "open", "open", id="passphrase.open"),
    ]

    def __init__(
        self,
        context: AppContext,
        signer: str,
        *,
        what: str = "",
        check: bool = False,
    ) -> None:
        super().__init__(context)
        self.signer = signer
        self.what = what
        """What is signed (document, addressee, session), shown under the title."""
        self.check = check
        self._checking = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                plain(tf(self.t, "notice.passphrase_prompt", name=self.signer)),
                classes="dialog-title",
            )
            if self.what:
                yield Label(plain(self.what), classes="dialog-text", id="passphrase-what")
            yield SafeInput(password=True, id="passphrase-input")
            yield Label("", classes="dialog-error", id="passphrase-error")
            yield Label(tf(self.t, "notice.passphrase_hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    async def action_open(self) -> None:
        """Enter: the passphrase given (the field's own Enter does the same)."""
        await self.query_one("#passphrase-input", Input).action_submit()

    @on(Input.Submitted, "#passphrase-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            self.query_one("#passphrase-error", Label).update(tf(self.t, "notice.empty_passphrase"))
            return
        secret = event.value.encode("utf-8")
        if not self.check:
            self.dismiss(secret)
            return
        if self._checking:
            return
        self._checking = True
        self.query_one("#passphrase-error", Label).update(self.t("tui.visit5a.key_checking"))
        self._check(secret)

    @work(thread=True, exclusive=True, group="passphrase-check")
    def _check(self, secret: bytes) -> None:
        from inspector.reports.keys import WrongPassphrase
        from inspector.services.finding_notice import check_key_passphrase

        try:
            check_key_passphrase(self.context, self.signer, secret)
        except WrongPassphrase:
            self.post_message(PassphraseChecked(secret, wrong=True))
        except Exception:  # any other key problem: the notice's steps report it
            self.post_message(PassphraseChecked(secret, wrong=False))
        else:
            self.post_message(PassphraseChecked(secret, wrong=False))

    def on_passphrase_checked(self, message: PassphraseChecked) -> None:
        self._checking = False
        if not message.wrong:
            self.dismiss(message.passphrase)
            return
        field = self.query_one("#passphrase-input", Input)
        field.value = ""
        field.focus()
        self.query_one("#passphrase-error", Label).update(self.t("tui.visit5a.key_wrong_again"))

    def action_cancel(self) -> None:
        """Close without a passphrase."""
        self.dismiss(None)


class NoticeStep(Message):
    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class NoticeDone(Message):
    def __init__(self, issued: IssuedFile, said: list[str]) -> None:
        super().__init__()
        self.issued = issued
        self.said = said


class NoticeFailed(Message):
    def __init__(self, error: str, said: list[str], exc: BaseException | None = None) -> None:
        super().__init__()
        self.error = error
        self.said = said
        self.exc = exc


@dataclass(frozen=True)
class NoticeRefused:
    """What a `hand_back` notice's worker raised, the refusal in words, and the number
    ledger's lines it skipped (said above the refusal)."""

    error: BaseException
    said: str
    ledger: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoticeRequest:
    session_id: int
    out: Path
    signer: str | None
    passphrase: bytes | None
    issue_date: date
    force: bool = False
    reissue: bool = False
    doc_lang: str = "ja"  # the document's own language (walk8 M2), not the interface's
    other_language: bool = False  # a re-issue in another language than its original: a copy


def ask_doc_lang(screen: Screen[Any], then: Callable[[str], None]) -> None:
    """The notice's language, 日本語 preselected; `then(lang)` unless Esc."""
    from inspector.tui.screens.doc_language import DocLanguageScreen

    def chosen(lang: str | None) -> None:
        if lang:
            then(lang)

    screen.app.push_screen(DocLanguageScreen(screen.context), chosen)  # type: ignore[attr-defined]


def ask_reissue(
    screen: Screen[Any],
    session_id: int,
    then: Callable[[bool, bool], None],
    doc_lang: str = "ja",
) -> None:
    """A visit with a notice already: ask whether to re-issue it (same number, 再発行),
    and, in another language than its original, whether to write a copy (another file);
    `then(reissue, other_language)` unless the user says no. Nothing asked for a visit
    never issued."""
    from inspector.services.document_language import (
        earlier_notice_language,
        earlier_notice_number,
    )
    from inspector.tui.screens.confirm import ConfirmScreen

    context: AppContext = screen.context  # type: ignore[attr-defined]
    number = earlier_notice_number(context, session_id)
    if number is None:
        then(False, False)
        return
    original = earlier_notice_language(context, session_id) or "ja"
    t = context.t

    def copy_answered(yes: bool | None) -> None:
        if yes:
            then(True, True)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        if original == doc_lang:
            then(True, False)
            return
        question = t(
            "docs9.tui_copy_question",
            number=number,
            original=t(f"docs9.lang_{original}"),
            asked=t(f"docs9.lang_{doc_lang}"),
        )
        screen.app.push_screen(ConfirmScreen(context, question), copy_answered)

    question = t("documents_signer.reissue_question", number=number)
    screen.app.push_screen(ConfirmScreen(context, question), answered)


def ask_if_unanswered(screen: Screen[Any], session_id: int, then: Callable[[], None]) -> None:
    """Before signing: a session with unanswered items is said and confirmed (a signed
    notice cannot be taken back); `then()` unless the user says no."""
    from inspector.tui.queries import load_session
    from inspector.tui.runner_model import RunnerModel
    from inspector.tui.screens.confirm import ConfirmScreen

    context: AppContext = screen.context  # type: ignore[attr-defined]
    bundle = load_session(context, session_id)
    model = RunnerModel(bundle.checklist, bundle.organization.tags, bundle.states)
    unanswered = model.progress().unanswered
    if not unanswered:
        then()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            then()

    question = context.t("tui.visit5a.sign_unanswered", count=unanswered)
    screen.app.push_screen(ConfirmScreen(context, question), answered)


class NoticeProgressScreen(InspectorModal["IssuedFile | NoticeRefused | None"]):
    """The steps of one notice while a worker makes it; returns the file (None: failed).
    With `hand_back`, a refusal is not said here: the dialog closes at once and returns
    `NoticeRefused`, for the caller to ask for the path again with why (nothing typed lost)."""

    BINDINGS = [Binding("escape", "close", "close", id="findings.close")]

    def __init__(
        self, context: AppContext, request: NoticeRequest, *, hand_back: bool = False
    ) -> None:
        super().__init__(context)
        self.request = request
        self.hand_back = hand_back
        self.issued: IssuedFile | None = None
        self.error: str | None = None
        self.running = True

    def compose(self) -> ComposeResult:
        t = self.t
        title = "notice.title" if self.request.signer else "notice.draft_title"
        with Vertical(classes="dialog", id="notice-dialog"):
            yield Label(tf(t, title), classes="dialog-title")
            yield ProgressBar(total=len(STEPS) - 1, show_eta=False, id="notice-progress")
            for n, key in enumerate(STEPS):
                yield Label(self._step_text(n, key, current=0), id=f"notice-step-{n}")
            yield LoadingIndicator(id="notice-loading")
            # the number ledger's lines skipped (and numbers passed over), as the CLI says
            # them, refused or not (tui13)
            ledger = Label("", id="notice-ledger", classes="dialog-text")
            ledger.display = False
            yield ledger
            # wraps: the saved path is shown whole, however long (issue 14)
            yield Label("", id="notice-result", classes="dialog-text")
            yield Label(tf(t, "notice.working"), classes="dialog-hint", id="notice-hint")

    def _step_text(self, n: int, key: str, *, current: int) -> str:
        mark = "✓" if n < current else "▶" if n == current else "・"
        text = f"{mark} {tf(self.t, f'notice.step.{key}')}"
        if key == "key" and self.request.signer is None:
            text += " " + tf(self.t, "notice.step_skipped")
        return text

    def on_mount(self) -> None:
        self._run()

    @work(thread=True, exclusive=True, group="notice")
    def _run(self) -> None:
        request = self.request
        said: list[str] = []
        try:
            issued = issue_notice(
                self.context,
                request.session_id,
                request.out,
                signer=request.signer,
                passphrase=request.passphrase,
                issue_date=request.issue_date,
                step=self._step,
                force=request.force,
                reissue=request.reissue,
                doc_lang=request.doc_lang,
                other_language=request.other_language,
                warn=said.append,
            )
        except Exception as exc:
            self.post_message(NoticeFailed(describe_notice_error(exc, self.t), said, exc))
        else:
            self.post_message(NoticeDone(issued, said))

    def _step(self, number: int) -> None:
        self.post_message(NoticeStep(number))

    def _show_step(self, current: int) -> None:
        for n, key in enumerate(STEPS):
            self.query_one(f"#notice-step-{n}", Label).update(
                self._step_text(n, key, current=current)
            )
        self.query_one(ProgressBar).update(progress=min(current, len(STEPS) - 1))

    def on_notice_step(self, message: NoticeStep) -> None:
        if self.running:
            self._show_step(message.number)

    def _finish(self, text: str, *, failed: bool, said: list[str]) -> None:
        self.running = False
        self.query_one(LoadingIndicator).display = False
        ledger = self.query_one("#notice-ledger", Label)
        ledger.update(plain("\n".join(said)))
        ledger.display = bool(said)
        result = self.query_one("#notice-result", Label)
        result.update(plain(text))
        result.set_class(failed, "dialog-error")
        self.query_one("#notice-hint", Label).update(tf(self.t, "notice.close_hint"))

    def on_notice_done(self, message: NoticeDone) -> None:
        self.issued = message.issued
        self._show_step(len(STEPS))
        key = "notice.done" if message.issued.signed else "notice.done_unsigned"
        done = tf(self.t, key, path=message.issued.path.resolve())
        self._finish(done, failed=False, said=message.said)

    def on_notice_failed(self, message: NoticeFailed) -> None:
        self.error = message.error
        failed = f"{tf(self.t, 'notice.failed')}\n{message.error}"
        if self.hand_back and message.exc is not None:
            self.running = False
            self.dismiss(NoticeRefused(message.exc, failed, tuple(message.said)))
            return
        self._finish(failed, failed=True, said=message.said)

    def action_close(self) -> None:
        """Close when the notice is done (or failed)."""
        if self.running:
            self.notify(tf(self.t, "notice.working"))
            return
        self.dismiss(self.issued)
