"""`inspector verify` says which of one 文書番号's two follow-up reports is the copy (cli11):
the English copy made with --force names its Japanese original, the original names its
copy, from the register; --json gives the same as `copy_of` / `copies`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_doc10_followup_language import demo_template, env, followup, register, run

__all__ = ["demo_template", "env"]  # the fixtures, shared with doc10's test


def test_verify_names_the_copy_and_the_original(env: dict[str, str]) -> None:
    tmp = Path(env["TMP"])
    japanese, english = tmp / "fu210.pdf", tmp / "fu210_en.pdf"
    code, _out, err = followup(env, "-o", str(japanese))
    assert code == 0, err
    code, _out, err = followup(env, "--doc-lang", "en", "--force", "-o", str(english))
    assert code == 0, err
    rows = register(env["DB"])
    original_id, copy_id = rows[-2][0], rows[-1][0]
    assert rows[-1][2] == original_id  # the register's record of the copy

    code, out, err = run(env, "verify", str(english))
    assert code == 0, err
    assert f"この文書は 監報第1号 の写しです（別の言語で作成、原本は {original_id}）" in out
    code, out, err = run(env, "verify", str(japanese))
    assert code == 0, err
    assert f"この文書は 監報第1号 の原本です（同じ番号の別の言語の写し: {copy_id}）" in out
    assert "写しです" not in out

    code, out, err = run(env, "verify", "--json", str(english))
    assert code == 0, err
    assert json.loads(out)["copy_of"] == original_id
    code, out, err = run(env, "verify", "--json", str(japanese))
    assert json.loads(out)["copies"] == [copy_id]
    code, out, err = run(env, "--lang", "en", "verify", str(english))
    assert (
        f"This document is a copy of 監報第1号 (made in another language; the original is {original_id})"
        in out
    )


def test_a_followup_without_a_copy_says_nothing_of_copies(env: dict[str, str]) -> None:
    japanese = Path(env["TMP"]) / "fu210.pdf"
    code, _out, err = followup(env, "-o", str(japanese))
    assert code == 0, err
    code, out, err = run(env, "verify", str(japanese))
    assert code == 0, err
    assert "写し" not in out and "原本" not in out
    code, out, _err = run(env, "verify", "--json", str(japanese))
    assert "copy_of" not in json.loads(out) and "copies" not in json.loads(out)
