"""An answers CSV older than what is stored does not take the newer answer back (hunt4 M2):
as in a bundle, the newer `answered_at` wins. Older rows are skipped, counted and listed
with their line numbers; the change log and the session's counters stay as they were; a
file with a bad row is still refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS, import_answers
from inspector.exchange.csvfile import CsvProblems
from inspector.store.repository import Repository
from inspector.store.session_counters import counters_of
from tests.db_rows import scalar

HEADER = ",".join(COLUMNS)


def csv_file(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def gen_answers(repo: Repository) -> dict[str, tuple[str | None, str]]:
    gen = repo.find_organization("GEN")
    assert gen is not None
    (session,) = repo.sessions(organization_id=gen.id)
    return {
        item: (a.value, a.answered_at.isoformat()) for item, a in repo.answers(session.id).items()
    }


def test_an_older_file_imported_again_keeps_the_newer_answers(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    older = csv_file(
        tmp_path,
        "a.csv",
        [
            "GEN,,,mini,c1,遵守,,,2025-03-01 10:00",
            "GEN,,,mini,c2,遵守,,,2025-03-01 10:00",
            "GEN,,,mini,y1,はい,,,2025-03-01 10:00",
        ],
    )
    newer = csv_file(
        tmp_path,
        "b.csv",
        [
            "GEN,,,mini,c1,不遵守,unaware,,2025-03-20 10:00",
            "GEN,,,mini,c2,不遵守,unaware,,2025-03-20 10:00",
            "GEN,,,mini,y1,はい,,,2025-03-20 10:00",
        ],
    )
    import_answers(city, mini_catalog, older)
    import_answers(city, mini_catalog, newer)
    kept = gen_answers(city)
    changes = scalar(city, "select count(*) from answer_change")
    counters = scalar(city, "select answered_count || '/' || broken_count from inspection_session")

    report = import_answers(city, mini_catalog, older)

    assert gen_answers(city) == kept  # answered_at never goes backwards
    assert kept["c1"][0] == "noncompliant"
    assert report.counts.answers_older == 2  # c1, c2; y1 is the same answer: unchanged
    assert report.counts.answers_updated == 0
    assert report.counts.answers_unchanged == 1
    assert [(o.where, o.item_id) for o in report.counts.older] == [(2, "c1"), (3, "c2")]
    assert scalar(city, "select count(*) from answer_change") == changes
    assert (
        scalar(city, "select answered_count || '/' || broken_count from inspection_session")
        == counters
    )


def test_a_newer_row_beside_an_older_one_is_applied_and_counted(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    import_answers(
        city,
        mini_catalog,
        csv_file(
            tmp_path,
            "a.csv",
            ["GEN,,,mini,c1,不遵守,unaware,,2025-03-20 10:00", "GEN,,,mini,c2,遵守,,,2025-03-01"],
        ),
    )
    mixed = csv_file(
        tmp_path,
        "b.csv",
        ["GEN,,,mini,c1,遵守,,,2025-03-10 10:00", "GEN,,,mini,c2,不遵守,unaware,,2025-03-10"],
    )
    report = import_answers(city, mini_catalog, mixed)
    assert report.counts.answers_older == 1 and report.counts.answers_updated == 1
    answers = gen_answers(city)
    assert answers["c1"][0] == "noncompliant" and answers["c2"][0] == "noncompliant"
    # the counters kept by the store equal a count from the stored answers
    gen = city.find_organization("GEN")
    assert gen is not None
    (session,) = city.sessions(organization_id=gen.id)
    values = {k: a.value for k, a in city.answers(session.id).items()}
    recount = counters_of(mini_catalog.get("mini"), values, gen.tags)
    assert scalar(city, "select broken_count from inspection_session") == recount["broken_count"]


def test_a_bad_row_still_refuses_the_whole_file(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    import_answers(
        city, mini_catalog, csv_file(tmp_path, "a.csv", ["GEN,,,mini,c1,不遵守,,,2025-03-20"])
    )
    before = gen_answers(city)
    bad = csv_file(
        tmp_path, "b.csv", ["GEN,,,mini,c1,遵守,,,2025-03-01", "GEN,,,mini,c2,たぶん,,,2025-04-01"]
    )
    with pytest.raises(CsvProblems):
        import_answers(city, mini_catalog, bad)
    assert gen_answers(city) == before


@pytest.mark.sqlite_only("the command line on a database file")
def test_the_command_says_which_rows_were_skipped(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    invoke = CliRunner().invoke
    assert invoke(cli, ["--db", db, "demo"]).exit_code == 0
    exported = invoke(cli, ["--db", db, "export-csv"]).stdout.lstrip("\ufeff").splitlines()
    units = [r for r in exported if ",id-password-hearing,q" in r][:8]
    cut = [r.rsplit(",", 3)[0].rsplit(",", 1)[0] for r in units]  # up to the item
    newer = [f"{r},yes,,,2025-02-01 09:00" for r in cut]
    older = [f"{r},no,,,2025-01-01 09:00" for r in cut]
    first = invoke(cli, ["--db", db, "import-csv", str(csv_file(tmp_path, "b.csv", newer))])
    assert first.exit_code == 0, first.output
    result = invoke(cli, ["--db", db, "import-csv", str(csv_file(tmp_path, "a.csv", older))])
    assert result.exit_code == 0, result.output
    assert "保存されている回答より古い行を 8 行読み飛ばしました" in result.output
    item = cut[0].rsplit(",", 1)[1]
    shown = f"2 行目: 項目 {item}（この行 2025-01-01 09:00:00、保存済み 2025-02-01 09:00:00）"
    assert shown in result.output
    assert "ほか 3 行" in result.output
