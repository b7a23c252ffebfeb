"""Fixed data for the interface tests: a small checklist of every answer type and a small
SQLite database built with the Repository (independent of the demo)."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from inspector.config import Settings
from inspector.context import AppContext
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist
from inspector.domain.model import PersonStatus, Role, SessionKind, StaffType
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, PersonInput, Repository
from inspector.tui.app import InspectorApp

from .still_cursors import RunBefore, then_still_cursors

TODAY = date(2025, 6, 2)
HANG = 300.0  # seconds: an upper bound that only ends a hang, never a synchronisation


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests of this folder with asyncio (no async plugin is installed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
        return True
    return None


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's `snap_compare`, with every cursor stopped (drawn where the
    field has focus) once `run_before` is done: a snapshot does not depend on when, in the
    0.5 s blink, it is taken (tests/tui/still_cursors.py). Keys go in `run_before`: a key
    pressed after it (`press=`) could open a field that blinks again."""

    def compare(
        app: object,
        *,
        terminal_size: tuple[int, int] = (80, 24),
        run_before: RunBefore | None = None,
    ) -> bool:
        return snap_compare(
            app, terminal_size=terminal_size, run_before=then_still_cursors(run_before)
        )

    return compare


ACTOR = "tester"


def _t(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en}


SAMPLE = {
    "id": "tui-sample",
    "title": _t("情報セキュリティ点検票（試験用）", "Security checklist (test)"),
    "version": "1.0",
    "unit": "organization",
    "sections": [
        {"id": "basics", "title": _t("基本事項", "Basics")},
        {"id": "hearing", "title": _t("聞き取り", "Hearing")},
        {"id": "facts", "title": _t("数値・記述", "Numbers and text")},
    ],
    "items": [
        {
            "id": "c-01",
            "section": "basics",
            "answer": "compliance",
            "text": _t(
                "所属長は情報資産の管理体制（担当者・代理者）を定めている。",
                "The head has set who manages the information assets (officer and deputy).",
            ),
            "guidance": _t(
                "体制表を見せてもらい、担当者に役割を質問する。",
                "Ask for the chart and question the officer about the role.",
            ),
            "evidence": _t("管理体制表、事務分担表", "Responsibility chart, task table"),
            "reasons": [
                {"id": "unaware", "ja": "規程を知らなかった", "en": "Did not know the rule"},
                {"id": "busy", "ja": "業務多忙のため", "en": "Too busy"},
                {"id": "no-staff", "ja": "担当者が不在", "en": "No one in charge"},
            ],
        },
        {
            "id": "c-02",
            "section": "basics",
            "answer": "compliance",
            "text": _t(
                "パスワードを定期的に変更し、他人に知られないよう管理している。",
                "Passwords are changed regularly and kept from others.",
            ),
            "reasons": [
                {"id": "forgot", "ja": "変更を忘れていた", "en": "Forgot to change it"},
                {"id": "shared", "ja": "共用していた", "en": "It was shared"},
            ],
        },
        {
            "id": "c-03",
            "section": "basics",
            "answer": "compliance",
            "applies_when": ["server_room"],
            "text": _t(
                "サーバ室の入退室を入退室管理簿に記録している。",
                "Entries to the server room are written in the entry log.",
            ),
        },
        {
            "id": "h-01",
            "section": "hearing",
            "answer": "yes_no",
            "text": _t(
                "自分のパスワードを他人に教えたことがある。",
                "You have told someone your password.",
            ),
        },
        {
            "id": "h-02",
            "section": "hearing",
            "answer": "text",
            "depends_on": {"item": "h-01", "answer": "yes"},
            "text": _t("誰に教えましたか。", "Whom did you tell?"),
        },
        {
            "id": "h-03",
            "section": "hearing",
            "answer": "choice",
            "depends_on": {"item": "h-01", "answer": "yes"},
            "text": _t("教えた理由は何ですか。", "Why did you tell them?"),
            "choices": [
                {"key": "absent", "label": _t("不在時の代理のため", "To act while away")},
                {"key": "busy", "label": _t("業務多忙のため", "Too busy")},
                {"key": "other", "label": _t("その他", "Other")},
            ],
        },
        {
            "id": "n-01",
            "section": "facts",
            "answer": "number",
            "minimum": 0,
            "maximum": 100,
            "unit": _t("台", "terminals"),
            "text": _t("所属の端末機の台数", "Number of terminals in the department"),
        },
        {
            "id": "n-02",
            "section": "facts",
            "answer": "choice",
            "text": _t("日次点検の頻度", "How often the daily check is done"),
            "choices": [
                {"key": "daily", "label": _t("毎日", "Every day")},
                {"key": "weekly", "label": _t("毎週", "Every week")},
                {"key": "never", "label": _t("していない", "Never")},
            ],
        },
        {
            "id": "n-03",
            "section": "facts",
            "answer": "text",
            "text": _t("その他の気付き", "Other observations"),
        },
    ],
}


