"""What the office's database shows each person did: the documents the register says they
signed and the visits naming them as inspector. `keys list` tells from it the role a key
issued before roles had (`key_roles.likely_role`)."""

from __future__ import annotations

import unicodedata

from inspector.cli.signing import _database_at_hand
from inspector.context import AppContext


def _name(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


def done_by_name(ctx: AppContext) -> dict[str, set[str]]:
    """Name → the kinds of document signed (`DocumentKind` values) and `key_roles.VISIT`;
    empty without a database at hand."""
    if not _database_at_hand(ctx):
        return {}
    from sqlalchemy import select
    from sqlmodel import col

    from inspector.reports.key_roles import VISIT
    from inspector.store.tables import IssuedDocumentRow, SessionRow

    done: dict[str, set[str]] = {}
    with ctx.engine.connect() as con:
        signed = select(col(IssuedDocumentRow.signer), col(IssuedDocumentRow.kind)).distinct()
        for signer, kind in con.execute(signed):
            if signer:
                done.setdefault(_name(signer), set()).add(str(kind))
        for (inspector,) in con.execute(select(col(SessionRow.inspector_name)).distinct()):
            if inspector:
                done.setdefault(_name(inspector), set()).add(VISIT)
    return done


__all__ = ["done_by_name"]
