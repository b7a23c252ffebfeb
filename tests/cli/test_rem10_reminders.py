"""rem10: reminders (督促状) that can be trusted, on the demo city with a real office key,
signed PDFs read back (their text) and the register read with sqlite3:

- D1 every signed reminder is in the keys folder's number ledger: a database restored from
  a backup never gives 監督第N号 again (another database with the same keys is not affected);
- D2 a plan whose reminder's reply-by has not passed is held back, said per department
  (dry-run and output), `--again` overrides; no second number the same day (an English
  rendering of today's letter included); `--force` never writes over another signed file;
- D3 a date before the latest reminder of the fiscal year is refused;
- D4 a plan reminded by another process while the letter was signed: nothing recorded;
- D8 the unreturned-forms table prints each form's 提出期限 (or 定めなし);
- D9 an unset municipality / 職名 is said, as `report notice` does.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.business_days import next_business_day
from inspector.domain.era import format_date
from tests.cli.test_office9b_reminders import (
    EARLIER,
    EARLIER_REPLY,
    TODAY,
    business_day_before,
    office_key,
    rows,
    run,
    text_of,
)


@pytest.fixture
def env(
    tmp_path: Path, demo_templates: Callable[[date], Path], monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    """The demo city as of today, its own keys folder with an office key 事務局, an empty
    configuration file (no municipality, no 職名)."""
    db = tmp_path / "r.db"
    shutil.copy(demo_templates(TODAY), db)
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")
    monkeypatch.delenv("INSPECTOR_SIGNER", raising=False)
    environ = {"db": db, "tmp": tmp_path, "config": config}
    office_key(environ)
    return environ


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def numbers(db: Path) -> list[str]:
    return [
        n
        for (n,) in rows(db, "select number from issued_document where kind='reminder' order by id")
    ]


def sign(env: dict[str, Path], *args: str, db: Path | None = None) -> tuple[int, str, str]:
    if db is not None:
        from click.testing import CliRunner

        from inspector.cli.main import cli

        result = CliRunner().invoke(cli, ["--db", str(db), "report", "reminders", "--signer",
                                          "事務局", *args])  # fmt: skip
        return result.exit_code, result.stdout, result.stderr
    return run(env, "report", "reminders", "--signer", "事務局", *args)


def ledger(env: dict[str, Path]) -> list[dict[str, Any]]:
    path = env["tmp"] / "keys" / "office" / "issued_numbers.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- D1 ---------------------------------------------------------------------------------------


def test_a_restored_database_never_gives_a_reminder_number_again(
    env: dict[str, Path], demo_templates: Callable[[date], Path]
) -> None:
    restored = env["tmp"] / "restored.db"
    shutil.copy(env["db"], restored)  # the backup, before any reminder
    code, _out, err = sign(env, "-o", str(env["tmp"] / "a"))
    assert code == 0, err
    issued = numbers(env["db"])
    assert issued == [f"監督第{n}号" for n in range(1, len(issued) + 1)] and len(issued) >= 2
    kept = [e for e in ledger(env) if e["kind"] == "reminder"]
    assert [e["number"] for e in kept] == issued
    assert all(e["sessions"] or e.get("forms") for e in kept)
    # the restored database: the next numbers, never 監督第1号 again, and said
    code, _out, err = sign(env, "-o", str(env["tmp"] / "b"), db=restored)
    assert code == 0, err
    again = numbers(restored)
    assert again[0] == f"監督第{len(issued) + 1}号" and not set(again) & set(issued)
    assert "監督第1号" in err and "バックアップ" in err
    for pdf in (env["tmp"] / "b").glob("*.pdf"):
        assert text_of(pdf).split(format_date(TODAY))[0] in again
    # another database (other sessions) with the same keys folder is not affected
    other = env["tmp"] / "other.db"
    shutil.copy(demo_templates(TODAY - timedelta(days=1)), other)
    code, _out, err = sign(env, "--organization", "210", "-o", str(env["tmp"] / "c"), db=other)
    assert code == 0, err
    assert numbers(other) == ["監督第1号"] and "バックアップ" not in err


# -- D2 ---------------------------------------------------------------------------------------


def test_a_reminder_whose_reply_by_has_not_passed_is_not_sent_again(env: dict[str, Path]) -> None:
    first = env["tmp"] / "first"
    code, _out, err = sign(env, "--organization", "210", "-o", str(first))
    assert code == 0, err
    [number] = numbers(env["db"])
    reply_by = format_date(next_business_day(TODAY + timedelta(days=14)))
    # dry-run and the run itself say 督促中 per department, and send nothing
    code, out, err = run(env, "report", "reminders", "--organization", "210", "--dry-run")
    assert code == 0 and f"210 市民課: 回答期限 {reply_by}まで督促中（{number}）" in out
    assert "--again" in err
    before = digest(env["db"])
    for lang in ("ja", "en"):  # an English rendering is not a new letter either
        code, out, err = sign(
            env, "--organization", "210", "--doc-lang", lang, "-o", str(env["tmp"] / lang)
        )
        assert code == 0, err
        assert out == "" and f"回答期限 {reply_by}まで督促中" in err
    assert numbers(env["db"]) == [number] and digest(env["db"]) == before
    assert not (env["tmp"] / "en").exists()
    # --again the same day: a second number for the same plans is refused, named
    code, out, err = sign(
        env, "--organization", "210", "--again", "--doc-lang", "en", "-o", str(env["tmp"] / "x")
    )
    assert code == 1 and number in err and "同じ日" in err and "Traceback" not in err
    assert numbers(env["db"]) == [number] and digest(env["db"]) == before
    assert not (env["tmp"] / "x").exists()


def test_again_reminds_before_the_reply_by_on_a_later_day(env: dict[str, Path]) -> None:
    code, _out, err = sign(
        env, "--organization", "210", "--date", EARLIER.isoformat(), "-o", str(env["tmp"] / "a")
    )
    assert code == 0, err
    # today, the plans overdue then (as of that day): held back, unless --again
    later = ("--organization", "210", "--as-of", EARLIER.isoformat(), "-o", str(env["tmp"] / "b"))
    code, out, err = sign(env, *later)
    assert code == 0 and out == "" and "督促中" in err
    code, out, err = sign(env, *later, "--again")
    assert code == 0, err
    text = text_of(Path(out.split()[0]))
    assert text.startswith("監督第2号") and "（再督促）" in text
    assert f"{format_date(EARLIER)}付け監督第1号により督促しました" in text


def test_force_never_overwrites_another_signed_reminder(env: dict[str, Path]) -> None:
    folder = env["tmp"] / "o"
    code, _out, err = run(
        env, "selfcheck", "distribute", "--checklist", "backup-media", "--organization", "210",
        "-o", str(env["tmp"] / "forms"),
    )  # fmt: skip
    assert code == 0, err
    with sqlite3.connect(env["db"]) as conn:  # handed out ten days ago, no due date
        conn.execute("update distributed_form set issued_at = ?", (f"{EARLIER} 01:00:00",))
    code, out, err = sign(env, "--organization", "210", "--what", "plans", "-o", str(folder))
    assert code == 0, err
    [pdf] = [Path(p) for p in out.split()]
    signed = digest(pdf)
    code, out, err = sign(
        env, "--organization", "210", "--what", "forms", "--force", "-o", str(folder)
    )
    assert code == 1 and "監督第1号" in err and "--force" in err and "Traceback" not in err
    assert digest(pdf) == signed and numbers(env["db"]) == ["監督第1号"]
    # nor a draft
    code, out, err = run(
        env, "report", "reminders", "--organization", "210", "--what", "forms", "--force",
        "-o", str(folder),
    )  # fmt: skip
    assert code == 1 and "監督第1号" in err and "Traceback" not in err
    assert digest(pdf) == signed


# -- D3 ---------------------------------------------------------------------------------------


def test_a_date_before_the_latest_reminder_is_refused(env: dict[str, Path]) -> None:
    code, _out, err = sign(env, "--organization", "210", "-o", str(env["tmp"] / "a"))
    assert code == 0, err
    before = digest(env["db"])
    code, out, err = sign(
        env, "--organization", "230", "--date", EARLIER.isoformat(), "-o", str(env["tmp"] / "b")
    )
    assert code == 1 and "監督第1号" in err and format_date(TODAY) in err
    assert "Traceback" not in err and out == ""
    assert digest(env["db"]) == before and not (env["tmp"] / "b").exists()
    # a later letter is never cited as an earlier one: a draft dated before names none
    code, out, err = run(
        env, "report", "reminders", "--organization", "210", "--date", EARLIER.isoformat(),
        "--reply-by", EARLIER_REPLY.isoformat(), "--again", "-o", str(env["tmp"] / "d"),
    )  # fmt: skip
    assert code == 0, err
    draft = text_of(Path(out.split()[0]))
    assert "再督促" not in draft and "（再）" not in draft and "監督第1号" not in draft


# -- D4 ---------------------------------------------------------------------------------------


def test_plans_reminded_meanwhile_by_another_process_are_not_reminded_twice(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspector.reports import reminder

    real = reminder.build_reminder
    calls: list[str | None] = []

    def build(data: Any, **kwargs: Any) -> Any:
        calls.append(data.number)
        if len(calls) == 1:  # the other process reminds the same plan meanwhile
            with sqlite3.connect(env["db"]) as conn:
                conn.execute(
                    "insert into issued_document (doc_id, kind, content_hash, issued_by,"
                    " issued_at, number, fiscal_year, serial) values ('R-other', 'reminder',"
                    " 'h', 'other', '2026-01-01 00:00:00', '監督第1号', ?, 1)",
                    (
                        data.issue_date.year
                        if data.issue_date.month >= 4
                        else data.issue_date.year - 1,
                    ),
                )
                conn.execute(
                    "insert into reminder_item (doc_id, organization_id, plan_id, reminded_on,"
                    " reply_by) values ('R-other', ?, ?, ?, ?)",
                    (data.organization.id, data.plans[0].plan_id, str(TODAY), str(TODAY)),
                )
        return real(data, **kwargs)

    monkeypatch.setattr(reminder, "build_reminder", build)
    out = env["tmp"] / "o"
    code, stdout, err = sign(env, "--organization", "210", "-o", str(out))
    assert code == 1 and "別の操作で督促されました" in err and "Traceback" not in err
    assert numbers(env["db"]) == ["監督第1号"]  # the other one's only
    assert stdout == "" and not list(out.glob("*.pdf"))


# -- D8 ---------------------------------------------------------------------------------------


def test_unreturned_forms_print_their_due_date_or_none_set(env: dict[str, Path]) -> None:
    for org in ("110", "120"):
        code, _out, err = run(
            env, "selfcheck", "distribute", "--checklist", "backup-media", "--organization", org,
            "-o", str(env["tmp"] / f"forms{org}"),
        )  # fmt: skip
        assert code == 0, err
    due = business_day_before(TODAY, 3)
    with sqlite3.connect(env["db"]) as conn:
        conn.execute("update distributed_form set issued_at = ?", (f"{EARLIER} 01:00:00",))
        conn.execute(
            "update distributed_form set due = ? where organization_id ="
            " (select id from organization where code = '110')",
            (str(due),),
        )
    out_dir = env["tmp"] / "o"
    code, _out, err = run(env, "report", "reminders", "--what", "forms", "-o", str(out_dir))
    assert code == 0, err
    with_due = text_of(out_dir / f"reminder_110_{TODAY:%Y%m%d}.pdf")
    without = text_of(out_dir / f"reminder_120_{TODAY:%Y%m%d}.pdf")
    assert "提出期限" in with_due and format_date(due) in with_due
    assert "提出期限" in without and "定めなし" in without


# -- D9 ---------------------------------------------------------------------------------------


def test_an_unset_municipality_or_title_is_said(env: dict[str, Path]) -> None:
    args = ("--organization", "210", "-o")
    code, _out, err = run(env, "report", "reminders", *args, str(env["tmp"] / "a"))
    assert code == 0, err
    assert "municipality" in err and "office_head_title" in err and str(env["config"]) in err
    env["config"].write_text(
        'municipality = "みどり市"\noffice_head = "事務局"\n'
        'office_head_title = "監査委員事務局長"\n',
        encoding="utf-8",
    )
    code, out, err = sign(env, *args, str(env["tmp"] / "b"))
    assert code == 0, err
    assert "注意" not in err
    assert "監査委員事務局長" in text_of(Path(out.split()[0]))
