"""The bundle use cases (`inspector.services.bundles`): the context's database and keys
folder, progress reported through callbacks, the project's errors."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from inspector.config import Settings
from inspector.context import AppContext
from inspector.exchange.bundle import BundleRefused, transfer
from inspector.i18n import Translator, render
from inspector.output_files import OutputExists
from inspector.reports.keys import Identity
from inspector.services.bundles import (
    BundleNotWritten,
    export_bundle,
    export_target,
    import_bundles,
)
from tests.exchange.test_bundle import PASS, Laptop, Office, counts, keys, laptop, office_db

__all__ = ["keys", "laptop", "office_db"]


def _context(db: Path, office: Office, user: str = "office") -> AppContext:
    return AppContext(Settings(db=str(db), keys_dir=office.keys_dir, user=user))


def test_export_then_import_through_the_services(
    laptop: Laptop,
    office_db: tuple[Path, Any],
    keys: tuple[Office, Identity, Office, Identity],
    tmp_path: Path,
) -> None:
    office, inspector, _, _ = keys
    out = tmp_path / "gen.bundle"
    target = export_target(_context(laptop.path, office), out)
    steps: list[int] = []
    counted = export_bundle(
        _context(laptop.path, office), target, "GEN", signer=inspector, step=steps.append
    )
    assert steps == [0, 1, 2, 3] and counted["answer"] == 3 and out.is_file()
    # the output is checked before anything is asked
    with pytest.raises(OutputExists):
        export_target(_context(laptop.path, office), out)

    path, _repo = office_db
    asked: list[str] = []
    progress: list[tuple[int, int]] = []

    def passphrase() -> bytes:
        asked.append("office")
        return PASS

    receipt = import_bundles(
        _context(path, office),
        [out, out],
        passphrase=passphrase,
        progress=lambda *p: progress.append(p),
    )
    assert asked == ["office"] and progress == [(1, 2), (2, 2)]
    assert receipt.to_json()["tables"]["answer"]["added"] == 3
    assert receipt.bundles[0]["file"] == str(out)
    before = counts(path)
    again = import_bundles(_context(path, office), [out], passphrase=lambda: PASS)
    assert not again.changed and counts(path) == before


def test_a_refused_bundle_and_an_unwritable_file_are_the_projects_errors(
    laptop: Laptop,
    office_db: tuple[Path, Any],
    keys: tuple[Office, Identity, Office, Identity],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office, inspector, _, _ = keys
    bad = tmp_path / "bad.bundle"
    bad.write_bytes(b"not a bundle")
    path, _repo = office_db
    with pytest.raises(BundleRefused, match="not an inspector bundle"):
        import_bundles(_context(path, office), [bad], passphrase=lambda: PASS)
    target = export_target(_context(laptop.path, office), tmp_path / "gen.bundle")

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(transfer, "write_atomic", disk_full)
    with pytest.raises(
        BundleNotWritten, match=r"cannot write .*gen\.bundle: Not enough disk space"
    ) as raised:
        export_bundle(_context(laptop.path, office), target, "GEN", signer=inspector)
    assert "ディスクの空き容量が足りません" in render(raised.value, Translator("ja"))
    assert not (tmp_path / "gen.bundle").exists()
