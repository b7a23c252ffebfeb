"""Keys in a temporary folder: an office root and one inspector, shared by a module."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report_samples import PASS

from inspector.reports import keys


@pytest.fixture(scope="module")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    keys.init_office(folder, PASS)
    keys.issue_inspector(folder, "監査 太郎", "130", PASS)
    return folder


@pytest.fixture(scope="module")
def identity(keys_dir: Path) -> keys.Identity:
    return keys.load_identity(keys_dir, "監査 太郎", PASS)
