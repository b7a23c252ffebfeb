# ruff: noqa: F811 - the fixtures of test_bundle are imported by name
"""Layouts in a bundle that cannot show where they came from (review rev7a, B1-B3).

- B1: a bundle's layout without `based_on` (a laptop before migration 0016, or the column
  emptied) does not overwrite an office layout that records its history: the office's is
  kept and the conflict listed (`base_unknown`); an older bundle the office went on from
  changes nothing, quietly.
- B2: a layout replacing the office's because the bundle says it went on from it (the
  sender's word: it can name a version it never had) is listed in the receipt with both
  versions, and shown by `bundle import`; one whose earlier versions do not agree with
  the office's record of its version (naming only the office's version) does not
  replace it (a conflict, `history_differs`).
- B3: a `based_on` longer than a save keeps (`KEPT_VERSIONS`) is refused, naming the
  table, the row and the field; nothing imported.

The office is a SQLite file and a PostgreSQL database (`office_db`); laptops SQLite files.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from inspector.cli.main import cli
from inspector.exchange.bundle import BundleRefused
from inspector.store.database import open_database
from inspector.store.repositories.layouts import KEPT_VERSIONS
from inspector.store.repositories.site import SiteRepository
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
from tests.exchange.test_bundle_layouts import (
    LAPTOP,
    V1,
    V2,
    V3,
    _based_on,
    _layout_rows,
    _office_visit,
    _save,
    _without_based_on,
)


def _set_laptop_base(laptop: Laptop, value: list[str] | None) -> None:
    """The laptop's `based_on` written by hand (what its owner can do before exporting)."""
    with laptop.repo.engine.begin() as conn:
        conn.execute(
            text("update site_layout set based_on = :b"),
            {"b": None if value is None else json.dumps(value)},
        )