def commits_in_the_writer(monkeypatch: pytest.MonkeyPatch, repo: object) -> None:
    """The write lock is never free at once, as while another program writes: every answer's
    commit goes to the runner's writer thread, through `save_answer`, which a test replaces
    to hold or fail it (`tui/runner_commit.py`: the interface's thread commits only through
    `save_answer_at_once`, and only when it need not wait)."""
    monkeypatch.setattr(repo, "save_answer_at_once", lambda *_args, **_kwargs: None)


@dataclass
class World:
    """The fixed database and what is in it."""

    path: Path
    context: AppContext
    checklist: Checklist
    org_ids: dict[str, int]
    person_ids: dict[str, int]
    session_ids: dict[str, int]

    @property
    def repo(self) -> Repository:
        return self.context.repo

    def app(self, lang: str = "ja", **settings: object) -> InspectorApp:
        return InspectorApp(self.new_context(lang, **settings), today=TODAY)

    def new_context(self, lang: str = "ja", **settings: object) -> AppContext:
        """A fresh context on the same database file, like a new run of the program."""
        context = AppContext(
            Settings(
                db=str(self.path), lang=lang, user=ACTOR, **{"inspector_name": ACTOR, **settings}
            )  # type: ignore[arg-type]
        )
        context.__dict__["catalog"] = ChecklistCatalog([self.checklist])
        return context

    def values(self, session_id: int) -> dict[str, str | None]:
        return {k: a.value for k, a in self.repo.answers(session_id).items()}


def sample_checklist() -> Checklist:
    return Checklist.model_validate(SAMPLE)


def build_world(path: Path) -> World:
    checklist = sample_checklist()
    engine = open_database("sqlite:///" + str(path))
    repo = Repository(engine)
    repo.upsert_organizations(
        [
            OrganizationInput("100", "市民部"),
            OrganizationInput("110", "市民課", parent_code="100", tags=("juki",)),
            OrganizationInput("200", "総務部"),
            OrganizationInput("210", "情報政策課", parent_code="200", tags=("server_room",)),
        ]
    )
    repo.upsert_people(
        [
            PersonInput("A001", "山田 花子", "110", StaffType.REGULAR, PersonStatus.ACTIVE),
            PersonInput("A002", "佐藤 一郎", "110", StaffType.PART_TIME, PersonStatus.ACTIVE),
            PersonInput("B001", "鈴木 次郎", "210", StaffType.REGULAR, PersonStatus.ACTIVE),
        ]
    )
    orgs = repo.organization_codes()
    people = {p.staff_number: p.id for p in repo.people()}
    done = repo.start_session(
        checklist,
        orgs["210"],
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        respondent_id=people["B001"],
        inspector_name="監査 太郎",
        session_date=date(2025, 5, 20),
        uid="00000000-0000-0000-0000-000000000001",
    )
    answers = {
        "c-01": "compliant",
        "c-02": "noncompliant",
        "c-03": "compliant",
        "h-01": "no",
        "n-01": "12",
        "n-02": "daily",
        "n-03": "特になし",
    }
    for item_id, value in answers.items():
        repo.save_answer(done.id, item_id, _value(value), ACTOR)
    repo.save_answer(
        done.id,
        "c-02",
        lambda old: replace(old, reasons=("forgot",), reason_text="異動直後のため"),
        ACTOR,
        "reasons",
    )
    repo.complete_session(done.id, ACTOR)
    open_ = repo.start_session(
        checklist,
        orgs["110"],
        role=Role.HEAD,
        kind=SessionKind.SELF_CHECK,
        respondent_id=people["A001"],
        session_date=date(2025, 6, 1),
        uid="00000000-0000-0000-0000-000000000002",
    )
    repo.save_answer(open_.id, "c-01", _value("compliant"), ACTOR)
    repo.save_answer(open_.id, "c-02", _value("noncompliant"), ACTOR)
    engine.dispose()
    world = World(
        path=path,
        context=None,  # type: ignore[arg-type]
        checklist=checklist,
        org_ids=orgs,
        person_ids=people,
        session_ids={"completed": done.id, "open": open_.id},
    )
    world.context = world.new_context()
    return world


