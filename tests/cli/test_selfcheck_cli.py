"""`inspector selfcheck`: start or resume a self-check with the right role and respondent."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.domain.model import PersonStatus, Role, SessionKind, SessionStatus, StaffType
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, PersonInput, Repository

PERSON = "id-password-hearing"
ORGANIZATION = "backup-media"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--lang", "en", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "s.db")
    engine = open_database(f"sqlite:///{path}")
    repo = Repository(engine)
    repo.upsert_organizations(
        [
            OrganizationInput("100", "市民部"),
            OrganizationInput("110", "市民課", "100"),
            OrganizationInput("210", "情報政策課", "100"),
        ]
    )
    repo.upsert_people(
        [
            PersonInput("A001", "山田 花子", "110", StaffType.REGULAR, PersonStatus.ACTIVE),
            PersonInput("A002", "佐藤 一郎", "110", StaffType.PART_TIME, PersonStatus.RETIRED),
            PersonInput("B001", "鈴木 次郎", "210", StaffType.REGULAR, PersonStatus.ACTIVE),
        ]
    )
    engine.dispose()
    return path


def _repo(db: str) -> Repository:
    return Repository(open_database(f"sqlite:///{db}"))


def test_operator_self_check_records_role_and_respondent_and_resumes(db: str) -> None:
    args = ("--db", db, "selfcheck", "--organization", "110", "--checklist", PERSON)
    code, out, err = run(*args, "--respondent", "A001", "--no-open")
    assert code == 0, err
    session_id = int(out.strip())
    assert "started" in err
    repo = _repo(db)
    session = repo.session(session_id)
    person = repo.find_person("A001")
    assert person is not None
    assert session.checklist_id == PERSON
    assert (session.role, session.kind) == (Role.OPERATOR, SessionKind.SELF_CHECK)
    assert session.respondent_id == person.id
    assert session.status is SessionStatus.OPEN

    code, out, err = run(*args, "--respondent", "A001", "--no-open")
    assert code == 0 and int(out.strip()) == session_id and "resumed" in err
    # The head hearing the same person is another unit: a session of its own.
    code, out, _ = run(*args, "--respondent", "A001", "--role", "head", "--no-open")
    assert code == 0 and int(out.strip()) != session_id
    assert repo.session(int(out.strip())).role is Role.HEAD
    # A completed self-check is not resumed.
    repo.complete_session(session_id, "tester")
    code, out, err = run(*args, "--respondent", "A001", "--no-open")
    assert code == 0 and int(out.strip()) not in (session_id,) and "started" in err
    repo.engine.dispose()


def test_head_self_check_of_an_organization_checklist(db: str) -> None:
    args = ("--db", db, "selfcheck", "--organization", "市民課", "--checklist", ORGANIZATION)
    code, out, err = run(*args, "--no-open")
    assert code == 0, err
    repo = _repo(db)
    session = repo.session(int(out.strip()))
    assert (session.role, session.kind, session.respondent_id) == (
        Role.HEAD,
        SessionKind.SELF_CHECK,
        None,
    )
    code, again, _ = run(*args, "--role", "head", "--no-open")
    assert code == 0 and again == out
    repo.engine.dispose()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--organization", "999", "--checklist", PERSON), "unknown organization '999'"),
        (("--organization", "110", "--checklist", "nope"), "nope"),
        (
            ("--organization", "110", "--checklist", PERSON, "--respondent", "Z999"),
            "unknown staff number 'Z999'",
        ),
        (
            ("--organization", "110", "--checklist", PERSON, "--respondent", "B001"),
            "not on the roster of 110",
        ),
        (
            ("--organization", "110", "--checklist", PERSON, "--respondent", "A002"),
            "not active",
        ),
        (("--organization", "110", "--checklist", PERSON), "give --respondent"),
        (
            ("--organization", "110", "--checklist", ORGANIZATION, "--respondent", "A001"),
            "--respondent is only for person checklists",
        ),
        (
            ("--organization", "110", "--checklist", ORGANIZATION, "--role", "operator"),
            "the role is head",
        ),
    ],
)
def test_errors_exit_1_with_a_message(db: str, extra: tuple[str, ...], message: str) -> None:
    code, out, err = run("--db", db, "selfcheck", *extra, "--no-open")
    assert code == 1
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err and out == ""
    repo = _repo(db)
    assert repo.sessions() == []
    repo.engine.dispose()


def test_without_no_open_the_app_opens_on_the_session(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: dict[str, object] = {}

    def fake_run_app(context: object, *, today: object = None, session_id: int | None = None):  # type: ignore[no-untyped-def]
        opened["session_id"] = session_id

    monkeypatch.setattr("inspector.tui.app.run_app", fake_run_app)
    code, out, err = run(
        "--db", db, "selfcheck", "--organization", "210", "--checklist", ORGANIZATION
    )
    assert code == 0, err
    assert out == ""
    repo = _repo(db)
    (session,) = repo.sessions()
    assert opened == {"session_id": session.id}
    repo.engine.dispose()
