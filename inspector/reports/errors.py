"""The one base class of every documents, keys and signing problem a user can correct.

Light on purpose: the CLI imports it at start-up without loading reportlab or pyHanko.
"""

from __future__ import annotations


class ReportProblem(Exception):
    """A key, form, signing or output problem; the message says what to do."""


class KeyProblem(ReportProblem):
    """A key or certificate cannot be used; the message says what to do."""


class NoKey(KeyProblem):
    pass


class RevokedKey(NoKey):
    """No key to sign with because the office revoked it (its pair moved to
    inspectors/revoked/): a new key must be issued, not a first one created."""


class WrongPassphrase(KeyProblem):
    pass


class DamagedKey(KeyProblem):
    """A key file that is empty, truncated or not a key at all (not a passphrase matter)."""


class CertificateProblem(KeyProblem):
    pass


__all__ = [
    "CertificateProblem",
    "DamagedKey",
    "KeyProblem",
    "NoKey",
    "ReportProblem",
    "RevokedKey",
    "WrongPassphrase",
]
