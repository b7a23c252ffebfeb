"""The review of the plain notice path (issue 17), each point a test that failed before:
a `--db` URL with percent-escapes records where every other command reads; a key revoked
only in the database signs nothing, whatever the URL's form and whichever path; the plain
record takes the write lock first (`BEGIN IMMEDIATE`) with the engine's pragmas; what
changes between the gathering and the record (a finding withdrawn or edited, the inspector
renamed, the organization renamed) is caught on the plain path and the ORM's alike."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from cryptography import x509

from inspector.cli.main import cli
from inspector.demo.city import AUDITOR
from inspector.domain.revocation import serial_hex
from inspector.store import plain_notice
from inspector.store.plain_notice import PlainNoticeStore, plain_notice_store
from inspector.store.repositories.issued_documents import IssuedDocuments
from tests.store.test_plain_notice import TRICKY, world

__all__ = ["world"]  # the module's fixture, shared


@pytest.fixture(autouse=True)
def own_keys(world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own copy of the world's keys folder: the number ledger there would
    otherwise see one test's notice on its copy of the database as a restore's reuse."""
    keys = tmp_path / "own_keys"
    shutil.copytree(os.environ["INSPECTOR_KEYS_DIR"], keys)
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(keys))


def _copy(world: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(world, folder / "demo.db")
    return folder / "demo.db"


def _notices(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            # the world's notices are session 1's; the tricky visit's is recorded on its
            # first session (21)
            "SELECT session_id, content_hash FROM issued_document WHERE session_id <> 1"
        ).fetchall()


def _notice(db_arg: str, out: Path) -> Result:
    return CliRunner().invoke(
        cli, ["--db", db_arg, "report", "notice", "--session", str(TRICKY), "-o", str(out)]
    )


def test_a_percent_escape_in_the_url_records_where_the_other_commands_read(
    world: Path, tmp_path: Path
) -> None:
    """SQLAlchemy reads `a%41b` as `aAb`: the notice is recorded there, as `findings list`
    and `verify` find it, and the file named as written is left alone."""
    real, decoy = _copy(world, tmp_path / "aAb"), _copy(world, tmp_path / "a%41b")
    url = f"sqlite:///{tmp_path}/a%41b/demo.db"
    out = tmp_path / "n.pdf"
    result = _notice(url, out)
    assert result.exit_code == 0, result.output
    assert len(_notices(real)) == 1 and _notices(decoy) == []
    verified = CliRunner().invoke(cli, ["--db", url, "verify", str(out)])
    assert verified.exit_code == 0, verified.output


def _revoke_in_database_only(db: Path, keys: Path, name: str) -> None:
    """A revocation row as `keys revoke` writes it, with no change to the keys folder."""
    from inspector.reports.keys import inspector_paths

    cert_path, _ = inspector_paths(keys, name)
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    with sqlite3.connect(db) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(certificate_revocation)")]
        kept = [c for c in columns if c not in ("id", "serial", "name", "fingerprint")]
        conn.execute(
            f"INSERT INTO certificate_revocation (serial, name, fingerprint, {', '.join(kept)}) "
            f"SELECT ?, ?, fingerprint || 'x', {', '.join(kept)} "
            "FROM certificate_revocation LIMIT 1",
            (serial_hex(cert.serial_number), name),
        )


URL_FORMS: dict[str, Callable[[Path], str]] = {
    "path": str,
    "url": lambda db: f"sqlite:///{db}",
    "parameters": lambda db: f"sqlite:///{db}?timeout=30",
    "trailing ?": lambda db: f"sqlite:///{db}?",
    "percent": lambda db: f"sqlite:///{db.parent}/%61{db.name[1:]}",  # %61 = a
}


@pytest.mark.parametrize("form", URL_FORMS)
def test_a_key_revoked_only_in_the_database_signs_nothing(
    world: Path, tmp_path: Path, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused on every URL form; a plain file's revocations are read on the plain path
    (the ORM is not opened for them), any other form's through the engine."""

    from inspector.store.repositories import revocations

    db = _copy(world, tmp_path / "w")
    db = db.rename(db.with_name("audit.db"))
    _revoke_in_database_only(db, Path(os.environ["INSPECTOR_KEYS_DIR"]), AUDITOR)
    read: list[str] = []
    plain_read, orm_read = PlainNoticeStore.revocations, revocations.all_revocations
    monkeypatch.setattr(
        PlainNoticeStore, "revocations", lambda self: read.append("plain") or plain_read(self)
    )
    monkeypatch.setattr(
        revocations, "all_revocations", lambda engine: read.append("orm") or orm_read(engine)
    )
    out = tmp_path / "n.pdf"
    result = _notice(URL_FORMS[form](db), out)
    assert result.exit_code != 0, result.output
    assert "失効" in result.output and "Traceback" not in result.output
    assert _notices(db) == [] and not out.exists()
    assert read == (["plain"] if form in ("path", "url") else ["orm"])


def test_the_plain_record_takes_the_write_lock_before_reading_the_register(
    world: Path, tmp_path: Path
) -> None:
    """Two writers at once: each reads the register in its check while holding the write
    lock, so the second sees the first's row (with a deferred `BEGIN` both read first)."""
    db = _copy(world, tmp_path / "w")
    url = f"sqlite:///{db}"
    barrier = threading.Barrier(2)
    seen: dict[str, int] = {}
    failures: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            with plain_notice_store(url, None) as plain:
                assert plain is not None

                def check(documents: list[object]) -> None:
                    seen[name] = len(documents)
                    # the other one, if it holds no lock, reads now too
                    with contextlib.suppress(threading.BrokenBarrierError):
                        barrier.wait(timeout=2)

                plain.record_document(
                    doc_id=f"N-{name}", kind="notice", content_hash="x", issued_by="t",
                    check=check,
                )  # fmt: skip
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in "ab"]
    for each in threads:
        each.start()
    for each in threads:
        each.join()
    assert failures == []
    assert sorted(seen.values()) == [2, 3]  # one after the other, never both on 2


def test_the_plain_record_has_the_engines_pragmas(
    world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Set on the connection before the transaction begins (SQLite's compiled default may
    already be synchronous=FULL: the statements are asserted, not only the values)."""
    db = _copy(world, tmp_path / "w")
    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args: Any, **kw: Any) -> sqlite3.Connection:
        conn = connect(*args, **kw)
        conn.set_trace_callback(statements.append)
        return conn

    with plain_notice_store(f"sqlite:///{db}", None) as plain:
        assert plain is not None
        monkeypatch.setattr(sqlite3, "connect", traced)
        with plain._write() as conn:
            said = [" ".join(s.split()).upper() for s in statements]
            begin = said.index("BEGIN IMMEDIATE")
            for pragma in ("FOREIGN_KEYS=ON", "SYNCHRONOUS=FULL", "JOURNAL_MODE=WAL"):
                assert f"PRAGMA {pragma}" in said[:begin], said
            assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
            assert conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert conn.in_transaction


CHANGES = {
    "withdraw": "UPDATE finding SET withdrawn_at = '2026-12-03 00:00:00.000000+00:00', "
    "withdrawn_by = 'x', withdrawn_reason = 'r' WHERE id = (SELECT min(id) FROM finding "
    "WHERE session_id = :sid AND withdrawn_at IS NULL)",
    "edit": "UPDATE finding SET text = text || '（改）' WHERE session_id = :sid",
    "inspector": "UPDATE inspection_session SET inspector_name = '別人 次郎' "
    f"WHERE inspector_name = '{AUDITOR}'",
    "organization": "UPDATE organization SET name = name || '（改）' WHERE id = "
    "(SELECT organization_id FROM inspection_session WHERE id = :sid)",
}


@pytest.fixture()
def change_before_record(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., list[str]]]:
    """Run a change on the database once, just before the notice is recorded (after it
    was gathered, built and signed), on the path named; what recorded it."""
    used: list[str] = []

    def arrange(path: str, db: Path, sql: str) -> list[str]:
        owner = PlainNoticeStore if path == "plain" else IssuedDocuments
        original = owner.record_document

        def changed_first(self: Any, **kw: Any) -> Any:
            if not used:
                with sqlite3.connect(db) as conn:
                    conn.execute(sql, {"sid": TRICKY})
            used.append(path)
            return original(self, **kw)

        monkeypatch.setattr(owner, "record_document", changed_first)
        if path == "orm":  # as on an encrypted file or PostgreSQL

            def none(_url: str, _passphrase: str | None, **_options: object) -> Iterator[None]:
                yield None

            from contextlib import contextmanager

            monkeypatch.setattr(plain_notice, "plain_notice_store", contextmanager(none))
        return used

    yield arrange


@pytest.mark.parametrize("path", ["plain", "orm"])
@pytest.mark.parametrize("change", CHANGES)
def test_a_change_between_gathering_and_record_is_caught(
    world: Path,
    tmp_path: Path,
    path: str,
    change: str,
    change_before_record: Callable[..., list[str]],
) -> None:
    from pypdf import PdfReader

    db = _copy(world, tmp_path / "w")
    used = change_before_record(path, db, CHANGES[change])
    out = tmp_path / "n.pdf"
    result = _notice(str(db), out)
    assert used and set(used) == {path}
    if change == "inspector":  # now naming someone else: the auditor's key signs nothing
        assert result.exit_code != 0 and "別人 次郎" in result.output, result.output
        assert _notices(db) == [] and not out.exists()
        return
    assert result.exit_code == 0, result.output
    assert len(used) == 2  # built, signed and recorded again
    [(_sid, recorded_hash)] = _notices(db)
    text = "".join("".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    if change == "organization":
        assert "（改）" in text
    if change == "edit":
        assert "（改）" in text
    verified = CliRunner().invoke(cli, ["--db", str(db), "verify", str(out)])
    assert verified.exit_code == 0, verified.output
    assert recorded_hash


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////srv/a%41b/x.db",
        "sqlite:////srv/a%25b/x.db",
        "sqlite:////srv/x.db?timeout=30",
        "sqlite:////srv/x.db?",
        "sqlite:////srv/監査/x.db",
        "sqlite:///rel.db",
        "sqlite+pysqlcipher://:secret@//srv/a%41b.db?cipher=aes",
    ],
)
def test_every_reading_of_a_url_names_the_file_the_engine_opens(url: str) -> None:
    """The one parse (`sqlite_database_file`), the output guard's and the plain paths'
    agree with SQLAlchemy's, or (the plain paths) step aside for the engine."""
    from sqlalchemy.engine import make_url

    from inspector.output_files import database_file
    from inspector.store.database import sqlite_database_file
    from inspector.store.plain_read import plain_sqlite_path
    from inspector.store.session_list import sqlite_file

    engine_opens = Path(str(make_url(url).database))
    assert sqlite_database_file(url) == engine_opens
    assert database_file(url) == engine_opens
    for plain in (plain_sqlite_path(url), sqlite_file(url)):
        assert plain is None or plain == engine_opens
