"""Bad inputs around the encrypted database (issue 11 point 7): passphrases that are
wrong, empty or not text, a database that is already encrypted, an output over a file."""

from __future__ import annotations

from pathlib import Path

from tests.corpus.case import Case, Placeholders

SECRET = "corpus db passphrase"


def _encrypted(places: Placeholders) -> None:
    from inspector.store.database import open_database

    open_database(f"sqlite:///{Path(places['tmp']) / 'enc.db'}", passphrase=SECRET).dispose()


_ENC = ["--db", "{tmp}/enc.db"]

CASES = [
    Case(
        id="cipher-wrong-passphrase",
        setup=_encrypted,
        args=[*_ENC, "orgs", "list"],
        env={"INSPECTOR_DB_PASSPHRASE": "not the passphrase"},
        expect=["暗号化されたデータベース {tmp}/enc.db のパスフレーズが違います"],
        exit_code=1,
    ),
    Case(
        id="cipher-no-passphrase-off-a-terminal",
        setup=_encrypted,
        args=[*_ENC, "sessions", "list"],
        expect=[
            "データベース {tmp}/enc.db は暗号化されています",
            "INSPECTOR_DB_PASSPHRASE",
            "--db-passphrase-file",
        ],
        exit_code=1,
    ),
    Case(
        id="cipher-plain-database-given-a-passphrase",
        args=["orgs", "list"],
        env={"INSPECTOR_DB_PASSPHRASE": SECRET},
        expect=["データベース {db} は暗号化されていません", "db encrypt"],
        exit_code=1,
    ),
    Case(
        id="cipher-empty-passphrase-file",
        files={"pass.txt": ""},
        args=["--db-passphrase-file", "{tmp}/pass.txt", "orgs", "list"],
        expect=["{tmp}/pass.txt", "パスフレーズのファイルが空です"],
        exit_code=1,
    ),
    Case(
        id="cipher-blank-first-line-passphrase-file",
        files={"pass.txt": "\nsecret\n"},
        args=["--db-passphrase-file", "{tmp}/pass.txt", "db", "encrypt"],
        expect=["{tmp}/pass.txt", "パスフレーズのファイルが空です"],
        exit_code=1,
    ),
    Case(
        id="cipher-non-utf8-passphrase-file",
        files={"pass.txt": "ひみつ\n".encode("cp932")},
        args=["--db-passphrase-file", "{tmp}/pass.txt", "db", "encrypt"],
        expect=["{tmp}/pass.txt", "UTF-8 のテキストではありません"],
        exit_code=1,
    ),
    Case(
        id="cipher-missing-passphrase-file",
        args=["--db-passphrase-file", "{tmp}/none.txt", "db", "encrypt"],
        expect=["{tmp}/none.txt", "データベースのパスフレーズのファイルを読めません"],
        exit_code=1,
    ),
    Case(
        id="cipher-empty-passphrase-variable",
        args=["db", "encrypt"],
        env={"INSPECTOR_DB_PASSPHRASE": ""},
        expect=["INSPECTOR_DB_PASSPHRASE", "空です"],
        exit_code=1,
    ),
    Case(
        id="cipher-encrypt-already-encrypted",
        setup=_encrypted,
        args=[*_ENC, "db", "encrypt"],
        env={"INSPECTOR_DB_PASSPHRASE": SECRET},
        expect=["データベース {tmp}/enc.db は既に暗号化されています"],
        exit_code=1,
    ),
    Case(
        id="cipher-encrypt-output-over-a-file",
        files={"out.txt": "the office's notes"},
        args=["db", "encrypt", "-o", "{tmp}/out.txt"],
        env={"INSPECTOR_DB_PASSPHRASE": SECRET},
        expect=["{tmp}/out.txt はすでにあります", "--force"],
        exit_code=1,
    ),
    Case(
        id="cipher-encrypt-output-is-the-database",
        args=["db", "encrypt", "-o", "{db}", "--force"],
        env={"INSPECTOR_DB_PASSPHRASE": SECRET},
        expect=["{db} は暗号化するデータベースそのもの"],
        exit_code=1,
    ),
    Case(
        id="cipher-encrypt-output-is-a-folder",
        files={"out/keep.txt": "x"},
        args=["db", "encrypt", "-o", "{tmp}/out", "--force"],
        env={"INSPECTOR_DB_PASSPHRASE": SECRET},
        expect=["{tmp}/out", "はフォルダです"],  # click's own check: a usage error, in Japanese
        exit_code=2,
    ),
]
