"""CSV and roster inputs that used to be accepted (or crashed) and are now refused with
their row: stray quotes, mixed encodings, implausible dates, organization codes and
cycles, numbers too long to keep exactly, huge values and control characters."""

from __future__ import annotations

from inspector.exchange.csvfile import FIELD_LIMIT
from tests.corpus.case import Case

ANSWERS = "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"
ORGS = "code,name,parent\n"
PEOPLE = "staff_number,name,organization\n"
CARDS = "organization,number,kind,use,holder,group,members,issued,note\n"
USAGE = "organization,card,used_at,staff_number,name,purpose\n"


def _answer(item: int, note: str = "", when: str = "2025-06-01T10:00:00+09:00") -> str:
    return f"110,,,juki-department,d-{item:02d},compliant,,{note},{when}\n"


def _answers(*rows: str) -> str:
    return ANSWERS + "".join(rows)


def _refused(case_id: str, command: list[str], text: str | bytes, row: int, *more: str) -> Case:
    """`command FILE` refuses the file, naming it and the row."""
    return Case(
        id=case_id,
        files={"in.csv": text},
        args=[*command, "{tmp}/in.csv"],
        expect=["{tmp}/in.csv", f"{row} 行目:", *more],
        exit_code=1,
    )


IMPORT = ["import-csv"]
ORGS_IMPORT = ["orgs", "import"]
PEOPLE_IMPORT = ["people", "import"]
CARDS_IMPORT = ["cards", "import"]
USAGE_IMPORT = ["cards", "import-usage"]

# issue 10.4: a 17-line file whose row 3 note opens a quote and never closes it stored
# thirteen rows inside the note ("3 rows: 1 session(s) added", exit 0).
_OPEN_TO_EOF = _answers(
    _answer(1), _answer(2), _answer(3, '"not closed'), *(_answer(i) for i in range(4, 18))
)
# ...and one closed by a later quoted note swallowed the rows between.
_SWALLOWED = _answers(
    _answer(1, '"opened here'), *(_answer(i) for i in range(2, 8)), _answer(8, 'closed"')
)

STRAY_QUOTES = [
    _refused("csv-quote-open-to-end-of-file", IMPORT, _OPEN_TO_EOF, 4, "閉じられていない"),
    _refused("csv-quote-swallows-rows", IMPORT, _SWALLOWED, 2, "行全体のように見える行"),
    _refused(
        "csv-text-after-closing-quote",
        IMPORT,
        _answers(_answer(1), _answer(2, '"a" b')),
        3,
        "閉じた引用符の後に文字",
    ),
    _refused(
        "orgs-quote-open-to-end-of-file",
        ORGS_IMPORT,
        ORGS + '900,"企画課\n910,広報課,900\n920,秘書課,900\n',
        2,
        "閉じられていない",
    ),
    _refused(
        "people-quote-open-to-end-of-file",
        PEOPLE_IMPORT,
        PEOPLE + 'S9001,"山田 太郎,110\nS9002,佐藤 花子,110\n',
        2,
        "閉じられていない",
    ),
    _refused(
        "cards-quote-open-to-end-of-file",
        CARDS_IMPORT,
        CARDS + '210,N-01,operator,personal,S1001,,,2025-04-01,"note\n210,N-02,operator\n',
        2,
        "閉じられていない",
    ),
    _refused(
        "usage-quote-swallows-rows",
        USAGE_IMPORT,
        USAGE
        + '210,G-01,2025-05-01 09:00,,山田,"窓口\n'
        + "210,G-01,2025-05-01 10:00,,佐藤,窓口\n" * 3
        + '210,G-01,2025-05-01 11:00,,鈴木,窓口"\n',
        2,
        "行全体のように見える行",
    ),
]

# issue 10.5: a UTF-8 file with one CP932 row was read entirely as CP932 (mojibake).
_MIXED = (
    ANSWERS.encode()
    + _answer(1, "点検済み").encode()
    + _answer(2, "点検済み").encode("cp932")
    + _answer(3, "確認").encode()
)
ENCODINGS = [
    _refused("csv-utf8-with-a-cp932-row", IMPORT, _MIXED, 3, "UTF-8 として正しくありません"),
    _refused(
        "csv-bom-with-a-cp932-row",
        IMPORT,
        b"\xef\xbb\xbf" + ANSWERS.encode() + _answer(1, "点検済み").encode("cp932"),
        2,
        "UTF-8 として正しくありません",
    ),
    _refused(
        "orgs-utf8-with-a-cp932-row",
        ORGS_IMPORT,
        ORGS.encode() + "900,企画課,\n".encode() + "910,広報課,900\n".encode("cp932"),
        3,
        "UTF-8 として正しくありません",
    ),
]

