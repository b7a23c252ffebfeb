"""No data reaches a markup-parsing Textual API as a `str` (hunt4 M1): an AST scan of
`inspector/tui` for the calls that read their text as content markup (`Label`, `Static`,
`update`, `Button`, `Option`, a DataTable's `add_row`, a Select's options, ...).

An argument passes when it cannot hold data: a literal without `[`, a catalogue message
without values (`t("key")`), or text made plain (`plain`, `plain_cell`, Rich `Text`,
`Content`). Anything else is listed in REVIEWED below, each read and found to hold no data
(counts, dates, our own labels, Rich Text built by the widget), or the scan fails: wrap
the data in `tui/plain.py`'s `plain` / `plain_cell`. `notify` is not scanned:
`InspectorApp.notify` never reads markup (tests/tui/test_markup_data.py)."""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "inspector" / "tui"

FIRST_ARGUMENT = {
    "Label",
    "Static",
    "Button",
    "Option",
    "Checkbox",
    "RadioButton",
    "TabPane",
    "Tab",
    "Collapsible",
    "update",
    "add_option",
    "from_markup",
}
EVERY_ARGUMENT = {"add_row"}
HITS = {"Hit": 1, "DiscoveryHit": 0}
"""The command palette's hits: the display (the argument at this index) and the `help`
keyword are read as markup (walk7 H1: the key `/` shown as `[/]` ended the application)."""
OPTIONS = {"Select", "set_options", "add_options"}
TRANSLATORS = {"t", "tf", "tp", "tr", "tc", "_m", "tx"}
PLAIN = {
    "plain",
    "plain_cell",
    "Text",
    "Content",
    "literal_markup",
    "literal_highlight",
    "keys_hint",  # Content of catalogue words (tui/form_keys.py)
}
RICH = {"num", "item_text", "row_mark", "_shown_cell", "Wrapped", "Hanging"}
"""Our own builders of Rich Text cells (numbers, a checklist item, a mark), and `Wrapped`
and `Hanging` (a Rich Text wrapped by the line-break rule, later lines indented or not:
never parsed as markup)."""

ALLOWED_LITERAL_MARKUP: set[str] = set()
"""Literals that use markup on purpose (none: styles are given as Rich Text)."""

