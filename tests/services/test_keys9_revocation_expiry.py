"""The revocation list's expiry warning (keys9): said within 30 days of the list's next
update and after it, naming the list; and the services load certificates through the
public `reports.keys.load_certificate`, not a private name."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inspector.i18n import Translator
from inspector.reports import revocation
from inspector.reports.keys import init_office, load_certificate, load_root, root_paths
from inspector.services.revocation.renew import expiry_warning

SERVICES = Path(__file__).parents[2] / "inspector" / "services"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    keys = tmp_path_factory.mktemp("keys")
    init_office(keys, b"pw")
    return keys


def made_days_ago(keys: Path, days: float) -> object:
    root = load_root(keys)
    key = revocation.load_root_key(keys, b"pw", root)
    return revocation.build_crl(root, key, [], 7, datetime.now(UTC) - timedelta(days=days))


@pytest.mark.parametrize(
    ("days_ago", "said"),
    [(300, None), (334, None), (336, "expires_soon"), (364.5, "expires_soon"), (366, "expired")],
)
def test_the_warning_starts_thirty_days_before_the_next_update(
    office: Path, days_ago: float, said: str | None
) -> None:
    warning = expiry_warning(made_days_ago(office, days_ago), "ja")  # type: ignore[arg-type]
    if said is None:
        assert warning is None
        return
    assert warning is not None and warning.key == f"keys9.renew.{said}"
    text = Translator("ja")(warning.key, **warning.params)
    assert "番号 7" in text and "{" not in text


def test_no_list_no_warning() -> None:
    assert expiry_warning(None, "ja") is None


def test_load_certificate_is_public_and_the_services_use_it(office: Path) -> None:
    cert = load_certificate(root_paths(office)[0])
    assert cert == load_root(office)
    private = [
        str(p.relative_to(SERVICES))
        for p in SERVICES.rglob("*.py")
        if re.search(r"\b_load_cert\b", p.read_text(encoding="utf-8"))
    ]
    assert private == []