# issue 10.8 and 10.11: dates in the future stayed "the latest" forever; year 1 and
# 9999-12-31-12:00 raised OverflowError, a card issued on 0001-01-01 ValueError.
DATES = [
    _refused(
        f"csv-answered-at-{label}",
        IMPORT,
        _answers(_answer(1), _answer(2, when=when)),
        3,
        "answered_at",
    )
    for label, when in [
        ("year-1", "0001-01-01"),
        ("year-9999-minus-12", "9999-12-31T23:59:59-12:00"),
        ("year-2999", "2999-01-01"),
        ("year-1899", "1899-12-31T12:00:00+09:00"),
    ]
] + [
    _refused(
        "cards-issued-year-1",
        CARDS_IMPORT,
        CARDS + "210,N-01,operator,personal,S1001,,,0001-01-01,\n",
        2,
        "issued",
    ),
    _refused(
        "cards-issued-in-the-future",
        CARDS_IMPORT,
        CARDS + "210,N-01,operator,personal,S1001,,,2999-01-01,\n",
        2,
        "issued",
    ),
    _refused(
        "usage-used-at-year-1",
        USAGE_IMPORT,
        USAGE + "210,G-01,0001-01-01 09:00,,山田,窓口\n",
        2,
        "used_at",
    ),
    _refused(
        "usage-used-at-year-9999",
        USAGE_IMPORT,
        USAGE + "210,G-01,9999-12-31 23:59,,山田,窓口\n",
        2,
        "used_at",
    ),
]

# issue 10.9: code 総務課 (the name of 110) redirected later rows naming 総務課; cycles.
ORGANIZATIONS = [
    _refused(
        "orgs-code-is-another-organizations-name",
        ORGS_IMPORT,
        ORGS + "900,企画課,100\n総務課,別の課,100\n",
        3,
        "「総務課」",
    ),
    _refused(
        "orgs-name-is-another-organizations-code",
        ORGS_IMPORT,
        ORGS + "900,120,100\n",
        2,
        "「120」",
    ),
    _refused(
        "orgs-cycle-of-two", ORGS_IMPORT, ORGS + "901,甲課,902\n902,乙課,901\n", 2, "自分自身の親"
    ),
    _refused(
        "orgs-cycle-through-stored-parents",
        ORGS_IMPORT,
        ORGS + "100,総務部,110\n",
        2,
        "自分自身の親または祖先",
    ),
]

# issue 10.10: 12345678901234567890 was stored as 12345678901234567168; what cannot be
# kept exactly is refused.
NUMBERS = [
    _refused(
        "csv-number-with-too-many-digits",
        IMPORT,
        ANSWERS
        + "420,,,security-measures,staff-count,"
        + "9" * 41
        + ",,,2025-06-01T10:00:00+09:00\n",
        2,
        "桁を超えています",
    ),
]

# issue 10.14: a huge note was reported at row 1.
HUGE = [
    _refused(
        "csv-huge-note",
        IMPORT,
        _answers(_answer(1, "あ" * (FIELD_LIMIT + 1))),
        2,
        str(FIELD_LIMIT),
    ),
]

# issue 11.9: control characters reached every terminal that listed the names.
CONTROL = [
    _refused(
        "csv-escape-in-note", IMPORT, _answers(_answer(1), _answer(2, "\x1b[2J")), 3, "U+001B"
    ),
    _refused("csv-bel-in-note", IMPORT, _answers(_answer(1, "\x1b]0;x\x07")), 2, "U+0007"),
    _refused("csv-c1-csi-in-note", IMPORT, _answers(_answer(1, "a\x9b2J")), 2, "U+009B"),
    _refused("csv-del-in-note", IMPORT, _answers(_answer(1, "a\x7f")), 2, "U+007F"),
    _refused(
        "csv-line-break-in-organization",
        IMPORT,
        ANSWERS + '"11\n0",,,juki-department,d-01,compliant,,,2025-06-01\n',
        2,
        "「organization」",
    ),
    _refused("orgs-escape-in-name", ORGS_IMPORT, ORGS + "900,\x1b[31m企画課,100\n", 2, "U+001B"),
    _refused(
        "people-escape-in-name", PEOPLE_IMPORT, PEOPLE + "S9001,山田\x1b[2J,110\n", 2, "U+001B"
    ),
    _refused(
        "cards-escape-in-note",
        CARDS_IMPORT,
        CARDS + "210,N-01,operator,personal,S1001,,,2025-04-01,\x1b[2J\n",
        2,
        "U+001B",
    ),
    _refused(
        "usage-escape-in-name",
        USAGE_IMPORT,
        USAGE + "210,G-01,2025-05-01 09:00,,山田\x1b]0;x\x07,窓口\n",
        2,
        "U+001B",
    ),
]

CASES = [*STRAY_QUOTES, *ENCODINGS, *DATES, *ORGANIZATIONS, *NUMBERS, *HUGE, *CONTROL]
