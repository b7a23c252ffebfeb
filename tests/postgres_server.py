"""A real PostgreSQL server for the tests: started once per test process, stopped at exit.

The server is Debian's `postgresql` package (initdb/pg_ctl found on PATH, under
`/usr/lib/postgresql/*/bin`, or in `INSPECTOR_TEST_PG_BIN`). It listens on a Unix socket
only (no TCP port to collide with another xdist worker or a developer's own server), runs
with fsync off (a test server, thrown away), and trusts local connections. PostgreSQL
refuses to run as root, so as root the server runs as the `postgres` system user.

Each test gets a fresh database copied from a migrated template (`CREATE DATABASE ...
TEMPLATE`), which costs ~0.1 s instead of running every migration again.

Without PostgreSQL on the machine the PostgreSQL half of the suite is skipped with the
reason, except under CI (`CI` set), where that is a failure: `.ci/run` installs the
package first.

A killed test run (SIGKILL, a timeout) runs no atexit handler: a watchdog started with
the server (this file run as a script, in its own session so a signal to the test run's
process group does not reach it) stops the server and removes its folder when the process
that started it is gone. A server folder records that process (`owner`: its pid and start
time); a next run removes the folders of dead runs (`remove_stale_servers`), stopping a
server whose watchdog was killed too.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATE = "inspector_template"
PREFIX = "inspector-pg-"
#: how often the watchdog looks for the process that started the server (seconds)
WATCH_INTERVAL = 0.2
#: a folder without an `owner` (made before the watchdog) is stale when no server runs in
#: it and it is older than this (seconds): an older run may still be running initdb in it
UNOWNED_GRACE = 600


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine (or the server did not start)."""


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, newest major version first."""
    configured = os.environ.get("INSPECTOR_TEST_PG_BIN")
    if configured:
        return Path(configured)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_major, reverse=True)
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    return None


def _major(folder: str) -> int:
    try:
        return int(Path(folder).parent.name)
    except ValueError:
        return 0


@dataclass
class PostgresServer:
    """A running throwaway server; `url(name)` is a SQLAlchemy URL to one of its databases."""

    root: Path
    socket_dir: Path
    bin_dir: Path
    run_as: str | None
    _counter: itertools.count[int]
    watchdog: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}"

    def admin(self, sql: str) -> None:
        """Run one statement on the `postgres` database (autocommit: CREATE DATABASE)."""
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def fresh_database(self) -> str:
        """A new, empty, migrated database (a copy of the template); its URL."""
        name = f"t{os.getpid()}_{next(self._counter)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}')
        return self.url(name)

    def copy_of(self, url: str) -> str:
        """A new database holding what the database at `url` holds (no one may be connected
        to it); its URL. A module's prepared data is copied so per test."""
        name = f"c{os.getpid()}_{next(self._counter)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{_name(url)}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a test's database (its connections, if a test left one open, are ended)."""
        self.admin(f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)')

    def empty_database(self) -> str:
        """A new database with no tables at all (for migration and copy tests)."""
        name = f"e{os.getpid()}_{next(self._counter)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def stop(self) -> None:
        _stop_server(self.root, self.bin_dir, self.run_as)
        if self.watchdog is not None and self.watchdog.poll() is None:
            self.watchdog.terminate()
            self.watchdog.wait(timeout=10)

    def _run(self, command: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _run_as(self.run_as, command, check=check)


def _run_as(
    run_as: str | None, command: list[str], *, check: bool = True
) -> subprocess.CompletedProcess[str]:
    if run_as:
        command = ["runuser", "-u", run_as, "--", *command]
    return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)


def _stop_server(root: Path, bin_dir: Path, run_as: str | None) -> None:
    """Stop the server of `root` (if one runs) and remove the folder."""
    if _server_running(root):
        _run_as(
            run_as,
            [str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "stop"],
            check=False,
        )
    shutil.rmtree(root, ignore_errors=True)


def _name(url: str) -> str:
    return url.split("@/", 1)[1].split("?", 1)[0]


