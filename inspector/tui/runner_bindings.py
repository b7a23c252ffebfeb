"""The runner's keys: one per answer, the choice keys as one footer group, and the keys
that open a dialog or move the cursor. Each has an id, so a user keymap can change it."""

from __future__ import annotations

import re

from textual.binding import Binding, BindingType

from inspector.domain.checklist import AnswerType, Checklist
from inspector.domain.model import InspectionSession, SessionKind

CHOICE_GROUP = Binding.Group("choices", compact=True)
"""The footer shows the choice keys as one group; its text is translated by id
(`tui.binding_group.runner.choice`)."""

RUNNER_BINDINGS: list[BindingType] = [
    # First, so that `?` stays on screen however narrow the footer (the app's own `?`
    # binding comes after the screen's in the footer).
    Binding("question_mark", "app.help", "help", key_display="?", id="runner.help"),
    Binding("1", "answer('compliant')", "compliant", id="runner.answer_compliant"),
    Binding("2", "answer('noncompliant')", "noncompliant", id="runner.answer_noncompliant"),
    Binding("3", "answer('not_applicable')", "n/a", id="runner.answer_not_applicable"),
    Binding("y", "answer('yes')", "yes", id="runner.answer_yes"),
    Binding("n", "answer('no')", "no", id="runner.answer_no"),
    # Shown together in the footer as "12345 choices", as many as the item has.
    *[
        Binding(
            str(n),
            f"choose({n})",
            f"choice {n}",
            id=f"runner.choice_{n}",
            group=CHOICE_GROUP,
        )
        for n in range(1, 10)
    ],
    # The footer fits 80 columns with the answer keys and `?`; evidence, search, summary
    # and back are listed by `?` help.
    Binding("i", "input", "input", id="runner.input"),
    Binding("r", "reasons", "reasons", id="runner.reasons"),
    Binding("e", "note", "note", id="runner.note"),
    Binding("a", "evidence", "evidence", show=False, id="runner.evidence"),
    Binding("f", "finding", "finding", id="runner.finding"),
    Binding("g", "next_unanswered", "next unanswered", id="runner.next_unanswered"),
    Binding("u", "undo", "undo", id="runner.undo"),
    Binding("slash", "search", "search", key_display="/", show=False, id="runner.search"),
    Binding(
        "left_square_bracket",
        "section(-1)",
        "previous section",
        key_display="[",
        show=False,
        id="runner.prev_section",
    ),
    Binding(
        "right_square_bracket",
        "section(1)",
        "next section",
        key_display="]",
        show=False,
        id="runner.next_section",
    ),
    Binding("j", "cursor(1)", "next item", show=False, id="runner.cursor_down"),
    Binding("k", "cursor(-1)", "previous item", show=False, id="runner.cursor_up"),
    Binding("s", "summary", "summary", show=False, id="runner.summary"),
    Binding("ctrl+s", "retry", "retry unsaved", show=False, id="runner.retry"),
    Binding("escape", "back", "back", show=False, id="runner.back"),
]


__all__ = ["CHOICE_GROUP", "RUNNER_BINDINGS", "hidden_by_session", "never_for_kind", "offered_by"]

_ANSWERING = ("answer", "choose", "input", "reasons", "undo", "next_unanswered")
"""The runner's actions that change or look for answers: a completed session's footer
does not offer them (walk9 L5; pressed, they did nothing but say it is completed)."""


def never_for_kind(session: InspectionSession, action: str) -> bool:
    """Whether `action` never applies to a session of this kind: a self-check's operator
    makes no finding (walk9 M6), from the runner or from the summary (tui11)."""
    return action == "finding" and session.kind is SessionKind.SELF_CHECK


def hidden_by_session(session: InspectionSession, action: str) -> bool:
    """Whether the runner and the summary hide `action` for `session`: one that never
    applies to its kind (`never_for_kind`), an answer on a completed session (walk9 L5)."""
    if never_for_kind(session, action):
        return True
    return session.is_completed and action in _ANSWERING


_ACTION = re.compile(r"^(?P<name>answer|choose|input)(?:\((?P<argument>.*)\))?$")


def offered_by(checklist: Checklist, action: str) -> bool:
    """Whether the palette offers the runner's `action` on `checklist`: an answer key only
    when some item takes that answer (walk7b N5: 選択肢1/2/3 were listed on a compliance
    checklist and did nothing), any other command always."""
    match = _ACTION.match(action)
    if match is None:
        return True
    items = checklist.items
    argument = (match["argument"] or "").strip("'\"")
    if match["name"] == "answer":
        return any(
            argument in (item.allowed_values() or ())
            for item in items
            if item.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO)
        )
    if match["name"] == "choose":
        number = int(argument) if argument.isdigit() else 0
        return any(
            item.answer is AnswerType.CHOICE and number <= len(item.choices) for item in items
        )
    return any(item.answer in (AnswerType.NUMBER, AnswerType.TEXT) for item in items)
