"""The role a signing key was issued for, written by the office root into the certificate.

A valid certificate of the office proves who signed, not what the signer may issue. So
`keys issue` records the key's role as a certificate policy (RFC 5280 §4.2.1.4, the
standard place for the rules a certificate was issued under; non-critical, so that other
validators accept it): `INSPECTOR_ROLE` for an inspector's key (it signs the notices that
name that inspector) or `OFFICE_ROLE` for the office's key (it signs what the office
sends: the follow-up report). Both OIDs are under a private arc of the UUID tree 2.25
(ITU-T X.667: no registration needed), beside the extended key usage `INSPECTOR_SIGNING`
that every signing key of the office carries (`signer_checks`).

A certificate without either policy was issued before roles existed: documents it signed
then still verify, with the warning naming its signer and saying that the key predates
roles (`role_check`, `cli/verify.py`); it signs nothing new (`role_check.check_role_for`
refuses with `reissue_command`), and `keys list` marks it. A certificate naming both, or a
policy of this arc that is neither, has no role `role_of` can trust and is refused.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Collection
from datetime import timedelta
from enum import StrEnum

from cryptography import x509

# `keys issue` starts a certificate's validity this long before it is issued (clocks that
# differ a little): the certificate was issued at its start plus this (`role_check`)
ISSUED_BACKDATE = timedelta(minutes=5)

ROLE_ARC = "2.25.32643833728550134939467224407853582174"
INSPECTOR_ROLE = x509.ObjectIdentifier(f"{ROLE_ARC}.1")
OFFICE_ROLE = x509.ObjectIdentifier(f"{ROLE_ARC}.2")


class KeyRole(StrEnum):
    INSPECTOR = "inspector"  # signs notices naming its holder
    OFFICE = "office"  # signs the office's documents (follow-up reports)


_POLICY = {KeyRole.INSPECTOR: INSPECTOR_ROLE, KeyRole.OFFICE: OFFICE_ROLE}


class UnknownRole(ValueError):
    """The certificate names a role policy of this arc that is not exactly one role."""


def role_policy(role: KeyRole) -> x509.CertificatePolicies:
    """The certificate policies extension `keys issue` writes for `role`."""
    return x509.CertificatePolicies([x509.PolicyInformation(_POLICY[role], None)])


def role_of(cert: x509.Certificate) -> KeyRole | None:
    """The role `cert` was issued for; None: issued before roles were written. Raises
    `UnknownRole` for a malformed extension or one naming no single known role."""
    try:
        policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
    except x509.ExtensionNotFound:
        return None
    except ValueError:
        raise UnknownRole(cert) from None
    ours = {
        p.policy_identifier
        for p in policies
        if p.policy_identifier.dotted_string.startswith(f"{ROLE_ARC}.")
    }
    if not ours:
        return None
    roles = [role for role, oid in _POLICY.items() if oid in ours]
    if len(roles) != 1 or len(ours) != 1:
        raise UnknownRole(cert)
    return roles[0]


def reissue_command(name: str, organization: str | None, role: KeyRole) -> str:
    """The command the office runs to reissue `name`'s key with `role` (a key issued before
    roles): the same name and organization (`CODE` when the certificate names none), the
    old certificate replaced. The name is quoted for a shell: in double quotes when nothing
    in it is special there, else POSIX single quotes."""
    quoted = f'"{name}"' if re.fullmatch(r'[^"\\$`!]*', name) else shlex.quote(name)
    org = shlex.quote(organization) if organization else "CODE"
    return f"inspector keys issue {quoted} --organization {org} --replace --role {role.value}"


# what the office's records show a person did (`likely_role`): the kinds of document the
# register says they signed (`DocumentKind` values), and VISIT: named as a visit's inspector
VISIT = "visit"


def likely_role(done: Collection[str]) -> tuple[KeyRole | None, str | None]:
    """The role a key issued before roles most likely had, from what the register shows its
    holder did, and what says so: follow-up reports (or plan forms) signed → the office's,
    notices signed → an inspector's (both: unknown); no document, but visits made → an
    inspector's; nothing → unknown (None, None): the office chooses."""
    office = [k for k in ("followup", "plan_form") if k in done]
    if office and "notice" in done:
        return None, None
    if office:
        return KeyRole.OFFICE, office[0]
    if "notice" in done:
        return KeyRole.INSPECTOR, "notice"
    if VISIT in done:
        return KeyRole.INSPECTOR, VISIT
    return None, None


__all__ = [
    "INSPECTOR_ROLE",
    "ISSUED_BACKDATE",
    "OFFICE_ROLE",
    "ROLE_ARC",
    "VISIT",
    "KeyRole",
    "UnknownRole",
    "likely_role",
    "reissue_command",
    "role_of",
    "role_policy",
]
