"""Withdrawing and restoring findings from the command line (`inspector findings`): an
unknown finding or session, a finding withdrawn twice or restored while not withdrawn, an
empty reason, a reason with a control character (an escape sequence, a line break, a
direction override), an id that is no number. Each is refused with what and where, the
database unchanged."""

from __future__ import annotations

from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector

FINDING = "2"  # a finding of the demo's first visit


def _withdrawn_once(places: Placeholders) -> None:
    run_inspector(places, "findings", "withdraw", FINDING, "--reason", "重複のため")


def _withdraw(reason: str) -> list[str]:
    return ["findings", "withdraw", FINDING, "--reason", reason]


CASES = [
    Case(
        id="findings-withdraw-unknown-id",
        args=["findings", "withdraw", "999999", "--reason", "誤り"],
        expect=["指摘事項 999999 はありません", "findings list"],
        exit_code=1,
    ),
    Case(
        id="findings-withdraw-unknown-id-en",
        args=["findings", "withdraw", "999999", "--reason", "wrong"],
        expect=["There is no finding 999999"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="findings-withdraw-twice",
        args=_withdraw("別の理由"),
        expect=[f"指摘事項 {FINDING}", "取下げ済み", "重複のため", "findings restore"],
        exit_code=1,
        setup=_withdrawn_once,
    ),
    Case(
        id="findings-withdraw-empty-reason",
        args=_withdraw(""),
        expect=[f"指摘事項 {FINDING}", "--reason", "空"],
        exit_code=1,
    ),
    Case(
        id="findings-withdraw-blank-reason",
        args=_withdraw(" \u3000 "),
        expect=[f"指摘事項 {FINDING}", "--reason", "空"],
        exit_code=1,
    ),
    Case(
        id="findings-withdraw-escape-in-reason",
        args=_withdraw("誤り\x1b[2J"),
        expect=["3 文字目", "U+001B", "--reason"],
        exit_code=1,
    ),
    Case(
        id="findings-withdraw-line-break-in-reason",
        args=_withdraw("一行目\n二行目"),
        expect=["4 文字目", "U+000A"],
        exit_code=1,
    ),
    Case(
        id="findings-withdraw-direction-override-in-reason",
        args=_withdraw("誤り\u202e"),
        expect=["3 文字目", "U+202E"],
        exit_code=1,
    ),
    Case(
        id="findings-withdraw-delete-char-in-reason",
        args=_withdraw("誤\x7fり"),
        expect=["at character 2", "U+007F"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="findings-withdraw-id-not-a-number",
        args=["findings", "withdraw", "二", "--reason", "誤り"],
        expect=["FINDING_ID", "二"],
        exit_code=2,
    ),
    Case(
        id="findings-withdraw-without-reason",
        args=["findings", "withdraw", FINDING],
        expect=["--reason"],
        exit_code=2,
    ),
    Case(
        id="findings-restore-not-withdrawn",
        args=["findings", "restore", FINDING],
        expect=[f"指摘事項 {FINDING}", "取り下げられていません"],
        exit_code=1,
    ),
    Case(
        id="findings-restore-unknown-id",
        args=["findings", "restore", "999999"],
        expect=["指摘事項 999999 はありません"],
        exit_code=1,
    ),
    Case(
        id="findings-list-unknown-session",
        args=["findings", "list", "--session", "999999"],
        expect=["点検 999999 はありません"],
        exit_code=1,
    ),
]
