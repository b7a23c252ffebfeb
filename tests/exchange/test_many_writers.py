"""Many writers at once on one database, SQLite and PostgreSQL alike (issue 16): eight
processes importing different bundles and CSV files while eight threads save answers.
None fails, every row arrives, the change log holds every change."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.exchange.answers_csv import COLUMNS
from inspector.exchange.bundle import export_bundle
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository
from tests.db_rows import rows, scalar
from tests.exchange import test_bundle as _bundle_tests
from tests.exchange.test_bundle import PASS, Office

keys = _bundle_tests.keys  # the office's keys, as the bundle tests make them

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BUNDLES = 4
CSV_FILES = 4
CSV_ORGS = 5  # organizations per CSV file, each one session of three answers
THREADS = 8
SAVES = 4  # answers each thread saves after the shared first one
LAPTOP_ANSWERS = {"c1": "noncompliant", "c2": "compliant", "y1": "yes"}


@pytest.fixture(scope="module")
def files(
    tmp_path_factory: pytest.TempPathFactory, mini_catalog: ChecklistCatalog, keys: tuple
) -> list[tuple[str, Path]]:
    """Four bundles from four laptops (organizations L0..L3) and four CSV files (each its
    own new organizations): ("bundle" | "csv", file)."""
    office, inspector, _, _ = keys
    tmp = tmp_path_factory.mktemp("writers")
    made: list[tuple[str, Path]] = []
    for n in range(BUNDLES):
        engine = open_database(f"sqlite:///{tmp / f'laptop{n}.db'}")
        repo = Repository(engine)
        repo.upsert_organizations(
            [OrganizationInput("130", "監査委員事務局"), OrganizationInput(f"L{n}", f"課{n}")]
        )
        org, audit = repo.find_organization(f"L{n}"), repo.find_organization("130")
        assert org is not None and audit is not None
        session = repo.start_session(
            mini_catalog.get("mini"),
            org.id,
            role=Role.INSPECTOR,
            kind=SessionKind.INSPECTION,
            inspector_name="監査 太郎",
            inspector_organization_id=audit.id,
            session_date=date(2025, 3, 1),
        )
        for item, value in LAPTOP_ANSWERS.items():
            repo.save_answer(
                session.id, item, lambda _o, v=value: AnswerState(value=v), "監査 太郎"
            )
        repo.complete_session(session.id, "監査 太郎")
        out = tmp / f"L{n}.bundle"
        export_bundle(
            engine, f"L{n}", out, signer=inspector, encryption_cert=office.encryption_cert
        )
        engine.dispose()
        made.append(("bundle", out))
    for n in range(CSV_FILES):
        path = tmp / f"answers{n}.csv"
        lines = [",".join(COLUMNS)]
        for k in range(CSV_ORGS):
            for item, value in (("c1", "遵守"), ("c2", "不遵守"), ("y1", "いいえ")):
                lines.append(f"C{n}-{k},,,mini,{item},{value},,,2025-06-01")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        made.append(("csv", path))
    return made


def _command(db: str, kind: str, path: Path) -> list[str]:
    base = [sys.executable, "-m", "inspector", "--db", db, "--checklist-dir", str(FIXTURES)]
    if kind == "bundle":
        return [*base, "bundle", "import", str(path)]
    return [*base, "import-csv", str(path), "--create-missing"]


def test_eight_imports_and_eight_answer_savers_at_once(
    city: Repository,
    db_arg: str,
    files: list[tuple[str, Path]],
    keys: tuple,
    mini_catalog: ChecklistCatalog,
    tmp_path: Path,
) -> None:
    office: Office = keys[0]
    org = city.find_organization("GEN")
    assert org is not None
    sid = city.start_session(
        mini_catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "INSPECTOR_KEYS_DIR": str(office.keys_dir),
        "INSPECTOR_KEY_PASSPHRASE": PASS.decode(),
        "INSPECTOR_CONFIG": str(tmp_path / "config.toml"),
    }
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def save(n: int) -> None:
        start.wait()
        try:
            # All eight first answer the same new item, then their own rounds of notes.
            for round_ in range(1 + SAVES):
                city.save_answer(
                    sid,
                    "c1" if round_ == 0 else ("c2", "y1", "y2", "t1")[(n + round_) % 4],
                    lambda s, r=round_: replace(s, value=s.value or "compliant", note=f"t{n} r{r}"),
                    f"t{n}",
                )
        except BaseException as exc:  # every failure is the test's finding
            failures.append(exc)

    children = [
        subprocess.Popen(
            _command(db_arg, kind, path), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for kind, path in files
    ]
    threads = [threading.Thread(target=save, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    results = [child.communicate(timeout=300) for child in children]
    for child, (_, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err.decode()
    assert failures == []

    # Every imported row arrived: one session per laptop and per CSV organization.
    imported = rows(
        city,
        "select o.code, a.item_id, a.value from answer a"
        " join inspection_session s on s.id = a.session_id"
        " join organization o on o.id = s.organization_id where s.id <> :sid",
        sid=sid,
    )
    wanted = {
        (f"L{n}", item, value) for n in range(BUNDLES) for item, value in LAPTOP_ANSWERS.items()
    }
    wanted |= {
        (f"C{n}-{k}", item, value)
        for n in range(CSV_FILES)
        for k in range(CSV_ORGS)
        for item, value in (("c1", "compliant"), ("c2", "noncompliant"), ("y1", "no"))
    }
    assert sorted(imported) == sorted(wanted)
    assert (
        scalar(city, "select count(*) from inspection_session")
        == 1 + BUNDLES + CSV_FILES * CSV_ORGS
    )
    # The change log: one entry per imported answer in its session (a bundle carries the
    # laptop's log), and every save of every thread, chained one after the other.
    logged = scalar(
        city,
        "select count(*) from answer_change ch join answer a"
        " on a.session_id = ch.session_id and a.item_id = ch.item_id where ch.session_id <> :sid",
        sid=sid,
    )
    assert logged == len(wanted)
    changes = city.changes(sid)
    assert len(changes) == THREADS * (1 + SAVES)
    assert sorted(c.changed_by for c in changes) == sorted(
        f"t{n}" for n in range(THREADS) for _ in range(1 + SAVES)
    )
    last: dict[str, AnswerState] = {}
    for change in changes:
        assert change.old == last.get(change.item_id, AnswerState()), change
        last[change.item_id] = change.new
    assert {item: a.state for item, a in city.answers(sid).items()} == last
    assert scalar(city, "select count(*) from answer where session_id = :sid", sid=sid) == 5
