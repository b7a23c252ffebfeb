"""The cyclic garbage collector paused for a bulk import (issue 17).

An import of 55,000 answers allocates a few hundred thousand tuples, each freed by
reference counting (no cycles: rows, memo hits, the writer's parameter tuples). Every
700 allocations Python's collector starts a pass, and its full passes walk every object
the program holds (SQLAlchemy, the checklist models: about 110,000): about 0.1 s of CPU
of the import's 0.7 s, for no garbage. Paused for the import and restored after (as it
was: a caller that had paused it keeps it paused); cycles made meanwhile are collected at
the next pass after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


__all__ = ["collector_paused"]
