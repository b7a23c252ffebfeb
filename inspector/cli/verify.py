"""`inspector verify FILE.pdf`: a signed document checked offline against the office root
and, when it is at hand, the database's record."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from inspector.cli.errors import fail
from inspector.cli.output import echo_json
from inspector.cli.signing import _database_at_hand, _keys_dir, _user_errors
from inspector.context import AppContext


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--root",
    "root_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Office root certificate (default: the one in the keys folder).",
)
@click.option("--no-db", is_flag=True, help="Do not compare with the database.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def verify(ctx: AppContext, file: Path, root_file: Path | None, no_db: bool, as_json: bool) -> None:
    """Check a signed document offline against the office root (and the database)."""
    from cryptography import x509

    from inspector.cli.revocation import known_revocations
    from inspector.reports.keys import load_root
    from inspector.reports.verify import verify_pdf

    with _user_errors():
        data = file.read_bytes()
        if root_file is not None:
            try:
                root = x509.load_pem_x509_certificate(root_file.read_bytes())
            except ValueError:
                fail(f"{root_file} is not a PEM certificate")
        else:
            root = load_root(_keys_dir(ctx))
    # The database's record (content hash, file hash, issue time) when it is at hand: the
    # recorded issue time is the trusted time to check the certificate at.
    lookup = ctx.findings.document if not no_db and _database_at_hand(ctx) else None
    revocations = known_revocations(ctx, root, database=lookup is not None)
    result = verify_pdf(data, root, lookup, revocations=revocations)
    if as_json:
        echo_json({"file": str(file), **result.to_json()})
    elif result.valid:
        click.echo(f"{file}: {result.message}")
        if result.doc_id:
            click.echo(f"document {result.doc_id}, content sha256 {result.content_hash}")
    else:
        click.echo(f"{file}: invalid: {result.message}", err=True)
    if not result.valid:
        sys.exit(1)


__all__ = ["verify"]
