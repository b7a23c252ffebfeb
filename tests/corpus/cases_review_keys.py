"""Holes an adversarial review of issues 10 and 11 found: a compromised key's own claim of
its signing time, escapes in data reaching messages, world-writable office files."""

from __future__ import annotations

import time
from pathlib import Path

from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector

NAME = "監査 太郎"


_inspector = run_inspector


def _signed_then_compromised(places: Placeholders) -> None:
    """A notice signed, then its key revoked for key compromise: without the database the
    signature's time is the only (the signer's, perhaps a thief's) word on when."""
    # session 1 names 監査 太郎, whose key signs it (57 names 総務 次郎)
    _inspector(places, "report", "notice", "--session", "1", "-o", f"{places['tmp']}/n.pdf")
    time.sleep(1.1)  # the signature's own time is in whole seconds
    _inspector(places, "keys", "revoke", NAME, "--reason", "紛失")


def _root_world_writable(places: Placeholders) -> None:
    (Path(places["keys"]) / "office" / "root.pem").chmod(0o666)


CASES = [
    Case(
        id="verify-no-db-compromised-signer-claims-an-early-time",
        keys=True,
        setup=_signed_then_compromised,
        args=["verify", "--no-db", "{tmp}/n.pdf"],
        expect=[
            "失効しています",
            "署名の時刻は署名者の申告で、事務局のデータベースがなければ確かめられません",
        ],
        exit_code=1,
    ),
    Case(
        # click strips escape sequences off a pipe: the message must not say '130'
        id="keys-issue-organization-with-escapes-shown-as-escaped",
        keys=True,
        args=["keys", "issue", "Z", "--organization", "13\x1b[2J0", "--passphrase-file", "{pass}"],
        expect=["組織コード '13\\x1b[2J0' はありません"],
        exit_code=1,
    ),
    Case(
        id="world-writable-office-root-certificate",
        keys=True,
        setup=_root_world_writable,
        args=["keys", "list"],
        expect=["{keys}/office/root.pem をほかの利用者が変更できます（モード 0666）"],
        exit_code=1,
    ),
]
