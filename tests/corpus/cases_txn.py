"""Imports whose write the database refuses part-way (a trigger stands in for a full disk,
a rule broken by another program's row, a kill): one import is one transaction, so the
organizations and people it made are not left behind, and the refusal is a plain
sentence, not an IntegrityError traceback (issue 10 point 6, issue 16)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tests.corpus.case import Case, Placeholders

_ANSWERS = "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"
_REFUSED = ["データベースが変更を受け付けませんでした", "何も書き込んでいません"]


def _refuse_inserts_into(table: str, when: str = "1") -> Callable[[Placeholders], None]:
    def setup(places: Placeholders) -> None:
        conn = sqlite3.connect(places["db"])
        with conn:
            conn.execute(
                f"create trigger corpus_refuse before insert on {table} when {when} begin"
                " select raise(abort, 'refused'); end"
            )
        conn.close()  # the last connection: the trigger is in the file itself

    return setup


CASES = [
    Case(
        id="txn-csv-create-missing-answers-refused",
        files={
            "a.csv": _ANSWERS
            + "新設課,,,juki-department,d-01,遵守,,,2025-06-01\n"
            + "新設課,Z9001,職員,juki-operator,o-01,遵守,,,2025-06-01\n"
        },
        args=["import-csv", "{tmp}/a.csv", "--create-missing"],
        setup=_refuse_inserts_into("answer"),
        expect=_REFUSED,
        exit_code=1,
    ),
    Case(
        id="txn-csv-create-missing-people-refused",
        files={"a.csv": _ANSWERS + "新設課,Z9001,,juki-operator,o-01,遵守,,,2025-06-01\n"},
        args=["import-csv", "{tmp}/a.csv", "--create-missing"],
        setup=_refuse_inserts_into("person"),
        expect=_REFUSED,
        exit_code=1,
    ),
    Case(
        id="txn-people-create-missing-refused",
        files={
            "p.csv": "staff_number,name,organization,staff_type,status\n"
            "Z9001,新人 一郎,新設課,regular,active\n"
        },
        args=["people", "import", "{tmp}/p.csv", "--create-missing"],
        setup=_refuse_inserts_into("person"),
        expect=_REFUSED,
        exit_code=1,
    ),
    Case(
        id="txn-orgs-import-refused",
        files={"o.csv": "code,name\n901,新設課\n"},
        args=["orgs", "import", "{tmp}/o.csv"],
        setup=_refuse_inserts_into("organization"),
        expect=_REFUSED,
        exit_code=1,
    ),
    Case(
        # The cards are written, then their issue events are refused: no card stays.
        id="txn-cards-import-events-refused",
        files={
            "c.csv": "organization,number,kind,use,holder,group,members,issued,note\n"
            "210,OP-91,operator,personal,S1001,,,2025-04-01,\n"
            "210,OP-92,operator,personal,S1002,,,2025-04-01,\n"
        },
        args=["cards", "import", "{tmp}/c.csv"],
        setup=_refuse_inserts_into("card_event"),
        expect=_REFUSED,
        exit_code=1,
    ),
    Case(
        # The second line of the usage log is refused: the first does not stay either.
        id="txn-cards-usage-second-line-refused",
        files={
            "u.csv": "organization,card,used_at,staff_number,name,purpose\n"
            "210,G-01,2025-04-01T09:00:00+09:00,S1001,,first\n"
            "210,G-01,2025-04-01T10:00:00+09:00,S1001,,second\n"
        },
        args=["cards", "import-usage", "{tmp}/u.csv"],
        setup=_refuse_inserts_into("card_usage", "new.purpose = 'second'"),
        expect=_REFUSED,
        exit_code=1,
    ),
]
