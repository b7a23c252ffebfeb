"""`people import` never reverts the roster from a blank cell (imports r16 #3): for a person
already stored, an empty staff_type or status cell keeps the stored value, as a missing
column does; a new person is regular and active. Each field changed is listed on the
receipt (old -> new) and logged in `person_change` in the import's transaction; a refused
file logs nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.model import PersonStatus, StaffType
from inspector.exchange.csvfile import CsvProblems
from inspector.exchange.rosters import import_people
from inspector.store.repository import PersonInput, Repository
from tests.db_rows import rows

HEADER = "staff_number,name,organization,staff_type,status\n"


def _file(folder: Path, text: str, name: str = "people.csv") -> Path:
    path = folder / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def _people(repo: Repository) -> dict[str, tuple[str, StaffType, PersonStatus]]:
    code_of = {o.id: o.code for o in repo.organizations()}
    return {
        p.staff_number: (code_of.get(p.organization_id or -1, ""), p.staff_type, p.status)
        for p in repo.people()
    }


def _log(repo: Repository) -> list[tuple[object, ...]]:
    return rows(
        repo,
        "select staff_number, field, old_value, new_value, changed_by from person_change"
        " order by id",
    )


def test_a_blank_cell_keeps_a_stored_person_and_a_change_is_listed_and_logged(
    city: Repository, tmp_path: Path
) -> None:
    city.upsert_people(
        [PersonInput("S1001", "臨時 花子", "GEN", StaffType.TEMPORARY, PersonStatus.ON_LEAVE)]
    )
    blank = _file(tmp_path, "S1001,臨時 花子,GEN,,\nS2001,新人 二郎,TAX,,\n")
    counts = import_people(city, blank, actor="人事 担当")
    assert (counts.added, counts.updated, counts.unchanged, counts.changes) == (1, 0, 1, ())
    assert _people(city) == {
        "S1001": ("GEN", StaffType.TEMPORARY, PersonStatus.ON_LEAVE),
        "S2001": ("TAX", StaffType.REGULAR, PersonStatus.ACTIVE),  # new: the defaults
    }
    assert _log(city) == []

    moved = _file(tmp_path, "S1001,臨時 花子,TAX,,在職\n", "moved.csv")
    counts = import_people(city, moved, actor="人事 担当")
    assert counts.updated == 1
    assert [(c.staff_number, c.field, c.old, c.new) for c in counts.changes] == [
        ("S1001", "organization", "GEN", "TAX"),
        ("S1001", "status", "on_leave", "active"),
    ]
    assert _people(city)["S1001"] == ("TAX", StaffType.TEMPORARY, PersonStatus.ACTIVE)
    assert _log(city) == [
        ("S1001", "organization", "GEN", "TAX", "人事 担当"),
        ("S1001", "status", "on_leave", "active", "人事 担当"),
    ]


def test_a_refused_file_changes_and_logs_nothing(city: Repository, tmp_path: Path) -> None:
    city.upsert_people([PersonInput("S1001", "臨時 花子", "GEN", StaffType.TEMPORARY)])
    bad = _file(tmp_path, "S1001,臨時 花子,GEN,regular,\nS1002,誰か,GEN,,たぶん\n")
    before = _people(city)
    with pytest.raises(CsvProblems):
        import_people(city, bad)
    assert _people(city) == before and _log(city) == []


@pytest.mark.sqlite_only("the command line on a database file")
def test_the_receipt_lists_each_change(tmp_path: Path) -> None:
    db = str(tmp_path / "office.db")
    invoke = CliRunner().invoke
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("code,name,parent,tags\n310,税務課,,employs_temporary\n", encoding="utf-8")
    assert invoke(cli, ["--db", db, "orgs", "import", str(orgs)]).exit_code == 0
    first = _file(tmp_path, "S1001,臨時 花子,310,temporary,active\n")
    assert invoke(cli, ["--db", db, "people", "import", str(first)]).exit_code == 0

    blank = invoke(cli, ["--db", db, "people", "import", str(_file(tmp_path, "S1001,臨時 花子,310,,\n", "b.csv"))])  # fmt: skip
    assert blank.exit_code == 0, blank.output
    assert blank.output.splitlines() == ["職員: 追加 0 件、更新 0 件、変更なし 1 件"]

    changed = _file(tmp_path, "S1001,臨時 花子,310,regular,\n", "c.csv")
    result = invoke(cli, ["--db", db, "people", "import", str(changed)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "職員: 追加 0 件、更新 1 件、変更なし 0 件",
        "  S1001: 職員区分 臨時的任用職員 → 職員",
    ]
    with sqlite3.connect(db) as conn:
        logged = conn.execute("select field, old_value, new_value from person_change").fetchall()
        (kind,) = conn.execute("select staff_type from person").fetchone()
    assert logged == [("staff_type", "temporary", "regular")] and kind == "regular"


def test_a_stored_name_with_a_control_is_shown_escaped(city: Repository, tmp_path: Path) -> None:
    from inspector.i18n import Translator
    from inspector.services.people import change_lines

    city.upsert_people([PersonInput("S1001", "古い\x1b[31m名前", "GEN")])
    counts = import_people(city, _file(tmp_path, "S1001,新しい 名前,GEN,,\n"))
    (line,) = change_lines(counts, Translator("en"))
    assert "\x1b" not in line and line.startswith("  S1001: name 古い")
    assert line.endswith("-> 新しい 名前")