def start_server(*, template: bool = True) -> PostgresServer:
    """initdb + pg_ctl start in a new temporary folder, watched (the module's docstring);
    with `template`, the migrated template database made. Raises `PostgresUnavailable`."""
    bin_dir = find_binaries()
    if bin_dir is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found (apt-get install postgresql, "
            "or set INSPECTOR_TEST_PG_BIN)"
        )
    remove_stale_servers(bin_dir=bin_dir)
    run_as = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix=PREFIX))
    (root / "owner").write_text(_identity(os.getpid()) or "")
    socket_dir = root / "socket"
    socket_dir.mkdir()
    if run_as:
        shutil.chown(root, user=run_as)
        shutil.chown(socket_dir, user=run_as)
        os.chmod(root, 0o755)
    server = PostgresServer(root, socket_dir, bin_dir, run_as, itertools.count())
    data = root / "data"
    try:
        server._run(
            [
                str(bin_dir / "initdb"),
                "-D", str(data),
                "-U", "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )  # fmt: skip
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{socket_dir}' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=100 -c timezone=UTC"
        )
        server._run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "start",
            ]
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
        stderr = getattr(exc, "stderr", "") or ""
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"PostgreSQL did not start: {exc}\n{stderr}\n{log}") from exc
    server.watchdog = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "watch",
            str(os.getpid()),
            str(root),
            str(bin_dir),
            run_as or "",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    atexit.register(server.stop)
    if template:
        _make_template(server)
    return server


def _make_template(server: PostgresServer) -> None:
    from inspector.store.database import open_database

    server.admin(f"CREATE DATABASE {TEMPLATE} TEMPLATE template0")
    engine = open_database(server.url(TEMPLATE))
    engine.dispose()


# --- the watchdog and the stale folders ----------------------------------------------------


def _identity(pid: int) -> str | None:
    """A process as `owner` records it: its pid and its start time (clock ticks after boot,
    /proc/PID/stat field 22), so a reused pid is not taken for it; None: no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) is in parentheses and may hold spaces
    return f"{pid} {stat.rsplit(')', 1)[1].split()[19]}"


def _server_running(root: Path) -> bool:
    """Whether the postmaster of `root`'s data folder (postmaster.pid) still runs: that pid
    is a process started with this data folder (not a reused pid)."""
    try:
        pid = int((root / "data" / "postmaster.pid").read_text().split()[0])
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError, IndexError):
        return False
    return os.fsencode(root / "data") in command


def remove_stale_servers(folder: Path | None = None, *, bin_dir: Path | None = None) -> list[Path]:
    """Remove the server folders in `folder` (the temporary folder) of test runs that are
    gone, stopping a server still running in one (its watchdog killed with the run); the
    folders removed. A folder of a run still alive is left alone."""
    bin_dir = bin_dir or find_binaries()
    removed: list[Path] = []
    for root in sorted(Path(folder or tempfile.gettempdir()).glob(f"{PREFIX}*")):
        if not root.is_dir():
            continue
        try:
            owner = (root / "owner").read_text().strip()
        except FileNotFoundError:
            owner = None
        except OSError:
            continue
        pid = owner.split()[0] if owner else ""
        if pid.isdigit():
            if _identity(int(pid)) == owner:
                continue  # its run is alive
        else:  # made before the watchdog (or unreadable): stale once nothing runs in it
            try:
                age = time.time() - root.stat().st_mtime
            except OSError:
                continue
            if _server_running(root) or age < UNOWNED_GRACE:
                continue
        if _server_running(root) and bin_dir is not None:
            data_owner = (root / "data").stat().st_uid
            run_as = "postgres" if os.geteuid() == 0 and data_owner != 0 else None
            _stop_server(root, bin_dir, run_as)
        shutil.rmtree(root, ignore_errors=True)
        removed.append(root)
    return removed


def _watch(parent: int, root: Path, bin_dir: Path, run_as: str | None) -> None:
    """The watchdog: while the process that started the server is its parent, wait; once
    that process is gone (this one handed to another parent), stop the server. Ends by
    itself when the folder is gone (the server stopped as usual)."""
    while os.getppid() == parent:
        if not root.exists():
            return
        time.sleep(WATCH_INTERVAL)
    _stop_server(root, bin_dir, run_as)


if __name__ == "__main__" and sys.argv[1:2] == ["watch"]:
    _parent, _root, _bin, _user = sys.argv[2:6]
    _watch(int(_parent), Path(_root), Path(_bin), _user or None)
