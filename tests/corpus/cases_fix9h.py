"""Look-alike names and hidden notes (hunt9 M4): the invisible and bidi characters that
were outside the control list are refused with file, row and the character; and a file
that is not a database given to --db (M2) is said to be so and left as it was."""

from __future__ import annotations

from tests.corpus.case import Case
from tests.corpus.cases_csv import IMPORT, ORGS, ORGS_IMPORT, PEOPLE, PEOPLE_IMPORT, _answer
from tests.corpus.cases_csv import _answers as answers
from tests.corpus.cases_csv import _refused as refused

# (id, character, its name in the message): what hunt9 found accepted
_LOOKALIKES = [
    ("soft-hyphen", "\u00ad", "U+00AD"),
    ("tag-letters", "\U000e0041\U000e0042", "U+E0041"),
    ("arabic-letter-mark", "\u061c", "U+061C"),
    ("grapheme-joiner", "\u034f", "U+034F"),
    ("inhibit-swapping", "\u206a", "U+206A"),
    ("annotation", "\ufff9", "U+FFF9"),
    ("hangul-filler", "\u3164", "U+3164"),
]

CASES = [
    *(
        refused(f"fix9h-people-{name}", PEOPLE_IMPORT, PEOPLE + f"S9001,山本 恵{c},110\n", 2, shown)
        for name, c, shown in _LOOKALIKES
    ),
    refused(
        "fix9h-orgs-tag-in-name", ORGS_IMPORT, ORGS + "900,企画課\U000e007f,100\n", 2, "U+E007F"
    ),
    refused("fix9h-note-arabic-mark", IMPORT, answers(_answer(1, "ok\u061chidden")), 2, "U+061C"),
    refused("fix9h-note-annotation", IMPORT, answers(_answer(1, "\ufff9ok\ufffb")), 2, "U+FFF9"),
    Case(
        id="fix9h-text-file-as-database",
        files={"notes.db": "hello\n"},
        args=["--db", "{tmp}/notes.db", "sessions", "list"],
        expect=["{tmp}/notes.db", "SQLite のデータベースファイルではありません"],
        exit_code=1,
    ),
    Case(
        id="fix9h-text-file-as-database-with-a-passphrase",
        files={"notes.db": "hello\n"},
        args=["--db", "{tmp}/notes.db", "db", "info"],
        env={"INSPECTOR_DB_PASSPHRASE": "some passphrase"},
        expect=["{tmp}/notes.db", "SQLite のデータベースファイルではありません"],
        exit_code=1,
    ),
]
