"""Revoking an inspector's certificate at the office: the one place that records the
revocation in the office database, builds the revocation list signed by the root, writes
it to the keys folder and files the revoked certificate and key in inspectors/revoked/
(`keys revoke`, `keys issue --replace`, and the interface when it offers it).

Everything that can refuse is checked before a passphrase is asked (`plan_revocation`,
`plan_replacement`, `check_reason`): the certificate there and the office's, not revoked
already, the keys folder's list readable. `revoke` then takes the database's write lock
(a second office worker revoking at once waits, then numbers its list after this one),
reads the list number and every revocation under it, and changes things in this order:

1. the database row is added, not committed (a second revocation of the serial fails here);
2. the new list is written atomically over the old one (its bytes are kept);
3. for a replacement, the old certificate and key are moved to inspectors/revoked/ and the
   new pair issued in their place;
4. the database commits;
5. for a revocation alone, the old pair is moved to inspectors/revoked/ last.

A failure before the commit undoes the steps before it (new files removed, old pair moved
back, old list written back, database rolled back) and raises `RevocationFailed`, which
says what failed and the state left: the old state whole again, or what could not be put
back and how to do it by hand. A process killed part-way leaves the key revoked in the
list (run `keys revoke` again to record it) or its pair filed in inspectors/revoked/
unrecorded, which `plan_revocation` finds and revokes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from inspector.context import AppContext
from inspector.domain.dates import japan_time
from inspector.domain.era import shown_date
from inspector.i18n import Message, joined, message_of, os_error
from inspector.services.actors import auditor
from inspector.services.errors import Refused

if TYPE_CHECKING:
    from cryptography import x509

T = TypeVar("T")

REASON_CHOICES = (
    "key-compromise",
    "affiliation-changed",
    "superseded",
    "cessation-of-operation",
    "unspecified",
)


class RevocationRefused(Refused):
    """A revocation refused before anything changed (no certificate, another office's, one
    revoked already, an empty reason)."""


class RevocationFailed(Refused):
    """A step failed after the first change. `restored`: the old state is whole again (the
    message says so); else the message names what is left where, and how to put it back."""

    def __init__(self, message: str, *, restored: bool) -> None:
        super().__init__(message)
        self.restored = restored


@dataclass(frozen=True)
class RevocationPlan:
    """The certificate to revoke, checked before any passphrase is asked."""

    name: str
    cert: x509.Certificate
    cert_path: Path
    key_path: Path
    root: x509.Certificate
    current: x509.CertificateRevocationList | None
    keys_dir: Path
    filed: bool = False  # found in inspectors/revoked/, recorded nowhere: not moved again


@dataclass(frozen=True)
class Revoked:
    """A revocation done: recorded, listed, the old pair filed in inspectors/revoked/."""

    name: str
    serial: str
    fingerprint: str
    revoked_at: datetime
    revoked_by: str
    reason: str
    list_file: Path
    number: int
    count: int
    archived: tuple[Path, ...]


def moment(value: datetime, lang: str) -> str:
    """A moment in Japan time to the minute, dated as the run's language dates."""
    local = japan_time(value)
    return f"{shown_date(local.date(), lang)} {local:%H:%M}"


