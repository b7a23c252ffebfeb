"""The demo's site tools: a server room that breaks several layout rules, a backup register
with the key kept beside its box, and card ledgers with every kind of mismatch (seeds 001
and 002). Deterministic; built through the repositories, like real data."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from inspector.domain.backup import StorageKind
from inspector.domain.business_days import next_business_day
from inspector.domain.cards import CardEventKind, CardKind, CardUse
from inspector.domain.layout import (
    CellKind,
    Direction,
    Layout,
    broken,
    evaluate_layout,
    layout_finding,
    load_site_rules,
)
from inspector.domain.model import PersonStatus, SessionKind, StaffType
from inspector.i18n import Translator
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repositories.site import NewCard, NewUsage, SiteRepository
from inspector.store.repository import PersonInput, Repository

ACTOR = "監査 太郎"
SERVER_ORG = "120"  # 情報政策課 (server room)
CARD_ORG = "210"  # 市民課 (resident registry terminals)


def demo_layout() -> Layout:
    """本庁舎 サーバ室: servers, an operator desk, a printer, cardboard and the backup box
    with its key, all in one room whose partition has an uncontrolled door."""
    room = Layout("本庁舎 サーバ室", 16, 10, 0.6)
    for y in range(9):
        room = room.place((10, y), CellKind.WALL)
    for x in range(10):
        room = room.place((x, 9), CellKind.WALL)
    room = room.place((10, 2), CellKind.DOOR_CONTROLLED)
    room = room.place((10, 6), CellKind.DOOR_OPEN)  # 入退室管理のない通用口
    room = room.place((5, 9), CellKind.DOOR_CONTROLLED)
    for x in range(2, 6):
        room = room.place((x, 2), CellKind.RACK, Direction.S)
        room = room.place((x, 5), CellKind.RACK, Direction.N)
    room = room.place((3, 4), CellKind.AIRFLOW, Direction.N)
    room = room.place((4, 3), CellKind.CLUTTER)  # 排気面をふさぐ段ボール
    room = room.place((7, 2), CellKind.PRINTER)
    room = room.place((7, 5), CellKind.DESK)
    room = room.place((8, 8), CellKind.CLUTTER)  # 不用パソコン
    room = room.place((0, 8), CellKind.SHELF)  # 紙の保管
    room = room.place((7, 7), CellKind.BACKUP_BOX)
    room = room.place((8, 7), CellKind.KEY_CABINET)  # 保管箱の横に鍵
    room = room.place((0, 0), CellKind.CAMERA)
    for x, y in ((12, 2), (13, 2), (12, 4), (13, 4)):
        room = room.place((x, y), CellKind.DESK)
    room = room.place((15, 0), CellKind.PRINTER)
    return room


def add_demo_site(repo: Repository, today: date) -> None:
    site = SiteRepository(repo.engine)
    orgs = {o.code: o for o in repo.organizations()}
    if SERVER_ORG in orgs:
        _layout(repo, site, orgs[SERVER_ORG].id)
        _backup(site, orgs[SERVER_ORG].id, today)
    if CARD_ORG in orgs and SERVER_ORG in orgs:
        _cards(repo, site, orgs[CARD_ORG].id, orgs[SERVER_ORG].id, today)


def _layout(repo: Repository, site: SiteRepository, org_id: int) -> None:
    sessions = [
        s for s in repo.sessions(organization_id=org_id) if s.kind is SessionKind.INSPECTION
    ]
    if not sessions:
        return
    preferred = [s for s in sessions if s.checklist_id == "server-room"] or sessions
    preferred.sort(key=lambda s: (s.session_date, s.id))
    current = demo_layout()
    if len(preferred) > 1:
        # the visit before: even more cardboard, the desk right beside the racks
        earlier = current.place((6, 3), CellKind.CLUTTER).place((6, 4), CellKind.CLUTTER)
        earlier = earlier.place((6, 6), CellKind.DESK).erase((7, 5))
        site.save_layout(preferred[-2].id, earlier, ACTOR)
    latest = preferred[-1]
    site.save_layout(latest.id, current, ACTOR)
    # Two broken rules of the latest visit become findings with the layout attached, so
    # the notice and the follow-up report show the room diagram.
    findings = FindingRepository(repo.engine)
    t = Translator("ja")
    thresholds = load_site_rules().layout
    for result in broken(evaluate_layout(current, thresholds))[:2]:
        draft = layout_finding(current, result, org_id, latest.id, t)
        finding = findings.add_finding(draft, ACTOR)
        findings.add_plan(
            finding.id,
            measures=draft.requested_measure or draft.title,
            responsible_organization_id=org_id,
            responsible_person="情報政策課長",
            deadline=next_business_day(latest.session_date + timedelta(days=90)),  # docs8 H2
            actor=ACTOR,
        )


def _backup(site: SiteRepository, org_id: int, today: date) -> None:
    box = site.add_storage(
        org_id,
        name="バックアップ保管箱A",
        kind=StorageKind.BOX,
        box_location="サーバ室 作業机の上",
        key_location="サーバ室 作業机の上（保管箱の横）",
        key_holder="情報政策課 システム係長",
        key_next_to_box=True,
        note="移動準備のため机上に置かれていた",
        actor=ACTOR,
    )
    safe = site.add_storage(
        org_id,
        name="耐火金庫（別館）",
        kind=StorageKind.SAFE,
        box_location="別館2階 書庫",
        key_location="本庁舎 総務課 キーボックス",
        key_holder="総務課長",
        actor=ACTOR,
    )
    moves = [
        (box.id, 60, True, True, "別館 書庫担当 佐藤"),
        (box.id, 30, True, False, "別館 書庫担当 佐藤"),  # key carried with the box
        (box.id, 14, False, True, "別館 書庫担当 佐藤"),  # box not locked
        (box.id, 7, True, True, ""),  # nobody received it
        (safe.id, 20, True, True, "本庁舎 情報政策課 田中"),
    ]
    for storage_id, days_ago, locked, key_apart, receiver in moves:
        site.add_transport(
            storage_id,
            transport_date=today - timedelta(days=days_ago),
            from_place="本庁舎 サーバ室",
            to_place="別館2階 書庫",
            carrier="情報政策課 山本",
            box_locked=locked,
            key_separate=key_apart,
            receiver=receiver,
            actor=ACTOR,
        )


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _cards(
    repo: Repository, site: SiteRepository, org_id: int, server_org_id: int, today: date
) -> None:
    repo.upsert_people(
        [
            PersonInput("S9001", "退職 節子", "210", StaffType.REGULAR, PersonStatus.RETIRED),
            PersonInput("S9002", "休職 勇", "210", StaffType.REGULAR, PersonStatus.ON_LEAVE),
            PersonInput("S9003", "異動 恵美", "210", StaffType.REGULAR, PersonStatus.TRANSFERRED),
        ]
    )
    people = repo.people(org_id)
    by_number = {p.staff_number: p for p in people}
    active = [p for p in people if p.status is PersonStatus.ACTIVE]
    operators = sorted(site.operators(org_id))
    operator_ids = [i for i in operators if any(p.id == i for p in active)]
    long_ago = today - timedelta(days=400)
    new: list[NewCard] = []
    # personal operator cards for every active operator but the last one
    for index, person_id in enumerate(operator_ids[:-1], start=1):
        new.append(
            NewCard(
                org_id,
                f"OP-{index:02d}",
                CardKind.OPERATOR,
                CardUse.PERSONAL,
                holder_id=person_id,
                issued_at=_at(long_ago),
            )
        )
    extra = len(new)
    for offset, number in enumerate(("S9001", "S9002", "S9003"), start=1):
        new.append(
            NewCard(
                org_id,
                f"OP-{extra + offset:02d}",
                CardKind.OPERATOR,
                CardUse.PERSONAL,
                holder_id=by_number[number].id,
                issued_at=_at(long_ago),
                note="退職・休職・異動の際に回収されていない",
            )
        )
    new.append(
        NewCard(
            org_id,
            f"OP-{extra + 4:02d}",
            CardKind.OPERATOR,
            CardUse.PERSONAL,
            holder_id=None,
            issued_at=_at(long_ago),
            note="貸与先の記録なし",
        )
    )
    members = tuple(p.id for p in active[:3])
    new.append(
        NewCard(
            org_id,
            "G-01",
            CardKind.OPERATOR,
            CardUse.GROUP,
            group_name="窓口班",
            members=members,
            issued_at=_at(long_ago),
        )
    )
    new.append(
        NewCard(
            org_id,
            "G-02",
            CardKind.OPERATOR,
            CardUse.GROUP,
            group_name="証明発行班",
            members=members[:2],
            issued_at=_at(long_ago),
        )
    )
    server_people = [p for p in repo.people(server_org_id) if p.status is PersonStatus.ACTIVE][:4]
    for index, person in enumerate(server_people, start=1):
        new.append(
            NewCard(
                server_org_id,
                f"SR-{index:02d}",
                CardKind.SERVER_ROOM,
                CardUse.PERSONAL,
                holder_id=person.id,
                issued_at=_at(long_ago),
            )
        )
    added = {(c.organization_id, c.number): c for c in site.add_cards(new, ACTOR)}
    group = added[(org_id, "G-01")]
    usages = [
        NewUsage(group.id, _at(today - timedelta(days=d), 10), p.name, p.id, "住民票の写しの交付")
        for d, p in ((3, active[0]), (5, active[1]), (12, active[0]))
        if p.id in members
    ]
    usages.append(
        NewUsage(
            group.id, _at(today - timedelta(days=8), 15), "応援職員 北支所", None, "繁忙期の応援"
        )
    )
    # G-02: the last entry is far older than the period, so it counts as unused
    usages.append(
        NewUsage(
            added[(org_id, "G-02")].id,
            _at(today - timedelta(days=200), 9),
            active[0].name,
            active[0].id,
            "証明書の発行",
        )
    )
    site.add_usages(usages, ACTOR)
    first = added.get((org_id, "OP-01"))
    if first is not None:
        site.record_event(
            first.id, CardEventKind.PASSWORD_CHANGE, ACTOR, at=_at(today - timedelta(days=90))
        )
    check_day = today - timedelta(days=2)
    for (org, number), card in sorted(added.items()):
        if org != server_org_id:
            continue
        if number == "SR-02":
            site.record_event(
                card.id,
                CardEventKind.FOUND_ELSEWHERE,
                ACTOR,
                at=_at(check_day, 14),
                place="職員の机の引き出し（施錠）",
            )
        elif number == "SR-03":
            site.record_event(card.id, CardEventKind.NOT_SEEN, ACTOR, at=_at(check_day, 14))
        elif number == "SR-04":
            site.record_event(
                card.id, CardEventKind.SEEN, ACTOR, at=_at(today - timedelta(days=40))
            )
            site.mark_lost(card.id, ACTOR, at=_at(check_day, 16), note="現地確認後も所在不明")
        else:
            site.record_event(card.id, CardEventKind.SEEN, ACTOR, at=_at(check_day, 14))


__all__ = ["add_demo_site", "demo_layout"]
