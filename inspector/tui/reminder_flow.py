"""The reminder (督促) from a screen: the plans screen's `m` (overdue plans of the selected
department, or of all) and the collection screen's (unreturned self-check forms). The same
dialogs as the notice: the reply-by date and the folder asked with `PromptScreen`
(refusals said in the dialog, the text kept), files already there replaced only when the
user says so (`ConfirmScreen`), the office key's passphrase (`PassphraseScreen`, checked
before the work starts); then `ReminderProgressScreen` writes them in a worker.

Without an office-role key the reminders are drafts (案, no number, not recorded), and the
toast says how to sign them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from inspector.domain.era import format_date
from inspector.i18n import render
from inspector.tui.dates import day_text

if TYPE_CHECKING:
    from inspector.i18n import Translator
    from inspector.services.reminders import Department
    from inspector.store.repositories.reminders import Reminded
    from inspector.tui.screens.base import InspectorScreen


def remind(
    screen: InspectorScreen,
    *,
    organization_id: int | None,
    plans: bool,
    forms: bool,
    folder: Path | None = None,
    done: Callable[[int], None] = lambda _n: None,
    unreturned: int = 0,
) -> None:
    """Ask, then write the reminders of `organization_id` (None: every department);
    `done(n)` once the progress dialog is closed with n files written. `unreturned`: the
    forms not returned the screen shows (none past due: said so, not "none unreturned")."""
    from inspector.services.reminders import gather_reminders, office_signer

    context, t = screen.context, screen.t
    today = screen.inspector.today
    held: list[Department] = []
    try:
        departments = gather_reminders(
            context,
            as_of=today,
            organization_id=organization_id,
            plans=plans,
            forms=forms,
            held=held,
        )
    except Exception as exc:
        screen.notify(screen.describe(exc), severity="error", timeout=12)
        return
    if not departments:
        if held:  # overdue, but reminded and their reply-by not passed (rev10 D6)
            screen.notify(held_text(t, held, today, context.settings.lang), timeout=15)
            return
        as_of = format_date(today, context.settings.lang)
        if forms and not plans and unreturned:  # office15: not returned, but not yet due
            screen.notify(t("office15.remind.none_past_due", as_of=as_of, count=unreturned))
            return
        what = "office9b.tui.no_forms" if forms and not plans else "office9b.tui.no_plans"
        screen.notify(t(what, as_of=as_of))
        return
    signer = office_signer(context)
    _ask_reply_by(screen, tuple(departments), signer, today, folder, done)


def _ask_reply_by(
    screen: InspectorScreen,
    departments: tuple[Department, ...],
    signer: str | None,
    today: date,
    folder: Path | None,
    done: Callable[[int], None],
) -> None:
    from inspector.domain.dates import parse_date
    from inspector.services.reminders import default_reply_by, reply_by_problem
    from inspector.tui.controls import WRITTEN
    from inspector.tui.screens.prompt import PromptScreen

    context, t = screen.context, screen.t
    lang = context.settings.lang

    def problem(text: str) -> str | None:
        try:
            day = parse_date(text)
        except ValueError as exc:
            return render(exc, t)
        return reply_by_problem(day, today, lang)

    def answered(text: str | None) -> None:
        if text and text.strip():
            _ask_folder(screen, departments, signer, today, parse_date(text), folder, done)

    count = len(departments)
    title = t(
        "office9b.tui.reply_by_prompt",
        count=count,
        plans=sum(len(d.plans) for d in departments),
        forms=sum(len(d.forms) for d in departments),
    )
    default = default_reply_by(today).isoformat()
    screen.app.push_screen(
        PromptScreen(
            context,
            title,
            default,
            check=problem,
            control_key=WRITTEN,
            field=t("tui14.field.reply_by"),
        ),
        answered,
    )


def _ask_folder(
    screen: InspectorScreen,
    departments: tuple[Department, ...],
    signer: str | None,
    today: date,
    reply_by: date,
    folder: Path | None,
    done: Callable[[int], None],
) -> None:
    from inspector.output_files import OutputError, OutputExists
    from inspector.services.reminders import file_name
    from inspector.tui.controls import WRITTEN
    from inspector.tui.screens.confirm import ConfirmScreen
    from inspector.tui.screens.prompt import PromptScreen

    context, t = screen.context, screen.t
    default = (folder or Path.cwd()) / f"reminders_{today:%Y%m%d}"

    def problem(text: str) -> str | None:
        target = Path(text.strip()).expanduser()
        if target.exists() and not target.is_dir():
            return t("office9b.tui.not_folder", path=target)
        if not target.exists() and not target.parent.is_dir():
            return t("office9b.tui.no_parent", path=target.parent)
        return None

    def answered(text: str | None) -> None:
        if not text or not text.strip():
            return
        target = Path(text.strip()).expanduser()
        guard = context.output_guard()
        existing = []
        if target.is_dir():
            for d in departments:
                try:
                    guard.check(guard.file_in(target, file_name(d, today)))
                except OutputExists:
                    existing.append(file_name(d, today))
                except OutputError as exc:
                    screen.notify(render(exc, t), severity="error", timeout=12)
                    return
        if not existing:
            _sign(screen, departments, signer, today, reply_by, target, False, done)
            return

        def replace(yes: bool | None) -> None:
            if yes:
                _sign(screen, departments, signer, today, reply_by, target, True, done)

        question = t("office9b.tui.replace", count=len(existing), names="、".join(existing[:3]))
        screen.app.push_screen(ConfirmScreen(context, question), replace)

    title = t("office9b.tui.folder_prompt")
    screen.app.push_screen(
        PromptScreen(
            context,
            title,
            str(default),
            check=problem,
            control_key=WRITTEN,
            field=t("tui14.field.folder"),
        ),
        answered,
    )


def _sign(
    screen: InspectorScreen,
    departments: tuple[Department, ...],
    signer: str | None,
    today: date,
    reply_by: date,
    folder: Path,
    force: bool,
    done: Callable[[int], None],
) -> None:
    from inspector.tui.screens.document_progress import PassphraseScreen, env_passphrase
    from inspector.tui.screens.reminder_progress import ReminderProgressScreen, ReminderRequest

    context, t = screen.context, screen.t

    def start(passphrase: bytes | None) -> None:
        request = ReminderRequest(
            departments, folder, signer, passphrase, today, reply_by, force=force
        )
        screen.app.push_screen(ReminderProgressScreen(context, request), lambda n: done(n or 0))

    if signer is None:
        screen.notify(t("office9b.tui.draft_note"), timeout=10)
        start(None)
        return
    secret = env_passphrase()
    if secret is not None:
        start(secret)
        return

    def with_passphrase(value: bytes | None) -> None:
        if value:
            start(value)

    what = t("office9b.tui.signing_what", count=len(departments))
    screen.app.push_screen(
        PassphraseScreen(context, signer, what=what, check=True), with_passphrase
    )


def held_text(t: Translator, held: list[Department], today: date, lang: str) -> str:
    """「すべて回答期限まで督促中」 and, per department, until when and by which letters (the
    CLI's 「回答期限…まで督促中（監督第N号）」)."""
    lines = [t("rem11.held", date=format_date(today, lang))]
    for d in held[:5]:
        if d.waiting:
            lines.append(
                t(
                    "rem11.held_line",
                    code=d.organization.code,
                    name=d.organization.name,
                    reply_by=format_date(max(r for _n, r in d.waiting), lang),
                    numbers="、".join(n for n, _r in d.waiting),
                )
            )
    if len(held) > 5:
        lines.append("…")
    return "\n".join(lines)


def reminded_lines(t: Translator, seen: Reminded | None) -> list[Text]:
    """督促済 with the day, the number and the reply-by date of the latest reminder."""
    if seen is None:
        return []
    line = t(
        "office9b.tui.reminded_line",
        day=day_text(seen.reminded_on, t),
        number=seen.number or seen.doc_id,
        reply_by=day_text(seen.reply_by, t),
    )
    return [Text(line, style="bold")]


__all__ = ["held_text", "remind", "reminded_lines"]
