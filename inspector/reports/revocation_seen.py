"""The highest revocation-list number this keys folder has taken (`office/revocations.seen`):
a list deleted from the folder, or put back older, would otherwise un-revoke a key without
a word (a verifier finding no list says nothing was checked; one finding an older list
than it took is refused).

Written (atomically) by every command that puts a list into the folder: `keys
import-revocations`, `keys revoke`, `keys renew-revocations`; never lowered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspector.i18n import Message

SEEN_NAME = "revocations.seen"


def seen_path(keys_dir: Path) -> Path:
    return keys_dir / "office" / SEEN_NAME


def remembered_number(keys_dir: Path) -> int:
    """The number remembered (0: none; a damaged file counts as none)."""
    try:
        text = seen_path(keys_dir).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return 0
    return int(text) if text.isdigit() and len(text) < 20 else 0


def remember_number(keys_dir: Path, number: int) -> bool:
    """Remember `number` when it is above the one remembered (written atomically). Run
    after the list itself is in place (and, at the office, recorded): a failure here
    leaves the list as it is and only returns False."""
    from inspector.output_files import OutputError, OutputGuard, write_atomic

    if number <= remembered_number(keys_dir):
        return True
    try:
        write_atomic(seen_path(keys_dir), f"{number}\n".encode(), guard=OutputGuard(force=True))
    except (OSError, OutputError):
        return False
    return True


def list_problem(keys_dir: Path, path: Path, number: int | None) -> tuple[str | None, bool]:
    """Why the keys folder's list (at `path`, numbered `number`; None: no list) was not
    consulted (None: it was), and whether it is gone (this folder took a list, now none is
    there). An older list than the folder took raises RevocationProblem."""
    from inspector.reports.revocation import RevocationProblem

    seen = remembered_number(keys_dir)
    if number is None:
        if seen:
            return Message("bundlemerge.verify.list_gone", path=path, number=seen), True
        return Message("bundlemerge.verify.no_list", path=path), False
    if number < seen:
        raise RevocationProblem(
            Message("bundlemerge.verify.list_older", path=path, number=number, seen=seen)
        )
    return None, False


def refuse_gone_list(revocations: Any) -> None:
    """Before signing: the list this keys folder took is gone (a revoked key would sign
    again): refused until the office's list is imported again."""
    from inspector.reports.revocation import RevocationProblem

    if getattr(revocations, "list_gone", False):
        raise RevocationProblem(Message("bundlemerge.verify.cannot_sign", why=revocations.list_why))


__all__ = [
    "SEEN_NAME",
    "list_problem",
    "refuse_gone_list",
    "remember_number",
    "remembered_number",
    "seen_path",
]
