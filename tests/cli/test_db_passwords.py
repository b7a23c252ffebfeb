"""A database password is never printed or logged (issue 16): `db info`, `demo`, `db copy`,
a wrong password, a password in the URL's query, a driver message or a log record that
quotes it, an unexpected traceback. The server really asks for it: the test roles log in
with SCRAM over the test server's socket (a pg_hba.conf line for their group)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote
from uuid import uuid4

import pytest
from click.testing import CliRunner, Result

from inspector.cli.main import cli
from inspector.config import Settings
from inspector.redaction import hide_secrets, redact, remember_url
from inspector.store.database import open_database, plain, shown_url
from tests.postgres_server import PostgresServer

PASSWORD = "Pw/7391@:%s3cret"
WRONG = "Wr0ng/9137@pass"
GROUP = "inspector_password_roles"


def forms(secret: str) -> list[str]:
    return [secret, quote(secret, safe="")]


def assert_hidden(text: str, *secrets: str) -> None:
    for secret in secrets:
        for form in forms(secret):
            assert form not in text, f"{form!r} shown in:\n{text}"


def _passwords_required(server: PostgresServer) -> None:
    """Members of GROUP log in with a password (SCRAM); everyone else as before."""
    hba = server.root / "data" / "pg_hba.conf"
    line = f"local all +{GROUP} scram-sha-256\n"
    current = hba.read_text()
    if line in current:
        return
    server.admin(
        f"DO $$ BEGIN CREATE ROLE {GROUP} NOLOGIN; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    hba.write_text(line + current)  # the first matching line decides
    server.admin("SELECT pg_reload_conf()")


@pytest.fixture
def office(postgres_server: PostgresServer) -> Iterator[tuple[str, str]]:
    """A role with PASSWORD that owns a database with no tables: (its name, the socket)."""
    _passwords_required(postgres_server)
    name = f"office_{uuid4().hex[:10]}"
    postgres_server.admin(f"CREATE ROLE {name} LOGIN PASSWORD '{PASSWORD}' IN ROLE {GROUP}")
    postgres_server.admin(f"CREATE DATABASE {name} OWNER {name} TEMPLATE template0")
    yield name, str(postgres_server.socket_dir)


def url(office: tuple[str, str], password: str) -> str:
    name, socket = office
    return f"postgresql+psycopg://{name}:{quote(password, safe='')}@/{name}?host={socket}"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def everything(result: Result, caplog: pytest.LogCaptureFixture) -> str:
    return result.output + result.stderr + caplog.text


def test_db_info_demo_and_copy_show_no_password(
    office: tuple[str, str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = url(office, PASSWORD)
    with caplog.at_level(logging.DEBUG):  # SQLAlchemy's and Alembic's logs included
        built = run("--db", good, "demo")
        info = run("--db", good, "db", "info")
        info_json = run("--db", good, "db", "info", "--json")
        again = run("--db", good, "demo")
    for result in (built, info, info_json, again):
        assert result.exit_code == 0, result.output + result.stderr
        assert_hidden(everything(result, caplog), PASSWORD)
    assert f"{office[0]}:***@" in info.output
    assert "スキーマの版: " in info.output  # it did reach the database, with the password
    assert "既にデータがあります" in again.output and "***" in again.output

    # the office's laptop database copied into another password-protected database
    laptop = tmp_path / "laptop.db"
    open_database(f"sqlite:///{laptop}").dispose()  # an empty laptop database
    missing = good.replace(f"@/{office[0]}?", f"@/{office[0]}_missing?")

    with caplog.at_level(logging.DEBUG):
        copied = run("--db", good, "db", "copy", "--to", f"sqlite:///{tmp_path / 'copy.db'}")
        refused = run("--db", str(laptop), "db", "copy", "--to", good)
        unreachable = run("--db", str(laptop), "db", "copy", "--to", missing)
    assert copied.exit_code == 0, copied.output + copied.stderr
    assert refused.exit_code == 1 and "すでにデータがあります" in refused.stderr
    assert unreachable.exit_code == 1 and "コピーできません" in unreachable.stderr
    for result in (copied, refused, unreachable):
        assert_hidden(everything(result, caplog), PASSWORD)
        assert "Traceback" not in result.output + result.stderr


def test_a_wrong_password_is_refused_without_showing_it(
    office: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        in_user_part = run("--db", url(office, WRONG), "db", "info")
        name, socket = office
        in_query = run(
            "--db",
            f"postgresql+psycopg://{name}@/{name}?host={socket}&password={quote(WRONG)}",
            "db",
            "info",
        )
    for result in (in_user_part, in_query):
        assert result.exit_code == 1
        assert "password authentication failed" in result.stderr, result.stderr
        assert "***" in result.stderr
        assert "Traceback" not in result.output + result.stderr
        assert_hidden(everything(result, caplog), WRONG, PASSWORD)


def test_the_real_program_hides_it_too(office: tuple[str, str], tmp_path: Path) -> None:
    """In a process of its own: stdout, stderr and the exit status as a shell sees them."""
    env = {**os.environ, "INSPECTOR_CONFIG": str(tmp_path / "none.toml")}
    for password in (WRONG, PASSWORD):
        done = subprocess.run(
            [sys.executable, "-m", "inspector", "--db", url(office, password), "db", "info"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert_hidden(done.stdout + done.stderr, WRONG, PASSWORD)
        assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert "***" in done.stdout


def test_driver_messages_logs_and_tracebacks_are_redacted(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "Unseen-Pw-48151623"
    address = f"postgresql+psycopg://office:{quote(secret, safe='')}@db.example/office"
    remember_url(address)
    # a driver that echoes the connection string, in either form
    echoed = Exception(f"invalid dsn: host=db.example password={secret} dbname=office")
    assert_hidden(plain(echoed), secret)
    assert_hidden(redact(f"could not connect with {address}"), secret)
    assert_hidden(hide_secrets(f"anything that quotes {secret}"), secret)
    assert shown_url(address) == "postgresql+psycopg://office:***@db.example/office"
    # a URL SQLAlchemy cannot read is masked by its syntax
    assert shown_url("postgresql://u:an0ther-pw@host:port/x") == "postgresql://u:***@host:port/x"
    # a password never seen before, in a connection string, is masked all the same
    assert_hidden(redact("password='never seen' host=x"), "never seen")

    with caplog.at_level(logging.INFO):
        logging.getLogger("inspector.test").warning("connecting to %s", address)
    assert_hidden(caplog.text, secret)
    assert "connecting to" in caplog.text

    try:
        raise RuntimeError(f"unexpected failure near {secret}")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    captured = capsys.readouterr()
    assert "unexpected failure near ***" in captured.err
    assert_hidden(captured.err, secret)


def test_settings_do_not_show_the_url() -> None:
    settings = Settings(db=f"postgresql+psycopg://office:{PASSWORD}@db.example/office")
    assert_hidden(repr(settings), PASSWORD)


def test_a_japanese_path_is_shown_as_typed() -> None:
    """SQLAlchemy renders 「日本 語」 as %E6%97%A5...: `db info` and the open errors showed the
    escapes. Decoded for reading; the password still masked; a control or format character
    (U+202E) stays escaped, never drawn."""
    assert (
        shown_url("sqlite:////tmp/日本 語/監査　台帳.db") == "sqlite:////tmp/日本 語/監査　台帳.db"
    )
    shown = shown_url("postgresql+psycopg://監査:pw@host/データ")
    assert shown == "postgresql+psycopg://監査:***@host/データ"
    assert shown_url("sqlite:////tmp/a\u202eb.db") == "sqlite:////tmp/a%E2%80%AEb.db"
    assert shown_url("sqlite:////tmp/a\u0085b.db") == "sqlite:////tmp/a%C2%85b.db"
