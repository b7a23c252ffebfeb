"""Who signs, who is named, numbers and deadlines (issue 13): a notice signed with the key
of someone other than the inspector it names, a batch naming several inspectors, an unset
inspector name, a visit issued again without --reissue, a plan form with an inspector's
signature, a bad number format in an office's form, a reply date before the notice, and
a printed setting with a control character. Each is refused with what and where, the
database and every file unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inspector.resources import shipped_forms_dir
from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector

AUDITOR = "監査 太郎"
OTHER_VISIT = "57"  # the demo's visit by 総務 次郎 (not independent)
OWN_VISIT = "1"  # a visit by 監査 太郎


def _issued_once(places: Placeholders) -> None:
    run_inspector(
        places, "report", "notice", "--session", OWN_VISIT, "-o", f"{places['tmp']}/first.pdf"
    )


def _no_inspector_names(places: Placeholders) -> None:
    with sqlite3.connect(places["db"]) as db:
        db.execute("update inspection_session set inspector_name = null")


def _office_head_form(places: Placeholders) -> None:
    """The shipped notice form, issued and signed by the office head."""
    shipped = (shipped_forms_dir() / "notice.yaml").read_text(encoding="utf-8")
    forms = Path(places["tmp"]) / "forms"
    forms.mkdir(exist_ok=True)
    (forms / "notice.yaml").write_text(
        shipped.replace("reply_days: 30\n", "reply_days: 30\nsigned_by: office_head\n"),
        encoding="utf-8",
    )


_FORM = """kind: notice
signed_by: office_head
ja:
  title: 通知書
  texts: {}
  columns: {}
en:
  title: Notice
  texts: {}
  columns: {}
"""

_FORM = """kind: notice
number_format: "{prefix}第{num}号"
number_prefix: "み監"
ja:
  title: 通知書
  texts: {}
  columns: {}
en:
  title: Notice
  texts: {}
  columns: {}
"""

CASES = [
    Case(
        id="signer-not-the-named-inspector",
        args=[
            *("report", "notice", "--session", OTHER_VISIT, "--signer", AUDITOR),
            *("-o", "{tmp}/n.pdf"),
        ],
        expect=["総務 次郎", f"「{AUDITOR}」の鍵"],
        keys=True,
    ),
    Case(
        id="batch-names-another-inspector",
        args=["report", "notice", "--all", "--signer", AUDITOR, "-o", "{tmp}/batch"],
        expect=["総務 次郎", "--inspector"],
        keys=True,
    ),
    Case(
        id="batch-inspector-without-visits",
        args=["report", "notice", "--all", "--inspector", "山田 花子", "--unsigned"],
        expect=["山田 花子"],
    ),
    Case(
        id="inspector-option-with-one-session",
        args=["report", "notice", "--session", OWN_VISIT, "--inspector", AUDITOR],
        expect=["--inspector", "--all"],
    ),
    Case(
        id="inspector-name-unset",
        args=["report", "notice", "--session", OWN_VISIT, "--unsigned", "-o", "{tmp}/n.pdf"],
        expect=["監査人の氏名が設定されていません", "inspector_name"],
        setup=_no_inspector_names,
    ),
    Case(
        id="inspector-name-unset-en",
        args=["report", "notice", "--session", OWN_VISIT, "--unsigned", "-o", "{tmp}/n.pdf"],
        expect=["inspector's name is not set", "inspector_name"],
        setup=_no_inspector_names,
        lang="en",
    ),
    Case(
        id="notice-issued-again-without-reissue",
        args=["report", "notice", "--session", OWN_VISIT, "-o", "{tmp}/again.pdf"],
        expect=["第1号", "--reissue"],
        keys=True,
        setup=_issued_once,
    ),
    Case(
        id="plan-form-with-an-inspector-signature",
        args=["report", "plans", "--organization", "210", "--signer", AUDITOR],
        expect=["改善計画書", AUDITOR],
        keys=True,
    ),
    Case(
        id="bad-number-format-in-the-office-form",
        args=["report", "notice", "--session", OWN_VISIT, "--unsigned", "-o", "{tmp}/n.pdf"],
        expect=["{tmp}/forms/notice.yaml", "number_format", "{num}"],
        files={"forms/notice.yaml": _FORM},
        env={"INSPECTOR_FORMS_DIR": "{tmp}/forms"},
    ),
    Case(
        id="reply-date-before-the-notice",
        args=[
            *("report", "notice", "--session", OWN_VISIT, "--unsigned"),
            *("--date", "2026-12-02", "--reply-by", "2026-11-30", "-o", "{tmp}/n.pdf"),
        ],
        expect=["提出期限", "令和8年11月30日", "令和8年12月2日"],
    ),
    Case(
        id="inspector-name-with-a-control-character",
        args=["report", "notice", "--session", OWN_VISIT, "--unsigned", "-o", "{tmp}/n.pdf"],
        expect=["INSPECTOR_INSPECTOR_NAME", "U+001B"],
        env={"INSPECTOR_INSPECTOR_NAME": "監査\x1b[31m太郎"},
    ),
    Case(
        id="office-head-form-without-the-head",
        args=["report", "notice", "--session", OWN_VISIT, "--unsigned", "-o", "{tmp}/n.pdf"],
        expect=["signed_by: office_head", "office_head"],
        setup=_office_head_form,
        env={"INSPECTOR_FORMS_DIR": "{tmp}/forms"},
    ),
]
