"""Read-only commands and one signed notice from the shell (issue 17), each beside a
baseline timed the same way in the same run.

    /work/venv/bin/python bench/bench_commands.py [--runs 5] [--db PREFECTURE.db]

(a) On a prefecture's database (2,000 organizations, 50,000 operators, 57k sessions,
    1.72 M answers; built as `bench_consolidate.py`'s `build` does, or given with --db):
    `inspector plans` with no plan at all, `inspector people list` (and its filters),
    `inspector orgs list`; each as a process started from the shell, against a process
    that runs a hand-written sqlite3 query over the same file and prints the same rows.
    Goals: plans < 0.3 s, people list < 1 s.
(b) One signed notice (`report notice --session N -o FILE`, a key of an inspector, the
    demo database, a fresh copy each run) against `python -c pass` (the interpreter's own
    start-up). Goal: < 1 s.
(c) With --prompt SECONDS: the same notice on a terminal (a pty) with the passphrase
    typed at the prompt SECONDS after it appears, as a person issues it: the time from
    the start to the prompt, and from the Enter key to the end (what the person waits
    for once the passphrase is typed).

Wall time is the median of --runs; CPU is the process's user+system time (the machine
may be shared: CPU time says what the command costs, wall time what the user waits).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pty
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

INSPECTOR = [sys.executable, "-m", "inspector"]
PASSPHRASE = "bench passphrase"
PROMPT = "の鍵のパスフレーズ"  # the prompt (Japanese, the default language)


def installed_environ() -> dict[str, str]:
    """This environment as an installed copy sees it: bytecode kept.

    The sandbox sets PYTHONDONTWRITEBYTECODE, which makes every run compile inspector's
    own modules again (~0.1 s); an installed copy compiles them once, at its first run.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


HAND_PLANS = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
for row in conn.execute(
    "SELECT p.deadline, o.code, o.name, f.kind, f.title, p.responsible_person "
    "FROM improvement_plan p JOIN finding f ON f.id = p.finding_id "
    "JOIN organization o ON o.id = p.responsible_organization_id "
    "WHERE f.withdrawn_at IS NULL ORDER BY p.deadline, p.id"
):
    print("  ".join(map(str, row)))
"""

HAND_PEOPLE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
sql = ("SELECT p.staff_number, p.name, o.code, p.staff_type, p.status FROM person p "
       "LEFT JOIN organization o ON o.id = p.organization_id")
args = []
if len(sys.argv) > 2 and sys.argv[2]:
    sql += " WHERE o.code = ?"
    args.append(sys.argv[2])
sql += " ORDER BY p.staff_number"
if len(sys.argv) > 3:
    sql += " LIMIT ?"
    args.append(int(sys.argv[3]))
print("\\n".join("  ".join(map(str, row)) for row in conn.execute(sql, args)))
"""

HAND_ORGS = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT o.code, o.name, p.code, o.tags FROM organization o "
    "LEFT JOIN organization p ON p.id = o.parent_id ORDER BY o.code"
)
print("\\n".join("  ".join(map(str, row)) for row in rows))
"""


def timed(
    args: list[str], runs: int, env: dict[str, str] | None = None, before: object = None
) -> tuple[float, float, int]:
    """(median wall s, median CPU s, lines printed) of `args` run `runs` times."""
    walls, cpus, lines = [], [], 0
    for _ in range(runs):
        if callable(before):
            before()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            args,
            capture_output=True,
            text=True,
            env={**installed_environ(), **(env or {})},
            check=False,
        )
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"{args}: exit {done.returncode}\n{done.stderr}")
        lines = len(done.stdout.splitlines())
    return statistics.median(walls), statistics.median(cpus), lines


def build_prefecture(path: Path) -> None:
    from bench_consolidate import build

    from inspector.domain.catalog import ChecklistCatalog
    from inspector.resources import shipped_checklists_dir

    build(path, ChecklistCatalog.from_folders([shipped_checklists_dir()]), 2_000, 50_000)


def lists(db: Path, runs: int) -> list[str]:
    env = {"INSPECTOR_DB": str(db)}
    cases = [
        ("`inspector plans` (no plan at all)", ["plans"], HAND_PLANS, [], "< 0.3 s"),
        ("`inspector people list`", ["people", "list"], HAND_PEOPLE, [], "< 1 s"),
        (
            "`inspector people list --organization O00007`",
            ["people", "list", "--organization", "O00007"],
            HAND_PEOPLE,
            ["O00007"],
            "< 0.3 s",
        ),
        (
            "`inspector people list --limit 50`",
            ["people", "list", "--limit", "50"],
            HAND_PEOPLE,
            ["", "50"],
            "< 0.3 s",
        ),
        ("`inspector orgs list`", ["orgs", "list"], HAND_ORGS, [], "—"),
    ]
    out = [
        "| command (prefecture database) | inspector: wall / CPU | hand-written sqlite3 "
        "query in a process: wall / CPU | ratio (wall) | lines | goal |",
        "|---|---|---|---|---|---|",
    ]
    for label, args, hand, hand_args, goal in cases:
        wall, cpu, lines = timed([*INSPECTOR, *args], runs, env)
        base_wall, base_cpu, _ = timed([sys.executable, "-c", hand, str(db), *hand_args], runs)
        out.append(
            f"| {label} | **{wall:.2f} s** / {cpu:.2f} s | {base_wall:.2f} s / {base_cpu:.2f} s"
            f" | {wall / base_wall:.1f}x | {lines} | {goal} |"
        )
    return out


def notice_setup(folder: Path) -> tuple[dict[str, str], list[str], Callable[[], None], int]:
    """The demo database with an office and the key of an inspector: (environment, the
    command's arguments, the function that puts a fresh copy in place, the session)."""
    pristine, db, keys = folder / "demo.db", folder / "run.db", folder / "keys"
    env = {"INSPECTOR_KEYS_DIR": str(keys), "INSPECTOR_KEY_PASSPHRASE": PASSPHRASE}
    env["INSPECTOR_NEW_KEY_PASSPHRASE"] = PASSPHRASE  # keys issue refuses a key without one
    # Never the user's own settings or data (a configured inspector would sign instead).
    env["XDG_CONFIG_HOME"], env["XDG_DATA_HOME"] = str(folder / "config"), str(folder / "data")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*INSPECTOR, "--db", str(pristine), *args],
            capture_output=True,
            text=True,
            env={**installed_environ(), **env},
            check=False,
        )

    for args in (
        ("demo",),
        ("keys", "init-office"),
        ("keys", "issue", "監査 太郎", "--organization", "130"),
    ):
        done = run(*args)
        assert done.returncode == 0, done.stderr
    listed = json.loads(run("sessions", "list", "--json").stdout)
    pdf = folder / "notice.pdf"
    # The keys folder's number ledger remembers every notice issued; a run on a fresh copy
    # of the database would be refused as a second issue of the same notice.
    pristine_keys = folder / "keys-pristine"
    shutil.copytree(keys, pristine_keys)

    def fresh() -> None:
        for each in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), pdf):
            each.unlink(missing_ok=True)
        shutil.copyfile(pristine, db)
        shutil.rmtree(keys)
        shutil.copytree(pristine_keys, keys)

    for s in listed:  # the first visit the key's inspector can sign a notice of
        if s["role"] != "inspector" or s["status"] != "completed":
            continue
        fresh()
        args = ["--db", str(db), "report", "notice", "--session", str(s["id"]), "-o", str(pdf)]
        ok = subprocess.run(
            [*INSPECTOR, *args], capture_output=True, env={**installed_environ(), **env}
        )
        if ok.returncode == 0:
            return env, args, fresh, int(s["id"])
    raise AssertionError("no visit to issue a notice of")


