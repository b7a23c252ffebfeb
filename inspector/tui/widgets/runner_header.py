"""The runner's header: organization, checklist, respondent, progress, noncompliant count."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from inspector.domain.progress import Progress
from inspector.i18n import Translator


class RunnerHeader(Static):
    """Two lines: who and what is being checked; how far it has got."""

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.t = t
        self._shown: Text | None = None

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
        t = self.t
        first = Text(no_wrap=True, overflow="ellipsis")
        first.append(organization, style="bold")
        first.append("  ")
        first.append(checklist)
        second = Text(no_wrap=True, overflow="ellipsis")
        second.append(who)
        second.append("  ")
        second.append(
            t("tui.runner.progress", answered=counts.answered, applicable=counts.applicable),
            style="bold",
        )
        second.append("  ")
        second.append(
            t("tui.runner.noncompliant", count=counts.noncompliant),
            style="bold red" if counts.noncompliant else "",
        )
        if unsaved:
            second.append("  ")
            second.append(t("tui.runner.unsaved", count=unsaved), style="bold white on red")
        if read_only:
            second.append("  ")
            second.append(t("tui.runner.read_only"), style="bold yellow")
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
