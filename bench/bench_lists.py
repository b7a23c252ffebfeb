"""The lists on the prefecture's database (issue 17), each beside a baseline in the same
run: `inspector sessions list` (all 57k lines, and with --limit / --organization /
--checklist / --since) against a hand-written sqlite3 query over the same file printing the
same lines, and the home screen with its list against a minimal Textual app idle.

Run through bench/bench_consolidate.py --lists FILE (which builds FILE when missing).
Every time is a whole process from spawn to exit (or to the list shown), median of runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

HAND = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT s.id, s.session_date, o.name, s.checklist_id, p.staff_number, s.role, s.status,"
    " s.answered_count, s.applicable_count, s.broken_count FROM inspection_session s"
    " JOIN organization o ON o.id = s.organization_id LEFT JOIN person p ON p.id = s.respondent_id"
    " ORDER BY s.created_at DESC, s.id DESC" + (" LIMIT " + sys.argv[2] if len(sys.argv) > 2 else "")
).fetchall()
out = sys.stdout
for r in rows:
    out.write(f"{r[0]}  {r[1]}  {r[2]}  {r[3]}  {r[4] or ''}  {r[5]}  {r[6]}  {r[7]}/{r[8]}  {r[9]}\\n")
"""


def wall(args: list[str], runs: int) -> tuple[float, int]:
    """Median seconds of a whole process, and the lines it printed."""
    times: list[float] = []
    lines = 0
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=True)
        times.append(time.perf_counter() - start)
        lines = result.stdout.count("\n")
    return statistics.median(times), lines


def bench_lists(path: Path, runs: int) -> list[str]:
    from bench_tui import time_child

    inspector = [sys.executable, "-m", "inspector", "--db", str(path), "sessions", "list"]
    hand = [sys.executable, "-c", HAND, str(path)]
    lines = [
        f"## lists on {path.name} (median of {runs} processes each)",
        "",
        "| what | inspector | hand-written sqlite3 | ratio | goal |",
        "|---|---|---|---|---|",
    ]
    cases = [
        ("sessions list (all)", [], [], 2.0),
        ("sessions list --limit 50", ["--limit", "50"], ["50"], 0.3),
        ("sessions list --organization O00010", ["--organization", "O00010"], None, 0.3),
        (
            "sessions list --checklist juki-department",
            ["--checklist", "juki-department"],
            None,
            0.3,
        ),
        ("sessions list --since 2025-03-20", ["--since", "2025-03-20"], None, 0.3),
    ]
    for label, extra, hand_extra, goal in cases:
        ours, printed = wall([*inspector, *extra], runs)
        if hand_extra is None:
            lines.append(
                f"| {label} ({printed:,} lines) | {ours:.3f} s | | | < {goal} s:"
                f" {'ok' if ours < goal else 'MISSED'} |"
            )
            continue
        theirs, _ = wall([*hand, *hand_extra], runs)
        lines.append(
            f"| {label} ({printed:,} lines) | {ours:.3f} s | {theirs:.3f} s |"
            f" {ours / theirs:.1f}x | < {goal} s: {'ok' if ours < goal else 'MISSED'} |"
        )
    home: list[float] = []
    first: list[float] = []
    minimal: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:  # as bench_tui's start-up: see there why
        config = Path(tmp) / "config.toml"
        config.write_text('inspector_name = "監査 太郎"\n', encoding="utf-8")
        env = {**os.environ, "XDG_CACHE_HOME": f"{tmp}/cache", "INSPECTOR_CONFIG": str(config)}
        time_child(["--child", "inspector", str(path)], env)  # the caches made, not counted
        for _ in range(runs):  # interleaved: both see the same machine
            minimal.append(time_child(["--child", "minimal"], env)["ready"])
            timed = time_child(["--child", "inspector", str(path)], env)
            home.append(timed["ready"])
            first.append(timed["first"])
    h, m = statistics.median(home), statistics.median(minimal)
    lines.append(
        f"| home screen with its list (200 of the sessions) | {h:.3f} s (first frame"
        f" {statistics.median(first):.3f} s) | minimal Textual app idle {m:.3f} s |"
        f" {h / m:.2f}x | < 1 s: {'ok' if h < 1 else 'MISSED'} |"
    )
    return lines
