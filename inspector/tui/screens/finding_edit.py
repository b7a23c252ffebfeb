"""Writing a finding: proposed from a noncompliant answer (runner, summary) or edited from the
findings list. The dialog saves in a worker thread and closes only when the row is
committed; Esc closes without saving. Edits go through `update_finding`, so the change log
keeps the old and new values.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.input import Selection
from textual.widgets.option_list import Option

from inspector.context import AppContext
from inspector.domain.checklist import Item
from inspector.domain.dates import parse_date
from inspector.domain.findings import Finding, FindingDraft, FindingKind, MeasureStatus
from inspector.domain.model import AnswerState
from inspector.i18n import Translator
from inspector.services.actors import auditor
from inspector.services.finding_notice import NoticeOfFinding
from inspector.tui.controls import Checked, control_refusal
from inspector.tui.dates import day_text
from inspector.tui.errors import describe_error
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain
from inspector.tui.queries import SessionBundle
from inspector.tui.screens.base import InspectorModal, InspectorScreen
from inspector.tui.stylesheet import beside
from inspector.tui.text import fit
from inspector.tui.widgets.message_lines import MessageLines
from inspector.tui.widgets.safe_input import SafeInput, SafeTextArea
from inspector.tui.wrapping import Wrapped, part_starts

KINDS: tuple[FindingKind, ...] = tuple(FindingKind)


def tf(t: Translator, key: str, **values: object) -> str:
    """A message of the findings screens (`tui.findings.<key>`)."""
    return t(f"tui.findings.{key}", **values)


def tc(t: Translator, key: str, **values: object) -> str:
    """A message of the finding proposal (`documents_content.<key>`)."""
    return t(f"documents_content.{key}", **values)


def tp(t: Translator, key: str, **values: object) -> str:
    """A message of the plans screens (`tui.plans.<key>`)."""
    return t(f"tui.plans.{key}", **values)


def kind_label(t: Translator, kind: FindingKind) -> str:
    return tf(t, f"kind.{kind.value}")


def status_label(t: Translator, status: MeasureStatus | None) -> str:
    return tf(t, f"status.{status.value if status is not None else 'none'}")


def one_line(text: str) -> str:
    """A multi-line note on one line for a hint: each line break shown as 「／」 and a tab as
    a space (never as an escape sequence); other control characters are left for `fit` to
    write out, so that none reaches the terminal."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "／".join(line for line in lines if line.strip()).replace("\t", " ")


class FindingWritten(Message):
    """The finding is committed (added or updated)."""

    def __init__(self, finding: Finding, created: bool) -> None:
        super().__init__()
        self.finding = finding
        self.created = created


