"""The direction of dependencies: the domain knows no UI, database or PDF library, and
importing the package does not import Textual."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "inspector"
FORBIDDEN_IN_DOMAIN = {
    "textual",
    "sqlmodel",
    "sqlalchemy",
    "reportlab",
    "pyhanko",
    "alembic",
    "openpyxl",
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_imports_no_ui_database_or_pdf_library() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(imported_roots(path) & FORBIDDEN_IN_DOMAIN)
        for path in (PACKAGE / "domain").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_domain_does_not_import_outer_layers() -> None:
    for path in (PACKAGE / "domain").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("inspector.")
            ):
                # the catalogue is the one layer below: errors carry a message key
                assert node.module.startswith(
                    ("inspector.domain", "inspector.i18n", "inspector.cache_files")
                ), f"{path.name} imports {node.module}"


def test_only_the_tui_imports_textual() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        assert "textual" not in imported_roots(path), path


def test_importing_the_package_and_cli_does_not_import_textual() -> None:
    code = "import sys, inspector, inspector.cli; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_store_does_not_import_the_interface_commands_or_settings() -> None:
    """The store is given what it needs (a URL, whether a folder may be made); it does not
    read the settings or know the CLI, the interface or the documents."""
    outer = ("inspector.tui", "inspector.cli", "inspector.config", "inspector.reports")
    for path in (PACKAGE / "store").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(outer), f"{path.name} imports {node.module}"


def test_the_import_contracts_hold() -> None:
    """pyproject.toml's import-linter contracts: the layers (the interface never imports the
    command line), the pure domain, Textual only in the interface. CI runs them too."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=PACKAGE.parent, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_only_public_textual_api() -> None:
    """No private Textual attributes (`_bindings`, `_keymap`, `_compositor`), which only the
    exact pin keeps working; one test helper reads the drawn text (no public API does)."""
    private = re.compile(r"\._(bindings|keymap|compositor)\b")
    tests = PACKAGE.parent / "tests"
    files = [*PACKAGE.rglob("*.py"), *tests.rglob("*.py")]
    allowed = {tests / "tui" / "drawn.py", Path(__file__).resolve()}
    offenders = [
        str(path) for path in files if path not in allowed and private.search(path.read_text())
    ]
    assert offenders == []
