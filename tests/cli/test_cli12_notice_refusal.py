"""A refused `report notice` still says which lines of the number ledger were skipped (task
cli12, point 2): the refusal (a visit the ledger knows was issued, the re-issue in another
language) may follow from what the ledger holds, so the lines it did not trust are named
there too -- file, line, why -- as a notice that passes names them. Real demo database, real
keys, CliRunner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from inspector.demo.city import AUDITOR
from tests.cli.test_docs9_numbers_and_language import OFFICE, SESSION, TODAY, run
from tests.cli.test_docs9_numbers_and_language import env as env
from tests.cli.test_rem11_ledger import issue_then_restore, ledger


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)


def damage(env: dict[str, str]) -> None:
    """A second line that does not parse: skipped, the first (監第1号) still trusted."""
    with ledger(env).open("ab") as file:
        file.write(b"{not json\n")


def test_the_already_issued_refusal_names_the_skipped_line(env: dict[str, str]) -> None:
    restored, _first = issue_then_restore(env)
    damage(env)
    out = Path(env["TMP"]) / "again.pdf"
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "-o", str(out), db=restored
    )
    assert code == 1, err
    assert "Traceback" not in err
    assert "監第1号" in err  # the refusal: the ledger knows the visit's notice
    assert f"{ledger(env)} の 2 行目" in err  # and the line it skipped
    assert not out.exists()
    # said once, before the refusal
    assert err.count(f"{ledger(env)} の 2 行目") == 1
    assert err.index("2 行目") < err.index("監第1号")


def test_the_refusal_of_every_visit_names_the_skipped_line(env: dict[str, str]) -> None:
    restored, _first = issue_then_restore(env)
    damage(env)
    folder = Path(env["TMP"]) / "all"
    code, _out, err = run(
        env, "report", "notice", "--all", "--inspector", AUDITOR, "-o", str(folder), db=restored
    )
    assert code == 1, err
    assert "Traceback" not in err
    assert "発行済みの通知書がある監査" in err  # the refusal: 210's visit, by the ledger
    assert err.count(f"{ledger(env)} の 2 行目") == 1
    assert err.index("2 行目") < err.index("発行済みの通知書がある監査")
    assert not folder.exists()


def test_the_other_language_refusal_names_the_skipped_line_in_english(
    env: dict[str, str],
) -> None:
    restored, _first = issue_then_restore(env)
    damage(env)
    out = Path(env["TMP"]) / "again_en.pdf"
    code, _out, err = run(
        env, "--lang", "en", "report", "notice", "--session", str(SESSION), "--reissue",
        "--doc-lang", "en", "-o", str(out), db=restored,
    )  # fmt: skip
    assert code == 1, err
    assert "Traceback" not in err
    assert "line 2" in err and str(ledger(env)) in err
    assert not out.exists()


# -- the follow-up report said none of them, refused or not --------------------------------


def followup(env: dict[str, str], out: Path, *extra: str) -> tuple[int, str]:
    code, _out, err = run(
        env, "report", "followup", "--organization", "210", "--signer", OFFICE, "-o", str(out),
        *extra,
    )  # fmt: skip
    return code, err


def test_a_refused_followup_names_the_skipped_line(env: dict[str, str]) -> None:
    tmp = Path(env["TMP"])
    assert followup(env, tmp / "fu1.pdf")[0] == 0
    damage(env)
    code, err = followup(env, tmp / "fu2.pdf")  # the same report again: refused
    assert code == 1, err
    assert "Traceback" not in err
    assert err.count(f"{ledger(env)} の 2 行目") == 1
    assert not (tmp / "fu2.pdf").exists()


def test_a_followup_that_passes_names_the_skipped_line(env: dict[str, str]) -> None:
    tmp = Path(env["TMP"])
    damage(env)  # the ledger's only line
    code, err = followup(env, tmp / "fu.pdf")
    assert code == 0, err
    assert err.count(f"{ledger(env)} の 1 行目") == 1
    assert (tmp / "fu.pdf").stat().st_size > 0
