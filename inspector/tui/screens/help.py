"""Every key of the screen underneath, with what it does (user keymap applied); keys that
do not apply at the moment (e.g. "complete" on a completed session) are dimmed and say so.
A screen may say more of a key in help than in its footer with `help_description(binding)`
(the layout editor names each number key's kind). ↑ ↓ Home End scroll the list."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.actions import parse as parse_action
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label

from inspector.context import AppContext
from inspector.tui.bindings import applies_now, effective_bindings
from inspector.tui.plain import plain_cell
from inspector.tui.screens.base import InspectorModal


class HelpScreen(InspectorModal[None]):
    """Lists the bindings of `screen` and of the application."""

    BINDINGS = [
        Binding("escape", "close", "close", id="help.close"),
        Binding("question_mark", "close", "close", key_display="?", id="help.close_again"),
        # The table's own Home/End move sideways: here they go to the first and last keys.
        Binding("home", "top", "top", show=False, priority=True, id="help.top"),
        Binding("end", "bottom", "bottom", show=False, priority=True, id="help.bottom"),
    ]

    def __init__(self, context: AppContext, screen: Screen[object]) -> None:
        super().__init__(context)
        self.target = screen

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(classes="dialog", id="help-dialog"):
            yield Label(t("tui.help.title"), classes="dialog-title")
            # No cursor: ↑ and ↓ scroll the list at once (a row cursor first walks down
            # the rows already in view, which looks as if the keys did nothing).
            table: DataTable[str | Text] = DataTable(id="help-table", cursor_type="none")
            yield table
            yield Label(t("tui.help.footer"), classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(self.t("tui.help.col_key"), key="key")
        table.add_column(self.t("tui.help.col_action"), key="action")
        rows = self._rows()
        # What works now first, then what does not (dimmed, and saying so).
        for keys, description, applies in sorted(rows, key=lambda row: not row[2]):
            if applies:
                table.add_row(plain_cell(keys), plain_cell(description))
            else:
                note = self.t("tui.help.not_now")
                table.add_row(Text(keys, style="dim"), Text(f"{description}  {note}", style="dim"))
        table.focus()

    def _rows(self) -> list[tuple[str, str, bool]]:
        """(keys, what they do, whether they apply now), one row per action: the keys of
        one action share its row (「? / F1  ヘルプ」, 「q / ^q  終了」: walk8 LOW listed help
        three times), and the bindings of a group (the choice keys 1-9) share one row."""
        rows: list[tuple[str, str, bool]] = []
        groups: dict[str, tuple[int, list[str], list[str]]] = {}
        by_action: dict[tuple[str, str, tuple[object, ...]], int] = {}
        seen: set[str] = set()
        for node in (self.target, self.app):
            for keys, binding in effective_bindings(
                node, self.app, self.context.settings.keymap, self.t
            ):
                if binding.id in seen:
                    continue
                seen.add(binding.id or "")
                applies = self._applies(node, binding)
                describe = getattr(node, "help_description", None)
                if callable(describe):
                    binding = replace(binding, description=describe(binding))
                if binding.group is None:
                    action = self._action_of(node, binding)
                    if action is not None and action in by_action:
                        index = by_action[action]
                        shown, description, applied = rows[index]
                        more = [k for k in keys.split(" / ") if k not in shown.split(" / ")]
                        rows[index] = (" / ".join([shown, *more]), description, applied or applies)
                        continue
                    if action is not None:
                        by_action[action] = len(rows)
                    rows.append((keys, binding.description, applies))
                    continue
                name = binding.group.description
                if name not in groups:
                    groups[name] = (len(rows), [], [])
                    rows.append(("", name, False))
                _index, all_keys, applying = groups[name]
                all_keys.append(keys)
                if applies:
                    applying.append(keys)
        for name, (index, all_keys, applying) in groups.items():
            rows[index] = (_key_range(applying or all_keys), name, bool(applying))
        # what the screen's abbreviations mean, after its keys (walk7b N5)
        notes = getattr(self.target, "help_notes", None)
        if callable(notes):
            rows.extend(("", note, True) for note in notes())
        return rows

    def _action_of(
        self, node: Screen[object] | App[object], binding: Binding
    ) -> tuple[str, str, tuple[object, ...]] | None:
        """What the binding runs, and where: the screen's `?` running ``app.help`` and the
        app's own ``help`` are one action (None: an action that cannot be read)."""
        try:
            namespace, name, parameters = parse_action(binding.action)
        except Exception:
            return None
        if node is self.app or namespace == "app":
            return ("app", name, parameters)
        return (namespace or "screen", name, parameters)

    @staticmethod
    def _applies(node: Screen[object] | App[object], binding: Binding) -> bool:
        """What the screen's `check_action` says of the binding now (`applies_now`)."""
        return applies_now(node, binding)

    def action_top(self) -> None:
        """Scroll to the first key."""
        self.query_one(DataTable).scroll_home(animate=False, immediate=True)

    def action_bottom(self) -> None:
        """Scroll to the last key."""
        self.query_one(DataTable).scroll_end(animate=False, immediate=True)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)


def _key_range(keys: list[str]) -> str:
    """ "1-5" for consecutive digit keys, else the keys one after another."""
    if len(keys) > 2 and all(k.isdigit() for k in keys):
        numbers = [int(k) for k in keys]
        if numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"{keys[0]}-{keys[-1]}"
    return " ".join(keys)
