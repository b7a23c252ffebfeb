"""Inputs an adversarial review of issues 10 and 11 found accepted: signed bundles that
skipped the roster checks of a CSV import (an organization code that is another's name,
parent cycles, control characters, a formula stored for a number, a `created_at` from the
future), organization names that are ambiguous in a lookup, invisible characters (bidi
override, zero-width space), numbers in other spellings, and misleading messages (a bare
CR, a UTF-16 file)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from tests.corpus.case import Case, Placeholders
from tests.corpus.cases_signatures import _IMPORT, _bundle, _row_payload


def _payload(**changes: Any) -> Any:
    organizations = changes.pop("organizations", None)
    sessions = changes.pop("sessions", {})

    def make() -> dict[str, Any]:
        payload = _row_payload(**changes)
        if organizations is not None:
            payload["tables"]["organization"] = organizations
        payload["tables"]["inspection_session"][0].update(sessions)
        return payload

    return make


def _org(code: str, name: str, parent: str | None = None) -> dict[str, Any]:
    return {"code": code, "name": name, "parent_id": parent, "tags": []}


def _bundle_case(
    case_id: str, expect: list[str], *, created_at: datetime | None = None, **changes: Any
) -> Case:
    return Case(
        id=f"review-bundle-{case_id}",
        args=[*_IMPORT, "{tmp}/b.bundle"],
        expect=["{tmp}/b.bundle", *expect, "何も取り込んでいません"],
        exit_code=1,
        keys=True,
        setup=_bundle("b.bundle", _payload(**changes), created_at=created_at),
    )


BUNDLES = [
    # 120 renamed 総務課 (the name of 110): a later CSV row naming 総務課 went to it
    _bundle_case(
        "code-is-another-name",
        [
            "表 organization の 1 行目、項目 code",
            "コード「総務課」は組織「110」の名称と同じです",
        ],
        organizations=[_org("総務課", "偽の課")],
        sessions={"organization_id": "総務課"},
    ),
    _bundle_case(
        "name-is-another-code",
        ["表 organization の 1 行目、項目 name", "名称「110」はほかの組織のコード"],
        organizations=[_org("Z-CORPUS", "110")],
    ),
    _bundle_case(
        "organization-its-own-parent",
        ["表 organization の 1 行目、項目 parent_id", "Z-CORPUS -> Z-CORPUS"],
        organizations=[_org("Z-CORPUS", "コーパス課", "Z-CORPUS")],
    ),
    _bundle_case(
        "organization-parent-cycle",
        ["項目 parent_id", "自分自身の親または祖先になってしまいます"],
        organizations=[_org("Z-CORPUS", "コーパス課", "Z-B"), _org("Z-B", "B課", "Z-CORPUS")],
    ),
    _bundle_case(
        "organization-code-slash",
        ["表 organization の 1 行目、項目 code", "パスの区切り"],
        organizations=[_org("x/../../esc", "コーパス課")],
        sessions={"organization_id": "x/../../esc"},
    ),
    _bundle_case(
        "organization-name-escape",
        ["表 organization の 1 行目、項目 name: 「\\x1b[2Jevil」に制御文字 U+001B"],
        organizations=[_org("Z-CORPUS", "\x1b[2Jevil")],
    ),
    _bundle_case(
        "organization-name-newline",
        ["表 organization の 1 行目、項目 name: 「二行\\x0a目」に制御文字 U+000A"],
        organizations=[_org("Z-CORPUS", "二行\n目")],
    ),
    _bundle_case(
        "organization-name-bidi-override",
        ["表 organization の 1 行目、項目 name: 「課\\u202etxt.exe」に制御文字 U+202E"],
        organizations=[_org("Z-CORPUS", "課\u202etxt.exe")],
    ),
    _bundle_case(
        "answer-note-escape",
        ["表 answer の 1 行目、項目 note: 「\\x1b]0;t\\x07\\x1b[2J」に制御文字 U+001B"],
        answer={"note": "\x1b]0;t\x07\x1b[2J"},
    ),
    _bundle_case(
        "answer-reasons-escape",
        ["表 answer の 1 行目、項目 reasons: 「\\x1b[31mred」に制御文字 U+001B"],
        answer={"reasons": ["\x1b[31mred"]},
    ),
    _bundle_case(
        "number-answer-formula",
        ["表 answer の 1 行目、項目 value", "「=1+1」は数値ではありません"],
        sessions={"checklist_id": "security-measures"},
        answer={"item_id": "staff-count", "value": "=1+1"},
    ),
    _bundle_case(
        "compliance-answer-not-canonical",
        ["表 answer の 1 行目、項目 value", "「遵守」は d-01 の回答の保存形式ではありません"],
        answer={"value": "遵守"},
    ),
    _bundle_case(
        "answer-unknown-item",
        [
            "表 answer の 1 行目、項目 item_id: チェックリスト juki-department に項目「zz-99」はありません"
        ],
        answer={"item_id": "zz-99"},
    ),
    _bundle_case(
        "created-at-2999",
        ["2999-01-01", "未来", "10 分以上"],
        created_at=datetime(2999, 1, 1).astimezone(),
    ),
]


def _second_soumu(places: Placeholders) -> None:
    """A second 総務課 (code 901) beside 110: legitimate under another parent."""
    conn = sqlite3.connect(places["db"])
    with conn:
        conn.execute("insert into organization (code, name, tags) values ('901', '総務課', '[]')")
    conn.close()


def _csv_case(
    case_id: str,
    command: list[str],
    text: str | bytes,
    expect: list[str],
    setup: Callable[[Placeholders], None] | None = None,
) -> Case:
    return Case(
        id=f"review-{case_id}",
        files={"in.csv": text},
        args=[*command, "{tmp}/in.csv"],
        expect=["{tmp}/in.csv", *expect],
        exit_code=1,
        setup=setup,
    )


_ANSWERS = "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"
_AMBIGUOUS = ["組織「総務課」は 110 と 901 のどちらにも当てはまります。コードで指定してください"]
AMBIGUOUS_NAMES = [
    _csv_case(
        "answers-ambiguous-organization-name",
        ["import-csv"],
        _ANSWERS + "総務課,,,juki-department,d-01,compliant,,,2025-06-01T10:00:00+09:00\n",
        ["2 行目:", *_AMBIGUOUS],
        _second_soumu,
    ),
    _csv_case(
        "answers-ambiguous-organization-name-create-missing",
        ["import-csv", "--create-missing"],
        _ANSWERS + "総務課,,,juki-department,d-01,compliant,,,2025-06-01T10:00:00+09:00\n",
        ["2 行目:", *_AMBIGUOUS],
        _second_soumu,
    ),
    _csv_case(
        "people-ambiguous-organization-name",
        ["people", "import"],
        "staff_number,name,organization\nZ-1,試験 一郎,総務課\n",
        ["2 行目:", *_AMBIGUOUS],
        _second_soumu,
    ),
    _csv_case(
        "orgs-ambiguous-parent-name",
        ["orgs", "import"],
        "code,name,parent\nZ-9,庶務係,総務課\n",
        [
            "2 行目:",
            "親組織: 組織「総務課」は 110 と 901 のどちらにも当てはまります。コードで指定してください",
        ],
        _second_soumu,
    ),
    _csv_case(
        "cards-ambiguous-organization-name",
        ["cards", "import"],
        "organization,number,kind,use,holder,group,members,issued,note\n"
        "総務課,N-77,operator,personal,,,,2025-04-01,\n",
        ["2 行目:", *_AMBIGUOUS],
        _second_soumu,
    ),
    _csv_case(
        "card-usage-ambiguous-organization-name",
        ["cards", "import-usage"],
        "organization,card,used_at,staff_number,name,purpose\n"
        "総務課,N-77,2025-04-02T09:00:00+09:00,,試験 一郎,照会\n",
        ["2 行目:", *_AMBIGUOUS],
        _second_soumu,
    ),
]

INVISIBLE = [
    _csv_case(
        "orgs-name-right-to-left-override",
        ["orgs", "import"],
        "code,name,parent\nZ-1,課\u202etxt.exe,\n",
        ["2 行目:", "「name」に制御文字（U+202E）"],
    ),
    _csv_case(
        "orgs-name-zero-width-space",
        ["orgs", "import"],
        "code,name,parent\nZ-1,総務\u200b課,\n",
        ["2 行目:", "「name」に制御文字（U+200B）"],
    ),
    _csv_case(
        "answers-note-right-to-left-override",
        ["import-csv"],
        _ANSWERS + "110,,,juki-department,d-01,compliant,,\u202eevil,2025-06-01T10:00:00+09:00\n",
        ["2 行目:", "「note」に制御文字（U+202E）"],
    ),
    _csv_case(
        "answers-organization-zero-width-space",
        ["import-csv", "--create-missing"],
        _ANSWERS + "総務\u200b課,,,juki-department,d-01,compliant,,,2025-06-01T10:00:00+09:00\n",
        ["2 行目:", "「organization」に制御文字（U+200B）"],
    ),
]

CASES = [*BUNDLES, *AMBIGUOUS_NAMES, *INVISIBLE]
