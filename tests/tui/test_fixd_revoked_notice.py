"""A notice refused after the passphrase because the key was revoked (its pair moved to
inspectors/revoked/) while the passphrase was typed: the path asked again says the key was
revoked and that the office issues a new one, not "no signing key yet"; the command shown
whole without backticks; only inspectors' keys listed when a key is missing (fixd)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from inspector.i18n import Translator, render
from inspector.reports.errors import NoKey, RevokedKey
from inspector.reports.identities import load_identity

from .conftest import World
from .test_findings import SIZE, add_finding
from .test_noticeform_kept import _drawn, _passphrase, _said, _to_passphrase
from .test_office9a_followup import office_keys

__all__ = ["office_keys"]  # the fixture, shared


def _revoke(app, name: str) -> None:  # type: ignore[no-untyped-def]
    """`name` revoked at the office from another shell: the pair moved aside."""
    from inspector.services.revocation.revoke import plan_revocation, revoke

    plan = plan_revocation(app.context, name)
    revoke(app.context, plan, b"office-pass", reason="退職のため", reason_code="key-compromise")


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_a_key_revoked_and_moved_while_the_passphrase_was_typed_says_revoked(
    world: World, office_keys: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    add_finding(world)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "mine.pdf"
    app = world.app(lang, keys_dir=office_keys)
    async with app.run_test(size=SIZE) as pilot:
        first = await _to_passphrase(pilot, world, folder, out)
        _revoke(app, "監査 太郎")
        assert not (office_keys / "inspectors" / "監査 太郎.pem").exists()
        again = await _passphrase(pilot, first)
        assert again.query_one("#prompt-input", Input).value == str(out)
        said = _said(again)
        assert ("失効" if lang == "ja" else "revoked") in said, said
        assert ("新しい鍵" if lang == "ja" else "issue a new one") in said, said
        assert "署名鍵がまだありません" not in said and "No signing key yet" not in said, said
        assert "事務局 花子" not in said and "`" not in said, said
        assert 'inspector keys issue "監査 太郎" --organization CODE' in said.splitlines(), said
        drawn = _drawn(again)
        assert 'inspector keys issue "監査 太郎" --organization CODE' in drawn, drawn
    assert list(folder.iterdir()) == []


def test_a_missing_key_lists_only_the_inspectors_keys(office_keys: Path) -> None:
    with pytest.raises(NoKey) as caught:
        load_identity(office_keys, "総務 次郎", b"")
    assert not isinstance(caught.value, RevokedKey)
    said = render(caught.value, Translator("en"))
    assert "監査 太郎" in said and "事務局 花子" not in said, said
