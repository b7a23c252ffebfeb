"""Export a bundle (`inspector bundle export`) and import bundles (`inspector bundle import`):
the office's keys found in the keys folder, the rows of this run's database, the work done
by `inspector.exchange.bundle`.

The caller asks for passphrases (a prompt, a file, a dialog) and shows progress; failures
are the project's errors: `KeyProblem` (a key or certificate), `BundleRefused` (a bundle
that cannot be imported, nothing written), `BundleNotWritten` (the file could not be
written), `OutputError` (an output the rules refuse), `LookupError` (an unknown
organization). cryptography and the bundle modules load only when a function here runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.i18n import Message, os_error
from inspector.services.actors import auditor

if TYPE_CHECKING:
    from cryptography import x509

    from inspector.exchange.bundle import Receipt
    from inspector.output_files import OutputGuard
    from inspector.reports.keys import Identity
    from inspector.reports.revocation import Revocations


class BundleNotWritten(Exception):
    """The bundle file could not be written (a disk or permission problem), in words."""


@dataclass(frozen=True)
class ExportTarget:
    """Where a bundle goes and to whom, checked before any passphrase is asked."""

    output: Path
    guard: OutputGuard
    encryption_cert: x509.Certificate


def export_target(context: AppContext, output: Path, *, force: bool = False) -> ExportTarget:
    """Check that `output` may be written (`OutputError`; `force`: the user agreed to replace
    an existing file) and that the office has an encryption certificate, the addressee
    (`KeyProblem`)."""
    from inspector.exchange.bundle import load_encryption_cert

    guard = context.output_guard(force=force)
    guard.check(output)
    return ExportTarget(output, guard, load_encryption_cert(context.settings.resolved_keys_dir))


def export_bundle(
    context: AppContext,
    target: ExportTarget,
    organization: str,
    *,
    signer: Identity,
    since: date | None = None,
    step: Callable[[int], None] = lambda _n: None,
) -> dict[str, int]:
    """Collect the organization's rows (and those below it; with `since`, only what was
    recorded or dated from then on), seal them for the office and write the file; returns
    the number of rows per table. `step(n)` reports each step (0 collect, 1 seal, 2 write,
    3 done)."""
    from inspector.exchange.bundle import export_bundle as write_bundle

    try:
        return write_bundle(
            context.engine,
            organization,
            target.output,
            signer=signer,
            encryption_cert=target.encryption_cert,
            since=since,
            guard=target.guard,
            step=step,
        )
    except OSError as exc:
        raise BundleNotWritten(
            Message("more.output.cannot_write", path=target.output, detail=os_error(exc))
        ) from None


def import_bundles(
    context: AppContext,
    files: Sequence[Path],
    *,
    passphrase: Callable[[], bytes],
    revocations: Callable[[x509.Certificate], Revocations | None] = lambda _root: None,
    accept_expired: bool = False,
    accept_reopen: bool = False,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> Receipt:
    """Open every file (checked whole) and merge them all in one transaction, as this
    run's user. `passphrase()` is asked once the office's certificates are found, for the
    office encryption key; `revocations(root)` gives the revocations the exporters are
    checked against; `progress(done, total)` counts the files opened, before the merge.
    A missing file is refused (`BundleRefused`) before the passphrase is asked."""
    from inspector.exchange.bundle import (
        check_files,
        load_encryption_cert,
        load_encryption_key,
        load_office_cert,
    )
    from inspector.exchange.bundle import (
        import_bundles as merge_files,
    )

    check_files(files)  # a missing file is named before a passphrase is asked
    keys_dir = context.settings.resolved_keys_dir
    office_cert = load_office_cert(keys_dir)
    encryption_cert = load_encryption_cert(keys_dir, office_cert, check_dates=False)
    encryption_key = load_encryption_key(keys_dir, passphrase())
    done = 0

    def opened(_path: Path) -> None:
        nonlocal done
        done += 1
        progress(done, len(files))

    return merge_files(
        context.engine,
        list(files),
        office_cert=office_cert,
        encryption_cert=encryption_cert,
        encryption_key=encryption_key,
        actor=auditor(context.settings),
        accept_expired=accept_expired,
        accept_reopen=accept_reopen,
        revocations=revocations(office_cert),
        catalog=context.catalog,
        opened_file=opened,
    )


__all__ = ["BundleNotWritten", "ExportTarget", "export_bundle", "export_target", "import_bundles"]
