"""No escape byte reaches the terminal from the CLI (issue 11, point 9): names and texts
holding `ESC[2J` or `ESC]0;...BEL` are written out visibly by every command, error messages
and a foreign certificate's name included, while progress bars and our own colours work."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector.cli import terminal
from inspector.cli.main import cli
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, PersonInput, Repository

EVIL = "\x1b[2J\x1b]0;pwned\x07"
SHOWN = "\\x1b[2J\\x1b]0;pwned\\x07"
PASS = "escape passphrase"


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    # color=True: click would strip CSI sequences itself when not on a terminal; the
    # writer must hold without that help
    result = CliRunner().invoke(
        cli, ["--lang", "en", *args], env=env, color=True, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def clean(*outputs: str) -> None:
    for output in outputs:
        assert "\x1b" not in output and "\x07" not in output, repr(output)


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo city with every organization and person renamed to hold escapes (as a
    database written before imports refused them would hold)."""
    db = tmp_path_factory.mktemp("escapes") / "evil.db"
    assert run("--db", str(db), "demo")[0] == 0
    engine = open_database(f"sqlite:///{db}")
    repo = Repository(engine)
    repo.upsert_organizations(
        [OrganizationInput(o.code, o.name + EVIL) for o in repo.organizations()]
    )
    repo.upsert_people(
        [PersonInput(p.staff_number, EVIL + p.name, None) for p in repo.people()[:5]]
    )
    engine.dispose()
    return db


@pytest.mark.parametrize(
    "command",
    [
        ["orgs", "list"],
        ["people", "list"],
        ["sessions", "list"],
        ["plans"],
        ["consolidate", "--checklist", "juki-department", "--organization", "210"],
        ["checklists", "list"],
    ],
    ids=lambda c: " ".join(c),
)
def test_lists_write_escapes_out(evil_db: Path, command: list[str]) -> None:
    code, out, err = run("--db", str(evil_db), *command)
    assert code == 0, err
    clean(out, err)
    if command[0] in ("orgs", "people", "sessions", "plans"):
        assert SHOWN in out


def test_json_output_escapes_as_json(evil_db: Path) -> None:
    code, out, _err = run("--db", str(evil_db), "orgs", "list", "--json")
    assert code == 0
    clean(out)
    assert any(EVIL in org["name"] for org in json.loads(out))


def test_error_messages_write_escapes_out(evil_db: Path, tmp_path: Path) -> None:
    code, out, err = run("--db", str(evil_db), "checklists", "show", EVIL)
    assert code == 1 and SHOWN in err
    clean(out, err)
    answers = tmp_path / "a.csv"
    answers.write_text(
        "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"
        f"{EVIL},,,juki-department,x,compliant,,,2025-06-01\n",
        encoding="utf-8",
    )
    code, out, err = run("--db", str(evil_db), "import-csv", str(answers))
    assert code == 1
    clean(out, err)
    code, out, err = run("--db", str(evil_db), "no-such-command" + EVIL)  # click's usage error
    assert code == 2 and "No such command" in err
    clean(out, err)


def test_keys_list_writes_a_name_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that got into a keys folder some other way (an older version, a folder copied
    from elsewhere) is still written out visibly; `keys issue` itself refuses it."""
    keys_dir = tmp_path / "keys"
    env = {"INSPECTOR_KEYS_DIR": str(keys_dir), "INSPECTOR_KEY_PASSPHRASE": PASS}
    db = str(tmp_path / "k.db")
    assert run("--db", db, "keys", "init-office", env=env)[0] == 0
    from inspector.reports import identities, keys

    monkeypatch.setattr(identities, "check_person_name", lambda _name: None)
    keys.issue_inspector(keys_dir, "監査" + EVIL, "130", PASS.encode())
    code, out, err = run("--db", db, "keys", "list", env=env)
    assert code == 0, err
    clean(out, err)
    assert "監査" + SHOWN in out


def _self_made_identity() -> object:
    from inspector.reports.keys import Identity

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "偽" + EVIL)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .sign(key, hashes.SHA256())
    )
    return Identity("偽", None, cert, key, cert)


def test_verify_writes_a_certificate_name_out(tmp_path: Path) -> None:
    """A self-made certificate whose CN holds escapes: `verify` names it, written out."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
    from _report_samples import notice

    from inspector.reports.notice import build_notice
    from inspector.reports.signing import sign_pdf

    keys_dir = tmp_path / "keys"
    env = {"INSPECTOR_KEYS_DIR": str(keys_dir), "INSPECTOR_KEY_PASSPHRASE": PASS}
    db = str(tmp_path / "v.db")
    assert run("--db", db, "keys", "init-office", env=env)[0] == 0
    pdf = tmp_path / "forged.pdf"
    pdf.write_bytes(sign_pdf(build_notice(notice(1)), _self_made_identity()))  # type: ignore[arg-type]
    code, out, err = run("--db", db, "verify", str(pdf), "--no-db", env=env)
    assert code != 0
    clean(out, err)
    assert "偽" + SHOWN in err


def test_the_writer_keeps_layout_and_escapes_the_rest() -> None:
    stream = io.StringIO()
    writer = terminal.EscapingWriter(stream)
    writer.write("a\tb\nc\r\x1b[2J\x9b\u202e\x7f\n")
    assert stream.getvalue() == "a\tb\nc\\x0d\\x1b[2J\\x9b\\u202e\\x7f\n"
    assert not hasattr(writer, "buffer")  # click cannot write around it


def test_a_progress_bar_still_draws_on_a_terminal() -> None:
    stream = Tty()
    writer = terminal.EscapingWriter(stream)
    with click.progressbar(range(3), label="notices" + EVIL, file=writer) as bar:  # type: ignore[arg-type]
        for _ in bar:
            pass
    shown = stream.getvalue()
    assert "\r\x1b[?25l" in shown and "\x1b[?25h" in shown  # the bar's own codes
    assert "notices" + SHOWN in shown  # the label's escapes written out
    assert "\x1b[2J" not in shown and "\x07" not in shown


def test_our_colours_survive_on_a_terminal_only() -> None:
    red = terminal.style("期限超過", fg="red", bold=True)
    on_tty, off_tty = Tty(), io.StringIO()
    terminal.EscapingWriter(on_tty).write(red + EVIL)
    terminal.EscapingWriter(off_tty).write(red + EVIL)
    assert on_tty.getvalue() == click.style("期限超過", fg="red", bold=True) + SHOWN
    assert off_tty.getvalue() == "期限超過" + SHOWN