def _value(value: str) -> Callable[..., object]:
    return lambda old: replace(old, value=value)


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build_world(tmp_path / "inspector.db")


@pytest.fixture
def empty_session(world: World) -> int:
    """A new self-check of 市民課 with no answers (c-03 does not apply: no server room)."""
    session = world.repo.start_session(
        world.checklist,
        world.org_ids["110"],
        role=Role.HEAD,
        kind=SessionKind.SELF_CHECK,
        respondent_id=world.person_ids["A002"],
        session_date=TODAY,
        uid="00000000-0000-0000-0000-000000000003",
    )
    return session.id


def start_visit(world: World, org: str = "210") -> int:
    """A new open visit (inspection) of `org`: the layout editor writes only to one (walk9
    H1: a completed visit's layout is read-only, a self-check has none)."""
    session = world.repo.start_session(
        world.checklist,
        world.org_ids[org],
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        inspector_name="監査 太郎",
        session_date=TODAY,
    )
    return session.id


@pytest.fixture
def visit_session(world: World) -> int:
    """A new open visit of 情報政策課 (server room) with no layout of its own."""
    return start_visit(world)


@pytest.fixture
def empty_visit(world: World) -> int:
    """A new open visit of 市民課 (no server room, no layout from an earlier visit)."""
    return start_visit(world, "110")


async def settle(pilot: object) -> None:
    """Wait for every worker, the runner's answer writer, and the messages they posted."""
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(5):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
    # The runner commits answers in its own writer thread (not a Textual worker): on a
    # loaded machine a commit can outlast the pauses above (this wait used to give up after
    # about 10 s and let the test go on as if the answer were committed).
    await wait_until(
        pilot,
        lambda: not any(getattr(screen, "is_saving", False) for screen in app.screen_stack),
        "the runner's answer committed",
    )
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def wait_until(
    pilot: object, condition: Callable[[], object], what: str | Callable[[], str]
) -> None:
    """Pause until `condition()` is true. The bound (HANG) only ends a hang with a message;
    it is far beyond any honest wait, however loaded the machine."""
    deadline = time.monotonic() + HANG
    while not condition():
        if time.monotonic() > deadline:
            said = what() if callable(what) else what
            raise AssertionError(f"still waiting after {HANG:.0f} s: {said}")
        await pilot.pause(0.005)  # type: ignore[attr-defined]


def noncompliant_visit(world: World) -> int:
    """An open visit of 市民課 with c-02 answered 不遵守: the runner's `f` proposes a finding
    of it (a self-check offers no `f`, walk9 M6)."""
    session_id = start_visit(world, "110")
    world.repo.save_answer(session_id, "c-02", _value("noncompliant"), ACTOR)
    return session_id
