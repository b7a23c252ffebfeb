"""The demo database: a fictional city (みどり市) so a new user sees a populated application.

Deterministic (a fixed random seed), built only through the repository, like real data.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from inspector.demo.findings import add_demo_findings
from inspector.demo.hearing import add_demo_hearing_cases
from inspector.demo.site import add_demo_site
from inspector.domain.business_days import japan_today
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import AnswerType, Checklist, Item
from inspector.domain.model import AnswerState, PersonStatus, Role, SessionKind, StaffType
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import OrganizationInput, PersonInput, Repository

CITY = "みどり市"

# code, name, parent code, tags
DEPARTMENTS: list[tuple[str, str, str | None, tuple[str, ...]]] = [
    ("100", "総務部", None, ()),
    ("110", "総務課", "100", ("handles_personal_data",)),
    ("120", "情報政策課", "100", ("server_room", "handles_personal_data")),
    ("130", "監査委員事務局", "100", ("audit_office",)),
    ("200", "市民部", None, ()),
    ("210", "市民課", "200", ("juki_terminal", "handles_personal_data", "employs_temporary")),
    ("220", "保険年金課", "200", ("handles_personal_data", "employs_temporary")),
    ("230", "税務課", "200", ("handles_personal_data", "juki_terminal")),
    ("300", "福祉部", None, ()),
    ("310", "福祉課", "300", ("handles_personal_data", "employs_temporary")),
    ("320", "子育て支援課", "300", ("handles_personal_data",)),
    ("400", "都市整備部", None, ()),
    ("410", "道路課", "400", ()),
    ("420", "建築指導課", "400", ("employs_temporary",)),
    ("500", "北支所", "200", ("juki_terminal", "handles_personal_data", "employs_temporary")),
]

_FAMILY = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "松本",
    "井上",
    "木村",
    "林",
    "清水",
    "山口",
    "森",
    "池田",
]
_GIVEN = [
    "太郎",
    "花子",
    "一郎",
    "美咲",
    "健太",
    "陽子",
    "大輔",
    "直美",
    "翔",
    "由美",
    "誠",
    "恵",
    "拓也",
    "真由美",
    "隆",
    "彩",
]
_STAFF_MIX = (
    [StaffType.REGULAR] * 6
    + [StaffType.PART_TIME] * 2
    + [StaffType.TEMPORARY, StaffType.DISPATCHED]
)
AUDITOR = "監査 太郎"


@dataclass(frozen=True)
class DemoSummary:
    organizations: int
    people: int
    sessions: int
    answers: int


def build_demo(
    repo: Repository, catalog: ChecklistCatalog, today: date | None = None
) -> DemoSummary:
    """Fill an empty database with the demo city."""
    rng = random.Random(20250331)
    today = today or japan_today()
    if repo.checklists is None:  # the session counters are counted with these checklists
        repo.checklists = catalog.lookup
    repo.upsert_organizations([OrganizationInput(c, n, p, t) for c, n, p, t in DEPARTMENTS])
    orgs = {o.code: o for o in repo.organizations()}
    people_inputs: list[PersonInput] = []
    number = 1000
    for code, _name, parent, _tags in DEPARTMENTS:
        if parent is None:
            continue
        for _ in range(rng.randint(4, 7)):
            number += 1
            status = PersonStatus.ACTIVE
            roll = rng.random()
            if roll < 0.05:
                status = PersonStatus.RETIRED
            elif roll < 0.08:
                status = PersonStatus.ON_LEAVE
            elif roll < 0.11:
                status = PersonStatus.TRANSFERRED
            people_inputs.append(
                PersonInput(
                    staff_number=f"S{number}",
                    name=f"{rng.choice(_FAMILY)} {rng.choice(_GIVEN)}",
                    organization_code=code,
                    staff_type=rng.choice(_STAFF_MIX),
                    status=status,
                )
            )
    repo.upsert_people(people_inputs)
    people = repo.people()
    audit_office = orgs["130"]
    sessions = answers = 0

    def run(
        checklist: Checklist,
        org_code: str,
        *,
        role: Role,
        kind: SessionKind,
        days_ago: int,
        respondent_id: int | None = None,
        fill: float = 1.0,
        complete: bool = True,
        break_rate: float = 0.12,
    ) -> None:
        nonlocal sessions, answers
        org = orgs[org_code]
        session = repo.start_session(
            checklist,
            org.id,
            role=role,
            kind=kind,
            respondent_id=respondent_id,
            inspector_name=AUDITOR if kind is SessionKind.INSPECTION else None,
            inspector_organization_id=audit_office.id if kind is SessionKind.INSPECTION else None,
            session_date=today - timedelta(days=days_ago),
        )
        sessions += 1
        given: dict[str, str | None] = {}
        actor = AUDITOR if kind is SessionKind.INSPECTION else "demo"
        for item in checklist.items:
            if not checklist.applies(item, given, org.tags):
                continue
            if rng.random() > fill:
                break
            state = _answer(rng, item, break_rate)
            given[item.id] = state.value
            repo.save_answer(session.id, item.id, _constant(state), actor)
            answers += 1
        if complete and fill >= 1.0:
            repo.complete_session(session.id, actor)

    def maybe(checklist_id: str) -> Checklist | None:
        return catalog.get(checklist_id) if checklist_id in catalog else None

    department = maybe("juki-department")
    if department:
        for offset, code in enumerate(["210", "230", "500"]):
            run(
                department,
                code,
                role=Role.INSPECTOR,
                kind=SessionKind.INSPECTION,
                days_ago=40 - offset * 9,
            )
        run(
            department,
            "110",
            role=Role.HEAD,
            kind=SessionKind.SELF_CHECK,
            days_ago=3,
            fill=0.985,
            complete=False,
        )
    operator = maybe("juki-operator")
    if operator:
        for person in [p for p in people if p.organization_id in (orgs["210"].id, orgs["500"].id)][
            :8
        ]:
            run(
                operator,
                "210" if person.organization_id == orgs["210"].id else "500",
                role=Role.OPERATOR,
                kind=SessionKind.SELF_CHECK,
                days_ago=20,
                respondent_id=person.id,
                break_rate=0.06,
            )
    for checklist_id, codes in (
        ("security-measures", ["110", "120", "210", "220", "310", "320", "410", "420"]),
        ("server-room", ["120"]),
        ("backup-media", ["120"]),
        ("id-cards", ["210", "500"]),
        ("contractor-data", ["120", "230"]),
    ):
        checklist = maybe(checklist_id)
        if checklist is None:
            continue
        for index, code in enumerate(codes):
            run(
                checklist,
                code,
                role=Role.INSPECTOR,
                kind=SessionKind.INSPECTION,
                days_ago=30 - index,
                break_rate=0.25 if checklist_id == "server-room" else 0.15,
            )
    hearing = maybe("id-password-hearing")
    if hearing:
        for person in [p for p in people if p.status is PersonStatus.ACTIVE][:30]:
            org_code = next(o.code for o in orgs.values() if o.id == person.organization_id)
            run(
                hearing,
                org_code,
                role=Role.HEAD,
                kind=SessionKind.SELF_CHECK,
                days_ago=10,
                respondent_id=person.id,
                break_rate=0.1,
            )
    add_demo_findings(repo, FindingRepository(repo.engine), catalog, today)
    add_demo_site(repo, today)
    if hearing:
        add_demo_hearing_cases(repo, hearing)
    return DemoSummary(len(orgs), len(people), sessions, answers)


def _constant(state: AnswerState) -> Callable[[AnswerState], AnswerState]:
    return lambda _old: state


_REASON_NOTES = [
    "棚の上に置かれていた",
    "担当者不在のため確認できず",
    "台帳の記載漏れ",
    "前任者からの引継ぎがなかった",
]


def _answer(rng: random.Random, item: Item, break_rate: float) -> AnswerState:
    if item.answer is AnswerType.COMPLIANCE:
        roll = rng.random()
        if roll < break_rate:
            reasons = tuple(
                r.id for r in rng.sample(item.reasons, k=min(len(item.reasons), rng.randint(1, 2)))
            )
            return AnswerState(
                value="noncompliant", reasons=reasons, note=rng.choice(_REASON_NOTES)
            )
        if roll < break_rate + 0.05:
            return AnswerState(value="not_applicable")
        return AnswerState(value="compliant")
    if item.answer is AnswerType.YES_NO:
        # Hearing questions: a yes is the rare event; survey measures: a yes is the norm.
        yes = rng.random() < (break_rate if item.id.startswith("q") else 0.8)
        return AnswerState(value="yes" if yes else "no")
    if item.answer is AnswerType.CHOICE:
        return AnswerState(value=rng.choice(item.choices).key)
    if item.answer is AnswerType.NUMBER:
        low = int(item.minimum or 0)
        high = int(item.maximum) if item.maximum is not None else low + 40
        return AnswerState(value=str(rng.randint(low, high)))
    texts = [
        "住民情報システム",
        "窓口での本人確認のため",
        "課内の共用端末",
        "月に数回",
        "朝礼で注意喚起を行っている",
    ]
    return replace(AnswerState(), value=rng.choice(texts))


def is_demo_roster(organizations: list[tuple[str, str]]) -> bool:
    """Whether a roster of (code, name) holds every department of the demo city: such a
    database was made by `inspector demo` (a real roster never matches all of them), so
    `demo --force` may replace it."""
    return {(code, name) for code, name, _parent, _tags in DEPARTMENTS} <= set(organizations)
