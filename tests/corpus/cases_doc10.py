"""doc10 (rev9 D7, D8), bad input refused with what and where, nothing written:

- a form's due date (`selfcheck distribute --due`) in the past, today, on a Saturday or in
  the year-end closure: refused with the earliest or next business day named (exit 2);
- a follow-up report in English over the Japanese one issued for the organization this
  fiscal year, without --force: refused naming its number; with --force over the signed
  original's file (or a plan form over it): refused naming its number.
"""

from __future__ import annotations

from datetime import date, timedelta

from inspector.domain.business_days import japan_today, next_business_day
from inspector.domain.era import format_date
from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import PASSPHRASE, run_inspector

OFFICE = "事務局 花子"
_TODAY = japan_today()
_EARLIEST = next_business_day(_TODAY + timedelta(days=1))
_SATURDAY = _TODAY + timedelta(days=(5 - _TODAY.weekday()) % 7 or 7)
_CLOSURE = date(_TODAY.year + 1, 1, 2)


def _due_case(case_id: str, due: date, named: date, lang: str | None = None) -> Case:
    return Case(
        id=case_id,
        args=["selfcheck", "distribute", "--checklist", "security-measures",
              "--organization", "410", "--due", due.isoformat(), "-o", "{tmp}/forms"],
        expect=["--due", format_date(named, lang or "ja")],
        exit_code=2,
        lang=lang,
    )  # fmt: skip


def _signed_followup(places: Placeholders) -> None:
    run_inspector(places, "keys", "issue", OFFICE, "--organization", "130", "--role", "office")
    run_inspector(
        places, "report", "followup", "--organization", "210", "--signer", OFFICE,
        "-o", places["tmp"] + "/fu.pdf",
    )  # fmt: skip


def _followup_case(case_id: str, *args: str, expect: list[str]) -> Case:
    return Case(
        id=case_id,
        args=list(args),
        expect=expect,
        exit_code=1,
        keys=True,
        setup=_signed_followup,
        env={"INSPECTOR_KEY_PASSPHRASE": PASSPHRASE},
    )


CASES = [
    _due_case("doc10-distribute-due-today", _TODAY, _EARLIEST),
    _due_case("doc10-distribute-due-yesterday-en", _TODAY - timedelta(days=1), _EARLIEST, "en"),
    _due_case("doc10-distribute-due-saturday", _SATURDAY, next_business_day(_SATURDAY)),
    _due_case("doc10-distribute-due-new-year", _CLOSURE, next_business_day(_CLOSURE)),
    _followup_case(
        "doc10-followup-english-of-a-japanese-one",
        "report",
        "followup",
        "--organization",
        "210",
        "--signer",
        OFFICE,
        "--doc-lang",
        "en",
        "-o",
        "{tmp}/en.pdf",
        expect=["監報第1号", "--force"],
    ),
    _followup_case(
        "doc10-followup-force-over-the-signed-original",
        "report",
        "followup",
        "--organization",
        "210",
        "--signer",
        OFFICE,
        "--doc-lang",
        "en",
        "--force",
        "-o",
        "{tmp}/fu.pdf",
        expect=["監報第1号", "{tmp}/fu.pdf"],
    ),
    _followup_case(
        "doc10-plans-force-over-a-signed-followup",
        "report",
        "plans",
        "--organization",
        "210",
        "--force",
        "-o",
        "{tmp}/fu.pdf",
        expect=["監報第1号", "{tmp}/fu.pdf"],
    ),
]
