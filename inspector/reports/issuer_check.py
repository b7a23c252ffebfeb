"""Whether a signed document was signed by the issuer it names.

A valid inspector certificate of the office proves who signed, not that the signer may
issue this document: a notice belongs to the person its sender block names (the inspector,
or the office head who issues it), and only that person's key may sign it. The check at
issue (`notice_rules.check_notice_signer`) lives in the issuing program, which a modified
client skips; so the named issuer is in the signed payload (`domain.documents`, v2) and
`verify` compares every signer's certificate name with it, offline.

An empty issuer ("", a follow-up report: sent by the office) is never reassuring: the id,
and with it the document kind, is chosen by whoever signs, so a second inspector could sign
a notice naming someone else under a follow-up's id. The account names the signer and the
kind read from the id and warns loudly to compare them with the printed issuer; an empty
issuer on a notice's id, or on an id of no kind inspector issues, is refused. Keys issued
with a role (`role_check`) close the rest: an office document needs the office's key. A signed PDF
with no payload at all was not issued by inspector (every signed document has carried one
since the first release) and is refused.

A payload from before (v1) names nobody: such a document still verifies, but the account
says plainly that the signer could not be compared with the named issuer, unless the
database recorded who signed it at issue (then that is compared instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inspector.domain.documents import DocumentKind, Payload, kind_of_doc_id
from inspector.i18n import Message as M
from inspector.reports.notice_rules import same_person


@dataclass(frozen=True)
class IssuerCheck:
    """`refusal`: why the file is refused (None: not refused); `note`: what the account of
    a valid file adds ("" nothing); `compared`: the signer was compared with the named
    issuer (or the database's recorded signer)."""

    refusal: str | None = None
    note: str = ""
    issuer: str | None = None
    compared: bool = False
    # the refusal is not about the signer: the file is no document inspector issued
    not_inspector_document: bool = False


def check_issuer(
    payload: Payload | None, signers: Sequence[str], record: object | None
) -> IssuerCheck:
    """Compare `signers` (each signature's certificate name) with the issuer `payload`
    names, or with the signer `record` (the database's) holds for an old payload."""
    if not signers:
        return IssuerCheck()
    if payload is None:
        return IssuerCheck(
            M("forge4.verify.no_payload", signer=signers[0]), not_inspector_document=True
        )
    if payload.issuer is not None:
        named = payload.issuer
        if not named:
            return _names_nobody(payload.doc_id, signers)
        for signer in signers:
            if not same_person(named, signer):
                return IssuerCheck(
                    M("forge4.verify.wrong_signer", named=named, signer=signer), issuer=named
                )
        return IssuerCheck(
            note=M("forge4.verify.issuer_matches", named=named), issuer=named, compared=True
        )
    recorded = getattr(record, "signer", None)
    if isinstance(recorded, str) and recorded:
        for signer in signers:
            if not same_person(recorded, signer):
                return IssuerCheck(
                    M(
                        "forge4.verify.recorded_signer_differs",
                        doc=payload.doc_id,
                        recorded=recorded,
                        signer=signer,
                    )
                )
        return IssuerCheck(note=M("forge4.verify.old_payload_recorded"), compared=True)
    return IssuerCheck(note=M("forge4.verify.not_compared", signer=signers[-1]))


def _names_nobody(doc_id: str, signers: Sequence[str]) -> IssuerCheck:
    """A v2 payload naming no person: refused for a notice (it always names its issuer) and
    for an id of no kind inspector issues; otherwise valid, but only with a loud warning
    naming the signer and the kind, since the signer chose both id and (empty) issuer."""
    kind = kind_of_doc_id(doc_id)
    if kind is DocumentKind.NOTICE:
        return IssuerCheck(M("forge4.verify.no_issuer", doc=doc_id, signer=signers[0]), issuer="")
    if kind is None:
        return IssuerCheck(
            M("forge4.verify.unknown_kind", doc=doc_id, signer=signers[0]),
            issuer="",
            not_inspector_document=True,
        )
    signer = ", ".join(dict.fromkeys(signers))
    note = M(
        "forge4.verify.names_nobody_kind",
        doc=doc_id,
        kind=M(f"forge4.kind.{kind.value}"),
        signer=signer,
    )
    return IssuerCheck(note=note, issuer="")


__all__ = ["IssuerCheck", "check_issuer"]
