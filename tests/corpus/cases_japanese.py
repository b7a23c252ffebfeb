"""Dates typed in the Japanese era that do not exist (令和9年2月30日, 平成31年5月1日: that day
was 令和元年), and keymaps that would silently do nothing or hide an action: refused with
what and where, in Japanese by default."""

from __future__ import annotations

import json

from tests.corpus.case import Case


def _keymap(case_id: str, keymap: dict[str, str], expect: list[str], *args: str) -> Case:
    return Case(
        case_id,
        list(args),
        expect,
        env={"INSPECTOR_KEYMAP": json.dumps(keymap)},
    )


CASES = [
    Case(
        "era-date-no-such-day",
        ["cards", "reconcile", "--organization", "110", "--date", "令和9年2月30日"],
        expect=["--date", "'令和9年2月30日' は日付ではありません"],
        exit_code=2,
    ),
    Case(
        "era-date-outside-its-era",
        ["plans", "--today", "平成31年5月1日"],
        expect=["--today", "'平成31年5月1日' は日付ではありません"],
        exit_code=2,
    ),
    Case(
        "era-date-year-zero",
        ["plans", "--today", "R0.4.1"],
        expect=["--today", "'R0.4.1'"],
        exit_code=2,
    ),
    Case(
        "era-date-english",
        ["plans", "--today", "令和9年2月30日"],
        expect=["--today", "'令和9年2月30日' is not a date"],
        exit_code=2,
        lang="en",
    ),
    _keymap(
        "keymap-unknown-action",
        {"runner.hlep": "h"},
        ["keymap", "'runner.hlep' という操作はありません"],
    ),
    _keymap(
        "keymap-one-key-two-actions",
        {"runner.help": "e"},
        ["keymap", "'e'", "runner.help", "runner.note"],
    ),
    # refused before the self-check is started: the database stays as it was
    _keymap(
        "keymap-checked-before-selfcheck-starts",
        {"home.resume": "x", "bogus.action": "z"},
        ["'bogus.action'"],
        "selfcheck",
        "--organization",
        "110",
        "--checklist",
        "juki-department",
    ),
]
