"""`inspector consolidate` end to end (CSV in, JSON out), and the SQL path of the store
checked against the domain maths on the same data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import summarize, tally_units
from inspector.domain.model import AnswerState, PersonStatus, Role, SessionKind, StaffType
from inspector.exchange.answers_csv import COLUMNS
from inspector.store.repositories.consolidation import ConsolidationRepository
from inspector.store.repository import OrganizationInput, PersonInput, Repository

HEADER = ",".join(COLUMNS)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--lang", "en", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def hearing_rows() -> list[str]:
    """Ten people: q2/q4 yes for some, with overlap; staff types mixed."""
    people = [
        # staff number, type, q1, q2, q3, q4
        ("P01", "職員", "はい", "はい", "いいえ", "はい"),
        ("P02", "職員", "いいえ", "はい", "いいえ", "いいえ"),
        ("P03", "職員", "いいえ", "いいえ", "いいえ", "はい"),
        ("P04", "職員", "いいえ", "いいえ", "いいえ", "いいえ"),
        ("P05", "非常勤嘱託員", "はい", "はい", "はい", "いいえ"),
        ("P06", "非常勤嘱託員", "いいえ", "いいえ", "いいえ", "いいえ"),
        ("P07", "臨時的任用職員", "いいえ", "いいえ", "はい", "はい"),
        ("P08", "派遣労働者", "いいえ", "いいえ", "いいえ", "いいえ"),
        ("P09", "職員", "いいえ", "いいえ", "いいえ", "いいえ"),
        ("P10", "職員", "いいえ", "はい", "いいえ", "はい"),
    ]
    rows = []
    for number, staff_type, *answers in people:
        org = "GEN" if number < "P06" else "TAX"
        for q, answer in zip(("q1", "q2", "q3", "q4"), answers, strict=True):
            rows.append(f"{org},{number},{staff_type},id-password-hearing,{q},{answer},,,")
        if answers[1] == "はい":
            rows.append(f"{org},{number},{staff_type},id-password-hearing,q2-system,財務会計,,,")
    return rows


@pytest.fixture
def hearing_db(tmp_path: Path, db_arg: str) -> str:
    db = db_arg
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("code,name,parent,tags\nD1,市民部,,\nGEN,総務課,D1,\nTAX,税務課,D1,\n", "utf-8")
    assert run("--db", str(db), "orgs", "import", str(orgs))[0] == 0
    code, _out, err = run(
        "--db",
        str(db),
        "import-csv",
        "--create-missing",
        str(write_csv(tmp_path / "hearing.csv", hearing_rows())),
    )
    assert code == 0, err
    return db


def test_hearing_csv_consolidated_by_staff_type(hearing_db: str) -> None:
    code, out, err = run(
        "--db",
        str(hearing_db),
        "consolidate",
        "--checklist",
        "id-password-hearing",
        "--by",
        "staff_type",
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert {"checklist", "unit", "population", "items", "distribution", "unions", "groups"} <= set(
        data
    )
    assert data["checklist"] == "id-password-hearing" and data["unit"] == "respondent"
    assert data["population"] == 10 and data["missing"] == 0
    items = {i["item"]: i for i in data["items"]}
    assert items["q2"]["noncompliant"] == 4 and items["q4"]["noncompliant"] == 4
    assert items["q2"]["compliant"] == 6 and items["q2"]["applicable"] == 10
    # 4 + 4 - 2 (P01 and P10 said yes to both) = 6 people
    assert data["unions"]["let-another-act"] == 6
    # the ids stay; the labels a reader needs are beside them
    assert data["union_labels"]["let-another-act"] == "Let another person act as you (Q2 or Q4)"
    assert all(entry["text"] for entry in data["items"])
    assert data["unions"]["any"] == 6
    assert set(items["q2"]) >= {
        "item",
        "compliant",
        "noncompliant",
        "not_applicable",
        "unanswered",
        "applicable",
    }
    system = items["q2-system"]
    assert (system["applicable"], system["answered"], system["not_applicable"]) == (4, 4, 6)
    groups = data["groups"]
    assert list(groups) == ["regular", "part_time", "temporary", "dispatched"]
    assert groups["regular"]["population"] == 6
    assert groups["regular"]["items"]["q2"] == 3
    assert groups["regular"]["unions"]["let-another-act"] == 4
    assert groups["part_time"]["unions"]["let-another-act"] == 1
    assert groups["temporary"]["unions"]["let-another-act"] == 1
    assert groups["dispatched"]["unions"] == {"let-another-act": 0, "acted-as-another": 0, "any": 0}
    assert sum(g["unions"]["let-another-act"] for g in groups.values()) == 6
    assert [b["max"] for b in data["distribution"]] == [0, None]


def test_organization_filter_and_human_tables(hearing_db: str) -> None:
    code, out, _ = run(
        "--db",
        str(hearing_db),
        "consolidate",
        "--checklist",
        "id-password-hearing",
        "--organization",
        "GEN",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["population"] == 5
    # D1 includes both departments below it.
    code, out, _ = run(
        "--db",
        str(hearing_db),
        "consolidate",
        "--checklist",
        "id-password-hearing",
        "--organization",
        "D1",
        "--json",
    )
    assert json.loads(out)["population"] == 10
    code, out, _ = run(
        "--db",
        str(hearing_db),
        "consolidate",
        "--checklist",
        "id-password-hearing",
        "--by",
        "staff_type",
    )
    assert code == 0
    # the union's label and the items' texts, not their ids
    assert "Let another person act as you (Q2 or Q4)" in out and "total" in out
    assert "let-another-act" not in out and "q1-system" not in out


def test_department_csv_distribution(tmp_path: Path, db_arg: str) -> None:
    db = db_arg
    rows = []
    for site in range(4):
        for k in range(1, 58):
            # item d-01 broken by every site, d-02 by 3, d-03 by 1
            broken = (k == 1) or (k == 2 and site < 3) or (k == 3 and site == 0)
            answer = "不遵守" if broken else "遵守"
            reason = ",忙しかった" if broken and k == 1 else ","
            rows.append(f"S{site},,,juki-department,d-{k:02d},{answer}{reason},,")
    code, _, err = run(
        "--db", str(db), "import-csv", "--create-missing", str(write_csv(tmp_path / "d.csv", rows))
    )
    assert code == 0, err
    code, out, err = run("--db", str(db), "consolidate", "--checklist", "juki-department", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["population"] == 4
    assert [(b["label"], b["items"]) for b in data["distribution"]] == [
        ("0", 54),
        ("1-2", 1),
        ("3-5", 2),
        ("6+", 0),
    ]
    assert data["distribution"][0]["share"] == round(54 / 57, 4)
    assert data["reasons"][0]["item"] == "d-01"
    assert data["reasons"][0]["reasons"] == [
        {"reason": "忙しかった", "label": "忙しかった", "count": 4}
    ]
    assert data["unions"] == {} and "groups" not in data


def test_demo_and_errors(db_arg: str) -> None:
    db = db_arg
    assert run("demo", "--db", db, "--force")[0] == 0
    code, out, _ = run("--lang", "ja", "--db", db, "consolidate", "--checklist", "juki-operator")
    assert code == 0 and "41～" in out  # Japanese: the last --lang given
    code, _, err = run(
        "--db", db, "consolidate", "--checklist", "juki-department", "--by", "staff_type"
    )
    assert code == 1 and err.startswith("error:") and "person checklist" in err
    code, _, err = run("--db", db, "consolidate", "--checklist", "nope")
    assert code == 1 and "unknown checklist" in err and "Traceback" not in err
    code, _, err = run(
        "--db", db, "consolidate", "--checklist", "juki-operator", "--organization", "ZZZ"
    )
    assert code == 1 and "unknown organization 'ZZZ'" in err
    # The juki-department self-check of 110 is open: a missing unit.
    code, out, _ = run("--db", db, "consolidate", "--checklist", "juki-department", "--json")
    data = json.loads(out)
    assert data["population"] == 3 and data["missing"] == 1


# -- the SQL path against the domain maths ----------------------------------------------------


def _session(
    repo: Repository,
    checklist: Checklist,
    org: str,
    answers: dict[str, AnswerState],
    *,
    day: int,
    complete: bool = True,
    respondent: str | None = None,
) -> None:
    organization = repo.find_organization(org)
    assert organization is not None
    person = repo.find_person(respondent) if respondent else None
    session = repo.start_session(
        checklist,
        organization.id,
        role=Role.OPERATOR if person else Role.INSPECTOR,
        kind=SessionKind.SELF_CHECK,
        respondent_id=person.id if person else None,
        session_date=date(2025, 3, day),
    )
    for item_id, state in answers.items():
        repo.save_answer(session.id, item_id, lambda _old, s=state: s, "test")
    if complete:
        repo.complete_session(session.id, "test")


def _nc(*reasons: str, text: str = "") -> AnswerState:
    return AnswerState(value="noncompliant", reasons=reasons, reason_text=text)


def _v(value: str) -> AnswerState:
    return AnswerState(value=value)


def test_sql_tally_matches_the_domain_maths(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    repo = city
    repo.upsert_organizations(
        [OrganizationInput("SUB", "税務課分室", "TAX", ("employs_temporary",))]
    )
    mini = mini_catalog.get("mini")
    person_checklist = mini_catalog.get("mini-person")
    # GEN: an older completed session, then a newer open one: the completed one counts.
    _session(
        repo,
        mini,
        "GEN",
        {
            "c1": _nc("busy", text="人手不足"),
            "c2": _v("compliant"),
            "y1": _v("yes"),
            "y2": _v("no"),
            "t1": _v("no"),
            "ch": _v("daily"),
        },
        day=1,
    )
    _session(repo, mini, "GEN", {"c1": _v("compliant")}, day=20, complete=False)
    # TAX: two completed; the newer one counts. y2 stale (y1 no); t1 does not apply.
    _session(repo, mini, "TAX", {"c1": _v("compliant")}, day=2)
    _session(
        repo,
        mini,
        "TAX",
        {
            "c1": _nc("busy", "unaware"),
            "c2": _v("not_applicable"),
            "y1": _v("no"),
            "y2": _v("yes"),
            "t1": _v("no"),
            "n1": _v("3"),
            "tx": _v("朝礼"),
        },
        day=5,
    )
    # SUB: employs temporary staff, t1 unanswered.
    _session(repo, mini, "SUB", {"c1": _nc(), "y1": _v("yes"), "y2": _v("yes")}, day=7)
    # D1: only an open session: missing.
    _session(repo, mini, "D1", {"c1": _nc()}, day=8, complete=False)
    repo.upsert_people(
        [
            PersonInput(
                f"P{n}",
                f"人{n}",
                "GEN" if n < 3 else "TAX",
                [StaffType.REGULAR, StaffType.PART_TIME][n % 2],
                PersonStatus.ACTIVE,
            )
            for n in range(6)
        ]
    )
    for n in range(6):
        answers = {"q1": _v("yes" if n % 3 == 0 else "no"), "q2": _v("yes" if n < 2 else "no")}
        _session(
            repo,
            person_checklist,
            "GEN" if n < 3 else "TAX",
            answers,
            day=3,
            respondent=f"P{n}",
            complete=n != 5,
        )
    consolidation = ConsolidationRepository(repo.engine)
    for checklist, codes, by in [
        (mini, (), None),
        (mini, ("TAX",), None),
        (mini, ("GEN", "SUB"), None),
        (person_checklist, (), "staff_type"),
        (person_checklist, ("GEN",), "staff_type"),
    ]:
        scope = consolidation.scope(checklist, codes)
        units, missing = consolidation.units(scope)
        expected = summarize(checklist, tally_units(checklist, units, missing), by=by)
        for grouped in (True, by is not None):
            actual = summarize(checklist, consolidation.tally(scope, grouped=grouped), by=by)
            assert actual.to_json() == expected.to_json(), (checklist.id, codes, grouped)
    whole = consolidation.consolidate(mini)
    assert (whole.population, whole.missing) == (3, 1)
    c1 = whole.item("c1")
    assert (c1.compliant, c1.noncompliant) == (0, 3)
    assert [(r.reason, r.count) for r in whole.reasons[0].reasons] == [
        ("busy", 2),
        ("人手不足", 1),  # ties by label: 人手不足 before 規程を知らなかった
        ("unaware", 1),
    ]
    y2 = whole.item("y2")  # applies where y1 was yes: GEN (no) and SUB (yes)
    assert (y2.applicable, y2.noncompliant, y2.compliant) == (2, 1, 1)
    t1 = whole.item("t1")  # applies to GEN and SUB only
    assert (t1.applicable, t1.noncompliant, t1.unanswered) == (2, 1, 1)
    assert whole.item("c2").not_applicable == 1
    people = consolidation.consolidate(person_checklist, by="staff_type")
    assert (people.population, people.missing) == (5, 1)
    assert people.unions == {"any": 3}
    assert people.groups is not None and people.groups["regular"].population == 3
    sub_only = consolidation.consolidate(mini, ["TAX"])
    assert sub_only.population == 2  # TAX and SUB below it


def test_report_summary_pdf(hearing_db: str, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    code, _stdout, err = run(
        "--db",
        str(hearing_db),
        "report",
        "summary",
        "--checklist",
        "id-password-hearing",
        "--by",
        "staff_type",
        "-o",
        str(out),
    )
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"/FontFile2" in data  # the Japanese font embedded
    assert not (tmp_path / "summary.pdf.part").exists()
    from inspector.reports.summary import render_summary

    catalog = ChecklistCatalog.from_folders([Path(__file__).resolve().parents[2] / "checklists"])
    checklist = catalog.get("id-password-hearing")
    from inspector.domain.consolidation import UnitRecord, consolidate

    result = consolidate(
        checklist, [UnitRecord("a", {"q2": "yes"}, group="regular")], by="staff_type"
    )
    first = render_summary(checklist, result, today=date(2025, 3, 31), invariant=True)
    assert first == render_summary(checklist, result, today=date(2025, 3, 31), invariant=True)
