"""The office root certificate where a keys folder has none (a department, a laptop):
never "create one with init-office" (that would make a second office), but copy the
office's root, or give it with `--root FILE` (`keys import-revocations --root`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from inspector.cli.errors import fail
from inspector.cli.signing import _keys_dir
from inspector.cli.text import t
from inspector.context import AppContext


@dataclass(frozen=True)
class StoredRoot:
    path: Path
    message: str


def refuse_missing_root(ctx: AppContext) -> NoReturn:
    """No root in the keys folder, outside an office: where it comes from."""
    from inspector.reports.keys import root_paths

    keys_dir = _keys_dir(ctx)
    path = root_paths(keys_dir)[0]
    fail(t("fixb.keys.no_root", folder=keys_dir, path=path))


def stored_root(ctx: AppContext, root_file: Path | None, list_file: Path) -> StoredRoot | None:
    """`--root FILE`: checked to be a certificate that signed `list_file` (and the same as
    a root already in the keys folder), then stored there; None when nothing was stored.
    Without it, a keys folder without a root is refused with where to get one."""
    from cryptography import x509

    from inspector.reports.key_files import write_private
    from inspector.reports.keys import load_root, root_paths
    from inspector.reports.revocation import fingerprint, parse_crl

    keys_dir = _keys_dir(ctx)
    path = root_paths(keys_dir)[0]
    if root_file is None:
        if not path.is_file():
            refuse_missing_root(ctx)
        return None
    try:
        given = x509.load_pem_x509_certificate(root_file.read_bytes())
    except ValueError:
        fail(t("cli.verify.not_pem", path=root_file))
    if path.is_file():
        here = load_root(keys_dir)
        if here != given:
            fail(
                t(
                    "fixb.keys.root_differs",
                    file=root_file,
                    path=path,
                    here=fingerprint(here),
                    given=fingerprint(given),
                )
            )
        return None
    parse_crl(list_file.read_bytes(), given, str(list_file))  # signed by this root
    from cryptography.hazmat.primitives.serialization import Encoding

    write_private(path, given.public_bytes(Encoding.PEM), keys_dir)
    sha = fingerprint(given)
    return StoredRoot(path, t("fixb.keys.root_stored", file=root_file, sha=sha, path=path))


def unstore_root(stored: StoredRoot | None) -> None:
    """The list was refused after the root was stored: nothing is left written."""
    if stored is not None:
        stored.path.unlink(missing_ok=True)


__all__ = ["StoredRoot", "refuse_missing_root", "stored_root", "unstore_root"]
