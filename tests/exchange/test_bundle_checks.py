# ruff: noqa: F811 - the fixtures of test_bundle are imported by name
"""Bundles under attack (issue 11 points 1-2, issue 10 points 8 and 11): signed with the
office encryption key, signed with an expired certificate and a back-dated `created_at`
(refused, then accepted with --accept-expired and logged), malformed content of several
kinds and dates from the future. Every refusal leaves the database unchanged."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.exchange import bundle as bundle_module
from inspector.exchange.bundle import BundleRefused, seal
from inspector.reports import keys as office_keys
from tests.db_rows import database_url_of, scalar
from tests.exchange.test_bundle import (  # noqa: F401 - the fixtures
    PASS,
    Laptop,
    counts,
    do_import,
    keys,
    laptop,
    office_db,
)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the command line's English messages (`--lang en`)."""
    monkeypatch.setenv("INSPECTOR_LANG", "en")


def _payload(laptop: Laptop) -> dict[str, Any]:
    return bundle_module.collect(laptop.repo.engine, "GEN")


def _in_name(payload: dict[str, Any], name: str) -> dict[str, Any]:
    """The laptop's rows as `name` recorded them (a new visit comes only in the bundle of
    the person its rows name)."""
    for rows in payload["tables"].values():
        for row in rows:
            for column in ("inspector_name", "answered_by", "changed_by", "actor", "created_by"):
                if row.get(column) == "監査 太郎":
                    row[column] = name
    return payload


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_bundle_signed_with_the_encryption_key_is_refused(
    laptop: Laptop, office_db: tuple[Path, Any], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    path, repo = office_db
    data = seal(
        _payload(laptop), office.encryption_key, office.encryption_cert, office.encryption_cert
    )
    before = counts(path)
    with pytest.raises(BundleRefused, match="not an inspector's signing certificate") as refused:
        do_import(repo, office, _write(tmp_path, "enc.bundle", data))
    assert "key agreement only" in str(refused.value)
    assert counts(path) == before


@pytest.fixture
def expired(keys: tuple, tmp_path: Path) -> office_keys.Identity:
    office = keys[0]
    past = datetime.now(UTC) - timedelta(days=400)
    office_keys.issue_inspector(
        office.keys_dir,
        "期限切れ 三郎",
        "130",
        PASS,
        not_before=past,
        not_after=past + timedelta(days=365),
        replace=True,
    )
    return office_keys.load_identity(office.keys_dir, "期限切れ 三郎", PASS, check=False)


def test_an_expired_certificate_with_a_backdated_bundle_is_refused_then_accepted_on_request(
    laptop: Laptop,
    office_db: tuple[Path, Any],
    keys: tuple,
    expired: office_keys.Identity,
    tmp_path: Path,
) -> None:
    office = keys[0]
    path, repo = office_db
    backdated = expired.certificate.not_valid_before_utc + timedelta(days=10)
    file = _write(
        tmp_path,
        "old.bundle",
        seal(
            _in_name(_payload(laptop), "期限切れ 三郎"),
            expired.key,
            expired.certificate,
            office.encryption_cert,
            now=backdated,
        ),
    )
    before = counts(path)
    with pytest.raises(BundleRefused, match="expired on") as refused:
        do_import(repo, office, file)
    assert "--accept-expired" in str(refused.value)
    assert counts(path) == before
    receipt = bundle_module.import_bundles(
        repo.engine,
        [file],
        office_cert=office.cert,
        encryption_cert=office.encryption_cert,
        encryption_key=office.encryption_key,
        actor="office",
        accept_expired=True,
    )
    expired_on = receipt.bundles[0]["certificate_expired_on"]
    assert expired_on == expired.certificate.not_valid_after_utc.isoformat()
    assert receipt.to_json()["tables"]["answer"]["added"] == 3
    (session,) = repo.sessions()
    logged = [e for e in repo.session_events(session.id) if e[0] == "bundle_accepted_expired"]
    assert len(logged) == 1
    _action, actor, _at, note = logged[0]
    assert actor == "office" and "期限切れ 三郎" in note and "--accept-expired" in note


def test_accept_expired_does_not_cover_a_bundle_made_after_the_expiry(
    laptop: Laptop,
    office_db: tuple[Path, Any],
    keys: tuple,
    expired: office_keys.Identity,
    tmp_path: Path,
) -> None:
    office = keys[0]
    path, repo = office_db
    file = _write(
        tmp_path,
        "late.bundle",
        seal(_payload(laptop), expired.key, expired.certificate, office.encryption_cert),
    )
    before = counts(path)
    with pytest.raises(BundleRefused, match="outside its validity"):
        bundle_module.import_bundles(
            repo.engine,
            [file],
            office_cert=office.cert,
            encryption_cert=office.encryption_cert,
            encryption_key=office.encryption_key,
            actor="office",
            accept_expired=True,
        )
    assert counts(path) == before


def test_cli_accept_expired_warns_and_logs(
    laptop: Laptop,
    keys: tuple,
    expired: office_keys.Identity,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    db_arg: str,
) -> None:
    office = keys[0]
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(office.keys_dir))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", PASS.decode())
    backdated = expired.certificate.not_valid_before_utc + timedelta(days=1)
    file = _write(
        tmp_path,
        "old.bundle",
        seal(
            _in_name(_payload(laptop), "期限切れ 三郎"),
            expired.key,
            expired.certificate,
            office.encryption_cert,
            now=backdated,
        ),
    )
    db = db_arg
    runner = CliRunner()
    refused = runner.invoke(cli, ["--db", str(db), "bundle", "import", str(file)])
    assert refused.exit_code == 1 and "--accept-expired" in refused.stderr
    result = runner.invoke(
        cli, ["--db", str(db), "bundle", "import", str(file), "--accept-expired", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    assert "warning:" in result.stderr and "expired on" in result.stderr
    assert json.loads(result.stdout)["bundles"][0]["certificate_expired_on"]
    events = scalar(
        database_url_of(db),
        "select count(*) from session_event where action = 'bundle_accepted_expired'",
    )
    assert events == 1


def _answer(payload: dict[str, Any]) -> dict[str, Any]:
    return payload["tables"]["answer"][0]


FUTURE = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
MALFORMED = {
    "answered_at not a date": (
        lambda p: _answer(p).update(answered_at="yesterday"),
        "table answer, row 1, field answered_at: 'yesterday' is not a date and time",
    ),
    "answered_at in the future": (
        lambda p: _answer(p).update(answered_at=FUTURE),
        "field answered_at: " + FUTURE + " is in the future",
    ),
    "answered_at 2999": (
        lambda p: _answer(p).update(answered_at="2999-01-01T00:00:00+00:00"),
        "is in the future",
    ),
    "answered_at before 1900": (
        lambda p: _answer(p).update(answered_at="0001-01-01T00:00:00"),
        "is before 1900",
    ),
    "answered_at overflowing": (
        lambda p: _answer(p).update(answered_at="9999-12-31T23:59:59-12:00"),
        "field answered_at: '9999-12-31T23:59:59-12:00' is not a date and time",
    ),
    "session date in the future": (
        lambda p: p["tables"]["inspection_session"][0].update(session_date="2999-01-01"),
        "table inspection_session, row 1, field session_date: 2999-01-01 is in the future",
    ),
    "item_id missing": (
        lambda p: _answer(p).pop("item_id"),
        "table answer, row 1, field item_id: missing",
    ),
    "tags not a list": (
        lambda p: p["tables"]["organization"][0].update(tags="employs_temporary"),
        "table organization, row 1, field tags: a list expected, not text",
    ),
    "value not text": (
        lambda p: _answer(p).update(value={"x": 1}),
        "field value: text expected, not an object",
    ),
    "row not an object": (
        lambda p: p["tables"]["answer"].append("x"),
        "table answer, row 4: an object expected",
    ),
    "table not a list": (
        lambda p: p["tables"].update(answer={"x": 1}),
        "table answer: a list of rows expected",
    ),
    "no tables": (lambda p: p.update(tables=[]), "the content has no tables"),
    "duplicate uid": (
        lambda p: p["tables"]["finding"].append(copy.deepcopy(p["tables"]["finding"][0])),
        "table finding, row 2, field uid: the same as row 1 (must be unique)",
    ),
    "duplicate answer": (
        lambda p: p["tables"]["answer"].append(copy.deepcopy(_answer(p))),
        "field session_id, item_id: the same as row 1 (must be unique)",
    ),
    "unknown session": (
        lambda p: _answer(p).update(session_id="no-such-uid"),
        "refers to inspection_session 'no-such-uid', which the bundle does not carry",
    ),
    "unknown kind": (
        lambda p: p["tables"]["finding"][0].update(kind="bogus"),
        "table finding, row 1, field kind: 'bogus' is not one of",
    ),
    "boolean as text": (
        lambda p: p["tables"]["inspection_session"][0].update(not_independent="no"),
        "field not_independent: true or false expected, not text",
    ),
    "required null": (
        lambda p: p["tables"]["inspection_session"][0].update(checklist_id=None),
        "field checklist_id: must not be empty (null)",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_malformed_content_is_refused_whole_with_table_row_and_field(
    case: str,
    laptop: Laptop,
    office_db: tuple[Path, Any],
    keys: tuple,
    tmp_path: Path,
) -> None:
    office, inspector = keys[0], keys[1]
    path, repo = office_db
    good = _write(
        tmp_path,
        "good.bundle",
        seal(_payload(laptop), inspector.key, inspector.certificate, office.encryption_cert),
    )
    payload = _payload(laptop)
    damage, message = MALFORMED[case]
    damage(payload)
    bad = _write(
        tmp_path,
        "bad.bundle",
        seal(payload, inspector.key, inspector.certificate, office.encryption_cert),
    )
    before = counts(path)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, good, bad)  # all or nothing
    assert message in str(refused.value), str(refused.value)
    assert str(bad) in str(refused.value)
    assert counts(path) == before


def test_a_deadline_ahead_and_a_date_within_the_clock_skew_are_accepted(
    laptop: Laptop, office_db: tuple[Path, Any], keys: tuple, tmp_path: Path
) -> None:
    office, inspector = keys[0], keys[1]
    _, repo = office_db
    payload = _payload(laptop)
    payload["tables"]["improvement_plan"][0]["deadline"] = "2999-03-31"
    soon = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    _answer(payload)["answered_at"] = soon
    file = _write(
        tmp_path,
        "ok.bundle",
        seal(payload, inspector.key, inspector.certificate, office.encryption_cert),
    )
    receipt = do_import(repo, office, file)
    assert receipt.to_json()["tables"]["improvement_plan"]["added"] == 1
