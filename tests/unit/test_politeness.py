"""Every Japanese message is in one style, です・ます (「保存しました」, never 「保存した」)."""

from __future__ import annotations

import re

from inspector.i18n import catalogue

# A sentence that ends in a plain form: 〜した, 〜ない, 〜ある, 〜いる, 〜する, 〜だ ...,
# or in the written instruction 〜すること (a message asks: 〜してください).
PLAIN_ENDING = re.compile(r"(?<![まで])(した|ない|ある|いる|する|れる|った|だ|できる|ること)$")
# A clause joined in a plain form inside a polite sentence (「ないが、」 for 「ありませんが、」).
PLAIN_CLAUSE = re.compile(r"(?<![まで])(ないが|あるが|したが|だが)、")

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
    "site.mismatch_measure.",  # the measure printed on the notice (である調, like site.rule.)
    "docs8c.layout_finding.",  # a layout rule's finding as the notice prints it (である調)
)
# Labels, not sentences: a check box reads as what it sets.
LABELS = ("tui.hearing_case.detailed", "sign_box.unticked_no_key")
MESSAGE_EXCEPTIONS = ("site.rule.not_checked.",)


def _plain_sentences() -> list[str]:
    found = []
    for key, text in catalogue("ja").items():
        if (key.startswith(EXEMPT) and not key.startswith(MESSAGE_EXCEPTIONS)) or key in LABELS:
            continue
        for line in text.splitlines():
            if PLAIN_CLAUSE.search(line):
                found.append(f"{key}: {line}")
            for sentence in _sentences(line):
                if PLAIN_ENDING.search(sentence):
                    found.append(f"{key}: {line}")
                    break
    return found


def _sentences(line: str) -> list[str]:
    """The sentences of a line, each without its closing punctuation and without a
    closing note in brackets (「指摘を記録しました（#3）」 ends in 「しました」)."""
    found = []
    for part in re.split(r"(?<=[。！？])", line):
        sentence = part.strip().rstrip("。．.！!？")
        sentence = re.sub(r"[（(][^（）()]*[）)]$", "", sentence).rstrip()
        if sentence:
            found.append(sentence)
    return found


def test_every_japanese_message_is_polite() -> None:
    assert _plain_sentences() == []


def test_the_check_finds_a_plain_ending() -> None:
    assert PLAIN_ENDING.search("レイアウトを保存した")
    assert PLAIN_ENDING.search("台帳に追加した")
    assert not PLAIN_ENDING.search("レイアウトを保存しました")
    assert not PLAIN_ENDING.search("不一致はありません")


def test_the_check_reads_every_sentence_and_looks_past_a_closing_note() -> None:
    assert _sentences("指摘を記録した（#{id}）。次へ進みます") == ["指摘を記録した", "次へ進みます"]
    assert PLAIN_ENDING.search(_sentences("先に保管箱を追加すること")[0])
    assert PLAIN_CLAUSE.search("不適合のルールはないが、3 件は未確認です")