def plan_revocation(ctx: AppContext, name: str) -> RevocationPlan:
    """`keys revoke NAME`: the certificate to revoke, or `RevocationRefused`."""
    from inspector.reports.keys import (
        inspector_paths,
        issued_by,
        list_inspectors,
        load_certificate,
        load_root,
    )
    from inspector.store.repositories.revocations import RevocationRepository

    keys_dir = ctx.settings.resolved_keys_dir
    root = load_root(keys_dir)
    cert_path, key_path = inspector_paths(keys_dir, name)
    if not cert_path.is_file():
        from inspector.services.revocation.filed import filed_unrecorded, stray_plan

        stray = filed_unrecorded(ctx, keys_dir, cert_path, root)
        if stray is not None:
            return stray_plan(keys_dir, name, stray, root)
        known = ", ".join(i.name for i in list_inspectors(keys_dir)) or Message(
            "cli.revocation.none"
        )
        stem = cert_path.name.removesuffix(".pem")
        gone = [p for p in archived_certificates(keys_dir) if p.name.startswith(f"{stem}.")]
        already = (
            Message("cli.revocation.already_revoked_files", files=", ".join(p.name for p in gone))
            if gone
            else ""
        )
        raise RevocationRefused(
            Message(
                "cli.revocation.no_certificate",
                name=name,
                folder=cert_path.parent,
                known=known,
                already=already,
            )
        )
    cert = load_certificate(cert_path)
    if not issued_by(cert, root):
        raise RevocationRefused(Message("cli.revocation.foreign", path=cert_path))
    earlier = RevocationRepository(ctx.engine).find(cert.serial_number)
    if earlier is not None:
        raise RevocationRefused(
            Message(
                "cli.revocation.already_revoked",
                name=name,
                serial=earlier.serial_hex,
                when=moment(earlier.revoked_at, ctx.settings.lang),
                by=earlier.revoked_by,
                reason=earlier.reason,
            )
        )
    return _plan(keys_dir, name, cert, cert_path, key_path, root)


def plan_replacement(ctx: AppContext, name: str) -> RevocationPlan | None:
    """`keys issue NAME --replace`: the certificate the new one supersedes; None when there
    is none to revoke (no certificate, one of another root, or one revoked already)."""
    from inspector.reports.keys import inspector_paths, issued_by, load_certificate, load_root
    from inspector.store.repositories.revocations import RevocationRepository

    keys_dir = ctx.settings.resolved_keys_dir
    cert_path, key_path = inspector_paths(keys_dir, name)
    if not cert_path.is_file():
        return None
    root = load_root(keys_dir)
    cert = load_certificate(cert_path)
    if not issued_by(cert, root):
        return None  # not the office's: it signs nothing `verify` accepts
    if RevocationRepository(ctx.engine).find(cert.serial_number) is not None:
        return None
    return _plan(keys_dir, name, cert, cert_path, key_path, root)


def _plan(
    keys_dir: Path,
    name: str,
    cert: x509.Certificate,
    cert_path: Path,
    key_path: Path,
    root: x509.Certificate,
) -> RevocationPlan:
    from inspector.reports.revocation import read_office_crl

    current = read_office_crl(keys_dir, root)  # a damaged list is refused before asking
    return RevocationPlan(name, cert, cert_path, key_path, root, current, keys_dir)


def archived_certificates(keys_dir: Path) -> list[Path]:
    """The revoked certificates moved aside (kept to verify old documents)."""
    folder = keys_dir / "inspectors" / "revoked"
    found = sorted(folder.glob("*.pem")) if folder.is_dir() else []
    return [p for p in found if not p.name.endswith(".key.pem")]


def check_reason(reason: str, reason_code: str) -> str:
    """The one check of a revocation's reason (before any passphrase is asked): the words
    stripped and not empty, the code one of `REASON_CHOICES`. Returns the words."""
    reason = reason.strip()
    if not reason:
        raise RevocationRefused(Message("cli.revocation.empty_reason"))
    if reason_code not in REASON_CHOICES:
        raise RevocationRefused(Message("revoke8.unknown_code", code=reason_code))
    return reason


