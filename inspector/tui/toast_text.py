"""A toast's text: the messages shared with the command line name a command in Markdown
backticks (「`inspector keys init-office` で作成してください」). A toast is plain text, so
the backticks were drawn as they are, and the toast's wrapping broke the command over
lines at 80 columns (tui80). Here a command of more than one word gets a line of its own,
without the backticks (the app's stylesheet keeps toasts wide enough for one at 80
columns), with the bracket or the stop around it that no line may start or end with; a
one-word command (`mv`) stays in the sentence, without them."""

from __future__ import annotations

import re

from inspector.domain.line_breaks import CANNOT_END, CANNOT_START

COMMAND = re.compile(r"`([^`\n]+)`")


def toast_text(message: str) -> str:
    """`message` with its commands shown whole, without backticks."""
    parts = COMMAND.split(message)
    if len(parts) == 1:
        return message
    out = parts[0]
    for index in range(1, len(parts), 2):
        command, after = parts[index].strip(), parts[index + 1]
        if " " not in command:
            out += command + after
            continue
        before = out.rstrip(" ")
        opening = len(before) - len(before.rstrip(CANNOT_END))
        head, opened = before[: len(before) - opening], before[len(before) - opening :]
        rest = after.lstrip(" ")
        closing = len(rest) - len(rest.lstrip(CANNOT_START))
        line = opened + command + rest[:closing]
        out = (head.rstrip(" ") + "\n" if head.strip() else "") + line
        rest = rest[closing:].lstrip(" ")
        out += "\n" + rest if rest else ""
    return out


__all__ = ["toast_text"]
