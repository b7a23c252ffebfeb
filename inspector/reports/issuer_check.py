"""Whether a signed document was signed by the issuer it names.

A valid inspector certificate of the office proves who signed, not that the signer may
issue this document: a notice belongs to the person its sender block names (the inspector,
or the office head who issues it), and only that person's key may sign it. The check at
issue (`notice_rules.check_notice_signer`) lives in the issuing program, which a modified
client skips; so the named issuer is in the signed payload (`domain.documents`, v2) and
`verify` compares every signer's certificate name with it, offline.

A payload from before (v1) names nobody: such a document still verifies, but the account
says plainly that the signer could not be compared with the named issuer, unless the
database recorded who signed it at issue (then that is compared instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inspector.domain.documents import Payload
from inspector.i18n import Message as M
from inspector.reports.notice_rules import same_person

_NOTICE_PREFIX = "N-"  # `domain.documents.new_doc_id`: a notice's id starts so


@dataclass(frozen=True)
class IssuerCheck:
    """`refusal`: why the file is refused (None: not refused); `note`: what the account of
    a valid file adds ("" nothing); `compared`: the signer was compared with the named
    issuer (or the database's recorded signer)."""

    refusal: str | None = None
    note: str = ""
    issuer: str | None = None
    compared: bool = False


def check_issuer(
    payload: Payload | None, signers: Sequence[str], record: object | None
) -> IssuerCheck:
    """Compare `signers` (each signature's certificate name) with the issuer `payload`
    names, or with the signer `record` (the database's) holds for an old payload."""
    if not signers:
        return IssuerCheck()
    if payload is not None and payload.issuer is not None:
        named = payload.issuer
        if not named:
            if payload.doc_id.startswith(_NOTICE_PREFIX):  # a notice always names its issuer
                return IssuerCheck(
                    M("forge4.verify.no_issuer", doc=payload.doc_id, signer=signers[0]), issuer=""
                )
            return IssuerCheck(note=M("forge4.verify.names_nobody"), issuer="", compared=True)
        for signer in signers:
            if not same_person(named, signer):
                return IssuerCheck(
                    M("forge4.verify.wrong_signer", named=named, signer=signer), issuer=named
                )
        return IssuerCheck(
            note=M("forge4.verify.issuer_matches", named=named), issuer=named, compared=True
        )
    recorded = getattr(record, "signer", None)
    if isinstance(recorded, str) and recorded and payload is not None:
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


__all__ = ["IssuerCheck", "check_issuer"]