def revoke(
    ctx: AppContext,
    plan: RevocationPlan,
    passphrase: bytes,
    *,
    reason: str,
    reason_code: str,
    replacement: Callable[[], T] | None = None,
) -> tuple[Revoked, T | None]:
    """Revoke `plan`'s certificate (see the module's steps); `replacement` issues the new
    certificate in its place. Returns the revocation and what `replacement` returned."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID

    from inspector.reports.revocation import (
        REASON_CODES,
        ListEntry,
        build_crl,
        crl_entries,
        crl_number,
        crl_path,
        fingerprint,
        load_root_key,
        read_office_crl,
    )
    from inspector.reports.revocation_seen import remembered_number
    from inspector.store.repositories.revocations import NewRevocation, RevocationRepository

    reason = check_reason(reason, reason_code)
    keys_dir, cert = plan.keys_dir, plan.cert
    root_key = load_root_key(keys_dir, passphrase, plan.root)
    repo = RevocationRepository(ctx.engine)
    target = crl_path(keys_dir)
    steps = _Steps(plan, target, replacement is not None)
    org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    made: dict[str, Any] = {}

    def entry_under_lock(last_number: int, known: list[Any]) -> NewRevocation:
        # read under the database's write lock: a worker revoking at the same time waited,
        # and its list (the keys folder's) and its record are seen here
        for k in known:  # revoked by another worker since the plan was made
            if k.serial == cert.serial_number:
                raise RevocationRefused(
                    Message(
                        "cli.revocation.already_revoked",
                        name=plan.name,
                        serial=k.serial_hex,
                        when=moment(k.revoked_at, ctx.settings.lang),
                        by=k.revoked_by,
                        reason=k.reason,
                    )
                )
        current = read_office_crl(keys_dir, plan.root)
        steps.previous_list = target.read_bytes() if target.is_file() else None
        now = datetime.now(UTC)
        # numbered after the database's last list as well as the file's: the file may be
        # lost or restored from an old backup, and a laptop refuses a list numbered lower;
        # and after the number the folder took (the first list, made with the root: crlinit)
        taken = max(crl_number(current) if current is not None else 0, remembered_number(keys_dir))
        number = max(taken, last_number) + 1
        # every revocation the current list and the database know, and this one
        entries = {
            e.serial: ListEntry(e.serial, e.revoked_at, reason_flag(e.reason_code))
            for e in (crl_entries(current) if current is not None else [])
        }
        for k in known:
            entries[k.serial] = ListEntry(k.serial, k.revoked_at, reason_flag(k.reason_code))
        entries[cert.serial_number] = ListEntry(cert.serial_number, now, REASON_CODES[reason_code])
        made["crl"] = build_crl(plan.root, root_key, entries.values(), number, now)
        made["count"] = len(entries)
        return NewRevocation(
            serial=cert.serial_number,
            fingerprint=fingerprint(cert),
            name=plan.name,
            organization_code=str(org[0].value) if org else None,
            reason=reason,
            reason_code=reason_code,
            certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
            revoked_by=auditor(ctx.settings),
            revoked_at=now,
            crl_number=number,
        )

    serial = f"{cert.serial_number:X}"
    issued = None
    try:
        with repo.recording(entry_under_lock) as entry:
            issued = steps.run(serial, replacement, made["crl"])
    except Exception as exc:
        steps.undo()
        if not steps.changed:
            raise  # nothing changed: the first failure says it all
        raise RevocationFailed(steps.said(exc, ctx.settings.lang), restored=steps.restored) from exc
    except BaseException:
        steps.undo()  # interrupted: put back what can be, say nothing more
        raise
    from inspector.reports.revocation_seen import remember_number

    remember_number(keys_dir, entry.crl_number)  # committed: a list deleted later is seen
    if replacement is None:
        steps.file_away(serial)  # last: recorded and listed whatever happens here
    revoked = Revoked(
        name=plan.name,
        serial=serial,
        fingerprint=entry.fingerprint,
        revoked_at=entry.revoked_at,
        revoked_by=entry.revoked_by,
        reason=reason,
        list_file=target,
        number=entry.crl_number,
        count=made["count"],
        archived=tuple(filed for _, filed in steps.moved),
    )
    return revoked, issued


@dataclass
class _Steps:
    """The changes `revoke` made, in order, and undoing them."""

    plan: RevocationPlan
    target: Path
    replacing: bool
    previous_list: bytes | None = None
    moved: list[tuple[Path, Path]] = field(default_factory=list)
    issuing: bool = False
    list_written: bool = False
    left: list[str] = field(default_factory=list)  # what could not be put back

    @property
    def changed(self) -> bool:
        return bool(self.moved or self.issuing or self.list_written)

    @property
    def restored(self) -> bool:
        return not self.left

    def run(self, serial: str, replacement: Callable[[], T] | None, crl: Any) -> T | None:
        """Before the commit: the list first (a process killed after it leaves the key
        revoked in the list, and `keys revoke` again records it), then, for a
        replacement, the old pair filed away and the new one issued in its place."""
        from cryptography.hazmat.primitives import serialization

        from inspector.output_files import OutputGuard, write_atomic

        # the keys folder's own list, replaced on purpose (its number is above the old one's)
        self.list_written = True
        write_atomic(
            self.target, crl.public_bytes(serialization.Encoding.PEM), guard=OutputGuard(force=True)
        )
        if replacement is None:
            return None
        self.file_away(serial, after_commit=False)
        self.issuing = True  # from here, anything at the old paths is the new pair's
        return replacement()

    def file_away(self, serial: str, *, after_commit: bool = True) -> None:
        """The old certificate and key into inspectors/revoked/ (kept to verify old
        documents). After the commit a failure undoes nothing: the key is revoked, and the
        message says where the files are and where they go."""
        plan = self.plan
        if plan.filed:
            return  # found there: filed away by a run that stopped before recording it
        archive = plan.keys_dir / "inspectors" / "revoked"
        stem = plan.cert_path.name.removesuffix(".pem")
        pairs = (
            (plan.key_path, archive / f"{stem}.{serial}.key.pem"),
            (plan.cert_path, archive / f"{stem}.{serial}.pem"),
        )
        try:
            archive.mkdir(mode=0o700, exist_ok=True)
            for source, filed in pairs:
                if source.exists():
                    source.replace(filed)
                    self.moved.append((source, filed))
        except OSError as exc:
            if not after_commit:
                raise
            raise RevocationFailed(
                Message(
                    "revoke8b.not_filed",
                    name=plan.name,
                    serial=serial,
                    what=_why(exc),
                    path=plan.cert_path,
                    folder=archive,
                ),
                restored=False,
            ) from exc

    def undo(self) -> None:
        """Put back the old state, step by step in reverse; what fails is noted in `left`."""
        from inspector.output_files import OutputGuard, write_atomic

        if self.issuing:
            for new in (self.plan.cert_path, self.plan.key_path):  # certificate first
                try:
                    new.unlink(missing_ok=True)
                except OSError as exc:
                    self.left.append(Message("revoke8.left_new", path=new, why=_why(exc)))
        for source, filed in reversed(self.moved):
            try:
                if source.exists():
                    raise FileExistsError(17, "File exists", str(source))
                filed.replace(source)
            except OSError as exc:
                self.left.append(
                    Message("revoke8.left_moved", path=filed, to=source, why=_why(exc))
                )
        if self.list_written:
            try:
                if self.previous_list is not None:
                    current = self.target.read_bytes() if self.target.is_file() else None
                    if current != self.previous_list:
                        write_atomic(self.target, self.previous_list, guard=OutputGuard(force=True))
                elif self.target.is_file():
                    self.target.unlink()
            except OSError as exc:
                self.left.append(Message("revoke8.left_list", path=self.target, why=_why(exc)))

    def said(self, exc: Exception, lang: str) -> str:
        plan = self.plan
        what = _why(exc)
        serial = f"{plan.cert.serial_number:X}"
        if self.restored:
            return Message(
                "revoke8.failed_restored_replace" if self.replacing else "revoke8.failed_restored",
                what=what,
                name=plan.name,
                serial=serial,
                path=plan.cert_path,
            )
        return Message(
            "revoke8.failed_left",
            what=what,
            name=plan.name,
            serial=serial,
            left=joined(self.left),
        )


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else ""
        return Message("revoke8.os_failed", path=where, why=os_error(exc))
    return message_of(exc)


def reason_flag(value: str | None) -> Any:
    """A reason read back from the database (our code) or a list (RFC 5280's name)."""
    from cryptography import x509

    from inspector.reports.revocation import REASON_CODES

    if value is None:
        return x509.ReasonFlags.unspecified
    if value in REASON_CODES:
        return REASON_CODES[value]
    try:
        return x509.ReasonFlags(value)
    except ValueError:
        return x509.ReasonFlags.unspecified


__all__ = [
    "REASON_CHOICES",
    "RevocationFailed",
    "RevocationPlan",
    "RevocationRefused",
    "Revoked",
    "archived_certificates",
    "check_reason",
    "moment",
    "plan_replacement",
    "plan_revocation",
    "reason_flag",
    "revoke",
]
