"""The follow-up report (措置状況報告) from the interface (`r` on home and on the
consolidation screen, and the command palette): what `inspector report followup` makes.

The dialog asks for the organization (every one, or one), the edition (public, or the
office's internal one), whether to sign it and with whose key, the date of issue (today;
the CLI's rules: a signed report dated after today is refused, a closed or long-past day
is warned of under the date, before anything is written) and the file (the last folder
used; an existing file replaced only after a yes, a no going back to the form). Only keys
that can sign it (the office's) are offered; a key refused when the form is sent keeps the
form open with why. The passphrase is asked in the notice's dialog (`document_progress.PassphraseScreen`,
a wrong one asked again there), then the report is built, signed, numbered (監報第N号) and
recorded in a worker (`followup_flow`); the result names the number and the file. A refusal
that comes only then (the key revoked meanwhile, the folder gone) opens the dialog again,
its fields as they were (`FollowupForm`) and why at the field it concerns."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select

from inspector.context import AppContext
from inspector.domain.dates import parse_date
from inspector.domain.model import Organization
from inspector.i18n import Translator, render
from inspector.services.followup_report import (
    default_followup_name,
    followup_key_fits,
    followup_signers,
)
from inspector.services.issue_day import check_issue_day
from inspector.tui.controls import WRITTEN, Checked, refuse_controls
from inspector.tui.dates import day_text
from inspector.tui.message_lines import message_breaks, message_text
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.safe_input import SafeInput
from inspector.tui.wrapping import Wrapped

if TYPE_CHECKING:
    pass

_K = "office9a.followup."
_T = "tui14.followup."
ALL = "*"
STEPS = ("key", "gather", "build", "done")


@dataclass(frozen=True)
class FollowupForm:
    """The dialog's fields as the user left them, and what it opened with: given back to a
    new dialog when the report is refused after this one closed."""

    today: date
    folder: Path
    scope: str
    """ALL, or an organization's code."""
    edition: str
    signed: bool
    signer: str | None
    date: str
    path: str


@dataclass(frozen=True)
class FollowupChoice:
    """What the dialog was given."""

    organization: Organization | None
    internal: bool
    signer: str | None
    issue_date: date
    out: Path
    force: bool = False
    """The file is there and the user said to replace it."""
    form: FollowupForm | None = None
    """The fields as typed: a refusal in the worker opens the dialog again with them."""


class SignBox(Checkbox):
    """The 「署名する」 box, its mark drawn only when it is ticked: Textual draws the X
    either way, an unticked one in a dim colour only, which reads as ticked next to the
    hint that only an unsigned draft can be made (noticeform)."""

    def __init__(self, label: str, value: bool, *, id: str) -> None:
        super().__init__(label, value, compact=True, id=id)
        self.BUTTON_INNER = "X" if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()


