"""Site tools in the database: layouts per visit, card events appended, loss + suspension in
one transaction, usage log, backup register; the reconciliation over what was stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from inspector.domain.backup import evaluate_backup
from inspector.domain.cards import (
    CardEventKind,
    CardKind,
    CardStatus,
    CardUse,
    MismatchKind,
    reconcile,
)
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.layout import CellKind, Layout
from inspector.domain.model import PersonStatus, Role, SessionKind, StaffType
from inspector.store.repositories.site import DuplicateCard, NewCard, NewUsage, SiteRepository
from inspector.store.repository import NotFound, PersonInput, Repository
from tests.db_rows import rows

T0 = datetime(2025, 4, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def site(city: Repository) -> SiteRepository:
    return SiteRepository(city.engine)


def _session(repo: Repository, catalog: ChecklistCatalog, org: str, day: date, **kw: object) -> int:
    found = repo.find_organization(org)
    assert found is not None
    values: dict[str, object] = {"role": Role.INSPECTOR, "kind": SessionKind.INSPECTION}
    values.update(kw)
    return repo.start_session(catalog.get("mini"), found.id, session_date=day, **values).id  # type: ignore[arg-type]


def test_layout_saved_per_session_and_reused_by_a_later_visit(
    city: Repository, site: SiteRepository, mini_catalog: ChecklistCatalog
) -> None:
    first = _session(city, mini_catalog, "GEN", date(2025, 1, 10))
    second = _session(city, mini_catalog, "GEN", date(2025, 6, 1))
    layout = Layout("サーバ室", 6, 4, 0.5).place((0, 0), CellKind.RACK)
    site.save_layout(first, layout, "tester")
    site.save_layout(first, layout.place((1, 1), CellKind.DESK), "tester")  # replaces
    saved = site.layout_for(first)
    assert saved is not None and saved.layout.kind_at((1, 1)) is CellKind.DESK
    assert site.layout_for(second) is None
    previous = site.latest_layout(saved.organization_id, excluding_session=second)
    assert previous is not None and previous.session_id == first
    assert previous.session_date == date(2025, 1, 10)
    with pytest.raises(NotFound):
        site.save_layout(999, layout, "tester")


def test_card_events_are_appended_and_loss_suspends_at_once(
    city: Repository, site: SiteRepository
) -> None:
    org = city.find_organization("GEN")
    assert org is not None
    card = site.add_card(
        NewCard(org.id, "OP-01", CardKind.OPERATOR, CardUse.PERSONAL, issued_at=T0), "tester"
    )
    site.record_event(card.id, CardEventKind.SEEN, "tester", at=T0 + timedelta(days=10))
    events = site.record_event(card.id, CardEventKind.LOSS, "tester", at=T0 + timedelta(days=30))
    assert events.kind is CardEventKind.LOSS
    (state,) = site.ledger(org.id).states()
    assert state.status is CardStatus.LOST
    assert state.suspended_at == T0 + timedelta(days=30)
    assert state.loss_delay == timedelta(days=20)
    kinds = [r[0] for r in rows(site, "select kind from card_event order by id")]
    assert kinds == ["issue", "seen", "loss", "suspension"]
    with pytest.raises(DuplicateCard):
        site.add_card(NewCard(org.id, "OP-01", CardKind.OPERATOR, CardUse.PERSONAL), "tester")
    assert len(site.cards(org.id)) == 1  # the failed add left nothing


def test_reconcile_over_stored_ledger(
    city: Repository, site: SiteRepository, mini_catalog: ChecklistCatalog
) -> None:
    city.upsert_people(
        [
            PersonInput("P1", "在職 一郎", "GEN", StaffType.REGULAR, PersonStatus.ACTIVE),
            PersonInput("P2", "退職 二郎", "GEN", StaffType.REGULAR, PersonStatus.RETIRED),
            PersonInput("P3", "無札 三郎", "GEN", StaffType.REGULAR, PersonStatus.ACTIVE),
        ]
    )
    people = {p.staff_number: p for p in city.people()}
    org = city.find_organization("GEN")
    assert org is not None
    _session(
        city,
        mini_catalog,
        "GEN",
        date(2025, 5, 1),
        role=Role.OPERATOR,
        kind=SessionKind.SELF_CHECK,
        respondent_id=people["P3"].id,
    )
    cards = site.add_cards(
        [
            NewCard(
                org.id,
                "OP-01",
                CardKind.OPERATOR,
                CardUse.PERSONAL,
                holder_id=people["P2"].id,
                issued_at=T0,
            ),
            NewCard(
                org.id,
                "G-01",
                CardKind.OPERATOR,
                CardUse.GROUP,
                "窓口班",
                (people["P1"].id,),
                issued_at=T0,
            ),
        ],
        "tester",
    )
    site.add_usages(
        [NewUsage(cards[1].id, datetime(2025, 5, 20, 1, tzinfo=UTC), "在職 一郎", people["P1"].id)],
        "tester",
    )
    assert site.operators(org.id) == {people["P3"].id}
    ledger = site.ledger(org.id)
    found = reconcile(
        org.id,
        ledger.cards,
        ledger.events,
        {p.id: p for p in city.people()},
        operators=site.operators(org.id),
        usages=ledger.usages,
        today=date(2025, 6, 1),
    )
    assert [(m.kind, m.card_number or m.person_name) for m in found] == [
        (MismatchKind.HOLDER_RETIRED, "OP-01"),
        (MismatchKind.OPERATOR_WITHOUT_CARD, "無札 三郎"),
    ]


def test_backup_register_and_transports(city: Repository, site: SiteRepository) -> None:
    org = city.find_organization("GEN")
    assert org is not None
    box = site.add_storage(
        org.id,
        name="保管箱A",
        box_location="サーバ室 作業机",
        key_location="サーバ室 作業机",
        key_holder="係長",
        actor="tester",
    )
    site.add_transport(
        box.id,
        transport_date=date(2025, 4, 2),
        from_place="サーバ室",
        to_place="別館",
        carrier="山田",
        box_locked=True,
        key_separate=False,
        receiver="",
        actor="tester",
    )
    rules = [i.rule_id for i in evaluate_backup(site.storages(org.id), site.transports([box.id]))]
    assert rules == ["key_apart", "transport_key_separate", "transport_received"]
    site.update_storage(box.id, "tester", key_location="総務課 キーボックス")
    rules = [i.rule_id for i in evaluate_backup(site.storages(org.id), site.transports([box.id]))]
    assert rules == ["transport_key_separate", "transport_received"]
    with pytest.raises(NotFound):
        site.add_transport(
            999,
            transport_date=date(2025, 4, 2),
            from_place="a",
            to_place="b",
            carrier="c",
            box_locked=True,
            key_separate=True,
            actor="tester",
        )


def test_a_box_name_is_unique_in_its_organization(site: SiteRepository, city: Repository) -> None:
    """Bundles tell storages apart by (organization, name): two boxes of one name would
    be merged into one at the office."""
    from inspector.store.errors import AlreadyExists

    org = city.find_organization("GEN")
    assert org is not None
    common = {"box_location": "サーバ室", "key_location": "総務課", "actor": "tester"}
    first = site.add_storage(org.id, name="保管箱A", **common)  # type: ignore[arg-type]
    with pytest.raises(AlreadyExists, match="保管箱A"):
        site.add_storage(org.id, name=" 保管箱A ", **common)  # type: ignore[arg-type]
    second = site.add_storage(org.id, name="保管箱B", **common)  # type: ignore[arg-type]
    with pytest.raises(AlreadyExists):
        site.update_storage(second.id, "tester", name="保管箱A")
    site.update_storage(first.id, "tester", name="保管箱A", note="same name, own row")
    assert [s.name for s in site.storages(org.id)] == ["保管箱A", "保管箱B"]
