"""Another program's SQLite database given to --db (hunt10 H1), a demo that received
other rows (H2), a refused import on a new --db path (M4) and a folder given to
`demo --force` (L1): refused, nothing changed, no file left behind."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.corpus.case import Case, Placeholders


def _foreign(places: Placeholders) -> None:
    connection = sqlite3.connect(Path(places["tmp"]) / "places.sqlite")
    connection.execute("CREATE TABLE moz_places(url TEXT)")
    connection.execute("INSERT INTO moz_places VALUES ('https://example.jp/')")
    connection.commit()
    connection.close()


def _real_row(places: Placeholders) -> None:
    """Real work added to the demo after it was built (as `orgs import` would)."""
    connection = sqlite3.connect(places["db"])
    connection.execute(
        "INSERT INTO organization (code, name, tags) VALUES ('900', '本物の課', '[]')"
    )
    connection.commit()
    connection.close()


def _folder(places: Placeholders) -> None:
    (Path(places["tmp"]) / "dirdb").mkdir()


NOT_OURS = "inspector のデータベースではありません"

CASES = [
    Case(
        id="fix10h-foreign-db-info",
        args=["--db", "{tmp}/places.sqlite", "db", "info"],
        expect=[NOT_OURS, "moz_places"],
        setup=_foreign,
    ),
    Case(
        id="fix10h-foreign-demo-force",
        args=["--db", "{tmp}/places.sqlite", "demo", "--force"],
        expect=[NOT_OURS],
        setup=_foreign,
    ),
    Case(
        id="fix10h-foreign-orgs-list-en",
        lang="en",
        args=["--db", "{tmp}/places.sqlite", "orgs", "list"],
        expect=["is not an inspector database"],
        setup=_foreign,
    ),
    Case(
        id="fix10h-demo-force-demo-with-real-rows",
        args=["demo", "--force"],
        expect=["デモを作った後に書き込まれたデータ", "組織 16 件", "手で削除"],
        setup=_real_row,
    ),
    Case(
        id="fix10h-refused-import-new-db",
        args=["--db", "{tmp}/typo.db", "people", "import", "{tmp}/o.csv"],
        files={"o.csv": "code,name\n900,本物の課\n"},
        expect=["staff_number"],
    ),
    Case(
        id="fix10h-demo-force-folder",
        args=["--db", "{tmp}/dirdb", "demo", "--force"],
        expect=["フォルダーです"],
        setup=_folder,
    ),
]