class FindingEditScreen(InspectorModal[Finding | None]):
    """Returns the saved finding, or None when cancelled (nothing written)."""

    DEFAULT_CSS = beside(__file__)

    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("ctrl+t", "cycle_kind", "kind", priority=True, id="findings.edit_kind"),
        Binding("ctrl+o", "insert_note", "note", priority=True, id="findings.insert_note"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
    ]

    def __init__(
        self,
        context: AppContext,
        draft: FindingDraft,
        finding: Finding | None = None,
        note: str = "",
        *,
        notice: str = "",
        issued: NoticeOfFinding | None = None,
    ) -> None:
        super().__init__(context)
        self.draft = draft
        # the signed notice the finding is printed on: saving an edit asks first
        self.issued = issued
        self.finding = finding
        # the item's note (メモ): the inspector's private record, inserted only on request
        self.note = note.strip()
        self.notice = notice
        """A line under the title (why this finding opened), in the dialog, not a toast
        that would cover the save hint."""
        self._saving = False

    @classmethod
    def for_finding(
        cls, context: AppContext, finding: Finding, *, notice: str = ""
    ) -> FindingEditScreen:
        """Edit a saved finding."""
        draft = FindingDraft(
            kind=finding.kind,
            title=finding.title,
            text=finding.text,
            organization_id=finding.organization_id,
            session_id=finding.session_id,
            items=finding.items,
            answers=finding.answers,
            evidence=finding.evidence,
            requested_measure=finding.requested_measure,
            layout=finding.layout,
            requested_deadline=finding.requested_deadline,
        )
        from inspector.services.finding_notice import notice_of_finding

        issued = notice_of_finding(context, finding)
        return cls(context, draft, finding, notice=notice, issued=issued)

    def compose(self) -> ComposeResult:
        t = self.t
        draft = self.draft
        title = "edit.title_edit" if self.finding is not None else "edit.title_new"
        with VerticalScroll(classes="dialog", id="finding-dialog"):
            yield Label(tf(t, title), classes="dialog-title")
            if self.notice:
                yield MessageLines(self.notice, classes="dialog-text", id="finding-notice")
            if self.issued is not None:
                yield MessageLines(
                    t("tui.visit5a.finding_issued", **self._issued_values()),
                    classes="dialog-error",
                    id="finding-issued",
                )
            if draft.items:
                yield MessageLines(
                    tf(t, "edit.items", items=", ".join(draft.items)), classes="dialog-hint"
                )
            yield Label(tf(t, "edit.kind"))
            yield Select(
                [(kind_label(t, k), k) for k in KINDS],
                value=draft.kind,
                allow_blank=False,
                compact=True,
                id="finding-kind",
            )
            yield Label(tf(t, "edit.title"))
            # no selection on focus: a stray key must not replace the subject
            yield SafeInput(draft.title, id="finding-title", compact=True, select_on_focus=False)
            yield Label(tf(t, "edit.text"))
            yield SafeTextArea(draft.text, id="finding-text", soft_wrap=True)
            if self.note:
                yield MessageLines(
                    tc(t, "note_hint", note=fit(one_line(self.note), 46)),
                    part_starts("　", "  "),
                    classes="dialog-hint",
                    id="finding-note",
                )
            yield Label(tf(t, "edit.measure"))
            yield SafeTextArea(draft.requested_measure, id="finding-measure", soft_wrap=True)
            # 期限 the notice requests (empty: the form's reply days after the notice)
            # wrapped: one Label line cut the rule for an empty field at 80 columns
            yield Static(
                Wrapped(Text(t("tui.visit2.finding_deadline"))), id="finding-deadline-label"
            )
            due = draft.requested_deadline
            yield SafeInput(
                day_text(due, self.t) if due else "", id="finding-deadline", compact=True
            )
            yield Label("", classes="dialog-error", id="finding-error")
            yield MessageLines(tf(t, "edit.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        title = self.query_one("#finding-title", Input)
        title.focus()
        title.selection = Selection.cursor(len(title.value))  # the cursor at the end

    def _issued_values(self) -> dict[str, str]:
        assert self.issued is not None
        return {"number": self.issued.number, "date": day_text(self.issued.issued_on, self.t)}

    @property
    def kind(self) -> FindingKind:
        value = self.query_one("#finding-kind", Select).value
        return value if isinstance(value, FindingKind) else self.draft.kind

    def action_cycle_kind(self) -> None:
        """指摘 → 意見 → リスク → 指摘."""
        following = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.query_one("#finding-kind", Select).value = following

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "insert_note":
            return bool(self.note)  # no note: the key is not offered
        return True

    def action_insert_note(self) -> None:
        """Insert the item's note (メモ) into the finding text: only now will it be printed."""
        from inspector.domain.findings import insert_note

        area = self.query_one("#finding-text", TextArea)
        area.text = insert_note(area.text, self.note, self.t.lang)
        area.focus()
        area.move_cursor(area.document.end)

    def _error(self, text: str, field: str | None = None) -> None:
        """Say `text` under `field` (else at the foot), the field focused and both scrolled
        into sight, the field first (tui14: at 80x24 the 件名 named went out of sight)."""
        label = self.query_one("#finding-error", Label)
        dialog = self.query_one("#finding-dialog", VerticalScroll)
        anchor = self.query_one(field) if field is not None else None
        dialog.move_child(label, after=anchor or self.query_one("#finding-deadline"))
        label.update(plain(text))
        if anchor is not None:
            anchor.focus(scroll_visible=False)
        shown = [w for w in (label, anchor) if w is not None]
        reveal = [partial(dialog.scroll_to_widget, w, animate=False, immediate=True) for w in shown]
        self.call_after_refresh(lambda: [step() for step in reveal])

    def action_save(self) -> None:
        """Save the finding (a new row, or a logged edit)."""
        if self._saving:
            return
        title = self.query_one("#finding-title", Input).value.strip()
        if not title:
            self._error(tf(self.t, "edit.title_required"), "#finding-title")
            return
        text = self.query_one("#finding-text", TextArea).text.strip()
        measure = self.query_one("#finding-measure", TextArea).text.strip()
        if self._control_refused(title, text, measure):
            return
        typed = self.query_one("#finding-deadline", Input).value.strip()
        try:
            due = parse_date(typed) if typed else None
        except ValueError:
            self._error(
                self.t("tui.visit2.finding_deadline_invalid", value=typed), "#finding-deadline"
            )
            return
        if due is not None and due != (self.finding.requested_deadline if self.finding else None):
            # before the visit or on a closed day: refused, the form kept (docs8a)
            from inspector.services.deadlines import deadline_refusal

            session_id = self.finding.session_id if self.finding else self.draft.session_id
            problem = deadline_refusal(
                self.context.repo, session_id, due, self.context.settings.lang
            )
            if problem is not None:
                self._error(problem, "#finding-deadline")
                return
        if self.finding is not None and not self._edited(title, text, measure, due):
            self.notify(self.t("walk10.finding_unchanged"))  # never "更新しました" (walk9 M1)
            self.dismiss(None)
            return
        if self.issued is not None:
            from inspector.tui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._start(title, text, measure, due)

            question = self.t("tui.visit5a.finding_issued_confirm", **self._issued_values())
            self.app.push_screen(ConfirmScreen(self.context, question), answered)
            return
        self._start(title, text, measure, due)

    def _control_refused(self, title: str, text: str, measure: str) -> bool:
        """A control or format character in a field (a pasted escape, a bidi override, a
        zero-width space) is refused as every other input path refuses it: it would be
        stored and printed into the signed notice. Line breaks stay in the two texts."""
        t = self.t
        fields = [
            Checked("#finding-title", tf(t, "edit.title"), title),
            Checked("#finding-text", tf(t, "edit.text"), text, layout=True),
            Checked("#finding-measure", tf(t, "edit.measure"), measure, layout=True),
        ]
        found = control_refusal(t, fields, "tui12.finding.control")
        if found is not None:
            selector, message = found
            self._error(message, selector)
        return found is not None

    def _edited(self, title: str, text: str, measure: str, due: date | None) -> bool:
        was = self.finding
        assert was is not None
        entered = (self.kind, title, text, measure, due)
        return entered != (
            was.kind,
            was.title,
            was.text,
            was.requested_measure,
            was.requested_deadline,
        )

    def _start(self, title: str, text: str, measure: str, due: date | None) -> None:
        self._saving = True
        self._error(tf(self.t, "edit.saving"))
        self._write(self.kind, title, text, measure, due)

    @work(thread=True, exclusive=True, group="finding-save")
    def _write(
        self, kind: FindingKind, title: str, text: str, measure: str, due: date | None
    ) -> None:
        repo = self.context.findings
        actor = auditor(self.context.settings)
        try:
            if self.finding is None:
                draft = replace(
                    self.draft,
                    kind=kind,
                    title=title,
                    text=text,
                    requested_measure=measure,
                    requested_deadline=due,
                )
                finding = repo.add_finding(draft, actor)
            else:
                was = self.finding
                seen = {
                    "kind": was.kind,
                    "title": was.title,
                    "text": was.text,
                    "requested_measure": was.requested_measure,
                    "requested_deadline": was.requested_deadline,
                }
                entered = {
                    "kind": kind,
                    "title": title,
                    "text": text,
                    "requested_measure": measure,
                    "requested_deadline": due,
                }
                # Only what was edited is written, checked against what the screen
                # showed: another person's edit of another field stands, and one of the
                # same field is refused (the form keeps what was typed).
                changes = {k: v for k, v in entered.items() if v != seen[k]}
                finding = repo.update_finding(was.id, changes, actor, seen)
        except Exception as exc:
            self.post_message(DbFailed(describe_error(exc, self.t)))
        else:
            self.post_message(FindingWritten(finding, created=self.finding is None))

    def on_finding_written(self, message: FindingWritten) -> None:
        key = "created" if message.created else "updated"
        self.notify(tf(self.t, key, title=fit(message.finding.title, 40)))
        self.dismiss(message.finding)

    def on_db_failed(self, message: DbFailed) -> None:
        self._saving = False
        self._error(message.error)
        self.notify(message.error, severity="error", timeout=8)

    def action_cancel(self) -> None:
        """Close without saving (asks first when something was typed or changed)."""
        from inspector.tui.screens.confirm import cancel_or_ask

        if self._saving:
            return
        typed = (
            self.kind,
            self.query_one("#finding-title", Input).value.strip(),
            self.query_one("#finding-text", TextArea).text.strip(),
            self.query_one("#finding-measure", TextArea).text.strip(),
        )
        draft = self.draft
        shown = (
            draft.kind,
            draft.title.strip(),
            draft.text.strip(),
            draft.requested_measure.strip(),
        )
        cancel_or_ask(self, typed != shown)


class ItemPickScreen(InspectorModal[str | None]):
    """Pick one of several items (by id); None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="modal.cancel")]

    def __init__(self, context: AppContext, title: str, items: list[tuple[str, str]]) -> None:
        super().__init__(context)
        self.title_text = title
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield OptionList(
                *[Option(plain(label), id=item_id) for item_id, label in self.items],
                id="pick-items",
            )
            yield Label(tf(self.t, "pick_hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#pick-items")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


def propose_for_item(
    screen: InspectorScreen, bundle: SessionBundle, item: Item, state: AnswerState
) -> None:
    """Open the finding dialog filled from a noncompliant answer (the runner's `f`)."""
    from inspector.domain.findings import propose_finding

    context = screen.context
    t = context.t
    if not bundle.checklist.is_broken(item, state.value):
        screen.notify(tf(t, "not_noncompliant"), severity="warning")
        return
    session = bundle.session
    # One finding per item: `f` again opens the item's finding (a duplicate would print
    # twice on the notice).
    existing = [f for f in context.findings.findings(session_id=session.id) if item.id in f.items]
    if existing:
        notice = t("visit.findings.existing")
        screen.app.push_screen(FindingEditScreen.for_finding(context, existing[0], notice=notice))
        return
    draft = propose_finding(
        bundle.checklist, item, state, session.organization_id, session.id, t.lang
    )
    screen.app.push_screen(FindingEditScreen(context, draft, note=state.note or ""))


def propose_from_summary(screen: InspectorScreen, bundle: SessionBundle) -> None:
    """The summary's `f`: one noncompliant item is proposed at once; several, picked first."""
    from inspector.tui.runner_model import RunnerModel

    context = screen.context
    t = context.t
    model = RunnerModel(bundle.checklist, bundle.organization.tags, bundle.states)
    applicable = model.applicable_ids()
    items = [
        i
        for i in bundle.checklist.items
        if i.id in applicable and bundle.checklist.is_broken(i, model.state(i.id).value)
    ]
    if not items:
        screen.notify(tf(t, "no_noncompliant"), severity="warning")
        return
    if len(items) == 1:
        propose_for_item(screen, bundle, items[0], model.state(items[0].id))
        return
    # an item that has its finding already says so: `f` opens that one (walk9 L3)
    found = {i for f in context.findings.findings(session_id=bundle.session.id) for i in f.items}
    had = t("walk10.has_finding")
    choices = [
        (i.id, f"{model.number(i.id)}. {had if i.id in found else ''}{fit(i.text.get(t.lang), 70)}")
        for i in items
    ]

    def done(item_id: str | None) -> None:
        if item_id is not None:
            item = bundle.checklist.item(item_id)
            propose_for_item(screen, bundle, item, model.state(item_id))

    screen.app.push_screen(ItemPickScreen(context, tf(t, "pick_item"), choices), done)


def show_layout_finding(screen: InspectorScreen, finding_id: int, created: bool) -> None:
    """After the layout editor's `f`: the finding is opened in the form, a new one to be
    checked (walk9 M9), one the room had for the rule already as such (pressing `f` again
    never makes a duplicate)."""
    t = screen.context.t
    finding = screen.context.findings.finding(finding_id)
    notice = t("tui.visit5a.layout_finding_exists", id=finding_id)
    if created:  # shown to be read and edited, as the checklist's `f` does (walk9 M9)
        notice = t("walk10.layout_finding_review", id=finding_id)
    screen.app.push_screen(FindingEditScreen.for_finding(screen.context, finding, notice=notice))
