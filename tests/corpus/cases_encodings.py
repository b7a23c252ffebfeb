"""Files in an encoding that is not read, and numbers that only Python would take."""

from __future__ import annotations

from tests.corpus.case import Case

_HEADER = "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"


def _number_case(value: str, name: str) -> Case:
    row = f"110,,,security-measures,staff-count,{value},,,2025-06-01\n"
    return Case(
        id=f"csv-number-{name}",
        files={"a.csv": _HEADER + row},
        args=["import-csv", "{tmp}/a.csv"],
        expect=["{tmp}/a.csv", "2 行目", "は数値ではありません"],
        exit_code=1,
    )


CASES = [
    Case(
        id="csv-utf16-with-bom",
        files={"o.csv": "code,name,parent\n901,新課,\n".encode("utf-16")},
        args=["orgs", "import", "{tmp}/o.csv"],
        expect=["{tmp}/o.csv", "UTF-16", "「CSV UTF-8」"],
        exit_code=1,
    ),
    Case(
        id="csv-utf16le-without-bom",
        files={
            "a.csv": (_HEADER + "110,,,juki-department,d-01,遵守,,,2025-06-01\n").encode(
                "utf-16-le"
            )
        },
        args=["import-csv", "{tmp}/a.csv"],
        expect=["{tmp}/a.csv", "UTF-16"],
        exit_code=1,
    ),
    _number_case("1_000", "underscore"),
    _number_case("٣", "arabic-indic-digit"),
    _number_case("0x10", "hexadecimal"),
]

CASES += [
    Case(
        id="keys-issue-name-with-escape",
        keys=True,
        args=[
            "keys",
            "issue",
            "監査\x1b[2J花子",
            "--organization",
            "130",
            "--passphrase-file",
            "{pass}",
        ],
        expect=["制御文字または見えない文字", "U+001B"],
        exit_code=1,
    ),
    Case(
        id="keys-issue-name-with-zero-width-space",
        keys=True,
        args=[
            "keys",
            "issue",
            "監査\u200b花子",
            "--organization",
            "130",
            "--passphrase-file",
            "{pass}",
        ],
        expect=["U+200B"],
        exit_code=1,
    ),
]
