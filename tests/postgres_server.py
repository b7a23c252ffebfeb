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
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

TEMPLATE = "inspector_template"


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
        self._run(
            [
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, command: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)


def _name(url: str) -> str:
    return url.split("@/", 1)[1].split("?", 1)[0]


def start_server() -> PostgresServer:
    """initdb + pg_ctl start in a new temporary folder; raises `PostgresUnavailable`."""
    bin_dir = find_binaries()
    if bin_dir is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found (apt-get install postgresql, "
            "or set INSPECTOR_TEST_PG_BIN)"
        )
    run_as = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="inspector-pg-"))
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
    atexit.register(server.stop)
    _make_template(server)
    return server


def _make_template(server: PostgresServer) -> None:
    from inspector.store.database import open_database

    server.admin(f"CREATE DATABASE {TEMPLATE} TEMPLATE template0")
    engine = open_database(server.url(TEMPLATE))
    engine.dispose()
