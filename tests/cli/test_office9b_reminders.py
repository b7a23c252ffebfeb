"""`inspector report reminders` (督促) on the demo city, read back as the department head
would: the text of each PDF (number, 令和 date, addressee, every overdue row), the
signature checked by `inspector verify`, the second reminder of the same plans titled
再督促 and naming the first, drafts never recorded, unreturned self-check forms listed."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.business_days import is_business_day, japan_today, next_business_day
from inspector.domain.era import format_date
from tests.pdf_text import pdf_text

TODAY = japan_today()


def business_day_before(day: date, days: int) -> date:
    """A business day at least `days` before `day`."""
    found = day - timedelta(days=days)
    while not is_business_day(found):
        found -= timedelta(days=1)
    return found


# a first round of reminders dated earlier, its reply-by past by today (rem10: a plan whose
# reminder's reply-by has not passed is not reminded again)
EARLIER = business_day_before(TODAY, 10)
EARLIER_REPLY = next_business_day(EARLIER + timedelta(days=1))


@pytest.fixture
def env(
    tmp_path: Path, demo_templates: Callable[[date], Path], monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    db = tmp_path / "r.db"
    shutil.copy(demo_templates(TODAY), db)
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")
    monkeypatch.delenv("INSPECTOR_SIGNER", raising=False)
    return {"db": db, "tmp": tmp_path}


def run(env: dict[str, Path], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(env["db"]), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def text_of(pdf: Path) -> str:
    """The PDF's text without spaces and line breaks (table cells wrap)."""
    return pdf_text(pdf)


