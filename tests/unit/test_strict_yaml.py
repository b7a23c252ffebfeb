"""Every YAML file the program reads refuses a key given twice, naming the line (issue 10,
point 13): checklists (see the corpus), forms, site rules and hearing cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.domain import strict_yaml
from inspector.domain.hearing import CASES_FILE, HearingCasesError, load_hearing_cases
from inspector.domain.layout import RULES_FILE, load_site_rules
from inspector.reports.forms import FormError, load_form


def test_duplicate_key_is_refused_with_both_lines() -> None:
    with pytest.raises(strict_yaml.YamlError) as caught:
        strict_yaml.load("a: 1\nb:\n  c: 2\n  c: 3\n")
    assert str(caught.value) == "line 4: duplicate key 'c' (first given on line 3)"


def test_merged_keys_may_be_overridden_and_plain_yaml_loads() -> None:
    text = "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n"
    assert strict_yaml.load(text) == {"base": {"x": 1, "y": 2}, "other": {"x": 1, "y": 3}}
    assert strict_yaml.load("[1, {a: b}]") == [1, {"a": "b"}]


def test_a_control_byte_names_its_line() -> None:
    with pytest.raises(strict_yaml.YamlError) as caught:
        strict_yaml.load("a: 点検\nb: 画面\x1b[2J\n")
    assert str(caught.value).startswith("line 2: unacceptable character U+001B")


def test_site_rules_with_a_duplicate_key(tmp_path: Path) -> None:
    path = tmp_path / "site_rules.yaml"
    path.write_text(RULES_FILE.read_text("utf-8") + "layout: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"site_rules.yaml: .*duplicate key 'layout'"):
        load_site_rules(path)
    assert load_site_rules(RULES_FILE) == load_site_rules()


def test_hearing_cases_with_a_duplicate_key(tmp_path: Path) -> None:
    path = tmp_path / "hearing_cases.yaml"
    text = CASES_FILE.read_text("utf-8")
    first_key = next(
        line.split(":")[0]
        for line in text.splitlines()
        if line and not line.startswith(("#", " ", "-"))
    )
    path.write_text(text + f"{first_key}: []\n", encoding="utf-8")
    with pytest.raises(HearingCasesError, match=f"line [0-9]+: duplicate key '{first_key}'"):
        load_hearing_cases(path)


def test_forms_file_with_a_duplicate_key(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "forms" / "notice.yaml"
    (tmp_path / "notice.yaml").write_text(
        shipped.read_text("utf-8") + "orientation: portrait\n", encoding="utf-8"
    )
    with pytest.raises(FormError, match=r"notice.yaml: cannot read: line [0-9]+: duplicate key"):
        load_form("notice", "ja", [tmp_path])
