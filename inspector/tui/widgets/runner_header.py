"""The runner's header: organization, checklist, respondent, progress, noncompliant count."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from inspector.domain.progress import Progress
from inspector.i18n import Translator
from inspector.tui.text import fit

_GAP = "  "


@dataclass(frozen=True)
class _Shown:
    organization: str
    checklist: str
    who: str
    counts: Progress
    unsaved: int
    read_only: bool


class RunnerHeader(Static):
    """Two lines: who and what is being checked; how far it has got."""

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.t = t
        self._shown: Text | None = None
        self._args: _Shown | None = None

    def show(
        self,
        *,
        organization: str,
        checklist: str,
        who: str,
        counts: Progress,
        unsaved: int,
        read_only: bool,
    ) -> None:
        self._args = _Shown(organization, checklist, who, counts, unsaved, read_only)
        self._draw()

    def on_resize(self) -> None:
        # the room left for the name depends on the width
        if self._args is not None:
            self._draw()

    def _draw(self) -> None:
        args = self._args
        assert args is not None
        t = self.t
        counts = args.counts
        first = Text(no_wrap=True, overflow="ellipsis")
        first.append(args.organization, style="bold")
        first.append(_GAP)
        first.append(args.checklist)
        # The counts, the unsaved warning and read-only always show: only the name gives way.
        tail = Text(no_wrap=True, overflow="ellipsis")
        tail.append(
            t("tui.runner.progress", answered=counts.answered, applicable=counts.applicable),
            style="bold",
        )
        tail.append(_GAP)
        # a hearing's 「はい」 is 該当あり (a case), not 不遵守 (walk9 M7)
        count_key = "fix9w.hearing.yes_count" if counts.hearing else "tui.runner.noncompliant"
        tail.append(
            t(count_key, count=counts.noncompliant),
            style="bold red" if counts.noncompliant else "",
        )
        if args.unsaved:
            tail.append(_GAP)
            tail.append(t("tui.runner.unsaved", count=args.unsaved), style="bold white on red")
        if args.read_only:
            tail.append(_GAP)
            tail.append(t("tui.runner.read_only"), style="bold yellow")
        second = Text(no_wrap=True, overflow="ellipsis")
        who = args.who
        self_check = t("tui.kind.self_check")
        if counts.hearing and who.startswith(self_check):  # a hearing, not a self-check
            who = t("fix9w.hearing.kind") + who[len(self_check) :]
        width = self.content_size.width
        if who and width > 0:
            room = width - tail.cell_len - cell_len(_GAP)
            who = fit(who, room) if room > 0 else ""
        if who:
            second.append(who)
            second.append(_GAP)
        second.append_text(tail)
        # Each line is cut to the width with an ellipsis: a long checklist title must not
        # wrap onto the second line and push the progress out of the two-line header.
        # (`text-wrap: nowrap` in app.tcss: Textual wraps by the widget's style.)
        text = Text("\n").join([first, second])
        if text == self._shown:
            return  # the same two lines: no repaint
        self._shown = text
        # The header's height is fixed (two lines, app.tcss): a new text never changes the
        # layout, so the screen is not laid out again after every answer.
        self.update(text, layout=False)
