"""While a person types a signer's passphrase, load what signing a document needs: pyHanko
(with its HTTP clients, which pyHanko 0.38 imports unconditionally), its certificate
validation and the Japanese font's metrics. The process would otherwise wait idle at the
prompt and do this work after the Enter key (about half of what a signed notice costs
after the prompt).

Nothing here changes what is built or signed: the same modules are imported and the same
font registered as the main thread would; the main thread waits for the thread before it
goes on (`join`), so no import runs in two threads at once after the prompt.
"""

from __future__ import annotations

import contextlib
import threading


def _load() -> None:
    # a problem here (a library missing) is met again, and reported, by the main thread
    with contextlib.suppress(Exception):
        import pyhanko_certvalidator.context  # noqa: F401  (loaded by pyHanko when it signs)

        import inspector.reports.signing  # noqa: F401
        from inspector.reports.fonts import ensure_font

        ensure_font()


def warm_up_signing() -> threading.Thread:
    """Start loading the signing libraries and the font in a daemon thread (a process that
    ends at the prompt, Ctrl-C or a refusal, does not wait for it)."""
    thread = threading.Thread(target=_load, name="inspector-warm-up", daemon=True)
    thread.start()
    return thread


__all__ = ["warm_up_signing"]
