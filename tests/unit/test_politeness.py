"""Every Japanese message is in one style, です・ます (「保存しました」, never 「保存した」)."""

from __future__ import annotations

import re

from inspector.i18n import catalogue

# A sentence that ends in a plain form: 〜した, 〜ない, 〜ある, 〜いる, 〜する, 〜だ ...
PLAIN_ENDING = re.compile(r"(?<![まで])(した|ない|ある|いる|する|れる|った|だ|できる)$")

# Not messages: labels of keys and commands (「指摘にする」「集約を開く」 are menu entries),
# and the statements of findings the documents print in their own style (である調):
# a rule's result and a card ledger's mismatch read as they do on the signed paper.
EXEMPT = (
    "tui.binding.",
    "tui.command.",
    "site.rule.",
    "site.mismatch.",
    "site.backup.rule.",
    "site.backup.form.",
)
MESSAGE_EXCEPTIONS = ("site.rule.not_checked.",)


def _plain_sentences() -> list[str]:
    found = []
    for key, text in catalogue("ja").items():
        if key.startswith(EXEMPT) and not key.startswith(MESSAGE_EXCEPTIONS):
            continue
        for line in text.splitlines():
            sentence = line.strip().rstrip("。．.！!")
            if PLAIN_ENDING.search(sentence):
                found.append(f"{key}: {line}")
    return found


def test_every_japanese_message_is_polite() -> None:
    assert _plain_sentences() == []


def test_the_check_finds_a_plain_ending() -> None:
    assert PLAIN_ENDING.search("レイアウトを保存した")
    assert PLAIN_ENDING.search("台帳に追加した")
    assert not PLAIN_ENDING.search("レイアウトを保存しました")
    assert not PLAIN_ENDING.search("不一致はありません")