REVIEWED = {
    # (file under inspector/tui, the argument's source): why it holds no data
    ("screens/card_ledger.py", "title"),  # a count or "no mismatch"
    ("screens/collection.py", "status"),  # counts
    ("screens/consolidation.py", "tr('worst_title', top=self.top)"),  # a number
    ("screens/consolidation_compare.py", "head"),  # Rich Text (comparison_head)
    ("screens/consolidation_drill.py", "text"),  # Rich Text
    ("screens/consolidation_drill.py", "self.t(_K + 'drill_count', count=len(self.breakers))"),
    ("screens/document_progress.py", "self._step_text(n, key, current=0)"),  # labels
    ("screens/document_progress.py", "self._step_text(n, key, current=current)"),
    ("screens/finding_edit.py", "[(kind_label(t, k), k) for k in KINDS]"),  # our labels
    ("screens/hearing.py", "self.query_one('#hearing-tally', HearingTallyTable).detail() or ''"),
    (
        "screens/home.py",
        "f\"{self.t('tui.app.title')} — {self.t('tui.home.title')}   "
        "{self.t('tui.home.today', date=today)}\"",
    ),  # the date
    ("screens/layout_editor.py", "rules"),  # Rich Text
    ("screens/layout_editor.py", "palette"),  # Rich Text
    ("screens/layout_editor.py", "status"),  # the cursor's cell and kinds: our labels
    ("screens/measure_entry.py", "[(status_label(t, s), s) for s in STATUSES]"),
    (
        "screens/new_session.py",
        "t('tui.new.step', step=self.step + 1, steps=len(self.steps), what=what)",
    ),
    ("screens/plan_detail.py", "title"),  # a catalogue message
    ("screens/plan_edit.py", "title"),  # a catalogue message (the plan form, moved)
    ("screens/plan_detail.py", "info"),  # Rich Text
    ("screens/plan_detail.py", "day_text(entry.entry_date, t)"),
    ("screens/plan_detail.py", "status_label(t, entry.status)"),
    ("screens/plans.py", "tp(t, 'count', count=len(rows)) if rows else tp(t, 'empty')"),
    ("runner_leave.py", "self.t('tui.runner.unsaved', count=len(self.model.unsaved))"),
    ("screens/site_form.py", "self._label_text(spec)"),  # a catalogue label
    ("screens/site_form.py", "spec.choices"),  # the kinds of storage: catalogue labels
    ("screens/summary.py", "self._content(model)"),  # Rich renderables
    ("screens/summary.py", "number"),
    ("screens/summary.py", "f'{model.number(item.id)}.'"),
    ("screens/value_input.py", "title"),  # a catalogue message with the item's number
    ("screens/value_input.py", "self._number_problem()"),  # the item's range
    ("screens/confirm.py", "f\"{self.t('tui.confirm.yes')}   {self.t('tui.confirm.no')}\""),
    ("widgets/backup_rules.py", "text"),  # Rich Text
    ("widgets/backup_rules.py", "Wrapped(text)"),  # Rich Text, wrapped
    # the collect's notes (file names, cell values) as Rich Text, wrapped
    ("screens/collection.py", "Wrapped(plain_cell('\\n'.join([title, *self.skipped])))"),
    ("widgets/comparison_table.py", "*first"),  # Rich Text cells
    ("widgets/item_counts_table.py", "*cells"),  # Rich Text cells
    ("widgets/hearing_roster.py", "*roster_cells(t, cases, row)"),  # data made plain there
    ("screens/summary.py", "str(counts.unanswered)"),  # numbers
    ("screens/summary.py", "str(skipped)"),
    ("screens/summary.py", "str(other)"),
    ("screens/summary.py", "str(by_value[value])"),
    # `dict.update`, not a widget's
    ("bindings.py", "BindingsMap(base.__dict__.get('BINDINGS', [])).key_to_bindings"),
    ("keymap_check.py", "BindingsMap(base.__dict__.get('BINDINGS', [])).key_to_bindings"),
    ("widgets/runner_header.py", "text"),  # Rich Text
    ("widgets/staff_groups_table.py", "item_text(checklist, c.item, lang, LABEL_WIDTH)"),
    ("widgets/fitted_table.py", "_shown_cell(cells[name])"),  # Rich Text
    ("widgets/filter_list.py", "(Option(Text(e.label), id=e.key) for e in shown)"),
    ("widgets/filter_list.py", "[Option(Text(self.empty_text, style='dim'), disabled=True)]"),
    ("widgets/reason_list.py", "self._prompt(rid, label)"),  # Rich Text, wrapped
}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _safe(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return (
            not isinstance(node.value, str)
            or "[" not in node.value
            or (node.value in ALLOWED_LITERAL_MARKUP)
        )
    if isinstance(node, ast.Starred):
        return _safe(node.value)
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return _safe(node.elt)
    if isinstance(node, ast.IfExp):
        return _safe(node.body) and _safe(node.orelse)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in PLAIN and not (isinstance(node.func, ast.Attribute) and name == "Text"):
            return True
        if name in RICH:
            return True
        if name in TRANSLATORS and not node.keywords:
            return True
        if name == "map" and node.args and _name(node.args[0]) in PLAIN:
            return True
    return False


def _options_safe(node: ast.expr) -> bool:
    """A Select's options: each prompt (the first of each pair) must be safe."""
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)) and isinstance(node.elt, ast.Tuple):
        return _safe(node.elt.elts[0])
    return False


def unsafe_calls() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in sorted(TUI.rglob("*.py")):
        where = str(path.relative_to(TUI))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            arguments: list[ast.expr] = []
            if isinstance(node, ast.Call) and node.args:
                name = _name(node.func)
                if name in FIRST_ARGUMENT:
                    arguments = [node.args[0]]
                elif name in EVERY_ARGUMENT:
                    arguments = list(node.args)
                elif name in OPTIONS and not _options_safe(node.args[0]):
                    arguments = [node.args[0]]
                if any(k.arg == "markup" for k in node.keywords):
                    arguments = []  # says itself whether it is markup
                if name in HITS:
                    arguments = node.args[HITS[name] : HITS[name] + 1]
                    arguments += [k.value for k in node.keywords if k.arg == "help"]
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Attribute)
                and target.attr in ("border_title", "border_subtitle")
                for target in node.targets
            ):
                arguments = [node.value]
            for argument in arguments:
                if _safe(argument) or (where, ast.unparse(argument)) in REVIEWED:
                    continue
                found.append((where, f"{getattr(node, 'lineno', 0)}: {ast.unparse(argument)}"))
    return found


def test_no_data_reaches_a_markup_parsing_call_as_a_string() -> None:
    assert unsafe_calls() == []


def test_the_reviewed_calls_are_still_there() -> None:
    """A reviewed argument that is gone from the code leaves the list too."""
    present: set[tuple[str, str]] = set()
    for path in sorted(TUI.rglob("*.py")):
        where = str(path.relative_to(TUI))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.expr):
                present.add((where, ast.unparse(node)))
    assert sorted(REVIEWED - present) == []