class FollowupScreen(InspectorModal[FollowupChoice | None]):
    """The follow-up report's options."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("ctrl+s", "submit", "make", id="office9a.form_submit"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
    ]

    def __init__(
        self,
        context: AppContext,
        today: date,
        folder: Path,
        organization: Organization | None = None,
        *,
        kept: FollowupForm | None = None,
        refused: tuple[str, str] | None = None,
    ) -> None:
        """`kept`: the fields of a form refused after it closed, `refused` the field it
        concerns (a selector) and why."""
        super().__init__(context)
        self.today = today
        self.folder = folder
        self.organization = organization
        self.organizations = sorted(context.repo.organizations(), key=lambda o: o.code)
        self.signers = followup_signers(context)
        self._suggested = ""
        self.kept = kept
        self.refused = refused

    def compose(self) -> ComposeResult:
        t = self.t
        kept = self.kept
        chosen = self.organization.code if self.organization is not None else ALL
        scopes = [(t(_K + "all"), ALL)] + [
            (f"{o.code} {o.name}", o.code) for o in self.organizations
        ]
        if kept is not None and kept.scope in {code for _label, code in scopes}:
            chosen = kept.scope
        signer = self.signers[0] if self.signers else None
        if kept is not None and kept.signer in self.signers:
            signer = kept.signer
        with VerticalScroll(classes="dialog", id="followup-dialog"):
            yield Label(t(_K + "title"), classes="dialog-title")
            yield Label(t(_K + "organization"))
            yield Select(
                [(plain(label), code) for label, code in scopes],
                value=chosen,
                allow_blank=False,
                compact=True,
                id="followup-organization",
            )
            yield Label(t(_K + "edition"))
            yield Select(
                [(plain(t(_K + edition)), edition) for edition in ("public", "internal")],
                value=kept.edition if kept is not None else "public",
                allow_blank=False,
                compact=True,
                id="followup-edition",
            )
            # no key can sign it: unticked from the start (a form given back too), and why
            signed = bool(self.signers) and (kept is None or kept.signed)
            box = t(_K + "signed") if self.signers else t("sign_box.unticked_no_key")
            yield SignBox(box, signed, id="followup-signed")
            if self.signers:
                yield Label(t(_K + "signer"), id="followup-signer-label")
                yield Select(
                    [(plain(name), name) for name in self.signers],
                    value=signer,
                    allow_blank=False,
                    compact=True,
                    id="followup-signer",
                )
            else:
                yield MessageLabel(
                    t(_T + "no_signer"), classes="dialog-hint", id="followup-no-signer"
                )
            yield MessageLabel(t(_K + "date"))
            typed = kept.date if kept is not None else day_text(self.today, t)
            yield SafeInput(typed, compact=True, id="followup-date")
            yield MessageLabel("", id="followup-date-warning")
            yield Label(t(_K + "path"))
            yield SafeInput(kept.path if kept else "", compact=True, id="followup-path")
            yield MessageLabel("", classes="dialog-error", id="followup-error")
            yield MessageLabel(t(_K + "hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        if self.kept is not None:  # the path typed is kept; followed only if suggested
            name = default_followup_name(self._code(), self._internal(), self._day())
            self._suggested = str(self.folder / name)
        self._suggest_path()
        self._date_warning()
        self.query_one("#followup-organization", Select).focus()
        if self.kept is not None:
            for widget in self.query("#followup-signer, #followup-signer-label"):
                widget.display = self.kept.signed
        if self.refused is not None:
            field, why = self.refused
            self._error(why, field if self.query(field) else "#followup-signed")

    @on(Input.Changed, "#followup-date")
    @on(Checkbox.Changed, "#followup-signed")
    def _date_warning(self) -> None:
        """What the date rules say of the date typed (a closed or long-past day; a signed
        report after today), under the date field while the form is filled in."""
        from inspector.reports.errors import ReportProblem

        said = ""
        typed = self.query_one("#followup-date", Input).value.strip()
        try:
            day = parse_date(typed) if typed else self.today
        except ValueError:
            day = None
        if day is not None:
            signed = self.query_one("#followup-signed", Checkbox).value
            try:
                said = self._check_date(day, signed=signed) or ""
            except ReportProblem as exc:
                said = render(exc, self.t)
        label = self.query_one("#followup-date-warning", Label)
        label.update(plain(said))
        label.display = bool(said)

    def _check_date(self, day: date, *, signed: bool) -> str | None:
        """The document date rules the CLI applies, in the report's words and the form's."""
        lang = self.context.settings.lang
        return check_issue_day(
            day, self.today, document="followup", signed=signed, lang=lang, where="form"
        )

    def _code(self) -> str | None:
        value = self.query_one("#followup-organization", Select).value
        return None if value == ALL else str(value)

    def _internal(self) -> bool:
        return self.query_one("#followup-edition", Select).value == "internal"

    def _day(self) -> date:
        try:
            return parse_date(self.query_one("#followup-date", Input).value)
        except ValueError:
            return self.today

    @on(Select.Changed)
    @on(Input.Changed, "#followup-date")
    def _suggest_path(self) -> None:
        """The file named as the CLI names it, while the user has not typed another."""
        field = self.query_one("#followup-path", Input)
        if field.value and field.value != self._suggested:
            return
        name = default_followup_name(self._code(), self._internal(), self._day())
        self._suggested = str(self.folder / name)
        field.value = self._suggested

    @on(Checkbox.Changed, "#followup-signed")
    def _signed_changed(self, event: Checkbox.Changed) -> None:
        for widget in self.query("#followup-signer, #followup-signer-label"):
            widget.display = event.value
        if not self.signers:  # why it is unticked, while it is
            why = _K + "signed" if event.value else "sign_box.unticked_no_key"
            event.checkbox.label = self.t(why)
            if not event.value:  # the no-key paragraph back under the box, not as an error
                self._error_shown("")
                self.query_one("#followup-no-signer").display = True

    @on(Input.Submitted)
    def _entered(self) -> None:
        self.action_submit()

    def _error(self, text: str, field: str) -> None:
        self._error_shown(text)
        self.query_one(field).focus()

    def _refused(self, text: str) -> None:
        self._error_shown(text)

    def _error_shown(self, text: str) -> None:
        """The error under the fields, wrapped by the message rule (no line starting with
        。 or ）): Textual's wrapping broke before them once the scroll bar took a column."""
        self.show_error(self.query_one("#followup-error", Label), text)

    def action_submit(self) -> None:
        """Check the fields (the CLI's date rules) and hand the choice back."""
        from inspector.reports.errors import ReportProblem

        t = self.t
        signed = self.query_one("#followup-signed", Checkbox).value
        if signed and not self.signers:  # the hint's paragraph said once: as the error
            self.query_one("#followup-no-signer").display = False
            self._error(t(_T + "no_signer"), "#followup-signed")
            return
        fields = [("#followup-date", _K + "date"), ("#followup-path", _K + "path")]
        lines = [Checked(s, t(k), self.query_one(s, Input).value) for s, k in fields]
        if refuse_controls(self, t, lines, key=WRITTEN, show=self._refused):
            return  # a path or date holding an escape: nothing is made
        typed = self.query_one("#followup-date", Input).value.strip()
        day = self.today
        if typed:
            try:
                day = parse_date(typed)
            except ValueError as exc:
                self._error(t(_K + "bad_date", value=typed, why=render(exc, t)), "#followup-date")
                return
        try:
            self._check_date(day, signed=signed)
        except ReportProblem as exc:
            self._error(render(exc, t), "#followup-date")
            return
        path_text = self.query_one("#followup-path", Input).value.strip()
        if not path_text:
            self._error(t(_K + "no_path"), "#followup-path")
            return
        out = Path(path_text).expanduser()
        if out.is_dir():
            out = out / default_followup_name(self._code(), self._internal(), day)
        code = self._code()
        organization = next((o for o in self.organizations if o.code == code), None)
        signer = str(self.query_one("#followup-signer", Select).value) if signed else None
        if signer is not None and not self._signer_fits(signer):
            return
        choice = FollowupChoice(organization, self._internal(), signer, day, out)
        self._to_file(replace(choice, form=self._form(signed, signer)))

    def _form(self, signed: bool, signer: str | None) -> FollowupForm:
        """The fields as they are now."""
        typed = [self.query_one(s, Input).value for s in ("#followup-date", "#followup-path")]
        scope = str(self.query_one("#followup-organization", Select).value)
        edition = "internal" if self._internal() else "public"
        return FollowupForm(self.today, self.folder, scope, edition, signed, signer, *typed)

    def _signer_fits(self, signer: str) -> bool:
        """The key checked as the service checks it, before anything else is asked: refused,
        the form stays open with why (the service's words name the CLI's flags)."""
        from inspector.services.followup_report import check_followup_signer

        t = self.t
        if not followup_key_fits(self.context, signer):
            self._error(t(_T + "wrong_key", signer=signer), "#followup-signer")
            return False
        try:
            check_followup_signer(self.context, signer)
        except Exception as exc:
            why = _why(exc, t)
            self._error(t(_T + "signer_refused", signer=signer, why=why), "#followup-signer")
            return False
        return True

    def _to_file(self, choice: FollowupChoice) -> None:
        """An existing file replaced only after a yes; a no comes back to the form."""
        from inspector.output_files import OutputError, OutputExists
        from inspector.tui.screens.confirm import ConfirmScreen

        t = self.t
        try:
            self.context.output_guard().check(choice.out)
        except OutputExists:

            def answered(yes: bool | None) -> None:
                if yes:
                    self.dismiss(replace(choice, force=True))
                else:
                    self.query_one("#followup-path", Input).focus()

            question = t(_K + "replace", path=choice.out)
            self.app.push_screen(ConfirmScreen(self.context, question), answered)
            return
        except OutputError as exc:
            self._error(render(exc, t), "#followup-path")
            return
        self.dismiss(choice)

    def action_cancel(self) -> None:
        """Close; asks first when a field was changed."""
        self.cancel_keeping_work()


class MessageLabel(Label):
    """A label wrapped by the project's message rule (no line starting with 。、）」):
    Textual's wrapping broke before them once the dialog's scroll bar took its columns."""

    def render(self) -> Wrapped:
        return Wrapped(message_text(str(self.content)), message_breaks)


def _why(exc: BaseException, t: Translator) -> str:
    """A key's problem in words (the passphrase dialog's, for a key)."""
    from inspector.reports.errors import KeyProblem
    from inspector.tui.screens.document_progress import describe_notice_error

    if isinstance(exc, KeyProblem):
        return describe_notice_error(exc, t)
    return render(exc, t)


__all__ = ["STEPS", "FollowupChoice", "FollowupForm", "FollowupScreen"]
