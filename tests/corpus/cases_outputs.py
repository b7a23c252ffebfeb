"""Files the program writes: never over the database, its -wal, a key or the keys folder;
never over an existing file without --force; never through a link; never into a folder
that does not exist; organization codes that could name a path are refused on import."""

from __future__ import annotations

import os
from pathlib import Path

from tests.corpus.case import Case, Placeholders

_ANSWERS = "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"
_OLD = "an existing file the user keeps\n"
_PASS = {"INSPECTOR_KEY_PASSPHRASE": "corpus passphrase"}

# One command of each family that writes a file; "{out}" is where it writes.
_WRITERS: dict[str, list[str]] = {
    "export-csv": ["export-csv", "-o", "{out}"],
    "xlsx": ["consolidate", "--checklist", "juki-department", "--xlsx", "{out}"],
    "summary": ["report", "summary", "--checklist", "juki-department", "-o", "{out}"],
    "notice": ["report", "notice", "--session", "57", "--unsigned", "-o", "{out}"],
    "plans": ["report", "plans", "--organization", "120", "--unsigned", "-o", "{out}"],
    "followup": ["report", "followup", "--unsigned", "-o", "{out}"],
    "forms": ["forms", "print", "card-ledger", "-o", "{out}"],
    "bundle": ["bundle", "export", "--organization", "120", "-o", "{out}"],
}


def _args(family: str, out: str, *extra: str) -> list[str]:
    return [out if a == "{out}" else a for a in _WRITERS[family]] + list(extra)


def _link(name: str, to: str) -> object:
    def make(places: Placeholders) -> None:
        (Path(places["tmp"]) / name).symlink_to(Path(places["tmp"]) / to)

    return make


def _hard_link_to_db(places: Placeholders) -> None:
    os.link(places["db"], Path(places["tmp"]) / "alias.bin")


CASES: list[Case] = []

for family in _WRITERS:
    keys = family == "bundle"
    env = _PASS if keys else {}
    CASES += [
        Case(
            id=f"out-{family}-over-database",
            args=_args(family, "{db}", "--force"),
            expect=["{db}", "は使用中のデータベース"],
            exit_code=1,
            keys=keys,
            env=env,
        ),
        Case(
            id=f"out-{family}-existing-file",
            files={"old.out": _OLD},
            args=_args(family, "{tmp}/old.out"),
            expect=["{tmp}/old.out", "すでにあります", "--force"],
            exit_code=1,
            keys=keys,
            env=env,
        ),
        Case(
            id=f"out-{family}-symlink",
            files={"victim.txt": _OLD},
            setup=_link("link.out", "victim.txt"),  # type: ignore[arg-type]
            args=_args(family, "{tmp}/link.out", "--force"),
            expect=["{tmp}/link.out", "シンボリックリンク"],
            exit_code=1,
            keys=keys,
            env=env,
        ),
        Case(
            id=f"out-{family}-missing-folder",
            args=_args(family, "{tmp}/missing/x.out"),
            expect=["{tmp}/missing", "がありません"],
            exit_code=1,
            keys=keys,
            env=env,
        ),
        Case(
            id=f"out-{family}-into-keys-folder",
            args=_args(family, "{keys}/office/new.out", "--force"),
            expect=["鍵のフォルダー"],
            exit_code=1,
            keys=True,
            env=_PASS,
        ),
    ]

CASES += [
    Case(
        id="out-export-csv-over-wal",
        args=_args("export-csv", "{db}-wal", "--force"),
        expect=["は使用中のデータベース"],
        exit_code=1,
    ),
    Case(
        id="out-xlsx-over-shm-relative",
        args=_args("xlsx", "{tmp}/sub/../inspector.db-shm", "--force"),
        expect=["は使用中のデータベース"],
        exit_code=1,
    ),
    Case(
        id="out-xlsx-over-database-hard-link",
        setup=_hard_link_to_db,
        args=_args("xlsx", "{tmp}/alias.bin", "--force"),
        expect=["alias.bin", "は使用中のデータベース"],
        exit_code=1,
    ),
    Case(
        id="out-export-csv-over-root-key",
        args=_args("export-csv", "{keys}/office/root.key.pem", "--force"),
        expect=["鍵のフォルダー"],
        exit_code=1,
        keys=True,
    ),
    Case(
        id="out-summary-over-encryption-key",
        args=_args("summary", "{keys}/office/encryption.key.pem", "--force"),
        expect=["鍵のフォルダー"],
        exit_code=1,
        keys=True,
    ),
    Case(
        id="out-export-csv-over-copied-private-key",
        files={"copy.pem": "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n"},
        args=_args("export-csv", "{tmp}/copy.pem", "--force"),
        expect=["秘密鍵です"],
        exit_code=1,
    ),
    Case(
        id="out-notice-all-into-missing-folder",
        args=["report", "notice", "--all", "--unsigned", "-o", "{tmp}/a/b"],
        expect=["{tmp}/a", "がありません"],
        exit_code=1,
    ),
    Case(
        id="out-notice-all-into-keys-folder",
        args=["report", "notice", "--all", "--unsigned", "-o", "{keys}/notices"],
        expect=["鍵のフォルダー"],
        exit_code=1,
        keys=True,
    ),
    # organization codes that could name a path
    Case(
        id="orgs-import-code-with-slash",
        files={"o.csv": "code,name\nx/../../escaped,逃げる課\n"},
        args=["orgs", "import", "{tmp}/o.csv"],
        expect=["{tmp}/o.csv", "2 行目", "パスの区切り"],
        exit_code=1,
    ),
    Case(
        id="orgs-import-code-dotdot",
        files={"o.csv": "code,name\n..,上の課\n"},
        args=["orgs", "import", "{tmp}/o.csv"],
        expect=["2 行目", "「..」"],
        exit_code=1,
    ),
    Case(
        id="orgs-import-code-leading-dot",
        files={"o.csv": "code,name\n.hidden,隠れ課\n"},
        args=["orgs", "import", "{tmp}/o.csv"],
        expect=["2 行目", "「.」"],
        exit_code=1,
    ),
    Case(
        id="orgs-import-code-backslash",
        files={"o.csv": "code,name\nC:\\evil,課\n"},
        args=["orgs", "import", "{tmp}/o.csv"],
        expect=["2 行目", "パスの区切り"],
        exit_code=1,
    ),
    Case(
        id="import-csv-create-missing-code-with-slash",
        files={
            "a.csv": _ANSWERS + "x/../../escaped,,,juki-department,d-01,compliant,,,2025-06-01\n"
        },
        args=["import-csv", "{tmp}/a.csv", "--create-missing"],
        expect=["{tmp}/a.csv", "2 行目", "パスの区切り"],
        exit_code=1,
    ),
    Case(
        id="import-csv-create-missing-code-dotdot",
        files={"a.csv": _ANSWERS + "..,,,juki-department,d-01,compliant,,,2025-06-01\n"},
        args=["import-csv", "{tmp}/a.csv", "--create-missing"],
        expect=["2 行目", "「..」"],
        exit_code=1,
    ),
    Case(
        id="people-import-create-missing-code-with-slash",
        files={"p.csv": "staff_number,name,organization\nS9,名前,../x\n"},
        args=["people", "import", "{tmp}/p.csv", "--create-missing"],
        expect=["{tmp}/p.csv", "2 行目", "パスの区切り"],
        exit_code=1,
    ),
]
