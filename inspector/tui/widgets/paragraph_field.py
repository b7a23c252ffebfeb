"""Free text of a sentence or two, typed where it can be reread (walk8 M4).

A one-line `Input` showed only the tail of a 130-character answer (「…回覧簿で管理する。」),
so its writer could not reread it before saving. This field is a `TextArea` a few lines
high whose text wraps. Enter in it does what the form's hint says (it saves: `FormKeys`
takes Enter for it before the text area would insert a line break); a line break pasted
into it stays, as typed.
"""

from __future__ import annotations

from inspector.tui.stylesheet import beside
from inspector.tui.widgets.safe_input import SafeTextArea


class ParagraphField(SafeTextArea):
    """A wrapping text field of a few lines; `value` is its text, as `Input.value` is."""

    DEFAULT_CSS = beside(__file__)

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(
            text,
            id=id,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            compact=True,  # no border: its two lines are two more lines of text
        )

    @property
    def value(self) -> str:
        """The text typed (line breaks as pasted)."""
        return self.text

    def on_mount(self) -> None:
        # the cursor after the text: a key typed first adds to it, never replaces it
        self.move_cursor(self.document.end)


__all__ = ["ParagraphField"]
