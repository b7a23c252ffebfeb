"""What is kept off the path to the first frame (issue 17, "first frame (2)"): the domain
model's dataclasses (the session table imports them when it is filled, after the list's
worker has) and the parsing of the message catalogue (read from its cache after the first
start, parsed again when a file of the language changes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector import i18n

FIRST_FRAME = (
    "import sys, json, inspector.i18n as i18n; parsed = []; real = i18n.parse_catalogue; "
    "i18n.parse_catalogue = lambda paths: parsed.append(len(paths)) or real(paths); "
    "import inspector.cli.main, inspector.tui.app, inspector.tui.screens.home; "
    "from inspector.config import load_settings; from inspector.context import AppContext; "
    "title = AppContext(load_settings()).t('tui.app.title'); "
    "print(json.dumps({'model': 'inspector.domain.model' in sys.modules, "
    "'parsed': parsed, 'title': title}))"
)


def _start(cache: Path) -> dict[str, object]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_first_frame_needs_neither_the_domain_model_nor_a_catalogue_parse(
    tmp_path: Path,
) -> None:
    first = _start(tmp_path)
    assert first["model"] is False
    assert first["parsed"] == [len(list((i18n.LOCALES_DIR / "ja").glob("*.toml")))]
    second = _start(tmp_path)
    assert second == {"model": False, "parsed": [], "title": first["title"]}
    assert (
        second["title"]
        == i18n.parse_catalogue(sorted((i18n.LOCALES_DIR / "ja").glob("*.toml")))["tui.app.title"]
    )


def test_a_changed_message_file_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locales = tmp_path / "locales"
    (locales / "ja").mkdir(parents=True)
    source = locales / "ja" / "area.toml"
    source.write_text('[home]\ntitle = "一"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", locales)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("ja") == {"home.title": "一"}
        assert (tmp_path / "cache" / "inspector" / "messages-ja.json").is_file()
        source.write_text('[home]\ntitle = "二つ"\n', encoding="utf-8")
        i18n.catalogue.cache_clear()
        assert i18n.catalogue("ja") == {"home.title": "二つ"}
    finally:
        i18n.catalogue.cache_clear()
