"""The session summary: counts by answer, noncompliant items with reasons, unanswered items;
completing the session (read-only afterwards) and reopening it (a logged action)."""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from inspector.context import AppContext
from inspector.domain.checklist import AnswerType
from inspector.domain.hearing import is_hearing_checklist
from inspector.i18n import Translator
from inspector.tui.dates import moment_text
from inspector.tui.messages import DbFailed, SessionLoaded, SessionStatusChanged
from inspector.tui.queries import SessionBundle, load_session
from inspector.tui.runner_bindings import hidden_by_session, never_for_kind
from inspector.tui.runner_model import RunnerModel
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.widgets.item_detail import reason_labels
from inspector.tui.widgets.runner_header import RunnerHeader


def lacking_reasons(model: RunnerModel, t: Translator) -> list[str]:
    """The ids of the applicable items answered 不遵守 (or the answer that breaks the
    rule) with no reason given: 「（要因未記入）」 in the summary."""
    if is_hearing_checklist(model.checklist):
        return []  # a hearing records no 要因: its case is classified (`k`) instead
    applicable = model.applicable_ids()
    return [
        item.id
        for item in model.checklist.items
        if item.id in applicable
        and model.checklist.is_broken(item, model.state(item.id).value)
        and not reason_labels(item, model.state(item.id), t)
    ]


NAMED_AT_MOST = 3
"""How many items the question before completing names; the rest are counted."""


def named_items(model: RunnerModel, item_ids: list[str], t: Translator) -> str:
    """「No.54、No.55、No.57、ほか2件」: the first few items by their number in the list, the
    rest counted (walk8b L3: 「要因が未記入の不遵守が1件」 did not say which)."""
    key = "tui9b.summary."
    names = [t(key + "item_no", number=model.number(item_id)) for item_id in item_ids]
    shown = names[:NAMED_AT_MOST]
    if len(names) > NAMED_AT_MOST:
        shown.append(t(key + "more", count=len(names) - NAMED_AT_MOST))
    return t(key + "list_separator").join(shown)


