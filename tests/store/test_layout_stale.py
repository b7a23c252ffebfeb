"""Two people save one visit's server room layout (two laptops on one PostgreSQL database,
two processes on one SQLite file: here two engines on one database): the second save,
made on the version both opened, is refused with who saved and when, nothing written;
the first person's layout stays. Run on SQLite and on PostgreSQL (`database_url`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import update

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.layout import CellKind, Layout
from inspector.domain.model import Role, SessionKind
from inspector.store.database import create_db_engine
from inspector.store.errors import ChangedMeanwhile
from inspector.store.locking import write_connection
from inspector.store.repositories.site import SavedLayout, SeenLayout, SiteRepository
from inspector.store.repository import Repository
from inspector.store.tables import SessionRow, SiteLayoutRow
from inspector.store.types import utcnow

ROOM = Layout("サーバ室", 6, 4, 0.5)
THEIRS = ROOM.place((2, 2), CellKind.RACK)


@pytest.fixture
def two(city: Repository) -> Iterator[tuple[SiteRepository, SiteRepository]]:
    """Two writers, each on its own engine (its own connections) to the same database."""
    other = create_db_engine(city.engine.url.render_as_string(hide_password=False))
    yield SiteRepository(city.engine), SiteRepository(other)
    other.dispose()


@pytest.fixture
def visit(city: Repository, mini_catalog: ChecklistCatalog) -> int:
    org = city.find_organization("GEN")
    assert org is not None
    return city.start_session(
        mini_catalog.get("mini"),
        org.id,
        session_date=date(2026, 12, 3),
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
    ).id


def _opened(site: SiteRepository, visit: int) -> SeenLayout:
    saved = site.layout_for(visit)
    return SeenLayout(saved.saved_at if saved else None)


def test_the_second_save_on_the_same_version_is_refused_with_who_and_when(
    two: tuple[SiteRepository, SiteRepository], visit: int
) -> None:
    hanako, taro = two
    hanako.save_layout(visit, ROOM, "監査 花子")
    # both open the layout, then both save (forced interleaving: read, read, write, write)
    seen_hanako, seen_taro = _opened(hanako, visit), _opened(taro, visit)
    first = hanako.save_layout(visit, ROOM.place((0, 0), CellKind.RACK), "監査 花子", seen_hanako)
    with pytest.raises(ChangedMeanwhile) as refused:
        taro.save_layout(visit, ROOM.place((5, 3), CellKind.DESK), "監査 太郎", seen_taro)
    current = refused.value.current
    assert isinstance(current, SavedLayout)
    assert (current.saved_by, current.saved_at) == ("監査 花子", first.saved_at)
    stored = taro.layout_for(visit)
    assert stored is not None and stored.layout == ROOM.place((0, 0), CellKind.RACK)
    # saving again on the version now seen (a decision made knowing who and when) goes in
    taro.save_layout(visit, ROOM.place((5, 3), CellKind.DESK), "監査 太郎", _opened(taro, visit))
    assert hanako.layout_for(visit).saved_by == "監査 太郎"  # type: ignore[union-attr]


def test_two_first_saves_of_a_visit_without_a_layout_one_is_refused(
    two: tuple[SiteRepository, SiteRepository], visit: int
) -> None:
    hanako, taro = two
    seen = _opened(hanako, visit)
    assert seen == SeenLayout(None) == _opened(taro, visit)
    hanako.save_layout(visit, ROOM.place((0, 0), CellKind.RACK), "監査 花子", seen)
    with pytest.raises(ChangedMeanwhile) as refused:
        taro.save_layout(visit, ROOM.place((1, 1), CellKind.DESK), "監査 太郎", seen)
    assert refused.value.current.saved_by == "監査 花子"  # type: ignore[attr-defined]


def test_a_save_waiting_for_another_writer_reads_its_commit_and_is_refused(
    two: tuple[SiteRepository, SiteRepository], visit: int
) -> None:
    """The check is inside the write transaction: a save that starts while another
    writer's transaction (which changes the layout) is open waits for it, then reads its
    commit and is refused; it never writes over it."""
    hanako, taro = two
    hanako.save_layout(visit, ROOM, "監査 花子")
    seen = _opened(taro, visit)
    outcome: list[object] = []
    holding = threading.Event()
    release = threading.Event()

    def other_writer() -> None:
        # as `save_layout` writes: the visit's row locked, then the layout replaced
        with write_connection(hanako.engine, shared=True) as conn:
            lock = update(SessionRow).where(SessionRow.id == visit)  # type: ignore[arg-type]
            conn.execute(lock.values(id=SessionRow.id))
            conn.execute(
                update(SiteLayoutRow)
                .where(SiteLayoutRow.session_id == visit)  # type: ignore[arg-type]
                .values(saved_by="監査 花子", saved_at=utcnow(), layout=THEIRS.to_json())
            )
            holding.set()
            release.wait(30)

    def late_save() -> None:
        holding.wait(30)
        try:
            outcome.append(taro.save_layout(visit, ROOM.place((3, 3), CellKind.DESK), "太郎", seen))
        except Exception as exc:  # the refusal is the finding
            outcome.append(exc)

    writer = threading.Thread(target=other_writer)
    saver = threading.Thread(target=late_save)
    writer.start()
    saver.start()
    holding.wait(30)
    saver.join(timeout=1.0)  # it waits for the writer's lock
    assert saver.is_alive() and not outcome
    release.set()
    writer.join(timeout=30)
    saver.join(timeout=60)
    assert len(outcome) == 1 and isinstance(outcome[0], ChangedMeanwhile)
    stored = taro.layout_for(visit)
    assert stored is not None and stored.layout == THEIRS
