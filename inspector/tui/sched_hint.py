"""A latency hint to the Linux scheduler for the threads an answer waits on.

Linux 6.12 and later (the EEVDF scheduler) let an ordinary SCHED_OTHER thread ask for a
shorter time slice with `sched_setattr(2)`: `sched_runtime` is then the thread's slice
(the kernel clamps it to 0.1-100 ms). A shorter slice gives the thread an earlier deadline
when it wakes, so it is served sooner after a wake-up (and may preempt a thread with a
longer slice); it gives the thread no more CPU than its nice value does. No privilege is
needed: the policy and the nice value are kept as they are (read back with
`sched_getattr`), only the slice changes.

`request_short_slice()` asks it for the calling thread, or for another thread of this
process by its native id (`tid`: threads that are not ours to start, such as Textual's
terminal input and output threads, which a key and a frame wake). It never raises: on another
system, an older kernel (the field is ignored or refused), a seccomp filter or any other
refusal it does nothing and returns False.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
import threading
from collections.abc import Iterable

SLICE_NS = 100_000
"""The slice asked for: the shortest the kernel allows (0.1 ms)."""

_SYSCALLS = {"x86_64": (314, 315), "aarch64": (274, 275)}
"""sched_setattr and sched_getattr by machine (the generic table for arm64)."""

_MIN_KERNEL = (6, 12)
_RESET_ON_FORK = 0x01


class _SchedAttr(ctypes.Structure):
    # struct sched_attr, SCHED_ATTR_SIZE_VER1 (56 bytes)
    _fields_ = [
        ("size", ctypes.c_uint32),
        ("sched_policy", ctypes.c_uint32),
        ("sched_flags", ctypes.c_uint64),
        ("sched_nice", ctypes.c_int32),
        ("sched_priority", ctypes.c_uint32),
        ("sched_runtime", ctypes.c_uint64),
        ("sched_deadline", ctypes.c_uint64),
        ("sched_period", ctypes.c_uint64),
        ("sched_util_min", ctypes.c_uint32),
        ("sched_util_max", ctypes.c_uint32),
    ]


def _kernel_at_least(version: tuple[int, int]) -> bool:
    try:
        parts = platform.release().split(".")[:2]
        return (int(parts[0]), int("".join(c for c in parts[1] if c.isdigit()))) >= version
    except (ValueError, IndexError):
        return False


def request_short_slice(slice_ns: int = SLICE_NS, tid: int = 0) -> bool:
    """Ask for a short slice for the calling thread (`tid` 0) or the thread `tid` of this
    process; True when the kernel took it."""
    try:
        numbers = _SYSCALLS.get(platform.machine())
        if not sys.platform.startswith("linux") or numbers is None:
            return False
        if not _kernel_at_least(_MIN_KERNEL):
            return False  # older kernels take sched_runtime for SCHED_DEADLINE only
        set_number, get_number = numbers
        libc = ctypes.CDLL(None, use_errno=True)
        attr = _SchedAttr()
        size = ctypes.sizeof(_SchedAttr)
        if libc.syscall(get_number, tid, ctypes.byref(attr), size, 0) != 0:
            return False
        if attr.sched_policy not in (os.SCHED_OTHER, getattr(os, "SCHED_BATCH", 3)):
            return False  # a real-time or deadline thread is left as it is
        attr.size = size
        attr.sched_flags &= _RESET_ON_FORK  # kept; nothing else asked for
        attr.sched_runtime = slice_ns
        attr.sched_deadline = 0
        attr.sched_period = 0
        return bool(libc.syscall(set_number, tid, ctypes.byref(attr), 0) == 0)
    except Exception:  # a hint: nothing may fail because of it
        return False


def request_short_slices(names: Iterable[str]) -> list[int]:
    """Ask for a short slice for each running thread of this process named in `names`
    (threads a library starts); the native ids of those the kernel took it for."""
    wanted = set(names)
    return [
        thread.native_id
        for thread in threading.enumerate()
        if thread.name in wanted
        and thread.native_id is not None
        and request_short_slice(tid=thread.native_id)
    ]


def current_slice(tid: int = 0) -> int | None:
    """The slice (`sched_runtime`, ns) the thread `tid` (0: the caller) runs with; None
    where it cannot be read (tests check that a hint was taken)."""
    try:
        numbers = _SYSCALLS.get(platform.machine())
        if not sys.platform.startswith("linux") or numbers is None:
            return None
        libc = ctypes.CDLL(None, use_errno=True)
        attr = _SchedAttr()
        if libc.syscall(numbers[1], tid, ctypes.byref(attr), ctypes.sizeof(_SchedAttr), 0):
            return None
        return int(attr.sched_runtime)
    except Exception:
        return None


TERMINAL_THREADS = ("textual-input", "textual-output")
"""Textual's terminal threads: a key reaches the interface through the input thread, the
next item the terminal through the output thread; they ask for the same hint."""


def latency_hint() -> None:
    """An answer waits for the runner's writer thread, then for the interface's thread: both
    ask the scheduler to be served soon after they wake (nothing where unsupported)."""
    request_short_slice()


__all__ = [
    "SLICE_NS",
    "TERMINAL_THREADS",
    "current_slice",
    "latency_hint",
    "request_short_slice",
    "request_short_slices",
]
