"""Bad checklist and forms YAML: duplicate keys, impossible ranges, control characters,
depends_on cycles, given to `checklists validate` or as an office's `--checklist-dir`
(issue 10 points 12-13, issue 11 point 9)."""

from __future__ import annotations

from pathlib import Path

from tests.corpus.case import Case

_FORMS = Path(__file__).resolve().parents[2] / "forms"

_HEAD = """\
id: office-check
title: {ja: 事務局の点検表}
version: "1"
unit: organization
sections:
  - id: s
    title: {ja: 区分}
items:
"""


def _item(item_id: str, extra: str = "", text: str = "項目") -> str:
    return (
        f"  - id: {item_id}\n    section: s\n    text: {{ja: {text}}}\n"
        f"    answer: compliance\n{extra}"
    )


_DUPLICATE_ANSWER = _HEAD + _item("a1", "    answer: yes_no\n")  # answer: on lines 12, 13
_RANGE = _HEAD + (
    "  - id: n1\n    section: s\n    text: {ja: 台数}\n    answer: number\n"
    "    minimum: 10\n    maximum: 1\n"
)  # maximum on line 14
_ESCAPE_TEXT = _HEAD + _item("a1", text='"画面\\e[2J消去"')  # line 11
_OSC_TITLE = _HEAD.replace("{ja: 事務局の点検表}", '{ja: "点検\\e]0;pwned\\a表"}') + _item("a1")
_CYCLE = (
    _HEAD
    + _item("a1", "    depends_on: {item: a3, answer: compliant}\n")
    + _item("a2", "    depends_on: {item: a1, answer: compliant}\n")
    + _item("a3", "    depends_on: {item: a2, answer: compliant}\n")
)
_DUPLICATE_SECTION_KEY = _HEAD.replace(
    "    title: {ja: 区分}\n", "    title: {ja: 区分}\n    id: t\n"
)


def _office(name: str, text: str, command: list[str], expect: list[str]) -> Case:
    """The file in an office's checklist folder, loaded by `command`."""
    return Case(
        id=f"checklist-dir-{name}",
        files={f"office/{name}.yaml": text},
        args=["--checklist-dir", "{tmp}/office", *command],
        expect=["{tmp}/office/" + f"{name}.yaml", *expect],
        exit_code=1,
    )


CASES = [
    Case(
        id="checklist-duplicate-answer-key",
        files={"c.yaml": _DUPLICATE_ANSWER},
        args=["checklists", "validate", "{tmp}/c.yaml"],
        expect=["{tmp}/c.yaml:13:", "キー「answer」が重複しています（最初は 12 行目）"],
        exit_code=1,
    ),
    Case(
        id="checklist-duplicate-key-in-a-section",
        files={"c.yaml": _DUPLICATE_SECTION_KEY},
        args=["checklists", "validate", "{tmp}/c.yaml"],
        expect=["{tmp}/c.yaml:8:", "キー「id」が重複しています（最初は 6 行目）"],
        exit_code=1,
    ),
    Case(
        id="checklist-minimum-above-maximum",
        files={"c.yaml": _RANGE},
        args=["checklists", "validate", "{tmp}/c.yaml"],
        expect=["{tmp}/c.yaml:14:", "[項目 n1]", "最大値 1 が最小値 10 より小さくなっています"],
        exit_code=1,
    ),
    Case(
        id="checklist-range-on-a-compliance-item",
        files={"c.yaml": _HEAD + _item("a1", "    maximum: 3\n")},
        args=["checklists", "validate", "{tmp}/c.yaml"],
        expect=[
            "{tmp}/c.yaml:9:",
            "[項目 a1]",
            "回答の種類が compliance の項目に maximum は指定できません",
        ],
        exit_code=1,
    ),
    Case(
        id="checklist-escape-in-item-text",
        files={"c.yaml": _ESCAPE_TEXT},
        args=["checklists", "validate", "{tmp}/c.yaml"],
        expect=["{tmp}/c.yaml:11:", "[項目 a1]", "items.0.text.ja に制御文字 U+001B"],
        exit_code=1,
    ),
    Case(
        id="checklist-window-title-escape-in-title",
        files={"c.yaml": _OSC_TITLE},
        args=["checklists", "validate", "{tmp}/c.yaml"],
        expect=["{tmp}/c.yaml:2:", "title.ja に制御文字 U+001B"],
        exit_code=1,
    ),
    Case(
        id="checklist-raw-escape-byte",
        files={"c.yaml": _HEAD + _item("a1", text="画面\x1b[2J消去")},
        args=["checklists", "validate", "{tmp}/c.yaml"],
        expect=["{tmp}/c.yaml:11:", "使えない文字 U+001B"],
        exit_code=1,
    ),
    Case(
        id="checklist-depends-on-cycle",
        files={"c.yaml": _CYCLE},
        args=["checklists", "validate", "{tmp}/c.yaml"],
        expect=["{tmp}/c.yaml:9:", "[項目 a1]", "循環しています: a1 -> a3 -> a2 -> a1"],
        exit_code=1,
    ),
    _office(
        "duplicate",
        _DUPLICATE_ANSWER,
        ["checklists", "list"],
        [":13:", "キー「answer」が重複"],
    ),
    _office("range", _RANGE, ["consolidate", "--checklist", "juki-department"], [":14:"]),
    _office("escape", _ESCAPE_TEXT, ["sessions", "list"], [":11:", "U+001B"]),
    _office("cycle", _CYCLE, ["checklists", "show", "office-check"], [":9:", "cycle"]),
    Case(
        id="forms-duplicate-key",
        files={
            "forms/card-ledger.yaml": (_FORMS / "card-ledger.yaml").read_text("utf-8")
            + "kind: card-ledger\n"
        },
        args=["forms", "print", "card-ledger", "-o", "{tmp}/ledger.pdf"],
        env={"INSPECTOR_FORMS_DIR": "{tmp}/forms"},
        expect=["{tmp}/forms/card-ledger.yaml", "キー「kind」が重複しています（最初は"],
        exit_code=1,
    ),
    # names that would retitle the window reach the terminal written out, not raw
    Case(
        id="checklist-show-escape-laden-id",
        args=["checklists", "show", "x\x1b]0;pwned\x07\x1b[2J"],
        expect=["チェックリスト「x\\x1b]0;pwned\\x07", "はありません"],
        exit_code=1,
    ),
    Case(
        id="checklist-file-name-with-escapes",
        files={"office/\x1b]0;pwned\x07.yaml": _DUPLICATE_ANSWER},
        args=["checklists", "validate", "{tmp}/office"],
        expect=["{tmp}/office/\\x1b]0;pwned\\x07.yaml:13:", "キー「answer」が重複"],
        exit_code=1,
    ),
]
