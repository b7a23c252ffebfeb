"""`inspector report reminders` / `report notice` (rem11, rev10 D1/D8/D9) refuse a signed
document, before a passphrase is asked or a file written, when the keys folder's number
ledger is there but cannot be read: a folder in its place, a symbolic link, a file over
16 MiB. The message names the ledger file and why."""

from __future__ import annotations

import os
from pathlib import Path

from tests.corpus.case import Case, Placeholders


def _ledger(places: Placeholders) -> Path:
    return Path(places["keys"]) / "office" / "issued_numbers.jsonl"


def _folder(places: Placeholders) -> None:
    path = _ledger(places)
    path.unlink(missing_ok=True)
    path.mkdir()


def _link(places: Placeholders) -> None:
    path = _ledger(places)
    path.unlink(missing_ok=True)
    elsewhere = Path(places["tmp"]) / "elsewhere.jsonl"
    elsewhere.write_text("", encoding="utf-8")
    os.symlink(elsewhere, path)


def _huge(places: Placeholders) -> None:
    with _ledger(places).open("ab") as f:
        f.truncate(16 * 1024 * 1024 + 1)


SIGNED = ["--signer", "監査 太郎"]
REMIND = ["report", "reminders", "--organization", "210", *SIGNED, "-o", "{tmp}/out"]
CASES = [
    Case(
        id="rem11-ledger-is-a-folder",
        args=REMIND,
        expect=["issued_numbers.jsonl", "通常のファイルではありません"],
        keys=True,
        setup=_folder,
    ),
    Case(
        id="rem11-ledger-is-a-link",
        args=REMIND,
        expect=["issued_numbers.jsonl", "リンク"],
        keys=True,
        setup=_link,
    ),
    Case(
        id="rem11-ledger-too-big-notice",
        args=["report", "notice", "--session", "1", *SIGNED, "-o", "{tmp}/n.pdf"],
        expect=["issued_numbers.jsonl", "大きすぎます"],
        keys=True,
        setup=_huge,
    ),
    Case(
        id="rem11-ledger-is-a-folder-en",
        args=REMIND,
        expect=["issued_numbers.jsonl", "not a regular file"],
        keys=True,
        setup=_folder,
        lang="en",
    ),
]
