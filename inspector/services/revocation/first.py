"""The office's first revocation list, made with its root (crlinit).

A verifier without the office database (a department, a laptop) refuses a signature whose
key's revocation it could not check, and before this an office had a list only after its
first `keys revoke`. So `keys init-office` signs list number 1 with no entries at once
(the same signer and validity as every list: `reports.revocation.build_crl`), writes it
atomically next to the root and remembers its number (`office/revocations.seen`): a keys
folder copied from the office carries it. An office made before this makes it with `keys
renew-revocations` (`services.revocation.renew`), which numbers its list after this one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from inspector.services.revocation.renew import Renewed


def write_first_list(keys_dir: Path, passphrase: bytes, now: datetime | None = None) -> Renewed:
    """Sign and write the keys folder's first list (no entries), numbered after any the
    folder took (1 for a new office). Refuses (OutputExists) when a list is there: it is
    never replaced here. A wrong passphrase raises before anything is written."""
    from cryptography.hazmat.primitives import serialization

    from inspector.output_files import OutputGuard, write_atomic
    from inspector.reports.keys import load_root
    from inspector.reports.revocation import build_crl, crl_path, load_root_key
    from inspector.reports.revocation_seen import remember_number, remembered_number

    root = load_root(keys_dir)
    root_key = load_root_key(keys_dir, passphrase, root)
    number = remembered_number(keys_dir) + 1
    now = now or datetime.now(UTC)
    crl = build_crl(root, root_key, [], number, now)
    target = crl_path(keys_dir)
    # no force: a list already there (another command's) is never written over
    write_atomic(target, crl.public_bytes(serialization.Encoding.PEM), guard=OutputGuard())
    remember_number(keys_dir, number)
    due = crl.next_update_utc
    assert due is not None
    return Renewed(target, number, None, 0, now, due)


__all__ = ["write_first_list"]
