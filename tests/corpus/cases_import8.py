"""CSV files cut off or with short rows (import8): the missing cells were taken as empty,
so a cut note overwrote the stored one, a short roster row made a temporary employee
regular and an organization lost its tags. Each is refused with the file, the row, how
many cells of how many and which columns are missing; nothing is written."""

from __future__ import annotations

from tests.corpus.case import Case
from tests.corpus.cases_csv import (
    ANSWERS,
    CARDS,
    CARDS_IMPORT,
    IMPORT,
    ORGS_IMPORT,
    PEOPLE_IMPORT,
    _answer,
)

ROSTER = "staff_number,name,organization,staff_type,status\n"
ORG_TAGS = "code,name,parent,tags\n"


def _case(
    case_id: str, command: list[str], text: str | bytes, *expect: str, lang: str | None = None
) -> Case:
    return Case(
        id=case_id,
        files={"in.csv": text},
        args=[*command, "{tmp}/in.csv"],
        expect=["{tmp}/in.csv", *expect],
        exit_code=1,
        lang=lang,
    )


_NOTE_ROW = _answer(3, "棚の上に置かれていた", "2025-06-01T10:00:00+09:00")
# hunt8 #2: cut inside the note of the last row, no line end
_CUT_IN_NOTE = ANSWERS + _answer(1) + _answer(2) + _NOTE_ROW[: _NOTE_ROW.index("置")]
_UTF8 = (ANSWERS + _answer(1, "途中で切れた")).encode("utf-8")

CASES = [
    _case(
        "import8-answers-cut-in-a-note",
        IMPORT,
        _CUT_IN_NOTE,
        "4 行目:",
        "ファイルが行の途中で終わっています",
        "値が 8 列分しかありません（見出しは 9 列",
        "欠けている列: answered_at",
    ),
    _case(
        "import8-answers-cut-in-a-note-en",
        IMPORT,
        _CUT_IN_NOTE,
        "row 4:",
        "the file ends in the middle of a row",
        "only 8 of 9 columns (missing: answered_at)",
        lang="en",
    ),
    _case(
        "import8-answers-five-of-nine-cells",
        IMPORT,
        ANSWERS + _answer(1) + "110,,,juki-department,d-04\n" + _answer(5),
        "3 行目:",
        "値が 5 列分しかありません（見出しは 9 列",
        "欠けている列: answer, reason, note, answered_at",
        "ファイルの 3 行目",
    ),
    _case(
        # hunt8 #3: UTF-8 cut inside 中, no other non-ASCII byte: was read as CP932 (騾比)
        "import8-answers-cut-inside-a-character",
        IMPORT,
        _UTF8[: _UTF8.index("中".encode()) + 1],
        "ファイルが文字の途中で終わっています",
        "ファイルの 2 行目",
    ),
    _case(
        "import8-answers-cut-inside-a-character-en",
        IMPORT,
        _UTF8[: _UTF8.index("中".encode()) + 2],
        "the file ends in the middle of a character",
        lang="en",
    ),
    _case(
        # other rows hold UTF-8 Japanese: this used to say "mixed encodings", not "cut off"
        "import8-answers-japanese-file-cut-inside-a-character",
        IMPORT,
        _CUT_IN_NOTE.encode()[:-1],
        "ファイルが文字の途中で終わっています",
        "ファイルの 4 行目",
    ),
    _case(
        # hunt8 #4: S1001 is temporary; the short row would make them regular and active
        "import8-people-short-row",
        PEOPLE_IMPORT,
        ROSTER + "S1001,山本 恵,110\n",
        "2 行目:",
        "値が 3 列分しかありません（見出しは 5 列",
        "欠けている列: staff_type, status",
    ),
    _case(
        "import8-people-short-row-no-organization-en",
        PEOPLE_IMPORT,
        ROSTER + "S1002,清水 由美\n",
        "row 2:",
        "only 2 of 5 columns (missing: organization, staff_type, status",
        lang="en",
    ),
    _case(
        "import8-orgs-short-row-would-wipe-tags",
        ORGS_IMPORT,
        ORG_TAGS + "120,情報政策課,100\n",
        "2 行目:",
        "欠けている列: tags",
    ),
    _case(
        "import8-orgs-file-ends-after-a-comma",
        ORGS_IMPORT,
        ORG_TAGS + "120,情報政策課,100,",
        "2 行目:",
        "ファイルがコンマの直後で終わっています",
    ),
    _case(
        "import8-people-last-row-cut",
        PEOPLE_IMPORT,
        ROSTER + "S1002,清水 由美,110,regular,active\nS1001,山本 恵,110,tempo",
        "3 行目:",
        "ファイルが行の途中で終わっています",
        "欠けている列: status",
    ),
    _case(
        "import8-cards-short-row",
        CARDS_IMPORT,
        CARDS + "210,N-01,operator,personal,S1001\n",
        "2 行目:",
        "欠けている列: group, members, issued, note",
    ),
]
