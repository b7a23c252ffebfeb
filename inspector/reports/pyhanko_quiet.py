"""pyHanko's loggers silenced while a signature is validated.

pyHanko logs its own diagnostics (tracebacks included) when a file was changed after
signing; `verify` already says what is wrong.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_PYHANKO_LOGGERS = ("pyhanko", "pyhanko_certvalidator")
_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_levels: dict[str, int] = {}


@contextmanager
def quiet_pyhanko() -> Iterator[None]:
    """Silence pyHanko's loggers (warnings with tracebacks about changed files) meanwhile.

    Nested and concurrent uses (worker threads, tasks) are counted; the levels are restored
    when the last one ends.
    """
    global _quiet_depth
    with _quiet_lock:
        if _quiet_depth == 0:
            for name in _PYHANKO_LOGGERS:
                logger = logging.getLogger(name)
                _saved_levels[name] = logger.level
                logger.setLevel(logging.CRITICAL + 1)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                for name, level in _saved_levels.items():
                    logging.getLogger(name).setLevel(level)
                _saved_levels.clear()


__all__ = ["quiet_pyhanko"]
