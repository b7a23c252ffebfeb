"""docs8 H1-H3, M9: the deadlines a notice and a plan form print. A reply-by on a closed day
is refused with the next business day named; the findings table prints the reply-by (or the
plan's deadline, as the plan form does), never a date before the visit; a plan deadline of
older data before the visit is flagged on the plan form; a signed notice is not post-dated.
Real demo databases, real PDFs read back."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from inspector.cli.main import cli
from inspector.domain.business_days import japan_today
from inspector.domain.era import format_date

TODAY = date(2026, 11, 30)  # the demo's day
SESSION = 1  # the demo's first visit: 210 市民課, six findings, each with a plan


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)


@pytest.fixture
def env(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    db = tmp_path / "d.db"
    shutil.copy(demo_template, db)
    config = tmp_path / "config.toml"
    config.write_text('municipality = "みどり市"\n', encoding="utf-8")
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    for name in ("SIGNER", "INSPECTOR_NAME", "OFFICE", "MUNICIPALITY", "TITLE", "FORMS_DIR"):
        monkeypatch.delenv(f"INSPECTOR_{name}", raising=False)
    return {"db": db, "tmp": tmp_path}


def run(env: dict[str, Path], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(env["db"]), *args])
    return result.exit_code, result.stdout, result.stderr


def text_of(path: Path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plans_of(db: Path, session_id: int) -> list[tuple[int, date, date]]:
    """(plan id, deadline, visit date) of the session's findings."""
    with sqlite3.connect(db) as c:
        rows = c.execute(
            "select p.id, p.deadline, s.session_date from improvement_plan p"
            " join finding f on f.id = p.finding_id"
            " join inspection_session s on s.id = f.session_id where s.id = ? order by p.id",
            (session_id,),
        ).fetchall()
    return [(i, date.fromisoformat(d), date.fromisoformat(v)) for i, d, v in rows]


@pytest.mark.parametrize(
    ("reply_by", "reason", "next_day"),
    [
        ("2027-01-11", "国民の祝日", "令和9年1月12日"),  # 成人の日
        ("2027-02-14", "：日曜日で閉庁日", "令和9年2月15日"),  # a Sunday, named
        ("2026-12-29", "年末年始", "令和9年1月4日"),  # the year-end closure
    ],
)
def test_a_reply_by_on_a_closed_day_is_refused_naming_the_next_business_day(
    env: dict[str, Path], reply_by: str, reason: str, next_day: str
) -> None:
    before = digest(env["db"])
    out = env["tmp"] / "n.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(SESSION), "--unsigned",
        "--date", "2026-12-02", "--reply-by", reply_by, "-o", str(out),
    )  # fmt: skip
    assert code == 1, err
    assert "--reply-by" in err and reason in err and next_day in err, err
    assert "Traceback" not in err and not out.exists()
    assert digest(env["db"]) == before


def test_the_findings_table_prints_the_explicit_reply_by(env: dict[str, Path]) -> None:
    # dated after every demo plan's deadline: each row falls back to the reply-by, which
    # is the explicit one (7/15), not the form's 30 days (7/1)
    assert max(d for _i, d, _v in plans_of(env["db"], SESSION)) < date(2027, 6, 1)
    out = env["tmp"] / "n.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(SESSION), "--unsigned",
        "--date", "2027-06-01", "--reply-by", "2027-07-15", "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    text = text_of(out)
    assert not re.search(r"令和9年7月1日(?!\d)", text), text
    findings = len(plans_of(env["db"], SESSION))
    assert text.count("令和9年7月15日") == 1 + findings, text  # the body and every row


