# ruff: noqa: F811 - the fixtures of test_bundle are imported by name
"""What a bundle signed by one inspector may not change of what another person recorded,
outside the answers too (bundleguard): the measure entries of another inspector's visit,
the site records (layouts, backup storages, ledgers) recorded by someone else, a completed
self-check reopened, rows outside the declared organization, a visit without an inspector.
Each refused naming the row and the person, the database unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.findings import MeasureStatus
from inspector.exchange.bundle import BundleRefused, export_bundle, load_signer
from inspector.reports.keys import Identity, issue_inspector
from inspector.store.repository import Repository
from tests.db_rows import scalar
from tests.exchange.test_bundle import (  # noqa: F401 - the fixtures
    PASS,
    Laptop,
    Office,
    do_import,
    export,
    keys,
    laptop,
    office_db,
)

OTHER = "総務 次郎"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTOR_LANG", "en")


@pytest.fixture(scope="module")
def other(keys: tuple) -> Identity:
    """Another inspector of our office."""
    office = keys[0]
    issue_inspector(office.keys_dir, OTHER, "130", PASS, replace=True)
    return load_signer(office.keys_dir, OTHER, PASS)


def export_as(laptop: Laptop, office: Office, signer: Identity, out: Path) -> Path:
    export_bundle(
        laptop.repo.engine, "GEN", out, signer=signer, encryption_cert=office.encryption_cert
    )
    return out


def dump(url: str) -> list[tuple[Any, ...]]:
    """Every row of every table a bundle writes, read by a new connection."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(inspect(conn).get_table_names())
            return [
                (name, *row)
                for name in names
                if name != "alembic_version"
                for row in conn.execute(text(f"select * from {name} order by 1"))
            ]
    finally:
        engine.dispose()


# -- 1. measure entries of another inspector's visit -------------------------------------


def test_another_inspector_cannot_add_a_measure_entry_to_a_plan_of_the_visit(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
) -> None:
    office, inspector = keys[0], keys[1]
    url, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    (finding,) = laptop.findings.findings()
    (plan,) = laptop.findings.plans_for(finding.id)
    entry = laptop.findings.add_entry(
        plan.id, MeasureStatus.DONE, date(2025, 5, 1), "完了した", "市民課長"
    )
    before = dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, export_as(laptop, office, other, tmp_path / "evil.bundle"))
    message = str(refused.value)
    assert "evil.bundle" in message and f"signed with the key of {OTHER}" in message
    assert "監査 太郎's inspection visit" in message
    assert f"measure entry {entry.uid} of plan {plan.uid}" in message
    assert dump(url) == before
    # the visit's own inspector may; the office's record of the visit names the bundle
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "own.bundle"))
    assert receipt.to_json()["tables"]["measure_entry"]["added"] == 1
    assert scalar(url, f"select status from measure_entry where uid = '{entry.uid}'") == "done"
    (session,) = repo.sessions()
    notes = [e[3] for e in repo.session_events(session.id) if e[0] == "bundle_imported"]
    assert len(notes) == 2 and "signed by 監査 太郎" in notes[-1]
    assert receipt.bundles[0]["bundle_id"] in notes[-1]
    assert inspector.name == "監査 太郎"
