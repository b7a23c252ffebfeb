"""Bundles and the output rules: an organization code that could name a path is refused at
import (nothing merged); export keeps an existing file unless forced."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from inspector.exchange.bundle import MAGIC, BundleRefused, export_bundle
from inspector.output_files import OutputExists, OutputGuard
from inspector.store.repository import Repository
from tests.exchange import test_bundle as _bundle_tests
from tests.exchange.test_bundle import Laptop, counts, do_import

# the bundle tests' fixtures: a laptop database, an office database, the office's keys
keys = _bundle_tests.keys
laptop = _bundle_tests.laptop
office_db = _bundle_tests.office_db


def test_a_bundle_carrying_an_organization_code_with_a_path_is_refused(
    laptop: Laptop, office_db: tuple[Path, Repository], keys: tuple, tmp_path: Path
) -> None:
    conn = sqlite3.connect(laptop.path)
    with conn:
        conn.execute("UPDATE organization SET code = 'x/../../escaped' WHERE code = 'GEN'")
    conn.close()
    office, inspector, _, _ = keys
    out = tmp_path / "bad.bundle"
    export_bundle(
        laptop.repo.engine,
        "x/../../escaped",
        out,
        signer=inspector,
        encryption_cert=office.encryption_cert,
    )
    path, repo = office_db
    before = counts(path)
    with pytest.raises(BundleRefused, match="path separator"):
        do_import(repo, office, out)
    assert counts(path) == before


def test_bundle_export_keeps_an_existing_file_unless_forced(
    laptop: Laptop, keys: tuple, tmp_path: Path
) -> None:
    office, inspector, _, _ = keys
    out = tmp_path / "gen.bundle"
    out.write_bytes(b"mine")
    args = dict(signer=inspector, encryption_cert=office.encryption_cert)
    with pytest.raises(OutputExists):
        export_bundle(laptop.repo.engine, "GEN", out, **args)  # type: ignore[arg-type]
    assert out.read_bytes() == b"mine"
    export_bundle(laptop.repo.engine, "GEN", out, guard=OutputGuard(force=True), **args)  # type: ignore[arg-type]
    assert out.read_bytes().startswith(MAGIC)
