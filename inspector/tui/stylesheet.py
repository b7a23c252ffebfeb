"""Each screen's and widget's CSS lives in a `.tcss` file beside its module.

It is read into the class's `DEFAULT_CSS` rather than named in `CSS_PATH`: default CSS is
scoped to its class and yields to `app.tcss`, while a screen's `CSS_PATH` is global and
outranks the app's rules, so moving the rules to files changes nothing on the screen (the
snapshots pin it). Widgets have no `CSS_PATH` at all.
"""

from __future__ import annotations

from pathlib import Path


def beside(module_file: str, name: str | None = None) -> str:
    """The text of `name`.tcss (default: the module's own name) in the module's folder."""
    folder = Path(module_file).parent
    stem = name or Path(module_file).stem
    return (folder / f"{stem}.tcss").read_text(encoding="utf-8")


__all__ = ["beside"]
