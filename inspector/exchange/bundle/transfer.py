"""A bundle to a file and files into the database: collect, seal and write atomically;
read, open (every file checked before anything is written) and merge in one transaction.
The application's use cases (`inspector.services.bundles`) call these with the keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.bundle.answer_values import answer_value_problems
from inspector.exchange.bundle.envelope import OpenedBundle, open_bundle, seal
from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.merge import merge_bundles
from inspector.exchange.bundle.payload import collect
from inspector.exchange.bundle.receipt import Receipt
from inspector.exchange.bundle.signer import role_problem
from inspector.i18n import Message, joined, message_of, os_error
from inspector.output_files import OutputGuard, write_atomic
from inspector.reports import keys as office_keys
from inspector.reports.revocation import Revocations, revoked_signer
from inspector.store.locking import retry_on_conflict


def export_bundle(
    engine: Engine,
    organization: str,
    output: Path,
    *,
    signer: office_keys.Identity,
    encryption_cert: x509.Certificate,
    since: date | None = None,
    guard: OutputGuard | None = None,
    step: Callable[[int], None] = lambda _n: None,
) -> dict[str, int]:
    """Write the bundle file, encrypted for the office encryption certificate (checked to be
    issued by the signer's office root, for key agreement, valid now); returns the number of
    rows per table. Raises `KeyProblem` for an unusable certificate, before reading anything.
    `guard`: the output rules (`inspector.output_files`; default: no --force). `step(n)`
    reports each step (0 collect, 1 seal, 2 write, 3 done)."""
    office_keys.check_encryption_cert(encryption_cert, signer.root)
    if (problem := role_problem(signer.certificate, signer.name, exporting=True)) is not None:
        raise office_keys.KeyProblem(problem)  # only inspectors' keys sign bundles
    step(0)
    payload = collect(engine, organization, since, exporter=signer.name)
    step(1)
    data = seal(payload, signer.key, signer.certificate, encryption_cert)
    step(2)
    write_atomic(output, data, guard=guard)
    step(3)
    return {name: len(rows) for name, rows in payload["tables"].items()}


def import_bundles(
    engine: Engine,
    files: Sequence[Path],
    *,
    office_cert: x509.Certificate,
    encryption_cert: x509.Certificate,
    encryption_key: ec.EllipticCurvePrivateKey,
    actor: str,
    accept_expired: bool = False,
    accept_reopen: bool = False,
    now: datetime | None = None,
    revocations: Revocations | None = None,
    catalog: ChecklistCatalog | None = None,
    opened_file: Callable[[Path], None] = lambda _path: None,
) -> Receipt:
    """Check and decrypt every file first, then merge them all in one transaction.

    `office_cert` is the office root, `encryption_cert`/`encryption_key` the office
    encryption certificate (checked to be issued by the root) and its key. `opened_file`
    is told of each file once it is opened and checked (before the merge). With `catalog`,
    each answer's value is judged against its item as a CSV import judges it. With
    `accept_reopen`, a bundle may reopen a completed session of which its signer is not
    the visit's inspector (a self-check): listed in the receipt (`Receipt.reopened`)."""
    try:
        office_keys.check_encryption_cert(encryption_cert, office_cert, check_dates=False)
    except office_keys.KeyProblem as exc:
        raise BundleRefused(message_of(exc)) from None
    opened: list[OpenedBundle] = []
    seen: dict[str, Path] = {}
    for path in files:
        data = _read(path)
        try:
            bundle = open_bundle(
                data,
                office_cert,
                encryption_cert,
                encryption_key,
                now=now,
                accept_expired=accept_expired,
            )
            if (revoked := revoked_signer(bundle.signer_certificate, revocations)) is not None:
                raise BundleRefused(revoked)
            if catalog is not None and (bad := answer_value_problems(bundle.payload, catalog)):
                shown = joined(bad[:10])
                if len(bad) > 10:
                    shown = Message("more.bundle.and_more", problems=shown, count=len(bad) - 10)
                raise BundleRefused(Message("more.bundle.damaged_content", problems=shown))
        except BundleRefused as exc:
            raise BundleRefused(
                Message("errors.in_file", file=path, problem=message_of(exc))
            ) from None
        opened_file(path)
        if bundle.bundle_id in seen:
            continue  # the same bundle twice in one command
        seen[bundle.bundle_id] = path
        opened.append(bundle)
    try:
        # Run again as a whole if a concurrent writer took a key first (locking.py).
        receipt = retry_on_conflict(
            lambda: merge_bundles(
                engine,
                opened,
                actor,
                lambda b: str(seen[b.bundle_id]),
                None if catalog is None else catalog.lookup,
                accept_reopen=accept_reopen,
            )
        )
    except IntegrityError as exc:  # a last line: the payload check should have said why
        raise BundleRefused(Message("more.bundle.conflicts_database", detail=exc.orig)) from None
    except OperationalError as exc:  # a full disk, a lock held too long: rolled back
        raise BundleRefused(store_failure(engine, exc)) from None
    for entry, path in zip(receipt.bundles, seen.values(), strict=True):
        entry["file"] = str(path)
    return receipt


def check_files(files: Sequence[Path]) -> None:
    """Refuse the first of `files` that is missing or not a file, naming it (before any
    passphrase is asked for the office key)."""
    for path in files:
        problem = _file_problem(path)
        if problem is not None:
            raise BundleRefused(Message("errors.in_file", file=path, problem=problem))


def _file_problem(path: Path, exc: OSError | None = None) -> str | None:
    if exc is None:
        try:
            if path.is_file():
                return None
            exists = path.exists()
        except OSError as error:
            exc = error
        else:
            return Message("bundle7t.not_a_file" if exists else "bundle7t.no_file")
    if isinstance(exc, FileNotFoundError):
        return Message("bundle7t.no_file")
    if isinstance(exc, IsADirectoryError):
        return Message("bundle7t.not_a_file")
    return Message("bundle7t.unreadable", detail=os_error(exc))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        problem = _file_problem(path, exc)
        raise BundleRefused(Message("errors.in_file", file=path, problem=problem)) from None


def store_failure(engine: Engine, exc: OperationalError) -> str:
    """The words for a database that failed the merge's write (the transaction was rolled
    back): a full disk, a lock, a read-only file, a lost server."""
    text = str(exc.orig or exc).lower()
    database = engine.url.database or engine.url.render_as_string(hide_password=True)
    if "disk" in text and ("full" in text or "i/o" in text):
        return Message("bundle7t.store.disk", database=database)
    if "locked" in text or "busy" in text or "lock timeout" in text:
        return Message("bundle7t.store.locked", database=database)
    if "readonly" in text or "read-only" in text:
        return Message("bundle7t.store.read_only", database=database)
    if "connection" in text or "could not connect" in text:
        return Message("bundle7t.store.unreachable")
    detail = str(exc.orig or exc).splitlines()[0]
    return Message("bundle7t.store.other", database=database, detail=detail)


__all__ = ["check_files", "export_bundle", "import_bundles", "store_failure"]
