"""Benchmark: 150 signed findings notices as a batch, beside the same 150 unsigned.

Each visit is realistic: the 57-item department checklist answered in full, about ten
noncompliant answers turned into findings with plans and measure entries. The setup (a
temporary database and keys) is not timed; each timed document is gathered from the
database, laid out, (signed,) written to a file and (when signed) recorded.

    python bench/bench_notices.py [--visits 150]

Prints a markdown table. Goal: under 0.2 s per signed notice. Besides the wall-clock
times, the process CPU time per document is printed: on a shared machine it is the figure
that does not move with the other jobs' load.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import AnswerType
from inspector.domain.findings import MeasureStatus, propose_finding
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.reports import keys
from inspector.reports.service import DocumentService
from inspector.resources import shipped_checklists_dir
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import OrganizationInput, Repository

PASS = b"bench-passphrase"
TAGS = ("juki_terminal", "handles_personal_data", "employs_temporary", "server_room")


def build_database(
    folder: Path, visits: int
) -> tuple[Repository, FindingRepository, ChecklistCatalog, list[int]]:
    rng = random.Random(150)
    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    checklist = catalog.get("juki-department")
    engine = open_database(f"sqlite:///{folder / 'bench.db'}")
    repo, findings = Repository(engine), FindingRepository(engine)
    inputs = [OrganizationInput("900", "監査委員事務局", None, ("audit_office",))]
    inputs += [
        OrganizationInput(f"D{i // 10}", f"第{i // 10 + 1}部", None) for i in range(0, visits, 10)
    ]
    inputs += [
        OrganizationInput(f"{1000 + i}", f"第{i + 1}課", f"D{i // 10}", TAGS) for i in range(visits)
    ]
    repo.upsert_organizations(inputs)
    orgs = {o.code: o for o in repo.organizations()}
    today = date(2025, 3, 31)
    session_ids = []
    for i in range(visits):
        org = orgs[f"{1000 + i}"]
        session = repo.start_session(
            checklist,
            org.id,
            role=Role.INSPECTOR,
            kind=SessionKind.INSPECTION,
            inspector_name="監査 太郎",
            inspector_organization_id=orgs["900"].id,
            session_date=today - timedelta(days=i % 60),
        )
        broken = set(rng.sample(range(len(checklist.items)), 10))
        given: dict[str, str | None] = {}
        for index, item in enumerate(checklist.items):
            if item.answer is not AnswerType.COMPLIANCE:
                state = AnswerState(value=(item.allowed_values() or ("はい",))[0])
            elif index in broken:
                state = AnswerState(
                    value="noncompliant",
                    reasons=tuple(r.id for r in item.reasons[:2]),
                    note="台帳の記載漏れ。前任者からの引継ぎがなかった。",
                )
            else:
                state = AnswerState(value="compliant")
            given[item.id] = state.value
            repo.save_answer(session.id, item.id, lambda _old, s=state: s, "bench")
        repo.complete_session(session.id, "bench")
        answers = repo.answers(session.id)
        for item in checklist.items:
            answer = answers.get(item.id)
            if answer is None or answer.state.value != "noncompliant":
                continue
            finding = findings.add_finding(
                propose_finding(checklist, item, answer.state, org.id, session.id), "監査 太郎"
            )
            plan = findings.add_plan(
                finding.id,
                measures="管理台帳を整備し、所属長が毎月確認する。",
                responsible_organization_id=org.id,
                responsible_person=f"{org.name}長",
                deadline=today + timedelta(days=rng.randint(-30, 90)),
                actor="bench",
            )
            findings.add_entry(
                plan.id, MeasureStatus.ONGOING, today, "台帳の整備に着手した。", "bench"
            )
        session_ids.append(session.id)
    return repo, findings, catalog, session_ids


def timed_batch(
    service: DocumentService, ids: list[int], out: Path, identity: keys.Identity | None
) -> tuple[list[float], float, float]:
    out.mkdir()
    times = []
    cpu = time.process_time()
    start = time.perf_counter()
    for sid in ids:
        t0 = time.perf_counter()
        data = service.notice_data(sid, issue_date=date(2025, 4, 1))
        service.issue(data, out / f"{data.doc_id}.pdf", identity, record=identity is not None)
        times.append(time.perf_counter() - t0)
    return times, time.perf_counter() - start, (time.process_time() - cpu) / len(ids)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        repo, findings, catalog, ids = build_database(folder, args.visits)
        keys.init_office(folder / "keys", PASS)
        keys.issue_inspector(folder / "keys", "監査 太郎", "900", PASS)
        identity = keys.load_identity(folder / "keys", "監査 太郎", PASS)
        setup = time.perf_counter() - t0
        service = DocumentService(repo, findings, catalog, lang="ja", user="bench")
        # warm-up: font registration and imports, not counted
        warm = service.notice_data(ids[0], issue_date=date(2025, 4, 1))
        service.issue(warm, folder / "warm.pdf", identity, record=False)
        unsigned, unsigned_total, unsigned_cpu = timed_batch(
            service, ids, folder / "unsigned", None
        )
        signed, signed_total, signed_cpu = timed_batch(service, ids, folder / "signed", identity)
        n_findings = sum(len(findings.findings(session_id=s)) for s in ids) / len(ids)
        size = statistics.mean(p.stat().st_size for p in (folder / "signed").glob("*.pdf"))

    def row(name: str, times: list[float], total: float, cpu: float) -> str:
        q = statistics.quantiles(times, n=20)
        return (
            f"| {name} | {len(times)} | {total:.2f} | {statistics.mean(times) * 1000:.1f} | "
            f"{statistics.median(times) * 1000:.1f} | {q[18] * 1000:.1f} | "
            f"{max(times) * 1000:.1f} | {cpu * 1000:.1f} |"
        )

    print(
        f"setup (database of {len(ids)} visits, keys): {setup:.1f} s; "
        f"{n_findings:.1f} findings per visit; signed file {size / 1024:.0f} KiB on average\n"
    )
    print(
        "| batch | documents | total s | mean ms/doc | median ms | p95 ms | max ms | CPU ms/doc |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(row("unsigned", unsigned, unsigned_total, unsigned_cpu))
    print(row("signed (PAdES) + recorded", signed, signed_total, signed_cpu))
    ratio = statistics.mean(signed) / statistics.mean(unsigned)
    goal = "met" if statistics.mean(signed) < 0.2 else "NOT met"
    cpu_goal = "met" if signed_cpu < 0.2 else "NOT met"
    print(
        f"\nsigned / unsigned: {ratio:.2f}x (CPU {signed_cpu / unsigned_cpu:.2f}x); "
        f"goal < 200 ms per signed notice: {goal} (CPU time: {cpu_goal})"
    )


if __name__ == "__main__":
    main()
