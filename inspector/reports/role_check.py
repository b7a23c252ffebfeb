"""Whether each signer's key was issued for the role the document needs (`key_roles`).

The signed payload names the document's kind (by its id's prefix) and its issuer, and
`issuer_check` compares the issuer with the signer's name; but any holder of any key of
the office could sign an office document, which names no person. The role closes that:

- a notice is signed by an inspector-role key (`issuer_check` has compared its name);
- a follow-up report, or any other office document (plan form), by an office-role key;
- a v1 payload (from before the issuer was signed) by a key without a role: keys issued
  with a role only ever sign v2, so a v1 payload under one is a downgrade, refused.

A key issued before roles were written keeps verifying as before (with the warning
`issuer_check` gives for a document naming no person; `verify` adds that the key predates
roles), but signs nothing new: `check_role_for` refuses it at issue with the command that
reissues it. All of it is offline: the role is in the certificate the office root signed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID

from inspector.domain.dates import japan_time
from inspector.domain.documents import DocumentKind, Payload, kind_of_doc_id
from inspector.i18n import Message as M
from inspector.i18n import Translator
from inspector.reports.errors import ReportProblem
from inspector.reports.key_folder import _load_cert, inspector_paths
from inspector.reports.key_roles import (
    ISSUED_BACKDATE,
    KeyRole,
    UnknownRole,
    reissue_command,
    role_of,
)
from inspector.reports.notice_rules import IssueRefused
from inspector.reports.signer_checks import issued_by, signer_name

WRONG_ROLE = "signer_role_does_not_match_document"
OLD_PAYLOAD_NEW_KEY = "old_payload_signed_by_a_new_key"

# what each kind needs
_NEEDED = {
    DocumentKind.NOTICE: KeyRole.INSPECTOR,
    DocumentKind.FOLLOWUP: KeyRole.OFFICE,
    DocumentKind.PLAN_FORM: KeyRole.OFFICE,
    DocumentKind.REMINDER: KeyRole.OFFICE,
}


@dataclass(frozen=True)
class RoleCheck:
    """`refusal` with its `verdict` (None: not refused); `role` the signers' role (None:
    keys without one); `note` what the account of a valid file says instead of the
    issuer's note ("" leave that as it is)."""

    refusal: str | None = None
    verdict: str = ""
    role: str | None = None
    note: str = ""


def check_roles(payload: Payload | None, certs: Sequence[x509.Certificate]) -> RoleCheck:
    if payload is None or not certs:
        return RoleCheck()  # no inspector document: `issuer_check` refuses it
    kind = kind_of_doc_id(payload.doc_id)
    needed = _NEEDED.get(kind) if kind is not None else None
    roles: list[KeyRole | None] = []
    for cert in certs:
        try:
            roles.append(role_of(cert))
        except UnknownRole:
            return RoleCheck(M("forge5.verify.unknown_role", signer=signer_name(cert)), WRONG_ROLE)
    for cert, role in zip(certs, roles, strict=True):
        if role is None:
            continue
        if payload.issuer is None:
            return RoleCheck(
                M(
                    "forge5.verify.old_payload_new_key",
                    doc=payload.doc_id,
                    signer=signer_name(cert),
                ),
                OLD_PAYLOAD_NEW_KEY,
                role=role.value,
            )
        if needed is not None and role is not needed:
            return RoleCheck(
                M(
                    "forge5.verify.wrong_role",
                    doc=payload.doc_id,
                    kind=M(f"forge4.kind.{kind.value if kind else 'unknown'}"),
                    signer=signer_name(cert),
                    role=M(f"forge5.role.{role.value}"),
                    needed=M(f"forge5.role.{needed.value}"),
                ),
                WRONG_ROLE,
                role=role.value,
            )
    known = {r for r in roles if r is not None}
    # every signer's key of one role (a key without one among them: no role to report)
    common = known.pop().value if len(known) == 1 and None not in roles else None
    note = ""
    if common == KeyRole.OFFICE.value and kind is not None and needed is KeyRole.OFFICE:
        signers = ", ".join(dict.fromkeys(signer_name(c) for c in certs))
        note = M("forge5.verify.office_signed", kind=M(f"forge4.kind.{kind.value}"), signer=signers)
    return RoleCheck(role=common, note=note)