class SummaryScreen(InspectorScreen):
    """What a session found, and its completion."""

    CATEGORY = "summary"
    BINDINGS = [
        Binding("c", "complete", "complete", id="summary.complete"),
        Binding("o", "reopen", "reopen (logged)", id="summary.reopen"),
        Binding("enter", "runner", "answers", id="summary.runner"),
        Binding("f", "finding", "finding", id="summary.finding"),
        Binding("escape", "back", "back", id="summary.back"),
    ]

    def __init__(self, context: AppContext, session_id: int, *, from_runner: bool = False) -> None:
        super().__init__(context)
        self.session_id = session_id
        self.from_runner = from_runner
        self.bundle: SessionBundle | None = None

    def compose(self) -> ComposeResult:
        yield RunnerHeader(self.t, id="summary-header")
        with VerticalScroll(id="summary-body"):
            yield Static(self.t("tui.home.loading"), id="summary-content")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#summary-body").focus()
        self._load()

    @work(thread=True, exclusive=True, group="summary-load")
    def _load(self) -> None:
        try:
            bundle = load_session(self.context, self.session_id)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(SessionLoaded(bundle))

    def on_session_loaded(self, message: SessionLoaded) -> None:
        self.bundle = bundle = message.bundle
        model = RunnerModel(bundle.checklist, bundle.organization.tags, bundle.states)
        counts = model.progress()
        session = bundle.session
        who = bundle.respondent.name if bundle.respondent else (session.inspector_name or "")
        self.query_one(RunnerHeader).show(
            organization=bundle.organization.name,
            checklist=bundle.checklist.title.get(self.t.lang),
            who=f"{self.t(f'tui.kind.{session.kind.value}')}  {who}".strip(),
            counts=counts,
            unsaved=0,
            read_only=session.is_completed,
        )
        self.query_one("#summary-content", Static).update(self._content(model))
        self.refresh_bindings()

    def _content(self, model: RunnerModel) -> RenderableType:
        t = self.t
        lang = t.lang
        applicable = model.applicable_ids()
        counts = model.progress()
        by_value: Counter[str] = Counter()
        other = 0
        for item in model.checklist.items:
            if item.id not in applicable:
                continue
            value = model.state(item.id).value
            if value is None:
                continue
            if item.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO):
                by_value[value] += 1
            else:
                other += 1
        parts: list[RenderableType] = []
        parts.append(Text(t("tui.summary.counts"), style="bold"))
        table = Table.grid(padding=(0, 2))
        table.add_column()
        table.add_column(justify="right")
        checklist = model.checklist
        broken = {checklist.broken_value(i) for i in checklist.items if i.id in applicable}
        # 該当なし (answered) shown beside 対象外 (by the conditions) even when 0: only one of
        # the two showed, and they read as one (walk7 LOW)
        compliance = any(
            i.answer is AnswerType.COMPLIANCE for i in checklist.items if i.id in applicable
        )
        always = {"compliant", "noncompliant", "not_applicable"} if compliance else set()
        for value in ("compliant", "noncompliant", "not_applicable", "yes", "no"):
            if by_value.get(value) or value in always:
                style = "bold red" if value in broken else ""
                table.add_row(Text(t(f"tui.answer.{value}"), style=style), str(by_value[value]))
        if other:
            table.add_row(t("tui.summary.answered_other"), str(other))
        table.add_row(t("tui.answer.unanswered"), str(counts.unanswered))
        skipped = len(model.checklist.items) - counts.applicable
        table.add_row(t("tui7b.summary.skipped"), str(skipped))
        parts.append(table)
        parts.append(
            Text(
                t(
                    "tui.summary.total",
                    applicable=counts.applicable,
                    answered=counts.answered,
                    unanswered=counts.unanswered,
                ),
                style="dim",
            )
        )
        hearing = is_hearing_checklist(model.checklist)
        heading = t("fix9w.hearing.yes_items" if hearing else "tui.summary.noncompliant_items")
        parts.append(Rule(heading, align="left", style="red"))
        noncompliant = [
            i
            for i in model.checklist.items
            if i.id in applicable and model.checklist.is_broken(i, model.state(i.id).value)
        ]
        if not noncompliant:
            parts.append(Text(t("tui.summary.none"), style="dim"))
        listing = _listing()
        for item in noncompliant:
            number = f"{model.number(item.id)}."
            listing.add_row(number, Text(item.text.get(lang), style="bold", overflow="fold"))
            if hearing:
                continue  # no 要因 in a hearing (walk9 M7)
            reasons = reason_labels(item, model.state(item.id), t)
            reason_text = " / ".join(reasons) if reasons else t("tui.summary.reasons_none")
            listing.add_row(
                "", Text(f"→ {reason_text}", style="" if reasons else "dim", overflow="fold")
            )
        parts.append(listing)
        parts.append(Rule(t("tui.summary.unanswered_items"), align="left", style="yellow"))
        unanswered = [
            i
            for i in model.checklist.items
            if i.id in applicable and model.state(i.id).value is None
        ]
        if not unanswered:
            parts.append(Text(t("tui.summary.none"), style="dim"))
        listing = _listing()
        for item in unanswered:
            listing.add_row(
                f"{model.number(item.id)}.",
                Text(item.text.get(lang), no_wrap=True, overflow="ellipsis"),
            )
        parts.append(listing)
        assert self.bundle is not None
        if self.bundle.events:
            parts.append(Rule(t("tui.summary.history"), align="left", style="dim"))
            for action, actor, at, note in self.bundle.events:
                label = t(f"tui.summary.event.{action}")
                when = moment_text(at, t)
                parts.append(Text(f"{label}  {when}  {actor}  {note}".rstrip(), style="dim"))
        return Group(*parts)

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.bundle is None:
            return action in ("back",)
        if hidden_by_session(self.bundle.session, action):
            return False  # no `f` on a self-check, as in the runner (tui11)
        completed = self.bundle.session.is_completed
        if action == "complete":
            return not completed
        if action == "reopen":
            return completed
        return True

    def palette_offers(self, action: str) -> bool:
        """Not the finding on a self-check: it never applies there (tui11)."""
        return self.bundle is None or not never_for_kind(self.bundle.session, action)

    def action_complete(self) -> None:
        """Mark the session complete; it becomes read-only."""
        from inspector.tui.screens.confirm import ConfirmScreen

        if self.bundle is None:
            return
        if self.bundle.session.is_completed:
            self.notify(self.t("tui.summary.already_completed"))
            return
        model = RunnerModel(
            self.bundle.checklist, self.bundle.organization.tags, self.bundle.states
        )
        unanswered = model.progress().unanswered
        lacking = lacking_reasons(model, self.t)
        without_reasons = len(lacking)
        if unanswered or without_reasons:
            # a 不遵守 with no reason completed at once (walk7b N4): the notice needs them;
            # named, so that they can be found and given their reasons (walk8b L3)
            items = named_items(model, lacking, self.t)
            if not without_reasons:
                question = self.t("tui.summary.complete_confirm", count=unanswered)
            elif not unanswered:
                question = self.t(
                    "tui9b.summary.complete_no_reasons", count=without_reasons, items=items
                )
            else:
                question = self.t(
                    "tui9b.summary.complete_both",
                    unanswered=unanswered,
                    reasons=without_reasons,
                    items=items,
                )

            def done(yes: bool | None) -> None:
                if yes:
                    self._set_status(complete=True, note="")

            self.app.push_screen(ConfirmScreen(self.context, question), done)
        else:
            self._set_status(complete=True, note="")

    def action_reopen(self) -> None:
        """Reopen a completed session; asks why, and logs it."""
        from inspector.tui.screens.prompt import PromptScreen

        if self.bundle is None:
            return
        if not self.bundle.session.is_completed:
            self.notify(self.t("tui.summary.not_completed"))
            return

        def done(note: str | None) -> None:
            if note is not None:
                self._set_status(complete=False, note=note)

        self.app.push_screen(
            PromptScreen(
                self.context,
                self.t("tui.summary.reopen_prompt"),
                required=True,
                field=self.t("tui14.field.reopen"),
            ),
            done,
        )

    @work(thread=True, group="summary-status")
    def _set_status(self, *, complete: bool, note: str) -> None:
        repo = self.context.repo
        # the configured inspector (監査 太郎), as on the header; the login name only
        # when none is configured (walk7b N4: 「完了  inspector」)
        from inspector.services.actors import session_actor

        actor = session_actor(self.context, self.session_id)
        try:
            if complete:
                session = repo.complete_session(self.session_id, actor)
            else:
                session = repo.reopen_session(self.session_id, actor, note)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(SessionStatusChanged(session))

    def on_session_status_changed(self, message: SessionStatusChanged) -> None:
        key = "tui.summary.completed" if message.session.is_completed else "tui.summary.reopened"
        self.notify(self.t(key))
        self._load()

    def action_finding(self) -> None:
        """Propose a finding for a noncompliant item (chosen when there are several)."""
        from inspector.tui.screens.finding_edit import propose_from_summary

        if self.bundle is not None:
            propose_from_summary(self, self.bundle)

    def action_runner(self) -> None:
        """Go to the answers (the runner)."""
        from inspector.tui.screens.runner import RunnerScreen

        if self.from_runner:
            self.app.pop_screen()
        else:
            self.app.switch_screen(RunnerScreen(self.context, self.session_id))

    def action_back(self) -> None:
        """Back to where the summary was opened from; from a completed hearing, past its
        questions to the hearing list, where the next person is picked (walk9 L7)."""
        from inspector.tui.screens.hearing import HearingScreen

        stack, bundle = self.app.screen_stack, self.bundle
        done_hearing = (
            self.from_runner
            and bundle is not None
            and bundle.session.is_completed
            and is_hearing_checklist(bundle.checklist)
            and len(stack) >= 3
            and isinstance(stack[-3], HearingScreen)
        )
        self.app.pop_screen()
        if done_hearing:
            self.app.pop_screen()  # the questions: read-only now


def _listing() -> Table:
    """Numbered rows with a hanging indent, so wrapped Japanese lines stay aligned."""
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", width=4, no_wrap=True)
    table.add_column(ratio=1)
    return table
