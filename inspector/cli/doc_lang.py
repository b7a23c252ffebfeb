"""`--doc-lang`: the language of a document, its own choice (walk8 M2). Japanese unless
asked, whatever the interface's language (`--lang`); said once when they differ."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from inspector.context import AppContext

if TYPE_CHECKING:
    from inspector.services.documents import PreparedNotices

doc_lang_option = click.option(
    "--doc-lang",
    type=click.Choice(["ja", "en"]),
    default=None,
    help="Language of the document (default: Japanese, whatever --lang says).",
)


def _doc_lang(ctx: AppContext, doc_lang: str | None) -> str:
    """The document's language: --doc-lang, else Japanese; said once when the interface
    speaks another language, so that `--lang en` alone is not taken to mean an English
    document (walk8 M2)."""
    if doc_lang is None and ctx.settings.lang != "ja":
        click.echo(ctx.t("docs9.doc_lang_note"), err=True)
    return doc_lang or "ja"


def _lang_suffix(doc_lang: str) -> str:
    return "" if doc_lang == "ja" else f"_{doc_lang}"


def _signed(
    prepared: PreparedNotices, signer: str, *, reissue: bool, other_language: bool
) -> PreparedNotices:
    """`prepared.signed_by(...)`, with what the ledger skipped said: the lines skipped
    (and the numbers passed over) when it passes; the lines skipped, before the refusal,
    when it is refused -- a refusal may follow from what the ledger holds (a visit it
    knows was issued, the original's language), so the lines it did not trust are named
    there too (cli12)."""
    try:
        signed = prepared.signed_by(signer, reissue=reissue, other_language=other_language)
    except Exception:
        _warn_ledger_lines(prepared)
        raise
    _warn_skipped(signed)
    return signed


def _warn_ledger_lines(prepared: PreparedNotices) -> None:
    """The ledger's lines skipped as not trusted (rem10 D5), each with its file and line."""
    from inspector.reports.number_ledger import problem_text

    for problem in prepared.service.ledger_problems:
        click.echo(problem_text(problem, prepared.service.lang), err=True)


def _warn_skipped(prepared: PreparedNotices) -> None:
    """Numbers the keys folder's ledger knows and the database does not: said once; and
    the ledger's lines skipped as not trusted (rem10 D5), each with its file and line."""
    from inspector.services.document_language import skipped_warning

    _warn_ledger_lines(prepared)
    skipped = sorted({n for _d, numbering in prepared.numbered for n in numbering.skipped})
    if skipped:
        click.echo(skipped_warning(prepared.service, skipped), err=True)


__all__ = ["_doc_lang", "_lang_suffix", "_signed", "_warn_skipped", "doc_lang_option"]