def test_a_bundle_without_history_does_not_overwrite_an_office_edit(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """The reviewer's case: the laptop empties `based_on` before exporting; the office's
    edit (saved since 0016, so with a history) stays and the conflict is listed."""
    office = keys[0]
    path, repo = office_db
    on_laptop = SiteRepository(laptop.repo.engine)
    v1 = _save(on_laptop, laptop.session_id, V1, "監査 太郎")
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    at_office = SiteRepository(repo.engine)
    visit = _office_visit(repo)
    v2 = _save(at_office, visit, V2, "事務局 花子")
    v3 = _save(on_laptop, laptop.session_id, V3, "監査 太郎")
    _set_laptop_base(laptop, None)
    rows_before = _layout_rows(path)
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    kept = at_office.layout_for(visit)
    assert kept is not None and (kept.layout, kept.saved_by, kept.saved_at) == (
        V2,
        "事務局 花子",
        v2.saved_at,
    )
    assert _layout_rows(path) == rows_before
    assert _based_on(repo) == [v1.saved_at.isoformat()]
    assert receipt.unchecked == [] and receipt.replaced == []
    assert receipt.to_json()["tables"]["site_layout"] == {"added": 0, "updated": 0, "skipped": 1}
    assert receipt.conflicts == [
        {
            "table": "site_layout",
            "uid": repo.session(visit).uid,
            "fields": ["layout"],
            "kept": "local",
            "local": {"saved_by": "事務局 花子", "saved_at": v2.saved_at.isoformat()},
            "bundle": {
                "saved_by": "監査 太郎",
                "saved_at": v3.saved_at.isoformat(),
                "based_on": None,
            },
            "base_unknown": True,
        }
    ]


def test_a_laptop_before_0016_against_an_office_after_it(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bundles without `based_on` all along: the office's row has no history until the
    office saves its own edit; from then on the old bundle (which the edit went on from)
    changes nothing, quietly, and the laptop's newer layout does not overwrite the edit."""
    office = keys[0]
    _path, repo = office_db
    on_laptop = SiteRepository(laptop.repo.engine)
    _without_based_on(monkeypatch)
    _save(on_laptop, laptop.session_id, V1, "監査 太郎")
    first = export(laptop, keys, tmp_path / "1.bundle")
    do_import(repo, office, first)
    at_office = SiteRepository(repo.engine)
    visit = _office_visit(repo)
    _save(at_office, visit, V2, "事務局 花子")
    again = do_import(repo, office, first)
    assert again.conflicts == [] and again.unchecked == [] and not again.changed
    _save(on_laptop, laptop.session_id, V3, "監査 太郎")
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    kept = at_office.layout_for(visit)
    assert kept is not None and (kept.layout, kept.saved_by) == (V2, "事務局 花子")
    assert receipt.unchecked == [] and not receipt.changed
    (conflict,) = receipt.conflicts
    assert conflict["kept"] == "local" and conflict["base_unknown"] is True


def test_a_history_naming_only_the_office_s_version_does_not_replace_it(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """The reviewer's forged case: the laptop writes the office's version (its `saved_at`
    appears in receipts) as its only base. A laptop that went on from the office's version
    would have its history too (v1 before it): the office's is kept, the conflict listed."""
    office = keys[0]
    path, repo = office_db
    on_laptop = SiteRepository(laptop.repo.engine)
    _save(on_laptop, laptop.session_id, V1, "監査 太郎")
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    at_office = SiteRepository(repo.engine)
    visit = _office_visit(repo)
    v2 = _save(at_office, visit, V2, "事務局 花子")
    v3 = _save(on_laptop, laptop.session_id, V3, "監査 太郎")
    _set_laptop_base(laptop, [v2.saved_at.isoformat()])
    rows_before = _layout_rows(path)
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    assert _layout_rows(path) == rows_before and not receipt.changed
    assert receipt.replaced == [] and receipt.unchecked == []
    (conflict,) = receipt.conflicts
    assert conflict["history_differs"] is True and conflict["kept"] == "local"
    assert conflict["local"]["saved_at"] == v2.saved_at.isoformat()
    assert conflict["bundle"]["saved_at"] == v3.saved_at.isoformat()


def test_every_replacement_of_an_office_layout_is_listed(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """A forger who copies the office's history as well (v1, then the office's v2): the
    merge cannot tell this from a laptop that did go on from v2, so it replaces, and lists
    the replacement with both versions for the office to see."""
    office = keys[0]
    _path, repo = office_db
    on_laptop = SiteRepository(laptop.repo.engine)
    v1 = _save(on_laptop, laptop.session_id, V1, "監査 太郎")
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    at_office = SiteRepository(repo.engine)
    visit = _office_visit(repo)
    v2 = _save(at_office, visit, V2, "事務局 花子")
    v3 = _save(on_laptop, laptop.session_id, V3, "監査 太郎")
    _set_laptop_base(laptop, [v1.saved_at.isoformat(), v2.saved_at.isoformat()])
    file = export(laptop, keys, tmp_path / "2.bundle")
    receipt = do_import(repo, office, file)
    now = at_office.layout_for(visit)
    assert now is not None and now.layout == V3
    assert receipt.conflicts == [] and receipt.unchecked == []
    assert receipt.to_json()["replaced"] == [
        {
            "table": "site_layout",
            "uid": repo.session(visit).uid,
            "fields": ["layout"],
            "kept": "bundle",
            "local": {"saved_by": "事務局 花子", "saved_at": v2.saved_at.isoformat()},
            "bundle": {
                "saved_by": "監査 太郎",
                "saved_at": v3.saved_at.isoformat(),
                "based_on": v2.saved_at.isoformat(),
            },
        }
    ]
    # the same bundle again replaces nothing and lists nothing
    again = do_import(repo, office, file)
    assert again.replaced == [] and not again.changed


def test_an_honest_chain_is_listed_as_replaced_too(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """The laptop's own later save replacing its earlier one at the office: the history
    agrees (a first save, then the laptop's own), replaced and listed."""
    office = keys[0]
    _path, repo = office_db
    on_laptop = SiteRepository(laptop.repo.engine)
    v1 = _save(on_laptop, laptop.session_id, V1, "監査 太郎")
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    _save(on_laptop, laptop.session_id, V2, "監査 太郎")
    v3 = _save(on_laptop, laptop.session_id, V3, LAPTOP)
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    assert receipt.conflicts == [] and receipt.unchecked == []
    assert [(r["local"]["saved_at"], r["bundle"]["saved_at"]) for r in receipt.replaced] == [
        (v1.saved_at.isoformat(), v3.saved_at.isoformat())
    ]


def _moments(n: int) -> list[str]:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    return [(start + timedelta(seconds=i)).isoformat() for i in range(n)]


def test_a_based_on_longer_than_a_save_keeps_is_refused(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    path, repo = office_db
    _save(SiteRepository(laptop.repo.engine), laptop.session_id, V1, "監査 太郎")
    _set_laptop_base(laptop, _moments(KEPT_VERSIONS + 1))
    file = export(laptop, keys, tmp_path / "long.bundle")
    before = counts(path)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, file)
    shown = str(refused.value)
    uid = laptop.repo.session(laptop.session_id).uid
    for word in ("site_layout", "based_on", uid, str(KEPT_VERSIONS + 1), str(KEPT_VERSIONS)):
        assert word in shown
    assert counts(path) == before
    # as many as a save keeps: taken as they are
    _set_laptop_base(laptop, _moments(KEPT_VERSIONS))
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "full.bundle"))
    assert receipt.to_json()["tables"]["site_layout"]["added"] == 1
    assert _based_on(repo) == _moments(KEPT_VERSIONS)


def _cli_import(runner: CliRunner, central: Path, file: Path, *lang: str) -> Any:
    return runner.invoke(cli, [*lang, "--db", str(central), "bundle", "import", str(file)])


def test_the_command_line_shows_the_kept_edit_and_the_replacement(
    laptop: Laptop, keys: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = keys[0]
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(office.keys_dir))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", PASS.decode())
    monkeypatch.delenv("INSPECTOR_LANG")
    central = tmp_path / "central.db"
    runner = CliRunner()
    on_laptop = SiteRepository(laptop.repo.engine)
    v1 = _save(on_laptop, laptop.session_id, V1, "監査 太郎")
    result = _cli_import(runner, central, export(laptop, keys, tmp_path / "1.bundle"))
    assert result.exit_code == 0, result.stderr
    engine = open_database(f"sqlite:///{central}")
    visit = _office_visit(Repository(engine))
    v2 = _save(SiteRepository(engine), visit, V2, "事務局 花子")
    engine.dispose()
    _save(on_laptop, laptop.session_id, V3, LAPTOP)
    _set_laptop_base(laptop, None)
    unknown = export(laptop, keys, tmp_path / "2.bundle")
    for lang, words in (
        ((), ("こちらのもの（事務局 花子", "もとにした版の記録がない", "取り込んでいません")),
        (("--lang", "en"), ("kept this database's", "does not record", "not imported")),
    ):
        result = _cli_import(runner, central, unknown, *lang)
        assert result.exit_code == 0, result.stderr
        (line,) = [x for x in result.stdout.splitlines() if LAPTOP in x]
        assert all(w in line for w in words), line
    # the laptop names only the office's version: kept, the history does not agree
    _set_laptop_base(laptop, [v2.saved_at.isoformat()])
    result = _cli_import(runner, central, export(laptop, keys, tmp_path / "3a.bundle"))
    assert result.exit_code == 0, result.stderr
    (line,) = [x for x in result.stdout.splitlines() if LAPTOP in x]
    assert "こちらのもの（事務局 花子" in line and "記録と合わない" in line
    # ... and its history as well: replaced, and shown with both versions
    _set_laptop_base(laptop, [v1.saved_at.isoformat(), v2.saved_at.isoformat()])
    forged = export(laptop, keys, tmp_path / "3.bundle")
    result = _cli_import(runner, central, forged)
    assert result.exit_code == 0, result.stderr
    assert "置き換えたレイアウト 1 件" in result.stdout
    (line,) = [x for x in result.stdout.splitlines() if LAPTOP in x]
    assert "こちらのもの（事務局 花子、" + v2.saved_at.isoformat()[:19].replace("T", " ") in line
    assert "置き換えました" in line
    # too long a history: refused in words, exit 1, nothing imported
    _set_laptop_base(laptop, _moments(KEPT_VERSIONS + 1))
    result = _cli_import(runner, central, export(laptop, keys, tmp_path / "4.bundle"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "site_layout" in result.stderr and "based_on" in result.stderr
    assert "取り込みません" in result.stderr
