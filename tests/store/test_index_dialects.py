"""The partial unique index of document numbers (revision 0014) is declared for both
databases without making a process on SQLite import SQLAlchemy's PostgreSQL dialect
(issue 17: ~20 ms of every command that loads the tables)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.schema import CreateIndex

from inspector.store.database import open_database
from inspector.store.tables import IssuedDocumentRow

_PROBE = """
import sys
from sqlalchemy import text
import inspector.store.tables  # noqa: F401
from inspector.store.database import open_database

engine = open_database(sys.argv[1])
with engine.connect() as connection:
    connection.execute(text("SELECT count(*) FROM issued_document")).scalar_one()
engine.dispose()
print("POSTGRESQL", "sqlalchemy.dialects.postgresql" in sys.modules)
"""


def test_the_tables_on_sqlite_load_no_postgresql_dialect(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.db'}"
    open_database(url).dispose()  # created and migrated here: the probe only opens it
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, url],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "POSTGRESQL False"


def test_the_number_index_counts_only_originals_on_each_database(database_url: str) -> None:
    engine = open_database(database_url)
    indexes = IssuedDocumentRow.__table__.indexes  # type: ignore[attr-defined]
    (index,) = (i for i in indexes if i.name == "uq_issued_document_number")
    with engine.connect() as connection:
        ddl = str(CreateIndex(index).compile(dialect=connection.dialect))
    engine.dispose()
    assert ddl.startswith("CREATE UNIQUE INDEX uq_issued_document_number ON issued_document")
    assert ddl.endswith("WHERE reissue_of IS NULL")