def rows(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def overdue_plans(db: Path, code: str, day: date = TODAY) -> list[tuple[int, str, date, str]]:
    """(plan id, what the finding says — its text, else its title —, deadline, latest
    status) of `code`'s overdue plans: the deficiency, not the checklist's norm."""
    found = []
    for plan_id, title, deadline in rows(
        db,
        "select p.id, coalesce(nullif(f.text, ''), f.title), p.deadline from improvement_plan p"
        " join finding f on f.id = p.finding_id"
        " join organization o on o.id = p.responsible_organization_id"
        " where o.code = ? and f.withdrawn_at is null order by p.deadline, p.id",
        code,
    ):
        statuses = rows(
            db,
            "select status from measure_entry where plan_id = ?"
            " order by entry_date desc, recorded_at desc, id desc",
            plan_id,
        )
        status = statuses[0][0] if statuses else ""
        deadline_day = date.fromisoformat(deadline)
        if deadline_day < day and status != "done":
            found.append((plan_id, title, deadline_day, status))
    return found


def office_key(env: dict[str, Path]) -> None:
    assert run(env, "keys", "init-office")[0] == 0
    code, _out, err = run(
        env, "keys", "issue", "事務局", "--organization", "130", "--role", "office"
    )
    assert code == 0, err


def test_a_draft_lists_every_overdue_plan_and_records_nothing(env: dict[str, Path]) -> None:
    plans = overdue_plans(env["db"], "210")
    assert plans, "the demo city has overdue plans at 210"
    code, out, err = run(
        env, "report", "reminders", "--organization", "210", "-o", str(env["tmp"] / "o")
    )
    assert code == 0, err
    [pdf] = [Path(p) for p in out.split()]
    assert pdf.name == f"reminder_210_{TODAY:%Y%m%d}.pdf"
    text = text_of(pdf)
    assert "（案）" in text and "監督第" not in text  # a draft: no number
    assert format_date(TODAY) + "現在" in text  # 令和 date, as of today
    assert "市民部市民課長様" in text
    assert "改善計画等の提出について（督促）" in text
    for _id, title, deadline, _status in plans:
        assert "".join(title.split())[:12] in text
        assert format_date(deadline) in text
        assert str((TODAY - deadline).days) in text
    assert rows(env["db"], "select count(*) from reminder_item") == [(0,)]
    assert rows(env["db"], "select count(*) from issued_document where kind='reminder'") == [(0,)]
    assert "--signer" in err  # says how to sign


def test_signed_reminders_are_numbered_verified_and_the_second_is_a_re_reminder(
    env: dict[str, Path],
) -> None:
    office_key(env)
    plans = overdue_plans(env["db"], "210", EARLIER)
    first = env["tmp"] / "first"
    code, out, err = run(
        env, "report", "reminders", "--signer", "事務局", "-o", str(first),
        "--date", EARLIER.isoformat(), "--reply-by", EARLIER_REPLY.isoformat(),
    )  # fmt: skip
    assert code == 0, err
    written = [Path(p) for p in out.split()]
    assert len(written) >= 2  # one PDF per department
    mine = first / f"reminder_210_{EARLIER:%Y%m%d}.pdf"
    text = text_of(mine)
    numbers = {text_of(p).split(format_date(EARLIER))[0] for p in written}
    assert numbers == {f"監督第{n}号" for n in range(1, len(written) + 1)}  # one series
    assert "事務局" in text and "（督促）" in text and "再督促" not in text
    code, out, err = run(env, "verify", str(mine))
    assert code == 0, out + err
    reminded = rows(
        env["db"],
        "select r.plan_id, d.number from reminder_item r join issued_document d"
        " on d.doc_id = r.doc_id join organization o on o.id = r.organization_id"
        " where o.code = '210' order by r.plan_id",
    )
    assert sorted(p[0] for p in plans) == [p for p, _n in reminded]
    first_number = reminded[0][1]
    # the second round: the same plans again, 再督促 naming the first
    code, out, err = run(env, "report", "reminders", "--dry-run")
    assert code == 0 and "210 市民課" in out and "（再督促）" in out
    second = env["tmp"] / "second"
    code, out, err = run(
        env, "report", "reminders", "--organization", "210", "--signer", "事務局", "-o", str(second)
    )
    assert code == 0, err
    again_pdf = second / f"reminder_210_{TODAY:%Y%m%d}.pdf"
    again = text_of(again_pdf)
    assert "改善計画等の提出について（再督促）" in again
    assert f"{format_date(EARLIER)}付け{first_number}により督促しました" in again
    assert f"監督第{len(written) + 1}号" in again
    assert "（再）" in again  # each row reminded before is marked
    assert run(env, "verify", str(again_pdf))[0] == 0


def test_unreturned_forms_are_chased_with_the_form_id_and_day_handed_out(
    env: dict[str, Path],
) -> None:
    forms = env["tmp"] / "forms"
    code, _out, err = run(
        env, "selfcheck", "distribute", "--checklist", "backup-media", "--organization", "110",
        "-o", str(forms),
    )  # fmt: skip
    assert code == 0, err
    [(form_id,)] = rows(env["db"], "select form_id from distributed_form")
    later = next_business_day(TODAY + timedelta(days=40))
    reply = next_business_day(later + timedelta(days=10))
    out_dir = env["tmp"] / "o"
    code, out, err = run(
        env, "report", "reminders", "--what", "forms", "--date", later.isoformat(),
        "--reply-by", reply.isoformat(), "-o", str(out_dir),
    )  # fmt: skip
    assert code == 0, err
    [pdf] = [Path(p) for p in out.split()]
    text = text_of(pdf)
    assert "未提出の自己点検票" in text and form_id in text
    assert format_date(TODAY) in text  # handed out on
    assert format_date(reply) in text
    assert "期限を過ぎた改善計画" not in text  # --what forms
    # returned: not chased; sent back for correction afterwards: chased again
    with sqlite3.connect(env["db"]) as conn:
        conn.execute("update distributed_form set returned_at = issued_at")
    args = ["report", "reminders", "--what", "forms", "--date", later.isoformat()]
    args += ["--reply-by", reply.isoformat(), "--dry-run"]
    assert run(env, *args)[1] == ""
    with sqlite3.connect(env["db"]) as conn:
        conn.execute("update distributed_form set sent_back_at = datetime(returned_at, '+1 day')")
    assert "110 " in run(env, *args)[1]


def test_english_letter(env: dict[str, Path]) -> None:
    """English only when asked (`--doc-lang en`, docs9): `--lang en` alone keeps the
    letter Japanese and says so; the English one never takes the Japanese one's name."""
    args = ("report", "reminders", "--organization", "210", "-o", str(env["tmp"]))
    code, out, err = run(env, "--lang", "en", *args)
    assert code == 0, err
    japanese = Path(out.split()[0])
    assert "督促" in text_of(japanese) and "--doc-lang" in err
    code, out, err = run(env, "--lang", "en", *args, "--doc-lang", "en")
    assert code == 0, err
    english = Path(out.split()[0])
    assert english.name.endswith("_en.pdf") and japanese.exists()
    text = text_of(english)
    assert "TotheHeadof" in text and "Reminder" in text and "Daysoverdue" in text


def test_an_inspector_key_signs_no_reminder_and_nothing_is_written(env: dict[str, Path]) -> None:
    assert run(env, "keys", "init-office")[0] == 0
    assert run(env, "keys", "issue", "監査 太郎", "--organization", "130")[0] == 0
    folder = env["tmp"] / "o"
    code, out, err = run(env, "report", "reminders", "--signer", "監査 太郎", "-o", str(folder))
    assert code == 1 and "督促状は事務局の文書です" in err and "Traceback" not in err
    assert not folder.exists() and out == ""
    assert rows(env["db"], "select count(*) from issued_document where kind='reminder'") == [(0,)]


def test_a_number_taken_meanwhile_is_given_again_under_the_write_lock(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process records 監督第1号 while the first letter is being built and signed:
    the record's check (inside the write transaction) sees it, and the letter is numbered,
    built and signed again as 監督第2号; both stand in the register."""
    from inspector.domain.doc_numbers import fiscal_year
    from inspector.reports import reminder

    office_key(env)
    real = reminder.build_reminder
    calls: list[str | None] = []

    def build(data: Any, **kwargs: Any) -> Any:
        calls.append(data.number)
        if len(calls) == 1:  # the other process, between numbering and recording
            with sqlite3.connect(env["db"]) as conn:
                conn.execute(
                    "insert into issued_document (doc_id, kind, content_hash, issued_by,"
                    " issued_at, number, fiscal_year, serial) values ('R-other', 'reminder',"
                    " 'h', 'other', '2026-01-01 00:00:00', '監督第1号', ?, 1)",
                    (fiscal_year(TODAY),),
                )
        return real(data, **kwargs)

    monkeypatch.setattr(reminder, "build_reminder", build)
    out = env["tmp"] / "o"
    code, _out, err = run(
        env, "report", "reminders", "--organization", "210", "--signer", "事務局", "-o", str(out)
    )
    assert code == 0, err
    assert calls == ["監督第1号", "監督第2号"]
    [pdf] = out.glob("*.pdf")
    assert text_of(pdf).startswith("監督第2号")
    assert run(env, "verify", str(pdf))[0] == 0
    assert rows(
        env["db"], "select number from issued_document where kind='reminder' order by serial"
    ) == [("監督第1号",), ("監督第2号",)]
