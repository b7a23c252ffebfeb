"""Benchmark: offline `verify` of a signed notice and unlocking an inspector key, the two
paths forge5 touched (the key's role read from the certificate; a key passphrase tried as
NFC, then as given). The keys and the notice are made by the code on `sys.path` (run it
with PYTHONPATH=<other tree> for a baseline), outside the timed loop.

    python bench/bench_verify_roles.py [--repeat 20]

Prints one JSON line: the median wall and CPU (process) seconds per verify and per key
unlock.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "reports"))

from _report_samples import notice

from inspector.reports import keys
from inspector.reports.notice import build_notice
from inspector.reports.signing import sign_pdf
from inspector.reports.verify import verify_pdf

PASS = "がぎ bench".encode()


def _timed(action, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "keys"
        keys.init_office(folder, PASS)
        keys.issue_inspector(folder, "監査 太郎", "130", PASS)
        identity = keys.load_identity(folder, "監査 太郎", PASS)
        pdf = sign_pdf(build_notice(notice(4)), identity)
        root = keys.load_root(folder)
        assert verify_pdf(pdf, root).valid
        verify = _timed(lambda: verify_pdf(pdf, root), repeat)
        unlock = _timed(lambda: keys.load_identity(folder, "監査 太郎", PASS), repeat)
    print(
        json.dumps(
            {
                "code": keys.__file__.rsplit("/inspector/", 1)[0],
                "verify_s": round(verify[0], 4),
                "verify_cpu_s": round(verify[1], 4),
                "unlock_s": round(unlock[0], 4),
                "unlock_cpu_s": round(unlock[1], 4),
            }
        )
    )


if __name__ == "__main__":
    main()
