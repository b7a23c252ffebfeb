"""The error a use case raises when it refuses a request the user can correct (a wrong
combination of options, someone not on the roster): both faces show its message as it is."""

from __future__ import annotations


class Refused(Exception):
    """A request the use case refuses; the message says what to change."""


__all__ = ["Refused"]
