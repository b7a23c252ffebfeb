"""A row without a time is not "now" (imports r16 #1): its time is unknown, so it never
replaces a different stored answer unless asked (`--take-older`); it is listed like an older
row, and the import says how many rows had no time. A new answer from such a row is dated
by the import."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.business_days import japan_today
from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS, import_answers
from inspector.store.repository import Repository
from tests.db_rows import execute, scalar

HEADER = ",".join(COLUMNS)


def csv_file(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def gen_answers(repo: Repository) -> dict[str, tuple[str | None, str]]:
    gen = repo.find_organization("GEN")
    assert gen is not None
    (session,) = repo.sessions(organization_id=gen.id)
    return {item: (a.value, a.state.note) for item, a in repo.answers(session.id).items()}


def test_an_undated_file_imported_again_does_not_undo_a_later_correction(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    first = csv_file(tmp_path, "a.csv", ["GEN,,,mini,y1,いいえ,,first draft,"])
    corrected = csv_file(tmp_path, "b.csv", ["GEN,,,mini,y1,はい,,corrected by department,"])
    added = import_answers(city, mini_catalog, first)
    assert added.counts.answers_added == 1 and added.counts.undated == 1
    # the correction has no time either: unknown, so it does not replace the stored answer
    second = import_answers(city, mini_catalog, corrected)
    assert second.counts.answers_updated == 0 and second.counts.answers_older == 1
    assert [(o.where, o.item_id, o.answered_at) for o in second.counts.older] == [(2, "y1", None)]
    assert gen_answers(city)["y1"] == ("no", "first draft")
    # asked for: taken, logged
    changes = scalar(city, "select count(*) from answer_change")
    taken = import_answers(city, mini_catalog, corrected, take_older=True)
    assert taken.counts.answers_updated == 1 and len(taken.counts.taken) == 1
    assert gen_answers(city)["y1"] == ("yes", "corrected by department")
    assert scalar(city, "select count(*) from answer_change") == changes + 1
    # the first draft again, undated: the correction stays
    again = import_answers(city, mini_catalog, first)
    assert again.counts.answers_updated == 0 and again.counts.answers_older == 1
    assert gen_answers(city)["y1"] == ("yes", "corrected by department")
    assert scalar(city, "select count(*) from answer_change") == changes + 1


def test_an_undated_row_never_beats_a_dated_newer_answer(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    dated = csv_file(tmp_path, "a.csv", ["GEN,,,mini,c1,不遵守,unaware,,2025-03-20 10:00"])
    import_answers(city, mini_catalog, dated)
    undated = csv_file(tmp_path, "b.csv", ["GEN,,,mini,c1,遵守,,,", "GEN,,,mini,c2,遵守,,,"])
    report = import_answers(city, mini_catalog, undated)
    assert report.counts.undated == 2
    assert report.counts.answers_older == 1  # c1 kept
    assert report.counts.answers_added == 1  # c2 new: dated by the import
    assert gen_answers(city)["c1"][0] == "noncompliant"
    assert gen_answers(city)["c2"][0] == "compliant"
    # the same undated answer again is unchanged, not older
    again = import_answers(city, mini_catalog, undated)
    assert again.counts.answers_unchanged == 1 and again.counts.answers_older == 1


TODAY = date(2026, 6, 1)
H = "310,S1030,,id-password-hearing,q1"


@pytest.mark.sqlite_only("the command line on a database file")
def test_the_command_lists_undated_rows_and_takes_them_only_when_asked(
    demo_templates: Callable[[date], Path], tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_templates(TODAY), db)
    invoke = CliRunner().invoke
    a = csv_file(tmp_path, "a.csv", [f"{H},no,,first draft,"])
    b = csv_file(tmp_path, "b.csv", [f"{H},yes,,corrected by department,"])

    def q1() -> tuple[str, str]:
        exported = invoke(cli, ["--db", str(db), "export-csv"]).stdout.splitlines()
        (row,) = [r for r in exported if r.startswith("310,S1030,") and ",q1," in r]
        value, _reason, note, _at = row.split(",")[5:9]
        return value, note

    made = invoke(cli, ["--db", str(db), "import-csv", str(a)])
    assert made.exit_code == 0, made.output
    # the session made from it is dated today and outranks the unit's dated session: said
    assert "回答日時のない行だけで点検を 1 件作りました。取込み日（" in made.output
    assert "  id-password-hearing 310 S1030: 日付のある点検 2026-" in made.output
    shown = q1()
    result = invoke(cli, ["--db", str(db), "import-csv", str(b)])
    assert result.exit_code == 0, result.output
    assert "回答日時のない行が 1 行ありました" in result.output
    # not older: of unknown time, said on their own line (review17 #5)
    assert "回答日時のない行 1 行は、保存済みの異なる回答に反映していません" in result.output
    assert "より古い行" not in result.output
    assert "2 行目: 項目 q1（この行 時刻なし、" in result.output
    assert "--take-older" in result.output
    assert q1() == shown
    english = invoke(cli, ["--db", str(db), "--lang", "en", "import-csv", str(b)]).output
    assert "1 row(s) without an answer time were not applied over different stored" in english
    assert "give --take-older to apply them" in english
    assert "older than what is stored" not in english and "1 rows" not in english
    taken = invoke(cli, ["--db", str(db), "--lang", "en", "import-csv", "--take-older", str(b)])
    assert taken.exit_code == 0, taken.output
    assert "1 row(s) had no answer time" in taken.output
    assert "applied with --take-older" in taken.output
    corrected = q1()
    assert corrected != shown
    again = invoke(cli, ["--db", str(db), "import-csv", str(a)])
    assert again.exit_code == 0, again.output
    assert q1() == corrected
    assert "回答日時のない行だけで点検を" not in again.output  # no session made: not said


def test_a_session_made_from_undated_rows_only_says_whose_dated_session_it_outranks(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    gen = city.find_organization("GEN")
    assert gen is not None
    execute(
        city,
        "insert into inspection_session (uid, checklist_id, checklist_version, organization_id,"
        " role, kind, session_date, status, source, created_at, not_independent) values"
        " ('visit-1', 'mini', '1.0', :org, 'inspector', 'inspection', '2025-03-01',"
        " 'completed', 'app', '2025-03-01 01:00:00', false)",
        org=gen.id,
    )
    dated = csv_file(tmp_path, "d.csv", ["TAX,,,mini,c1,遵守,,,2025-03-20 10:00"])
    assert import_answers(city, mini_catalog, dated).outranked == []
    undated = csv_file(tmp_path, "u.csv", ["GEN,,,mini,c1,遵守,,,", "TAX,,,mini,c2,遵守,,,"])
    report = import_answers(city, mini_catalog, undated)
    # GEN's new session is dated today, after the visit of 2025-03-01; TAX's session
    # existed (dated by its rows), so nothing new outranks anything there
    assert report.outranked == [("mini", "GEN", "", date(2025, 3, 1))]
    made = scalar(city, "select session_date from inspection_session where import_key like 'csv:mini/' || :o || '/%'", o=gen.id)  # fmt: skip
    assert str(made) == japan_today().isoformat()
    assert import_answers(city, mini_catalog, undated).outranked == []  # made already


def test_rows_without_a_time_are_not_counted_as_older_rows(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    """review17 #5: rows without a time skipped have their own line, apart from the older."""
    from inspector.i18n import Translator
    from inspector.services.import_csv import older_lines

    stored = [
        "GEN,,,mini,c1,不遵守,unaware,,2025-03-20 10:00",
        "GEN,,,mini,c2,不遵守,unaware,,2025-03-20 10:00",
    ]
    import_answers(city, mini_catalog, csv_file(tmp_path, "a.csv", stored))
    rows = ["GEN,,,mini,c1,遵守,,,", "GEN,,,mini,c2,遵守,,,2025-01-01 09:00"]
    report = import_answers(city, mini_catalog, csv_file(tmp_path, "b.csv", rows))
    assert (report.counts.answers_older, report.counts.undated_older) == (2, 1)
    lines = older_lines(report, Translator("en"))
    assert lines[1].startswith("1 row(s) without an answer time were not applied")
    assert lines[2].startswith("  line 2: item c1 (this row no time,")
    assert lines[3].startswith("1 row(s) older than what is stored were skipped")
    assert lines[4].startswith("  line 3: item c2 (this row 2025-01-01 09:00:00")
