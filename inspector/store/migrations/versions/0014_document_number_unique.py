"""document number unique: one 文書番号 serial per kind and fiscal year, kept by the database

Numbers were given by reading the register and taking the next serial, so two notices
issued at once could both get the same number. A unique index on (kind, fiscal_year,
serial) over the originals (a re-issue repeats its original's number and names it in
`reissue_of`) makes the second writer collide; the application then numbers again.

A database that already holds two originals with the same number is not changed: the
upgrade stops and names them (document ids and numbers), so that the office decides which
one stands, instead of a migration dropping or renumbering issued documents.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from inspector.store.errors import DatabaseError

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

INDEX = "uq_issued_document_number"
ORIGINALS = sa.text("reissue_of IS NULL")


class DuplicateDocumentNumbers(DatabaseError):
    """Issued documents share a number; the message names them (a `DatabaseError`: the
    front ends print it as they print a database that cannot be opened)."""


def _duplicates(conn: sa.Connection) -> list[str]:
    documents = sa.table(
        "issued_document",
        sa.column("doc_id", sa.String),
        sa.column("kind", sa.String),
        sa.column("number", sa.String),
        sa.column("fiscal_year", sa.Integer),
        sa.column("serial", sa.Integer),
        sa.column("reissue_of", sa.String),
    )
    groups: dict[tuple[str, int, int], list[str]] = {}
    for doc_id, kind, number, year, serial in conn.execute(
        sa.select(
            documents.c.doc_id,
            documents.c.kind,
            documents.c.number,
            documents.c.fiscal_year,
            documents.c.serial,
        )
        .where(documents.c.reissue_of.is_(None))
        .where(documents.c.fiscal_year.is_not(None))
        .where(documents.c.serial.is_not(None))
        .order_by(documents.c.doc_id)
    ):
        groups.setdefault((kind, year, serial), []).append(f"{doc_id} ({number})")
    return [
        f"{kind} {year} #{serial}: {', '.join(docs)}"
        for (kind, year, serial), docs in sorted(groups.items())
        if len(docs) > 1
    ]


def upgrade() -> None:
    found = _duplicates(op.get_bind())
    if found:
        raise DuplicateDocumentNumbers(
            "issued documents share a document number (文書番号が重複しています); nothing was"
            " changed. Decide which document stands, mark the others as re-issues or correct"
            " them, then open the database again: " + "; ".join(found)
        )
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.create_index(
            INDEX,
            ["kind", "fiscal_year", "serial"],
            unique=True,
            sqlite_where=ORIGINALS,
            postgresql_where=ORIGINALS,
        )


def downgrade() -> None:
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.drop_index(INDEX)
