# ruff: noqa: F811 - the fixtures of test_bundle are imported by name
"""A server-room layout in a bundle: it replaces the office's only when it was based on
the version the office has. A laptop that exported v1 and went on editing (v3) while the
office saved its own edit (v2) does not overwrite v2: the office's is kept and the
conflict listed with who saved which when; the same bundle twice changes nothing. A
layout without the version it was based on (an older bundle) merges by the newer save,
listed as unchecked, only when the office's layout has no recorded history either
(test_bundle7b_layouts: the office's edit with a history is kept). The office is a SQLite file and a PostgreSQL database (`office_db`);
the laptops are SQLite files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from inspector.cli.main import cli
from inspector.domain.layout import CellKind, Layout
from inspector.exchange.bundle import transfer
from inspector.store.repositories.site import SavedLayout, SeenLayout, SiteRepository
from inspector.store.repository import Repository
from tests.exchange.test_bundle import (  # noqa: F401 - the fixtures
    PASS,
    Laptop,
    _english,
    counts,
    do_import,
    export,
    keys,
    laptop,
    office_db,
)

ROOM = Layout("サーバ室", 6, 4, 0.5)
V1 = ROOM.place((0, 0), CellKind.RACK)
V2 = V1.place((3, 3), CellKind.RACK)  # the office's edit
V3 = V1.place((5, 0), CellKind.RACK)  # the laptop's, going on from v1


# Who saves the laptop's later layouts: the visit's inspector (who signs its bundles),
# the name typed with a full-width space, the same person (`same_name`), told apart from
# the office's rows in the receipts. A bundle records layouts only in its signer's name.
LAPTOP = "監査　太郎"


def _save(site: SiteRepository, session_id: int, layout: Layout, actor: str) -> SavedLayout:
    """A save as the editor makes it: on the version it opened."""
    opened = site.layout_for(session_id)
    return site.save_layout(
        session_id, layout, actor, SeenLayout(opened.saved_at if opened else None)
    )


def _office_visit(repo: Repository) -> int:
    (session,) = repo.sessions()
    return session.id


def _layout_rows(url: str) -> list[tuple[Any, ...]]:
    from tests.db_rows import rows

    return [tuple(r) for r in rows(url, "select layout, saved_by, saved_at from site_layout")]


def test_an_office_edit_made_since_the_laptop_s_version_is_kept_and_listed(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    path, repo = office_db
    on_laptop = SiteRepository(laptop.repo.engine)
    v1 = _save(on_laptop, laptop.session_id, V1, "監査 太郎")
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    at_office = SiteRepository(repo.engine)
    visit = _office_visit(repo)
    v2 = _save(at_office, visit, V2, "事務局 花子")
    v3 = _save(on_laptop, laptop.session_id, V3, "監査 太郎")
    assert v3.saved_at > v2.saved_at > v1.saved_at  # the laptop's is the newest
    file = export(laptop, keys, tmp_path / "2.bundle")
    receipt = do_import(repo, office, file)
    kept = at_office.layout_for(visit)
    assert kept is not None and kept.layout == V2 and kept.saved_by == "事務局 花子"
    assert receipt.to_json()["tables"]["site_layout"] == {"added": 0, "updated": 0, "skipped": 1}
    (conflict,) = receipt.conflicts
    uid = repo.session(visit).uid
    assert conflict == {
        "table": "site_layout",
        "uid": uid,
        "fields": ["layout"],
        "kept": "local",
        "local": {"saved_by": "事務局 花子", "saved_at": v2.saved_at.isoformat()},
        "bundle": {
            "saved_by": "監査 太郎",
            "saved_at": v3.saved_at.isoformat(),
            "based_on": v1.saved_at.isoformat(),
        },
    }
    assert receipt.unchecked == []
    # the same bundle twice changes nothing (the conflict is listed again)
    before, rows_before = counts(path), _layout_rows(path)
    again = do_import(repo, office, file)
    assert not again.changed and [c["uid"] for c in again.conflicts] == [uid]
    assert counts(path) == before and _layout_rows(path) == rows_before


def test_a_laptop_going_on_from_the_office_s_version_replaces_it(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """Several saves on the laptop between two bundles: the last replaces the office's
    (it was based on the office's, through the others); an older bundle sent after an
    office edit does not undo the edit and is no conflict."""
    office = keys[0]
    path, repo = office_db
    on_laptop = SiteRepository(laptop.repo.engine)
    _save(on_laptop, laptop.session_id, V1, "監査 太郎")
    first = export(laptop, keys, tmp_path / "1.bundle")
    do_import(repo, office, first)
    _save(on_laptop, laptop.session_id, V2, "監査 太郎")
    v3 = _save(on_laptop, laptop.session_id, V3, LAPTOP)
    second = export(laptop, keys, tmp_path / "2.bundle")
    receipt = do_import(repo, office, second)
    assert receipt.conflicts == [] and receipt.unchecked == []
    assert receipt.to_json()["tables"]["site_layout"]["updated"] == 1
    at_office = SiteRepository(repo.engine)
    visit = _office_visit(repo)
    now = at_office.layout_for(visit)
    assert now is not None and (now.layout, now.saved_by, now.saved_at) == (
        V3,
        LAPTOP,
        v3.saved_at,
    )
    before = counts(path)
    assert not do_import(repo, office, second).changed and counts(path) == before
    # the office goes on from v3; both older bundles sent again change nothing, quietly
    _save(at_office, visit, V1, "事務局 花子")
    receipt = do_import(repo, office, first, second)
    assert receipt.conflicts == [] and not receipt.changed
    kept = at_office.layout_for(visit)
    assert kept is not None and (kept.layout, kept.saved_by) == (V1, "事務局 花子")


def test_layouts_made_on_both_sides_for_one_visit_conflict(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """The office drew the room itself after the visit arrived without one; the laptop's
    own first layout, based on none, does not replace it."""
    office = keys[0]
    _path, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    visit = _office_visit(repo)
    _save(SiteRepository(repo.engine), visit, V2, "事務局 花子")
    _save(SiteRepository(laptop.repo.engine), laptop.session_id, V3, "監査 太郎")
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    (conflict,) = receipt.conflicts
    assert conflict["bundle"]["based_on"] is None and conflict["kept"] == "local"
    kept = SiteRepository(repo.engine).layout_for(visit)
    assert kept is not None and kept.layout == V2


def _without_based_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bundles as a version before migration 0016 wrote them: layouts without `based_on`."""
    collect = transfer.collect

    def old_collect(*args: Any, **kwargs: Any) -> dict[str, Any]:
        payload = collect(*args, **kwargs)
        for row in payload["tables"].get("site_layout", []):
            del row["based_on"]
        return payload

    monkeypatch.setattr(transfer, "collect", old_collect)


def test_without_a_history_on_both_sides_the_newer_is_kept_and_listed_unchecked(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A laptop with a version before migration 0016: its bundles carry no `based_on`, and
    the office's layout came from such a bundle and was not saved since (no history on
    either side): the newer save wins as before, listed unchecked."""
    office = keys[0]
    _path, repo = office_db
    on_laptop = SiteRepository(laptop.repo.engine)
    _without_based_on(monkeypatch)
    v1 = _save(on_laptop, laptop.session_id, V1, "監査 太郎")
    do_import(repo, office, export(laptop, keys, tmp_path / "old1.bundle"))
    assert _based_on(repo) is None
    at_office = SiteRepository(repo.engine)
    visit = _office_visit(repo)
    v3 = _save(on_laptop, laptop.session_id, V3, LAPTOP)
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "old2.bundle"))
    now = at_office.layout_for(visit)
    assert now is not None and now.layout == V3  # today's rule: the newer save
    assert receipt.conflicts == [] and receipt.replaced == []
    assert receipt.to_json()["unchecked"] == [
        {
            "table": "site_layout",
            "uid": repo.session(visit).uid,
            "fields": ["layout"],
            "kept": "bundle",
            "local": {"saved_by": "監査 太郎", "saved_at": v1.saved_at.isoformat()},
            "bundle": {
                "saved_by": LAPTOP,
                "saved_at": v3.saved_at.isoformat(),
                "based_on": None,
            },
        }
    ]
    # an unchecked layout replaced: the office still does not know what it was based on
    assert _based_on(repo) is None


def _based_on(repo: Repository) -> Any:
    with repo.engine.connect() as conn:
        value = conn.execute(text("select based_on from site_layout")).scalar_one()
    return None if value is None else json.loads(value)


def test_the_command_line_shows_who_saved_which_layout_when(
    laptop: Laptop,
    keys: tuple,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office = keys[0]
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(office.keys_dir))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", PASS.decode())
    central = tmp_path / "central.db"
    runner = CliRunner()
    on_laptop = SiteRepository(laptop.repo.engine)
    _save(on_laptop, laptop.session_id, V1, "監査 太郎")
    first = export(laptop, keys, tmp_path / "1.bundle")
    result = runner.invoke(cli, ["--db", str(central), "bundle", "import", str(first)])
    assert result.exit_code == 0, result.stderr
    from inspector.store.database import open_database

    engine = open_database(f"sqlite:///{central}")
    visit = _office_visit(Repository(engine))
    v2 = _save(SiteRepository(engine), visit, V2, "事務局 花子")
    engine.dispose()
    v3 = _save(on_laptop, laptop.session_id, V3, LAPTOP)
    second = export(laptop, keys, tmp_path / "2.bundle")
    result = runner.invoke(cli, ["--db", str(central), "bundle", "import", str(second)])
    assert result.exit_code == 0, result.stderr
    (line,) = [x for x in result.stdout.splitlines() if "layout of session" in x]
    for shown in ("事務局 花子", LAPTOP, "kept this database's", "not imported"):
        assert shown in line
    assert v2.saved_at.isoformat()[:19].replace("T", " ") in line
    assert v3.saved_at.isoformat()[:19].replace("T", " ") in line
    assert "unchanged" in result.stdout
    # in Japanese (the default)
    monkeypatch.delenv("INSPECTOR_LANG")
    result = runner.invoke(cli, ["--db", str(central), "bundle", "import", str(second)])
    assert result.exit_code == 0, result.stderr
    (line,) = [x for x in result.stdout.splitlines() if "のレイアウト" in x]
    assert "こちらのもの（事務局 花子" in line and "取り込んでいません" in line


def test_a_bundle_s_based_on_must_be_moments(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office = keys[0]
    path, repo = office_db
    _save(SiteRepository(laptop.repo.engine), laptop.session_id, V1, "監査 太郎")
    collect = transfer.collect

    def bad_collect(*args: Any, **kwargs: Any) -> dict[str, Any]:
        payload = collect(*args, **kwargs)
        payload["tables"]["site_layout"][0]["based_on"] = ["yesterday"]
        return payload

    monkeypatch.setattr(transfer, "collect", bad_collect)
    file = export(laptop, keys, tmp_path / "bad.bundle")
    before = counts(path)
    from inspector.exchange.bundle import BundleRefused

    with pytest.raises(BundleRefused, match=r"site_layout.*based_on.*yesterday"):
        do_import(repo, office, file)
    assert counts(path) == before