def check_role_for(kind: DocumentKind, cert: x509.Certificate, lang: str) -> None:
    """At issue: raise `IssueRefused` when `cert`'s key may not sign a document of `kind`
    (`verify` would refuse the file). A key issued before roles signs nothing new: with no
    role, any inspector's old key could sign the office's follow-up report; the refusal
    names the command that reissues it (documents it signed before still verify)."""
    needed = _NEEDED[kind]
    tr = Translator(lang)
    try:
        role = role_of(cert)
    except UnknownRole:
        role = None  # no role to trust: refused below like a wrong one
    else:
        if role is needed:
            return
        if role is None:
            organization = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
            raise IssueRefused(
                tr(
                    "forge7.issue.no_role",
                    signer=signer_name(cert),
                    kind=tr(f"forge4.kind.{kind.value}"),
                    command=reissue_command(
                        signer_name(cert),
                        str(organization[0].value) if organization else None,
                        needed,
                    ),
                )
            )
    raise IssueRefused(
        tr(
            f"forge5.issue.needs_{needed.value}",
            signer=signer_name(cert),
            kind=tr(f"forge4.kind.{kind.value}"),
        )
    )


def role_keys_in(keys_dir: Path, root: x509.Certificate) -> dict[str, datetime]:
    """When each person was first issued a key with a role (`key_roles`), by name (NFC):
    the earliest issue (start of validity plus `ISSUED_BACKDATE`) among the certificates
    of `root` in the keys folder,
    those in use and those revoked and filed in inspectors/revoked/. `verify` tells from it
    that a key from before roles signed a document after its holder had a key with one
    (a key without a role signs nothing new: the document is not from before roles)."""
    folder = keys_dir / "inspectors"
    paths = [*folder.glob("*.pem"), *(folder / "revoked").glob("*.pem")] if folder.is_dir() else []
    since: dict[str, datetime] = {}
    for path in paths:
        if path.name.endswith(".key.pem"):
            continue
        try:
            cert = _load_cert(path)
            if not issued_by(cert, root) or role_of(cert) is None:
                continue
        except (ReportProblem, UnknownRole):
            continue  # unreadable, or no role to trust: says nothing of a reissue
        name = unicodedata.normalize("NFC", signer_name(cert))
        start = cert.not_valid_before_utc + ISSUED_BACKDATE  # when it was issued
        since[name] = min(start, since.get(name, start))
    return since


def reissued_before(
    certs: Sequence[x509.Certificate],
    issued_at: datetime | None,
    signed_at: datetime | None,
    role_keys: dict[str, datetime],
) -> tuple[str | None, datetime | None]:
    """A document signed by a key without a role whose holder has a key with one since
    (`role_keys_in`): (refusal, since). Refused when signed at or after that: by the time
    the database recorded for this file, else the time the signer claims (a claim after it
    is the signer's own word that the document is not from before roles). (None, since):
    signed before by the signer's claim only, which the account says (`cli/verify.py`);
    (None, None): no key with a role is known for the signer."""
    for cert in certs:
        try:
            if role_of(cert) is not None:
                continue
        except UnknownRole:
            continue
        since = role_keys.get(unicodedata.normalize("NFC", signer_name(cert)))
        if since is None:
            continue
        moment = issued_at or signed_at
        # a certificate's start is in whole seconds: the issue's own second is not after
        if moment is not None and moment >= since + timedelta(seconds=1):
            how = "forge7b.verify.how_database" if issued_at else "forge7b.verify.how_claim"
            return M(
                "forge7b.verify.after_roles",
                signer=signer_name(cert),
                since=f"{japan_time(since):%Y-%m-%d %H:%M:%S %Z}",
                when=f"{japan_time(moment):%Y-%m-%d %H:%M:%S %Z}",
                how=M(how),
            ), since
        return None, since
    return None, None


def check_key_role(keys_dir: Path, name: str, kind: DocumentKind, lang: str) -> None:
    """Before the key's passphrase is asked: `check_role_for` on `name`'s certificate in
    the keys folder (public: nobody need type a passphrase to learn the key cannot sign
    the document). No certificate there: nothing to check here (where the key is loaded
    says that it is missing, with the command that issues it)."""
    cert_path = inspector_paths(keys_dir, name)[0]
    if cert_path.is_file():
        check_role_for(kind, _load_cert(cert_path), lang)


__all__ = [
    "OLD_PAYLOAD_NEW_KEY",
    "WRONG_ROLE",
    "RoleCheck",
    "check_key_role",
    "check_role_for",
    "check_roles",
    "reissued_before",
    "role_keys_in",
]
