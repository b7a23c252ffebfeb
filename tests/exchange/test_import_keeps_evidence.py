"""An import never drops what its file does not carry (imports r16 #2): a CSV row has no
evidence column, so an answer updated by one keeps its stored evidence, and a row equal
to the stored answer but for its evidence is unchanged (an export imported back changes
nothing)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS, import_answers
from inspector.store.repository import Repository
from tests.db_rows import execute, rows, scalar

HEADER = ",".join(COLUMNS)
PROOF = ["evidence/pw-policy.pdf", "evidence/会議録.docx"]


def csv_file(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def stored(repo: Repository, item: str) -> tuple[str | None, tuple[str, ...]]:
    gen = repo.find_organization("GEN")
    assert gen is not None
    (session,) = repo.sessions(organization_id=gen.id)
    answer = repo.answers(session.id)[item]
    return answer.value, answer.state.evidence


def test_an_update_from_a_csv_keeps_the_stored_evidence(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    first = csv_file(tmp_path, "a.csv", ["GEN,,,mini,y1,いいえ,,,2025-03-01 10:00"])
    import_answers(city, mini_catalog, first)
    execute(city, "update answer set evidence = :e where item_id = 'y1'", e=json.dumps(PROOF))
    changes = scalar(city, "select count(*) from answer_change")

    again = import_answers(city, mini_catalog, first)  # the same file: nothing changes
    assert (again.counts.answers_unchanged, again.counts.answers_updated) == (1, 0)
    assert stored(city, "y1") == ("no", tuple(PROOF))
    assert scalar(city, "select count(*) from answer_change") == changes

    newer = csv_file(tmp_path, "b.csv", ["GEN,,,mini,y1,はい,,,2025-03-20 10:00"])
    report = import_answers(city, mini_catalog, newer)
    assert report.counts.answers_updated == 1
    assert stored(city, "y1") == ("yes", tuple(PROOF))
    logged = scalar(city, "select new_state from answer_change order by id desc limit 1")
    assert (json.loads(logged) if isinstance(logged, str) else logged)["evidence"] == PROOF


TODAY = date(2026, 6, 1)


@pytest.mark.sqlite_only("the command line on a database file")
def test_an_export_imported_back_keeps_evidence_and_says_unchanged(
    demo_templates: Callable[[date], Path], tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_templates(TODAY), db)
    invoke = CliRunner().invoke
    row = "310,S1030,,id-password-hearing,q1,yes,,checked,2026-11-01 10:00"
    assert invoke(cli, ["--db", str(db), "import-csv", str(csv_file(tmp_path, "a.csv", [row]))])
    key = "select id from inspection_session where import_key is not null"
    url = f"sqlite:///{db}"
    answer = scalar(url, f"select id from answer where session_id in ({key})")
    execute(url, "update answer set evidence = :e where id = :a", e=json.dumps(PROOF), a=answer)
    exported = tmp_path / "export.csv"
    result = invoke(cli, ["--db", str(db), "--lang", "en", "export-csv", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    back = invoke(cli, ["--db", str(db), "--lang", "en", "import-csv", str(exported)])
    assert back.exit_code == 0, back.output
    assert " 0 updated, 1 unchanged" in back.output
    value, evidence = rows(url, "select value, evidence from answer where id = :a", a=answer)[0]
    assert (value, json.loads(evidence)) == ("yes", PROOF)
