"""The answers CSV: encodings, Japanese spellings, bad rows, idempotent re-import."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS, export_answers, import_answers
from inspector.exchange.csvfile import CsvProblems
from inspector.store.repository import Repository
from tests.db_rows import scalar

HEADER = ",".join(COLUMNS)


def csv_file(
    tmp_path: Path, rows: list[str], encoding: str = "utf-8", name: str = "in.csv"
) -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode(encoding))
    return path


def table_counts(repo: Repository) -> dict[str, int]:
    return {
        t: scalar(repo, f"select count(*) from {t}")
        for t in ("organization", "person", "inspection_session", "answer", "answer_change")
    }


_FOLDER: list[Path] = []


@pytest.fixture(autouse=True)
def _test_folder(tmp_path: Path) -> None:
    _FOLDER[:] = [tmp_path]


ROWS = [
    "GEN,,,mini,c1,不遵守,unaware;机の上に放置,棚を確認,2025-03-31T10:00:00+09:00",
    "総務課,,,mini,c2,○,,,2025-03-31 10:05",
    "GEN,,,mini,y1,はい,,,",
    "TAX,,,mini,ch,毎週,,,",
    "TAX,,,mini,n1,１２,,,",
]


def test_import_creates_one_session_per_organization(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    report = import_answers(city, mini_catalog, csv_file(city_tmp(city), ROWS))
    assert report.counts.sessions_added == 2
    assert report.counts.answers_added == 5
    gen = city.find_organization("GEN")
    assert gen is not None
    (session,) = city.sessions(organization_id=gen.id)
    assert session.is_completed and session.source.value == "csv"
    answers = city.answers(session.id)
    assert answers["c1"].state.value == "noncompliant"
    assert answers["c1"].state.reasons == ("unaware",)
    assert answers["c1"].state.reason_text == "机の上に放置"
    assert answers["c1"].state.note == "棚を確認"
    assert answers["c2"].value == "compliant"
    assert answers["y1"].value == "yes"
    assert str(session.session_date) == "2025-03-31"


def city_tmp(repo: Repository) -> Path:
    """The test's folder for its files (the database may be on a server)."""
    return _FOLDER[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_encodings(city: Repository, mini_catalog: ChecklistCatalog, encoding: str) -> None:
    report = import_answers(city, mini_catalog, csv_file(city_tmp(city), ROWS, encoding))
    assert report.counts.answers_added == 5
    gen = city.find_organization("GEN")
    assert gen is not None
    assert (
        city.answers(city.sessions(organization_id=gen.id)[0].id)["c1"].state.reason_text
        == "机の上に放置"
    )


def test_reimport_changes_nothing(city: Repository, mini_catalog: ChecklistCatalog) -> None:
    path = csv_file(city_tmp(city), ROWS)
    import_answers(city, mini_catalog, path)
    before = table_counts(city)
    report = import_answers(city, mini_catalog, path)
    assert report.counts.answers_unchanged == 5
    assert (
        report.counts.answers_added
        == report.counts.answers_updated
        == report.counts.sessions_added
        == 0
    )
    assert table_counts(city) == before


def test_changed_answer_is_updated_and_logged(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    import_answers(city, mini_catalog, csv_file(city_tmp(city), ROWS))
    changed = [ROWS[0].replace("不遵守", "遵守"), *ROWS[1:]]
    report = import_answers(city, mini_catalog, csv_file(city_tmp(city), changed, name="b.csv"))
    assert report.counts.answers_updated == 1
    gen = city.find_organization("GEN")
    assert gen is not None
    sid = city.sessions(organization_id=gen.id)[0].id
    log = [c for c in city.changes(sid) if c.item_id == "c1"]
    assert [(c.old.value, c.new.value) for c in log] == [
        (None, "noncompliant"),
        ("noncompliant", "compliant"),
    ]


def test_bad_rows_all_reported_and_nothing_written(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    before = table_counts(city)
    rows = [
        ROWS[0],
        "NOPE,,,mini,c1,遵守,,,",
        "GEN,,,nolist,c1,遵守,,,",
        "GEN,,,mini,zz,遵守,,,",
        "GEN,,,mini,c2,たぶん,,,",
        "GEN,,,mini,c1,遵守,,,",
        "GEN,S1,,mini,n1,3,,,",
        "GEN,,,mini,n1,3,,,yesterday",
    ]
    with pytest.raises(CsvProblems) as info:
        import_answers(city, mini_catalog, csv_file(city_tmp(city), rows))
    found = {p.row: p.message for p in info.value.problems}
    assert set(found) == {3, 4, 5, 6, 7, 8, 9}
    assert "unknown organization 'NOPE'" in found[3]
    assert "unknown checklist 'nolist'" in found[4]
    assert "unknown item 'zz'" in found[5]
    assert "not a compliance answer" in found[6]
    assert "answered twice" in found[7] and "row 2" in found[7]
    assert "respondent must be empty" in found[8]
    assert "not a date" in found[9]
    assert table_counts(city) == before


def test_missing_column(city: Repository, mini_catalog: ChecklistCatalog) -> None:
    path = city_tmp(city) / "short.csv"
    path.write_text("organization,checklist,item,answer\nGEN,mini,c1,遵守\n", encoding="utf-8")
    with pytest.raises(CsvProblems) as info:
        import_answers(city, mini_catalog, path)
    assert "missing column(s): respondent, staff_type, reason, note, answered_at" in str(info.value)


def test_person_checklist_needs_respondent_and_create_missing(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    rows = [
        "GEN,S100,非常勤嘱託員,mini-person,q1,はい,,,",
        "NEWORG,S101,dispatched,mini-person,q2,いいえ,,,",
    ]
    with pytest.raises(CsvProblems) as info:
        import_answers(city, mini_catalog, csv_file(city_tmp(city), rows))
    assert len(info.value.problems) == 2
    report = import_answers(city, mini_catalog, csv_file(city_tmp(city), rows), create_missing=True)
    assert report.people_created == 2 and report.organizations_created == 1
    person = city.find_person("S100")
    assert person is not None and person.staff_type.value == "part_time"
    assert report.counts.sessions_added == 2


def test_export_round_trips(city: Repository, mini_catalog: ChecklistCatalog) -> None:
    import_answers(city, mini_catalog, csv_file(city_tmp(city), ROWS))
    text = export_answers(city, mini_catalog, checklist_id="mini")
    lines = text.strip().splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 6
    assert any(
        line.startswith(
            "GEN,,,mini,c1,noncompliant,unaware; 机の上に放置,棚を確認,2025-03-31T10:00:00+09:00"
        )
        for line in lines
    )
    exported = city_tmp(city) / "out.csv"
    exported.write_text(text, encoding="utf-8")
    report = import_answers(city, mini_catalog, exported)
    assert report.counts.answers_unchanged == 5


def test_a_unit_named_by_code_and_by_name_is_one_unit(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    before = table_counts(city)
    rows = ["GEN,,,mini,c1,遵守,,,", "総務課,,,mini,c1,不遵守,,,"]
    with pytest.raises(CsvProblems) as info:
        import_answers(city, mini_catalog, csv_file(city_tmp(city), rows))
    ((row, message),) = [(p.row, p.message) for p in info.value.problems]
    assert row == 3 and "answered twice" in message
    assert table_counts(city) == before


def test_respondent_of_another_organization_is_refused(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    import_answers(
        city,
        mini_catalog,
        csv_file(city_tmp(city), ["GEN,S7,,mini-person,q1,はい,,,"]),
        create_missing=True,
    )
    with pytest.raises(CsvProblems) as info:
        import_answers(
            city,
            mini_catalog,
            csv_file(city_tmp(city), ["TAX,S7,,mini-person,q2,はい,,,"], name="b.csv"),
        )
    assert "respondent 'S7' belongs to organization 'GEN', not 'TAX'" in str(info.value)


def test_export_takes_the_unit_latest_by_date_not_by_creation(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    from datetime import date

    from inspector.domain.model import Role, SessionKind

    gen = city.find_organization("GEN")
    assert gen is not None
    recent = city.start_session(
        mini_catalog.get("mini"),
        gen.id,
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        session_date=date(2026, 11, 1),
    )
    city.save_answer(recent.id, "c1", lambda s: replace(s, value="compliant"), "t")
    city.complete_session(recent.id, "t")
    # An old visit imported afterwards: created later, but dated 2024.
    import_answers(
        city,
        mini_catalog,
        csv_file(city_tmp(city), ["GEN,,,mini,c1,不遵守,,,2024-04-01T10:00:00+09:00"]),
    )
    lines = export_answers(city, mini_catalog, checklist_id="mini").strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("GEN,,,mini,c1,compliant,")


def test_a_known_persons_other_staff_type_is_a_problem_not_ignored(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    """The roster owns a person's type: a different one in the file is reported with its
    row, never dropped without a word nor applied behind the roster's back."""
    import_answers(
        city,
        mini_catalog,
        csv_file(city_tmp(city), ["GEN,S7,part_time,mini-person,q1,はい,,,"]),
        create_missing=True,
    )
    before = table_counts(city)
    rows = [
        "GEN,S7,非常勤嘱託員,mini-person,q1,いいえ,,,",  # the stored type, in Japanese
        "GEN,S7,派遣労働者,mini-person,q2,はい,,,",
    ]
    with pytest.raises(CsvProblems) as info:
        import_answers(city, mini_catalog, csv_file(city_tmp(city), rows, name="b.csv"))
    ((row, message),) = [(p.row, p.message) for p in info.value.problems]
    assert row == 3
    assert "respondent 'S7' is 'part_time' in the database, not 'dispatched'" in message
    assert table_counts(city) == before
    person = city.find_person("S7")
    assert person is not None and person.staff_type.value == "part_time"
    # The stored type or none: the file imports, and importing it again changes nothing.
    fixed = [rows[0], "GEN,S7,,mini-person,q2,はい,,,"]
    path = csv_file(city_tmp(city), fixed, name="c.csv")
    report = import_answers(city, mini_catalog, path)
    # q1's row has no time: it never replaces the stored answer (listed as older)
    assert (report.counts.answers_older, report.counts.answers_added) == (1, 1)
    again = import_answers(city, mini_catalog, path)
    assert again.counts.answers_unchanged == 1 and again.counts.answers_added == 0


def test_a_new_persons_staff_type_comes_from_any_row_and_must_agree(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    before = table_counts(city)
    rows = ["GEN,S8,temporary,mini-person,q1,はい,,,", "GEN,S8,dispatched,mini-person,q2,はい,,,"]
    with pytest.raises(CsvProblems) as info:
        import_answers(city, mini_catalog, csv_file(city_tmp(city), rows), create_missing=True)
    ((row, message),) = [(p.row, p.message) for p in info.value.problems]
    assert row == 3 and "'dispatched' here but 'temporary' at row 2" in message
    assert table_counts(city) == before
    rows = ["GEN,S8,,mini-person,q1,はい,,,", "GEN,S8,temporary,mini-person,q2,はい,,,"]
    import_answers(
        city, mini_catalog, csv_file(city_tmp(city), rows, name="b.csv"), create_missing=True
    )
    person = city.find_person("S8")
    assert person is not None and person.staff_type.value == "temporary"


def test_an_unknown_column_is_reported_by_name(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    before = table_counts(city)
    typo = city_tmp(city) / "typo.csv"
    typo.write_text(
        HEADER.replace(",answer,", ",anwser,") + "\nGEN,,,mini,c1,遵守,,,\n", encoding="utf-8"
    )
    with pytest.raises(CsvProblems) as info:
        import_answers(city, mini_catalog, typo)
    messages = [p.message for p in info.value.problems]
    assert {p.row for p in info.value.problems} == {1}
    assert any(m.startswith("missing column(s): answer ") for m in messages)
    assert "unknown column 'anwser' (did you mean 'answer'?)" in messages
    extra = city_tmp(city) / "extra.csv"
    extra.write_text(HEADER + ",comment,note\nGEN,,,mini,c1,遵守,,,,見た,\n", encoding="utf-8")
    with pytest.raises(CsvProblems) as info:
        import_answers(city, mini_catalog, extra)
    messages = [p.message for p in info.value.problems]
    assert any(m.startswith("unknown column 'comment' (expected: organization,") for m in messages)
    assert "column 'note' appears 2 times" in messages
    assert table_counts(city) == before


def test_values_outside_the_named_columns_are_reported(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    """An unquoted comma pushes values past the header; Excel's empty trailing columns
    without a name are harmless."""
    before = table_counts(city)
    path = city_tmp(city) / "stray.csv"
    path.write_text(
        HEADER
        + ",,\nGEN,,,mini,c1,遵守,,,,,\nGEN,,,mini,c2,遵守,,,,机上,\nGEN,,,mini,y1,はい,,,,,,,後\n",
        encoding="utf-8",
    )
    with pytest.raises(CsvProblems) as info:
        import_answers(city, mini_catalog, path)
    found = {p.row: p.message for p in info.value.problems}
    assert set(found) == {3, 4}
    assert "'机上'" in found[3] and "'後'" in found[4]
    assert table_counts(city) == before
    path.write_text(HEADER + ",,\nGEN,,,mini,c1,遵守,,,,,\n", encoding="utf-8")
    assert import_answers(city, mini_catalog, path).counts.answers_added == 1
