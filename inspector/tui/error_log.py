"""The log of unexpected errors (walk7 M8): the user's line stays in the interface language
and names this file; the exception's class, message and frames (never their local values)
are written here, secrets masked, readable by the user only."""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

LOG_NAME = "errors.log"


def error_log_path() -> Path:
    """`~/.local/state/inspector/log/errors.log` on Linux (platformdirs' user log folder)."""
    import platformdirs

    from inspector.config import APP_NAME

    return Path(platformdirs.user_log_dir(APP_NAME)) / LOG_NAME


def log_error(text: str) -> Path | None:
    """Append `text` (time-stamped, secrets masked) to the error log; its path, or None
    when it cannot be written (the user's message then says nothing of a log)."""
    from inspector.redaction import hide_secrets

    path = error_log_path()
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    entry = f"{stamp} {hide_secrets(text.rstrip())}\n"
    try:
        from inspector.config import APP_NAME
        from inspector.store.private_files import make_private_folder, narrow_folder

        make_private_folder(path.parent)  # and its parents (~/.local/state/inspector) 0700
        for folder in (path.parent, path.parent.parent):  # made 0755 by older versions
            if APP_NAME in (folder.name, folder.parent.name):  # ours, not ~/Library/Logs
                narrow_folder(folder)
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as stream:
            stream.write(entry)
    except OSError:
        return None
    return path


def log_exception(exc: BaseException) -> Path | None:
    """Log `exc` with its frames (file, line, code; no local values)."""
    return log_error("".join(traceback.format_exception(exc)))
