"""Plain domain objects for document tests: a visit with findings, plans and entries."""

from __future__ import annotations

from datetime import UTC, date, datetime

from inspector.domain.documents import (
    ChecklistCounts,
    FindingOnPaper,
    FollowupData,
    FollowupGroup,
    NoticeData,
    PlanFormData,
)
from inspector.domain.findings import (
    Finding,
    FindingKind,
    ImprovementPlan,
    MeasureEntry,
    MeasureStatus,
)
from inspector.domain.model import Organization

PASS = b"correct horse"
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
DIVISION = Organization(1, "200", "市民部")
ORG = Organization(2, "210", "市民課", parent_id=1)

LONG_TEXT = (
    "サーバ室内には、サーバが設置されているほかに、作業を行うための職員がいたり、印刷機や多数の"
    "不用となったパソコン、空きダンボール箱などが置かれていたりして、精密機器と人と物が混在し、"
    "雑然とした状況であった。"
)


def finding(
    number: int, kind: FindingKind = FindingKind.FINDING, text: str | None = None
) -> Finding:
    return Finding(
        id=number,
        uid=f"f-{number}",
        kind=kind,
        title=f"バックアップ媒体の保管箱と鍵の管理 {number}",
        text=text or f"保管箱の鍵が同じ机の近接したところに置かれていた。（{number}）",
        organization_id=ORG.id,
        session_id=1,
        items=(f"b{number:02d}",),
        answers={f"b{number:02d}": "noncompliant"},
        evidence=(),
        requested_measure="鍵の保管場所を見直し、保管箱と鍵を離して管理すること。",
        created_by="監査 太郎",
        created_at=NOW,
    )


def plan(
    number: int, deadline: date, statuses: list[tuple[MeasureStatus, date]]
) -> ImprovementPlan:
    entries = tuple(
        MeasureEntry(
            id=number * 10 + i,
            plan_id=number,
            status=status,
            entry_date=day,
            text=f"措置の内容その{i + 1}：鍵の保管場所を変更した。",
            recorded_by="市民課長",
            recorded_at=NOW,
        )
        for i, (status, day) in enumerate(statuses)
    )
    return ImprovementPlan(
        id=number,
        uid=f"p-{number}",
        finding_id=number,
        measures="鍵を施錠できる別室のキーボックスで管理する。",
        responsible_organization_id=ORG.id,
        responsible_person="市民課長 佐藤 花子",
        deadline=deadline,
        created_at=NOW,
        entries=entries,
    )


def on_paper(count: int = 3, long_text: str | None = None) -> tuple[FindingOnPaper, ...]:
    result = []
    for n in range(1, count + 1):
        kind = [FindingKind.FINDING, FindingKind.OPINION, FindingKind.RISK][n % 3]
        result.append(
            FindingOnPaper(
                finding=finding(n, kind, long_text if n == 1 else None),
                plans=(
                    plan(
                        n,
                        date(2025, 3, 31),
                        [
                            (MeasureStatus.CONSIDERING, date(2021, 9, 30)),
                            (MeasureStatus.DONE, date(2022, 3, 31)),
                        ],
                    ),
                ),
                item_labels=(f"b{n:02d}（保管箱と鍵）",),
                item_texts=("保管箱の鍵は保管箱と別の場所で管理されている",),
                visit_date=date(2025, 2, 10),
            )
        )
    return tuple(result)


def notice(
    count: int = 3, *, long_text: str | None = None, not_independent: bool = False
) -> NoticeData:
    return NoticeData(
        doc_id="N-20250301-0000abcd",
        organization=ORG,
        division=DIVISION,
        office="監査委員事務局",
        inspector="監査 太郎",
        visit_date=date(2025, 2, 10),
        issue_date=date(2025, 3, 1),
        reply_by=date(2025, 3, 31),
        counts=(ChecklistCounts("backup-media", "バックアップ媒体の管理", 57, 57, 44, 10, 3),),
        findings=on_paper(count, long_text),
        not_independent=not_independent,
        session_ids=(1,),
    )


def plan_form(count: int = 3) -> PlanFormData:
    return PlanFormData(
        doc_id="P-20250301-0000abcd",
        organization=ORG,
        division=DIVISION,
        office="監査委員事務局",
        issue_date=date(2025, 3, 1),
        findings=on_paper(count),
    )


def followup(count: int = 3) -> FollowupData:
    return FollowupData(
        doc_id="F-20250301-0000abcd",
        office="監査委員事務局",
        issue_date=date(2025, 3, 1),
        groups=(FollowupGroup(ORG, on_paper(count), (date(2025, 2, 10),), True),),
        organization=ORG,
    )
