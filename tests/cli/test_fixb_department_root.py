# ruff: noqa: F811 - the fixtures of test_revocation_cli are imported by name
"""A department that has only the office's published root (fixb, review17 #3): `verify
--root 事務局ルート.cer notice.pdf` with no revocation list ever taken and no database is
valid (exit 0) with a warning saying how to check the revocation; the office's list is
taken with `keys import-revocations FILE --root ROOT` (checked against that root, both
stored in the keys folder); a keys folder without a root is never told to run init-office.
Real keys, real signatures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from tests.cli.test_revocation_cli import (  # noqa: F401  (fixtures)
    NAME,
    demo_template,
    notice,
    office,
    revoke,
)


def _dept(tmp: Path, *args: str, lang: str = "en") -> tuple[int, str, str]:
    """`inspector` in a department: an empty keys folder, no database file."""
    result = CliRunner().invoke(
        cli,
        [*(["--lang", "en"] if lang == "en" else []), "--db", str(tmp / "dept.db"), *args],
        env={"INSPECTOR_KEYS_DIR": str(tmp / "dept-keys")},
        catch_exceptions=False,
    )
    return result.exit_code, result.stdout, result.stderr


def _published(tmp: Path) -> tuple[Path, Path]:
    """The office's published root (事務局ルート.cer) and its revocation list, as handed out."""
    root = tmp / "事務局ルート.cer"
    shutil.copy(tmp / "office-keys" / "office" / "root.pem", root)
    listed = tmp / "revocations.crl"
    shutil.copy(tmp / "office-keys" / "office" / "revocations.crl", listed)
    return root, listed


def test_verify_with_the_published_root_and_no_list_is_valid_with_a_warning(
    office: Path,
) -> None:
    signed = notice(office, "office", "n.pdf")
    root, _ = _published(office)
    code, out, err = _dept(office, "verify", "--root", str(root), str(signed))
    assert code == 0, err
    assert out.startswith(f"{signed}: valid: signed by {NAME}")
    assert "warning: the revocation of the signer's key was not checked" in err
    assert "there is no revocation list at" in err
    assert "`inspector keys import-revocations FILE --root ROOT.cer`" in err
    assert "init-office" not in err and "renew-revocations" not in err
    assert "Traceback" not in err
    code, out, err = _dept(office, "verify", "--root", str(root), "--json", str(signed))
    assert code == 0, err
    assert json.loads(out)["revocation"]["status"] == "not_checked"
    code, out, err = _dept(office, "verify", "--root", str(root), str(signed), lang="ja")
    assert code == 0, err
    assert out.startswith(f"{signed}: 有効です。{NAME}")
    assert "警告: 署名した鍵の失効は確かめていません" in err
    assert "`inspector keys import-revocations ファイル --root ルート証明書.cer`" in err
    assert not (office / "dept-keys").exists() and not (office / "dept.db").exists()


def test_a_keys_folder_without_a_root_is_told_to_copy_the_offices(office: Path) -> None:
    signed = notice(office, "office", "n.pdf")
    _, listed = _published(office)
    for args in (["keys", "import-revocations", str(listed)], ["verify", str(signed)]):
        code, out, err = _dept(office, *args)
        assert code == 1, out
        assert "init-office" not in err and "Traceback" not in err
        assert "Copy the office's root certificate" in err and "--root FILE" in err
        assert str(office / "dept-keys" / "office" / "root.pem") in err
        code, _, err = _dept(office, *args, lang="ja")
        assert code == 1 and "init-office" not in err
        assert "事務局のルート証明書" in err and "--root ファイル" in err
    assert not (office / "dept-keys" / "office" / "revocations.crl").exists()
    assert not (office / "dept-keys" / "office" / "root.pem").exists()


def test_import_revocations_with_the_root_then_verify_checks_the_revocation(
    office: Path,
) -> None:
    signed = notice(office, "office", "n.pdf")
    revoke(office)  # list 2, the key revoked after the notice was signed
    root, listed = _published(office)
    code, out, err = _dept(office, "keys", "import-revocations", str(listed), "--root", str(root))
    assert code == 0, err
    stored = office / "dept-keys" / "office" / "root.pem"
    assert stored.read_bytes() == root.read_bytes()
    assert f"is stored in the keys folder as {stored}" in err
    assert (office / "dept-keys" / "office" / "revocations.crl").is_file()
    # now the department's keys folder checks it: no warning, the revocation said
    code, out, err = _dept(office, "verify", "--root", str(root), str(signed))
    assert code == 1 and "revoked" in err
    assert "not checked" not in err and "NOT checked" not in out + err
    code, _, err = _dept(office, "verify", str(signed))  # the stored root is used
    assert "not checked" not in err and "Traceback" not in err
    # the same root again: taken; the list is up to date
    code, out, err = _dept(office, "keys", "import-revocations", str(listed), "--root", str(root))
    assert code == 0, err


def test_a_root_that_did_not_sign_the_list_stores_nothing(office: Path, tmp_path: Path) -> None:
    _, listed = _published(office)
    other = tmp_path / "other"
    code, _, err = (
        CliRunner()
        .invoke(
            cli,
            ["--lang", "en", "--db", str(other / "o.db"), "keys", "init-office"],
            env={"INSPECTOR_KEYS_DIR": str(other / "keys"), "INSPECTOR_KEY_PASSPHRASE": "pw"},
            catch_exceptions=False,
        )
        .exit_code,
        None,
        None,
    )
    assert code == 0
    wrong = other / "keys" / "office" / "root.pem"
    code, out, err = _dept(office, "keys", "import-revocations", str(listed), "--root", str(wrong))
    assert code == 1, out
    assert "Traceback" not in err and str(listed) in err
    assert not (office / "dept-keys" / "office" / "root.pem").exists()
    assert not (office / "dept-keys" / "office" / "revocations.crl").exists()
    # and a root differing from the one already in the keys folder is refused by name
    root, _ = _published(office)
    assert _dept(office, "keys", "import-revocations", str(listed), "--root", str(root))[0] == 0
    code, _, err = _dept(office, "keys", "import-revocations", str(listed), "--root", str(wrong))
    assert code == 1 and f"{wrong} is not the office root certificate already in" in err
