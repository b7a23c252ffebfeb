"""Demo findings, improvement plans and dated measure entries (some overdue), and one visit
whose inspector belongs to the audited division, so every list and document is populated.

Deterministic (a fixed seed), built only through the repositories, like real data.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from inspector.domain.business_days import japan_today, next_business_day
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.findings import FindingKind, MeasureStatus, propose_finding
from inspector.domain.model import AnswerState, Role, SessionKind

NOT_INDEPENDENT_INSPECTOR = "総務 次郎"
MAX_FINDINGS_PER_SESSION = 6

_MEASURES = [
    "不用な機器と段ボールを廃棄し、サーバと作業スペースを分離するレイアウトに変更する。",
    "保管箱の鍵を施錠できる別室のキーボックスで管理し、鍵の受渡簿を備える。",
    "IDカードの管理台帳を整備し、退職者・異動者のカードを回収する。",
    "全職員を対象に自己点検を実施し、結果を所属長が確認する。",
    "持ち出し許可の手続を定め、持ち出し簿に記録する。",
]

_ENTRY_TEXT = {
    MeasureStatus.CONSIDERING: [
        "対応方法について関係課と協議を開始した。",
        "予算要求の要否を含めて検討している。",
    ],
    MeasureStatus.ONGOING: [
        "台帳の整備に着手し、半数の所属で完了した。引き続き取り組む。",
        "レイアウト変更の業者選定を進めている。",
    ],
    MeasureStatus.DONE: [
        "鍵の保管場所を変更し、保管箱と近接しないようにした。",
        "研修を実施し、全職員に周知した。",
    ],
}

# Entry histories: every status appears; some plans end not done (overdue when past due).
_HISTORIES: list[list[MeasureStatus]] = [
    [MeasureStatus.DONE],
    [MeasureStatus.CONSIDERING],
    [MeasureStatus.ONGOING],
    [MeasureStatus.CONSIDERING, MeasureStatus.ONGOING],
    [MeasureStatus.CONSIDERING, MeasureStatus.ONGOING, MeasureStatus.DONE],
    [MeasureStatus.ONGOING, MeasureStatus.DONE],
]


def _not_independent_visit(
    repo: Any, catalog: ChecklistCatalog, rng: random.Random, today: date
) -> None:
    """情報政策課 audited by an inspector of 総務部, the division above it (001's story)."""
    if "server-room" not in catalog:
        return
    orgs = {o.code: o for o in repo.organizations()}
    if "120" not in orgs or "100" not in orgs:
        return
    checklist = catalog.get("server-room")
    org = orgs["120"]
    session = repo.start_session(
        checklist,
        org.id,
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        inspector_name=NOT_INDEPENDENT_INSPECTOR,
        inspector_organization_id=orgs["100"].id,
        session_date=today - timedelta(days=15),
    )
    given: dict[str, str | None] = {}
    for item in checklist.items:
        if not checklist.applies(item, given, org.tags):
            continue
        value = "noncompliant" if rng.random() < 0.3 else "compliant"
        if item.allowed_values() and value not in (item.allowed_values() or ()):
            value = (item.allowed_values() or ("",))[0]
        if item.allowed_values() is None:
            value = "確認した"
        reasons = tuple(r.id for r in item.reasons[:1]) if value == "noncompliant" else ()
        state = AnswerState(
            value=value, reasons=reasons, note="担当者不在" if value == "noncompliant" else ""
        )
        given[item.id] = value
        repo.save_answer(session.id, item.id, lambda _old, s=state: s, NOT_INDEPENDENT_INSPECTOR)
    repo.complete_session(session.id, NOT_INDEPENDENT_INSPECTOR)


def add_demo_findings(
    repo: Any, findings_repo: Any, catalog: ChecklistCatalog, today: date | None = None
) -> int:
    """Findings from the noncompliant answers of completed visits, with plans and entries.

    Returns the number of findings added.
    """
    rng = random.Random(4_2025)
    today = today or japan_today()
    _not_independent_visit(repo, catalog, rng, today)
    organizations = {o.id: o for o in repo.organizations()}
    sessions = sorted(
        (
            s
            for s in repo.sessions()
            if s.kind is SessionKind.INSPECTION and s.is_completed and s.checklist_id in catalog
        ),
        key=lambda s: s.id,
    )
    added = 0
    plan_number = 0
    for session in sessions:
        checklist = catalog.get(session.checklist_id)
        answers = repo.answers(session.id)
        actor = session.inspector_name or "demo"
        count = 0
        for item in checklist.items:
            answer = answers.get(item.id)
            if answer is None or answer.state.value != "noncompliant":
                continue
            if count >= MAX_FINDINGS_PER_SESSION:
                break
            draft = propose_finding(
                checklist, item, answer.state, session.organization_id, session.id
            )
            roll = rng.random()
            if roll < 0.2:
                draft = type(draft)(**{**draft.__dict__, "kind": FindingKind.OPINION})
            elif roll < 0.27:
                draft = type(draft)(**{**draft.__dict__, "kind": FindingKind.RISK})
            if not draft.requested_measure:
                draft = type(draft)(
                    **{**draft.__dict__, "requested_measure": rng.choice(_MEASURES)}
                )
            finding = findings_repo.add_finding(draft, actor)
            count += 1
            added += 1
            org = organizations[session.organization_id]
            history = _HISTORIES[plan_number % len(_HISTORIES)]
            deadline = _plan_deadline(plan_number, session.session_date, today, rng)
            plan_number += 1
            rng.choice(_MEASURES)  # drawn as before: the rest of the demo stays the same
            plan = findings_repo.add_plan(
                finding.id,
                # what the finding asks, as the plan form proposes it (a random measure
                # answered another finding: walk7 M5)
                measures=plan_measures(draft.requested_measure),
                responsible_organization_id=org.id,
                responsible_person=f"{org.name}長",
                deadline=deadline,
                actor="demo",
            )
            day = session.session_date + timedelta(days=rng.randint(7, 14))
            for status in history:
                if day > today:
                    day = today
                rng.choice(_ENTRY_TEXT[status])  # drawn as before: the same demo otherwise
                # the entry answers its own plan: it is published in the follow-up (docs8 M7)
                text = entry_text(status, plan.measures)
                findings_repo.add_entry(plan.id, status, day, text, f"{org.name}長")
                day += timedelta(days=rng.randint(10, 30))
    return added


def _plan_deadline(number: int, visit: date, today: date, rng: random.Random) -> date:
    """Two plans in five due between the visit and today (overdue unless done), the rest
    within the next three months; always after the visit and on a business day (docs8 H1,
    H2). The same draws as before, so the rest of the demo stays the same."""
    if number % 5 in (0, 1):
        offset = rng.randint(3, 45)
        span = (today - visit).days - 14  # from a week after the visit to a week before today
        if span > 0:
            return next_business_day(visit + timedelta(days=7 + offset % span))
        return next_business_day(max(today, visit) + timedelta(days=offset))
    return next_business_day(max(today, visit) + timedelta(days=rng.randint(5, 90)))


# a planned measure (「…する。」) said as done: the endings of the catalogue's measures
_DONE_ENDINGS = (
    ("する。", "した。"),
    ("行う。", "行った。"),
    ("図る。", "図った。"),
    ("じる。", "じた。"),
    ("せる。", "せた。"),
    ("める。", "めた。"),
    ("える。", "えた。"),
    ("ける。", "けた。"),
    ("す。", "した。"),
    ("ない。", "ないようにした。"),
)


def entry_text(status: MeasureStatus, measures: str) -> str:
    """A dated measure entry in the words of its own plan: being considered, under way,
    or done (「…を作成し、保存する。」 becomes 「…を作成し、保存した。」)."""
    planned = measures.strip()
    stem = planned.removesuffix("。")
    if status is MeasureStatus.CONSIDERING:
        return f"{stem}ため、具体的な対応を関係課と協議している。"
    if status is MeasureStatus.ONGOING:
        return f"{stem}よう取組を進めている。引き続き取り組む。"
    for planned_end, done_end in _DONE_ENDINGS:
        if planned.endswith(planned_end):
            return planned[: -len(planned_end)] + done_end
    return f"次の措置を完了した。{planned}"


def plan_measures(requested: str) -> str:
    """The department's plan for a requested measure, in its own words: 「…を実施すること。」
    becomes 「…を実施する。」."""
    for asked, planned in (("すること。", "する。"), ("こと。", "。")):
        if requested.endswith(asked):
            return requested[: -len(asked)] + planned
    return requested


__all__ = ["NOT_INDEPENDENT_INSPECTOR", "add_demo_findings", "entry_text", "plan_measures"]
