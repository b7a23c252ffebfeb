"""Secrets kept out of everything the program prints or logs: a database password.

A server database's URL may hold its password (`postgresql+psycopg://user:pw@host/db`, or
`?password=pw`). Every URL the program is given passes `remember_url`, which keeps the
password in this process only; `redact` then replaces it (and its %-quoted form) in any
text, and `shown_url` is the URL as it may be shown. Redaction is applied where text
leaves the program: the CLI's writers (`cli.terminal`), error messages of the store, log
records (a record factory) and the traceback of an unexpected failure (`sys.excepthook`),
so that a driver message that echoes the connection string cannot show it either.

The CLI's writers and log records hide the remembered passwords of four characters or
more (`hide_secrets`); messages about a connection pass `redact`, which also masks any
password written in a URL or a connection string, remembered or not.

This module imports nothing of the application and no SQLAlchemy (it runs before the
store is loaded); a password is recognised by the URL's own syntax.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from typing import Any
from urllib.parse import quote, unquote

MASK = "***"

# scheme://user:password@  (the user may be empty; the password runs to the last @ before
# the host, as SQLAlchemy reads it)
_USERINFO = re.compile(r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^:/?#@\s]*:)(?P<secret>[^\s]*)@", re.I)
# ?password=... or &password=... (libpq's keyword, which SQLAlchemy passes to the driver)
_QUERY = re.compile(r"(?P<head>[?&]password=)(?P<secret>[^&#\s]*)", re.I)
# password=... in a libpq connection string (a driver message may quote one)
_CONNINFO = re.compile(
    r"""(?P<head>\bpassword\s*=\s*)(?P<secret>'(?:[^'\\]|\\.)*'|[^\s'"&]+)""", re.I
)

_secrets: set[str] = set()
_lock = threading.Lock()
_hooks_installed = False


def remember_url(url: str) -> None:
    """Keep the password(s) written in `url`, so that `redact` hides them anywhere."""
    for pattern in (_USERINFO, _QUERY):
        for match in pattern.finditer(url):
            remember(match.group("secret"))


def remember(secret: str) -> None:
    """Hide `secret` (and its %-quoted and unquoted forms) in everything shown or logged."""
    if not secret or secret == MASK:
        return
    forms = {secret, unquote(secret), quote(secret, safe=""), quote(unquote(secret), safe="")}
    with _lock:
        _secrets.update(form for form in forms if form)
    _install_hooks()


def redact(text: str) -> str:
    """`text` with every remembered secret, and every URL or connection-string password,
    replaced by `***`."""
    if not text:
        return text
    text = _USERINFO.sub(_masked, text)
    text = _QUERY.sub(_masked, text)
    text = _CONNINFO.sub(_masked, text)
    for secret in _by_length():  # longest first: one that holds another is hidden whole
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def _masked(match: re.Match[str]) -> str:
    if not match.group("secret"):
        return match.group(0)
    tail = match.group(0)[match.end("secret") - match.start() :]
    return match.group("head") + MASK + tail


def hide_secrets(text: str) -> str:
    """`text` with the remembered secrets of four characters or more masked: what the
    CLI's writers apply to everything they print (a shorter one would mask ordinary data;
    the messages that name a URL or quote a driver pass `redact`, which hides every one)."""
    if not _secrets or not text:
        return text
    for secret in _by_length():
        if len(secret) >= 4 and secret in text:
            text = text.replace(secret, MASK)
    return text


def _by_length() -> list[str]:
    with _lock:
        return sorted(_secrets, key=len, reverse=True)


def shown_url(url: str) -> str:
    """`url` as it may be printed: its password masked (`***`), wherever it is written."""
    remember_url(url)
    return redact(url)


def _install_hooks() -> None:
    """Once a secret is known: log records and unexpected tracebacks are redacted too."""
    global _hooks_installed
    with _lock:
        if _hooks_installed:
            return
        _hooks_installed = True
    make_record = logging.getLogRecordFactory()

    def redacting_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's own business
            return record
        cleaned = hide_secrets(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = hide_secrets(logging.Formatter().formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(redacting_record)
    previous_hook = sys.excepthook

    def redacting_hook(kind: Any, value: Any, traceback: Any) -> None:
        import traceback as tb

        text = "".join(tb.format_exception(kind, value, traceback))
        try:
            sys.stderr.write(redact(text))
        except Exception:
            previous_hook(kind, value, traceback)

    sys.excepthook = redacting_hook

    def redacting_thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        redacting_hook(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = redacting_thread_hook
