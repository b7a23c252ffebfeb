"""Bad inputs that were already refused before the corpus existed (kept so they stay so)."""

from __future__ import annotations

from tests.corpus.case import Case

_HEADER = "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"

CASES = [
    Case(
        id="csv-unknown-item",
        files={"a.csv": _HEADER + "110,,,juki-department,zz-99,compliant,,,2025-06-01\n"},
        args=["import-csv", "{tmp}/a.csv"],
        expect=["{tmp}/a.csv", "2 行目", "項目「zz-99」はありません"],
        exit_code=1,
    ),
    Case(
        id="csv-typo-column",
        files={"a.csv": _HEADER.replace("answer,", "anwser,")},
        args=["import-csv", "{tmp}/a.csv"],
        expect=["1 行目", "anwser"],
        exit_code=1,
    ),
]