def test_the_notice_and_the_plan_form_print_the_same_deadline(env: dict[str, Path]) -> None:
    issued = date(2026, 12, 1)
    plans = plans_of(env["db"], SESSION)
    due = [d for _i, d, _v in plans if d >= issued]
    assert due, plans  # the demo has plans still to come for this visit
    notice, form = env["tmp"] / "n.pdf", env["tmp"] / "p.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(SESSION), "--unsigned",
        "--date", issued.isoformat(), "-o", str(notice),
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run(env, "report", "plans", "--organization", "210", "-o", str(form))
    assert code == 0, err
    on_notice, on_form = text_of(notice), text_of(form)
    for day in due:
        assert format_date(day) in on_notice and format_date(day) in on_form, day
    # a plan overdue on the notice's date is not printed on it: the reply-by is
    for _i, day, _v in plans:
        if day < issued:
            assert format_date(day) not in on_notice, day


def test_an_older_plan_deadline_before_the_visit_is_flagged_not_printed(
    env: dict[str, Path],
) -> None:
    plan_id, _deadline, visit_day = plans_of(env["db"], SESSION)[0]
    early = visit_day - timedelta(days=2)
    with sqlite3.connect(env["db"]) as c:  # older data, entered before it was refused
        c.execute("update improvement_plan set deadline = ? where id = ?", (early, plan_id))
    form, notice = env["tmp"] / "p.pdf", env["tmp"] / "n.pdf"
    assert run(env, "report", "plans", "--organization", "210", "-o", str(form))[0] == 0
    on_form = text_of(form)
    assert f"{format_date(early)}（※要確認）" in on_form, on_form
    assert "※要確認：監査日より前" in on_form
    code, _, err = run(
        env, "report", "notice", "--session", str(SESSION), "--unsigned",
        "--date", "2026-12-01", "-o", str(notice),
    )  # fmt: skip
    assert code == 0, err
    assert format_date(early) not in text_of(notice)
    followup = env["tmp"] / "f.pdf"
    code, _, err = run(env, "report", "followup", "--unsigned", "-o", str(followup))
    assert code == 0, err
    assert f"{format_date(early)}（※要確認）" in text_of(followup)


def test_an_own_deadline_on_a_holiday_is_refused_with_the_finding_named(
    env: dict[str, Path],
) -> None:
    with sqlite3.connect(env["db"]) as c:
        fid, title = c.execute(
            "select id, title from finding where session_id = ? order by id", (SESSION,)
        ).fetchone()
        c.execute("update finding set requested_deadline = '2027-01-11' where id = ?", (fid,))
    before = digest(env["db"])
    out = env["tmp"] / "n.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(SESSION), "--unsigned",
        "--date", "2026-12-01", "-o", str(out),
    )  # fmt: skip
    assert code == 1 and "Traceback" not in err and not out.exists()
    assert title[:10] in err and "令和9年1月12日" in err, err
    assert digest(env["db"]) == before


def test_a_signed_notice_is_not_post_dated(env: dict[str, Path]) -> None:
    later = japan_today() + timedelta(days=120)
    before = digest(env["db"])
    out = env["tmp"] / "n.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(SESSION), "--date", later.isoformat(),
        "-o", str(out),
    )  # fmt: skip
    assert code == 1 and "Traceback" not in err and not out.exists()
    assert "署名日時より後の日付" in err and "--unsigned" in err, err
    assert digest(env["db"]) == before
    # a draft may be prepared for a later date
    code, _, err = run(
        env, "report", "notice", "--session", str(SESSION), "--unsigned",
        "--date", later.isoformat(), "-o", str(out),
    )  # fmt: skip
    assert code == 0, err


def test_a_notice_dated_on_a_closed_day_is_warned_of(env: dict[str, Path]) -> None:
    out = env["tmp"] / "n.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(SESSION), "--unsigned",
        "--date", "2026-12-29", "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert "注意" in err and "年末年始" in err and "令和9年1月4日" in err, err
    code, _, err = run(
        env, "--lang", "en", "report", "notice", "--session", str(SESSION), "--unsigned",
        "--date", "2026-12-28", "-o", str(env["tmp"] / "n2.pdf"),
    )  # fmt: skip
    assert code == 0 and "closed day" not in err, err  # a Monday: nothing to say