def notice(folder: Path, runs: int) -> list[str]:
    env, args, fresh, session = notice_setup(folder)
    wall, cpu, _ = timed([*INSPECTOR, *args], runs, env, before=fresh)
    base_wall, base_cpu, _ = timed([sys.executable, "-c", "pass"], runs)
    return [
        "| command (demo database) | inspector: wall / CPU | `python -c pass`: wall / CPU"
        " | ratio (wall) | goal |",
        "|---|---|---|---|---|",
        f"| `inspector report notice --session {session} -o FILE` (signed) | **{wall:.2f} s**"
        f" / {cpu:.2f} s | {base_wall:.3f} s / {base_cpu:.3f} s | {wall / base_wall:.0f}x"
        " | < 1 s |",
    ]


def prompted(args: list[str], env: dict[str, str], think: float) -> tuple[float, float, float]:
    """`args` on a terminal (a pty) that asks for the passphrase: the person answers
    `think` s after the prompt appears. (s from start to the prompt, s from the Enter key
    to the end, CPU s of the whole process)."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, the pty its terminal
        os.execvpe(args[0], args, env)
    seen = b""
    while PROMPT not in seen.decode("utf-8", "replace"):
        chunk = os.read(fd, 4096)
        if not chunk:
            raise SystemExit(f"no prompt: {seen!r}")
        seen += chunk
    at_prompt = time.perf_counter() - start
    time.sleep(think)
    entered = time.perf_counter()
    os.write(fd, PASSPHRASE.encode() + b"\n")
    with contextlib.suppress(OSError):  # EIO once the child has closed the terminal
        while os.read(fd, 4096):
            pass
    _pid, status, usage = os.wait4(pid, 0)
    waited = time.perf_counter() - entered
    os.close(fd)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{args}: exit {status}")
    return at_prompt, waited, usage.ru_utime + usage.ru_stime


def notice_prompted(folder: Path, runs: int, think: float) -> list[str]:
    """The signed notice as a person issues it: the passphrase typed at the prompt."""
    env, args, fresh, session = notice_setup(folder)
    env = {
        k: v for k, v in {**installed_environ(), **env}.items() if k != "INSPECTOR_KEY_PASSPHRASE"
    }
    results = []
    for _ in range(runs):
        fresh()
        results.append(prompted([*INSPECTOR, *args], env, think))
    at_prompt, waited, cpu = (statistics.median(r[i] for r in results) for i in range(3))
    return [
        f"| `inspector report notice --session {session} -o FILE`, the passphrase typed at"
        f" the prompt {think:.1f} s after it appears | {at_prompt:.2f} s | **{waited:.2f} s**"
        f" | {cpu:.2f} s |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="A prefecture database already built.")
    parser.add_argument("--skip-lists", action="store_true")
    parser.add_argument("--skip-notice", action="store_true")
    parser.add_argument(
        "--prompt",
        type=float,
        metavar="SECONDS",
        help="Also the notice with the passphrase typed at a prompt SECONDS after it appears.",
    )
    args = parser.parse_args()
    lines = [
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average"
        f" {os.getloadavg()[0]:.1f} at the start; median of {args.runs} runs.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.skip_lists:
            db = args.db
            if db is None:
                db = folder / "prefecture.db"
                build_prefecture(db)
            lines += [*lists(db, args.runs), ""]
        if not args.skip_notice:
            lines += notice(folder, args.runs)
        if args.prompt is not None:
            lines += [
                "",
                "| command (demo database, a terminal) | start to the prompt | **Enter key to"
                " the end** | CPU (whole process) |",
                "|---|---|---|---|",
                *notice_prompted(folder / "prompted", args.runs, args.prompt),
            ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
