"""What locking a row before its read-check-write costs (issue 17 beside the trust fixes):
a finding withdrawn and restored, and edited, N times each on a fresh SQLite file, through
the store as the screens and commands call it. Prints the wall and CPU time per write.

    python bench/bench_trust.py --writes 300

Run it against another checkout with PYTHONPATH (the before/after of bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import OrganizationInput, Repository


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=300)
    writes = parser.parse_args().writes
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'b.db'}")
        repo = Repository(engine)
        repo.upsert_organizations([OrganizationInput("A", "甲課")])
        org = repo.find_organization("A")
        assert org is not None
        store = FindingRepository(engine)
        fid = store.add_finding(FindingDraft(FindingKind.FINDING, "件名", "本文", org.id), "b").id
        results = {}
        for name, write in (
            ("withdraw+restore", lambda n: _toggle(store, fid, n)),
            ("edit", lambda n: store.update_finding(fid, {"title": f"件名{n}"}, "b")),
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            for n in range(writes):
                write(n)
            results[name] = (
                (time.perf_counter() - wall) * 1000 / writes,
                (time.process_time() - cpu) * 1000 / writes,
            )
        engine.dispose()
    for name, (wall_ms, cpu_ms) in results.items():
        print(f"{name:18} wall {wall_ms:6.2f} ms/write  cpu {cpu_ms:6.2f} ms/write")


def _toggle(store: FindingRepository, fid: int, n: int) -> None:
    if n % 2:
        store.restore_finding(fid, "b")
    else:
        store.withdraw_finding(fid, "理由", "b")


if __name__ == "__main__":
    main()
