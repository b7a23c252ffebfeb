"""Encrypted, signed bundles: carrying one organization's work from a laptop to the audit
office (the lesson of 003: whatever is lost on the way must be useless to the finder).

The file::

    MAGIC | u32 header length | header (canonical JSON) | u64 body length | body
          | u16 signature length | signature

- body: the payload (canonical JSON, gzip'ed) encrypted with AES-256-GCM under a random
  content key, with the header as associated data;
- the content key is wrapped for the office ENCRYPTION key (EC P-256; its certificate is
  issued by the office root with key usage "key agreement" only, office/encryption.pem) by
  ECIES: an ephemeral ECDH key, HKDF-SHA256, AES-256-GCM. The root key only signs
  certificates;
- signature: ECDSA P-256 / SHA-256 by the exporter's key over everything before it; the
  header carries the exporter's certificate and the SHA-256 fingerprint of the office
  encryption certificate the bundle is addressed to.

Format 2 (marker ``INSPECTOR-BUNDLE/2``). Format 1 bundles were encrypted for the office
root key; they are refused with a message saying so (re-export them), never opened by a
fallback.

Opening checks, in order: the format (magic, lengths: a truncated file is refused), the
exporter's certificate (an inspector certificate of this office's root, valid NOW, at
import: `bundle_signer`), the signature (a tampered file is refused), the addressee (this
office's encryption certificate), then decrypts with the office encryption key and checks
the whole content (`bundle_payload`).
Nothing is written before all of that passed; the merge is one transaction.

What a finder can read without the office key: that this is an inspector bundle, when it
was made, the exporter's certificate (name, organization code) and the addressee's
fingerprint. Nothing of the content.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import struct
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Table,
    delete,
    insert,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import Date

from inspector.domain.organization_code import organization_code_problem
from inspector.exchange.bundle_payload import PayloadProblems, check_payload, known_tables
from inspector.exchange.bundle_signer import (
    SignerNotAccepted,
    accept_exporter,
    log_accepted_expired,
)
from inspector.output_files import OutputGuard, write_atomic
from inspector.reports import keys as office_keys
from inspector.reports.revocation import Revocations, revoked_signer
from inspector.store import tables as _tables  # noqa: F401 - registers the tables
from inspector.store.locking import IMPORT_LOCK_WAIT, write_connection
from inspector.store.types import UTCDateTime, utcnow

FORMAT = 2
_MAGIC_PREFIX = b"INSPECTOR-BUNDLE/"
MAGIC = _MAGIC_PREFIX + str(FORMAT).encode() + b"\n"
_WRAP_INFO = b"inspector bundle v2 key wrap"
_MAX_HEADER = 1 << 20


class BundleRefused(Exception):
    """A bundle that cannot be imported, with the reason in words."""


# -- keys (pointed at inspector.reports.keys) -----------------------------------------------


def load_office_cert(keys_dir: Path) -> x509.Certificate:
    """The office root certificate: the issuer of exporters and of the encryption key."""
    return office_keys.load_root(keys_dir)


def load_encryption_cert(
    keys_dir: Path, root: x509.Certificate | None = None, *, check_dates: bool = True
) -> x509.Certificate:
    """The office encryption certificate, the addressee of bundles: checked to be issued by
    the office root with key agreement usage. Raises `NoKey` naming
    `inspector keys init-encryption` when the office has none."""
    return office_keys.load_encryption_cert(keys_dir, root, check_dates=check_dates)


def load_encryption_key(keys_dir: Path, passphrase: bytes) -> ec.EllipticCurvePrivateKey:
    """The office encryption key that opens bundles (the office passphrase)."""
    return office_keys.load_encryption_key(keys_dir, passphrase)


def load_signer(keys_dir: Path, name: str, passphrase: bytes) -> office_keys.Identity:
    return office_keys.load_identity(keys_dir, name, passphrase)


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def _common_name(cert: x509.Certificate) -> str:
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else "?"


# -- the container --------------------------------------------------------------------------


def canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, what: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except ValueError:
        raise BundleRefused(f"damaged header: {what} is not base64") from None


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=_WRAP_INFO + ephemeral + recipient
    ).derive(shared)


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def seal(
    payload: Mapping[str, Any],
    signer_key: ec.EllipticCurvePrivateKey,
    signer_cert: x509.Certificate,
    recipient_cert: x509.Certificate,
    *,
    bundle_id: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """Encrypt `payload` for the office encryption certificate `recipient_cert` and sign it
    with the exporter's key (the caller checks the certificate: see `export_bundle`)."""
    office_public = recipient_cert.public_key()
    if not isinstance(office_public, ec.EllipticCurvePublicKey):
        raise BundleRefused("the office encryption certificate does not carry an EC key")
    content_key = AESGCM.generate_key(bit_length=256)
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    eph_point = _point(ephemeral.public_key())
    kek = _kek(ephemeral.exchange(ec.ECDH(), office_public), eph_point, _point(office_public))
    wrap_nonce, nonce = os.urandom(12), os.urandom(12)
    bundle_id = bundle_id or str(uuid.uuid4())
    header = {
        "format": FORMAT,
        "bundle_id": bundle_id,
        "created_at": (now or datetime.now(UTC)).isoformat(),
        "recipient": fingerprint(recipient_cert),
        "signer_certificate": signer_cert.public_bytes(serialization.Encoding.PEM).decode(),
        "cipher": "AES-256-GCM",
        "key_wrap": "ECDH-P256/HKDF-SHA256/AES-256-GCM",
        "ephemeral_key": _b64(eph_point),
        "wrap_nonce": _b64(wrap_nonce),
        "wrapped_key": _b64(AESGCM(kek).encrypt(wrap_nonce, content_key, _WRAP_INFO)),
        "nonce": _b64(nonce),
    }
    header_bytes = canonical(header)
    plain = gzip.compress(canonical({**payload, "bundle_id": bundle_id}), mtime=0)
    body = AESGCM(content_key).encrypt(nonce, plain, header_bytes)
    signed = (
        MAGIC
        + struct.pack(">I", len(header_bytes))
        + header_bytes
        + struct.pack(">Q", len(body))
        + body
    )
    signature = signer_key.sign(signed, ec.ECDSA(hashes.SHA256()))
    return signed + struct.pack(">H", len(signature)) + signature


@dataclass(frozen=True)
class OpenedBundle:
    bundle_id: str
    created_at: datetime
    signer: str
    signer_organization: str | None
    signer_certificate: x509.Certificate
    payload: dict[str, Any]
    # set when the exporter's expired certificate was accepted (`--accept-expired`)
    expired_on: datetime | None = None


def _old_format(version: object) -> str:
    if str(version) == "1":
        return (
            "bundle format 1 is no longer accepted: it was encrypted for the office root key, "
            f"and bundles are now (format {FORMAT}) encrypted for the office encryption key; "
            "export it again with the current inspector"
        )
    return f"unsupported bundle format {version!r} (this inspector reads format {FORMAT})"


def _split(data: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    """(signed part, header, body, signature); refuses a truncated or malformed file."""
    if not data.startswith(MAGIC):
        if MAGIC.startswith(data):
            raise BundleRefused("the file is truncated (it ends inside the format marker)")
        if data.startswith(_MAGIC_PREFIX):
            version = data[len(_MAGIC_PREFIX) :].split(b"\n", 1)[0][:16]
            raise BundleRefused(_old_format(version.decode("ascii", "replace")))
        raise BundleRefused("not an inspector bundle (unknown format marker)")
    pos = len(MAGIC)

    def take(size: int, what: str) -> bytes:
        nonlocal pos
        if pos + size > len(data):
            raise BundleRefused(f"the file is truncated (it ends inside the {what})")
        chunk = data[pos : pos + size]
        pos += size
        return chunk

    (header_len,) = struct.unpack(">I", take(4, "header length"))
    if header_len > _MAX_HEADER:
        raise BundleRefused("damaged bundle: the header length is implausible")
    header = take(header_len, "header")
    (body_len,) = struct.unpack(">Q", take(8, "content length"))
    body = take(body_len, "encrypted content")
    signed_end = pos
    (sig_len,) = struct.unpack(">H", take(2, "signature length"))
    signature = take(sig_len, "signature")
    if pos != len(data):
        raise BundleRefused(
            f"the file has {len(data) - pos} unexpected byte(s) after the signature"
        )
    return data[:signed_end], header, body, signature


def open_bundle(
    data: bytes,
    office_cert: x509.Certificate,
    encryption_cert: x509.Certificate,
    encryption_key: ec.EllipticCurvePrivateKey | None,
    *,
    now: datetime | None = None,
    accept_expired: bool = False,
) -> OpenedBundle:
    """Check and decrypt a bundle; raises `BundleRefused` with the reason.

    `office_cert` is the office root (the exporter's certificate must be issued by it),
    `encryption_cert` the office encryption certificate (the addressee) and
    `encryption_key` its key. With `encryption_key` None, only the format, the certificate,
    the signature and the addressee are checked (and the payload is empty).
    """
    signed, header_bytes, body, signature = _split(data)
    try:
        header = json.loads(header_bytes)
        if not isinstance(header, dict):
            raise ValueError
    except ValueError:
        raise BundleRefused("damaged bundle: the header is not JSON") from None
    if header.get("format") != FORMAT:
        raise BundleRefused(_old_format(header.get("format")))
    try:
        signer_cert = x509.load_pem_x509_certificate(str(header["signer_certificate"]).encode())
        created_at = datetime.fromisoformat(str(header["created_at"]))
        recipient = str(header["recipient"])
        bundle_id = str(header["bundle_id"])
    except (KeyError, ValueError):
        raise BundleRefused("damaged bundle: the header lacks the exporter's certificate") from None
    signer = _common_name(signer_cert)
    now = now or datetime.now(UTC)
    created_at = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
    try:  # judged now, at import: see bundle_signer
        accepted = accept_exporter(
            signer_cert, office_cert, created_at, now=now, accept_expired=accept_expired
        )
    except SignerNotAccepted as exc:
        raise BundleRefused(str(exc)) from None
    public = signer_cert.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise BundleRefused("the exporter's certificate does not carry an EC key")
    try:
        public.verify(signature, signed, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise BundleRefused(
            "the signature does not match: the bundle was altered after it was signed"
        ) from None
    if recipient != fingerprint(encryption_cert):
        raise BundleRefused(
            "the bundle is addressed to another office (its recipient fingerprint is "
            f"{recipient[:16]}..., this office's encryption certificate is "
            f"{fingerprint(encryption_cert)[:16]}...)"
        )
    organization = signer_cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    opened = OpenedBundle(
        bundle_id=bundle_id,
        created_at=created_at,
        signer=signer,
        signer_organization=str(organization[0].value) if organization else None,
        signer_certificate=signer_cert,
        payload={},
        expired_on=accepted.expired_on,
    )
    if encryption_key is None:
        return opened
    if _point(encryption_key.public_key()) != _point(encryption_cert.public_key()):  # type: ignore[arg-type]
        raise BundleRefused(
            "the office encryption key does not match the office encryption certificate"
        )
    eph_point = _unb64(header.get("ephemeral_key"), "ephemeral_key")
    try:
        eph = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), eph_point)
        kek = _kek(
            encryption_key.exchange(ec.ECDH(), eph),
            eph_point,
            _point(encryption_key.public_key()),
        )
        content_key = AESGCM(kek).decrypt(
            _unb64(header.get("wrap_nonce"), "wrap_nonce"),
            _unb64(header.get("wrapped_key"), "wrapped_key"),
            _WRAP_INFO,
        )
        plain = AESGCM(content_key).decrypt(
            _unb64(header.get("nonce"), "nonce"), body, header_bytes
        )
        payload = json.loads(gzip.decompress(plain))
    except (InvalidTag, ValueError, OSError, EOFError):
        raise BundleRefused(
            "the content cannot be decrypted with this office's encryption key"
        ) from None
    if not isinstance(payload, dict) or payload.get("bundle_id") != bundle_id:
        raise BundleRefused("damaged bundle: the content does not belong to its header")
    try:  # the whole content, before anything is merged
        check_payload(payload, known_tables(TABLE_ORDER), NATURAL_KEY, COMPOSITE_KEY, now=now)
    except PayloadProblems as exc:
        raise BundleRefused(str(exc)) from None
    return OpenedBundle(**{**opened.__dict__, "payload": payload})


# -- the payload: rows with natural keys instead of ids ------------------------------------

# Tables in merge order, and how a row of each is identified across databases.
NATURAL_KEY = {
    "organization": "code",
    "person": "staff_number",
    "inspection_session": "uid",
    "finding": "uid",
    "improvement_plan": "uid",
    "measure_entry": "uid",
}
TABLE_ORDER = (
    "organization",
    "person",
    "inspection_session",
    "answer",
    "answer_change",
    "session_event",
    "finding",
    "finding_change",
    "improvement_plan",
    "improvement_plan_change",
    "measure_entry",
    "site_layout",
    "card",
    "card_event",
    "card_usage",
    "backup_storage",
    "backup_transport",
    "hearing_classification",
)
# Rows without a uid, identified by their organization's code and a value unique in it
# (cards: the number, unique by constraint; backup storages: the name), carried as
# [organization code, value].
COMPOSITE_KEY = {
    "card": ("organization_id", "number"),
    "backup_storage": ("organization_id", "name"),
}
# later work: carried only when both sides have it
OPTIONAL_TABLES = (
    "site_layout",
    "improvement_plan_change",
    "card",
    "card_event",
    "card_usage",
    "backup_storage",
    "backup_transport",
    "hearing_classification",
)


def _tables_present(conn: Connection) -> dict[str, Table]:
    from sqlmodel import SQLModel

    existing = set(inspect(conn).get_table_names())
    return {
        name: SQLModel.metadata.tables[name]
        for name in TABLE_ORDER
        if name in SQLModel.metadata.tables and name in existing
    }


def _fk_target(column: Column[Any]) -> str | None:
    for fk in column.foreign_keys:
        return str(fk.column.table.name)
    return None


def _dump_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _load_value(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


class _Ids:
    """id <-> natural key maps of the referenced tables, kept current while merging."""

    def __init__(self, conn: Connection, tables: Mapping[str, Table]) -> None:
        # natural keys: a string; composite keys: (organization code, value)
        self.to_key: dict[str, dict[int, Any]] = {}
        self.to_id: dict[str, dict[Any, int]] = {}
        for name, key in NATURAL_KEY.items():
            if name not in tables:
                continue
            table = tables[name]
            rows = conn.execute(select(table.c.id, table.c[key])).all()
            self.to_key[name] = {i: k for i, k in rows}
            self.to_id[name] = {k: i for i, k in rows}
        codes = self.to_key.get("organization", {})
        for name, (parent, column) in COMPOSITE_KEY.items():
            if name not in tables:
                continue
            table = tables[name]
            self.to_key[name], self.to_id[name] = {}, {}
            for i, org, value in conn.execute(
                select(table.c.id, table.c[parent], table.c[column]).order_by(table.c.id)
            ):
                pair = (codes.get(org), value)
                self.to_key[name][i] = pair
                self.to_id[name].setdefault(pair, i)  # two storages of one name: the first

    def add(self, table: str, row_id: int, key: Any) -> None:
        self.to_key[table][row_id] = key
        self.to_id[table][key] = row_id

    def composite(self, table: str, values: Mapping[str, Any]) -> tuple[Any, Any]:
        """The composite key of a row of `table` with local ids."""
        parent, column = COMPOSITE_KEY[table]
        return (self.to_key["organization"].get(values[parent]), values[column])


def _dump_row(table: Table, row: Mapping[str, Any], ids: _Ids) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name == "id":
            continue
        value = row[column.name]
        target = _fk_target(column)
        if target is not None and value is not None:
            if target in NATURAL_KEY:
                value = ids.to_key.get(target, {}).get(value)
            elif target in COMPOSITE_KEY:
                key = ids.to_key.get(target, {}).get(value)
                value = None if key is None else list(key)
            else:
                value = None
        out[column.name] = _dump_value(value)
    return out


def collect(
    engine: Engine, organization: str, since: date | None = None, exporter: str = ""
) -> dict[str, Any]:
    """The payload of one organization (and those below it): sessions, answers, change log,
    events, findings, plans, their change log, measure entries and layouts; the site tools:
    card ledgers (cards, their events and usage log), the backup register (storages and
    their transports) and the hearing classifications.

    With `since`: the sessions with anything dated or recorded since then (date, creation,
    completion, answers, changes, events, layout, hearing classification) and the findings
    with anything recorded since then (themselves, their changes, plans, plan changes,
    measure entries), each whole (all its rows), with the sessions those findings refer to;
    the cards with anything recorded since then (the card, an event, a usage line) and the
    storages likewise (an edit, a transport), each whole. Sessions a card event refers to
    always travel (whole), so the office never meets an event of a session it does not
    know."""
    with engine.connect() as conn:
        tables = _tables_present(conn)
        ids = _Ids(conn, tables)

        def by_ids(name: str, column: str, values: Iterable[int]) -> list[dict[str, Any]]:
            table = tables[name]
            found: list[dict[str, Any]] = []
            chunk: list[int] = []
            for value in [*values, None]:
                if value is not None:
                    chunk.append(value)
                if chunk and (value is None or len(chunk) >= 500):
                    found.extend(
                        dict(r._mapping)
                        for r in conn.execute(
                            select(table).where(table.c[column].in_(chunk)).order_by(table.c.id)
                        )
                    )
                    chunk = []
            return found

        org_t = tables["organization"]
        orgs = conn.execute(select(org_t.c.id, org_t.c.code, org_t.c.name, org_t.c.parent_id)).all()
        root = next((o for o in orgs if o.code == organization.strip()), None) or next(
            (o for o in orgs if o.name == organization.strip()), None
        )
        if root is None:
            raise LookupError(f"unknown organization '{organization}'")
        children: dict[int, list[int]] = {}
        for o in orgs:
            if o.parent_id is not None:
                children.setdefault(o.parent_id, []).append(o.id)
        scope: set[int] = set()
        stack = [root.id]
        while stack:
            oid = stack.pop()
            if oid not in scope:
                scope.add(oid)
                stack.extend(children.get(oid, ()))
        s_t = tables["inspection_session"]
        f_t = tables["finding"]
        query = select(s_t).where(s_t.c.organization_id.in_(scope))
        finding_query = select(f_t).where(f_t.c.organization_id.in_(scope))
        if since is not None:
            start = datetime(since.year, since.month, since.day, tzinfo=UTC)
            # A session belongs to the bundle when anything of it was recorded since then:
            # an old session reopened and corrected on the laptop too.
            touched = [
                s_t.c.session_date >= since,
                s_t.c.created_at >= start,
                s_t.c.completed_at >= start,
            ]
            for name, at_column in (
                ("answer", "answered_at"),
                ("answer_change", "changed_at"),
                ("session_event", "at"),
                ("site_layout", "saved_at"),
                ("hearing_classification", "classified_at"),
            ):
                if name in tables:
                    t = tables[name]
                    touched.append(
                        s_t.c.id.in_(select(t.c.session_id).where(t.c[at_column] >= start))
                    )
            query = query.where(or_(*touched))
        sessions = [dict(r._mapping) for r in conn.execute(query.order_by(s_t.c.id))]
        if since is not None:
            # Every finding with anything dated since then: itself, its change log, its plans,
            # their change log and measure entries (an entry on an old finding included).
            p_t, m_t, fc_t = (
                tables["improvement_plan"],
                tables["measure_entry"],
                tables["finding_change"],
            )
            plans_touched = [
                p_t.c.created_at >= start,
                p_t.c.id.in_(
                    select(m_t.c.plan_id).where(
                        (m_t.c.recorded_at >= start) | (m_t.c.entry_date >= since)
                    )
                ),
            ]
            if "improvement_plan_change" in tables:
                pc_t = tables["improvement_plan_change"]
                plans_touched.append(
                    p_t.c.id.in_(select(pc_t.c.plan_id).where(pc_t.c.changed_at >= start))
                )
            finding_query = finding_query.where(
                or_(
                    f_t.c.session_id.in_([s["id"] for s in sessions] or [-1]),
                    f_t.c.created_at >= start,
                    f_t.c.id.in_(select(fc_t.c.finding_id).where(fc_t.c.changed_at >= start)),
                    f_t.c.id.in_(select(p_t.c.finding_id).where(or_(*plans_touched))),
                )
            )
        findings = [dict(r._mapping) for r in conn.execute(finding_query.order_by(f_t.c.id))]
        rows: dict[str, list[dict[str, Any]]] = {}
        if "card" in tables:
            # The card ledgers: every card of the scope (with `since`, those with anything
            # recorded since then), whole: all its events and usage lines.
            c_t, ce_t, cu_t = tables["card"], tables["card_event"], tables["card_usage"]
            card_query = select(c_t).where(c_t.c.organization_id.in_(scope))
            if since is not None:
                card_query = card_query.where(
                    or_(
                        c_t.c.created_at >= start,
                        c_t.c.id.in_(
                            select(ce_t.c.card_id).where(
                                (ce_t.c.recorded_at >= start) | (ce_t.c.at >= start)
                            )
                        ),
                        c_t.c.id.in_(
                            select(cu_t.c.card_id).where(
                                (cu_t.c.recorded_at >= start) | (cu_t.c.used_at >= start)
                            )
                        ),
                    )
                )
            rows["card"] = [dict(r._mapping) for r in conn.execute(card_query.order_by(c_t.c.id))]
            card_ids = [c["id"] for c in rows["card"]]
            rows["card_event"] = by_ids("card_event", "card_id", card_ids)
            rows["card_usage"] = by_ids("card_usage", "card_id", card_ids)
        if "backup_storage" in tables:
            # The backup register: every storage of the scope (with `since`, those edited or
            # with a transport recorded or dated since then), whole: all its transports.
            b_t, bt_t = tables["backup_storage"], tables["backup_transport"]
            storage_query = select(b_t).where(b_t.c.organization_id.in_(scope))
            if since is not None:
                storage_query = storage_query.where(
                    or_(
                        b_t.c.updated_at >= start,
                        b_t.c.id.in_(
                            select(bt_t.c.storage_id).where(
                                (bt_t.c.recorded_at >= start) | (bt_t.c.transport_date >= since)
                            )
                        ),
                    )
                )
            rows["backup_storage"] = [
                dict(r._mapping) for r in conn.execute(storage_query.order_by(b_t.c.id))
            ]
            rows["backup_transport"] = by_ids(
                "backup_transport", "storage_id", [b["id"] for b in rows["backup_storage"]]
            )
        # The sessions the findings (with `since`) and the card events refer to travel with
        # them (whole, like any session), so the office never meets a row referring to a
        # session it does not know.
        referred = {e["session_id"] for e in rows.get("card_event", [])}
        if since is not None:
            referred.update(f["session_id"] for f in findings)
        missing = sorted(referred - {s["id"] for s in sessions} - {None})
        if missing:
            sessions.extend(by_ids("inspection_session", "id", missing))
            sessions.sort(key=lambda s: s["id"])
        session_ids = [s["id"] for s in sessions]
        rows["inspection_session"] = sessions
        for name in ("answer", "answer_change", "session_event"):
            rows[name] = by_ids(name, "session_id", session_ids)
        for name in ("site_layout", "hearing_classification"):
            if name in tables:
                rows[name] = by_ids(name, "session_id", session_ids)
        rows["finding"] = findings
        rows["finding_change"] = by_ids("finding_change", "finding_id", [f["id"] for f in findings])
        rows["improvement_plan"] = by_ids(
            "improvement_plan", "finding_id", [f["id"] for f in findings]
        )
        plan_ids = [p["id"] for p in rows["improvement_plan"]]
        if "improvement_plan_change" in tables:
            rows["improvement_plan_change"] = by_ids("improvement_plan_change", "plan_id", plan_ids)
        rows["measure_entry"] = by_ids("measure_entry", "plan_id", plan_ids)
        # The people the rows refer to: respondents, card holders, card members and users.
        person_ids = {s["respondent_id"] for s in sessions}
        for name in ("card_event", "card_usage"):
            person_ids.update(r["person_id"] for r in rows.get(name, []))
        for card in rows.get("card", []):
            person_ids.update(_member_ids(card["members"]))
        rows["person"] = by_ids("person", "id", sorted(person_ids - {None}))
        # The organizations the rows refer to, with the parents of organizations.
        wanted: set[int] = set(scope)
        for name, table in tables.items():
            for column in table.columns:
                if _fk_target(column) == "organization":
                    wanted.update(
                        r[column.name] for r in rows.get(name, []) if r[column.name] is not None
                    )
        parent_of = {o.id: o.parent_id for o in orgs}
        for oid in list(wanted):
            cursor = parent_of.get(oid)
            while cursor is not None and cursor not in wanted:
                wanted.add(cursor)
                cursor = parent_of.get(cursor)
        rows["organization"] = by_ids("organization", "id", sorted(wanted))
        payload_tables = {
            name: [_dump_row(tables[name], r, ids) for r in rows.get(name, [])]
            for name in TABLE_ORDER
            if name in tables
        }
        # answer_change.undoes_id: local ids do not travel, the undone change's identity does
        change_by_id = {r["id"]: r for r in rows["answer_change"]}
        for raw, dumped in zip(rows["answer_change"], payload_tables["answer_change"], strict=True):
            target = change_by_id.get(raw["undoes_id"])
            dumped["undoes_id"] = None if target is None else _change_ref(target)
        # card.members: person ids in a JSON list; their staff numbers travel
        staff = ids.to_key.get("person", {})
        for raw, dumped in zip(rows.get("card", []), payload_tables.get("card", []), strict=True):
            dumped["members"] = [staff[m] for m in _member_ids(raw["members"]) if m in staff]
    return {
        "format": FORMAT,
        "organization": root.code,
        "since": since.isoformat() if since else None,
        "exported_by": exporter,
        "exported_at": utcnow().isoformat(),
        "tables": payload_tables,
    }


def _member_ids(members: Any) -> list[int]:
    """The person ids of `card.members` (a JSON list; ids written as text are read too)."""
    found: list[int] = []
    for member in members or ():
        try:
            found.append(int(member))
        except (TypeError, ValueError):
            continue
    return found


# -- the merge ------------------------------------------------------------------------------


@dataclass
class Receipt:
    """What an import did: per table added / updated / skipped, and the conflicts."""

    bundles: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    ignored_tables: list[str] = field(default_factory=list)

    def count(self, table: str, what: str, n: int = 1) -> None:
        self.counts.setdefault(table, Counter())[what] += n

    @property
    def changed(self) -> bool:
        return any(c["added"] or c["updated"] for c in self.counts.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "bundles": self.bundles,
            "tables": {
                name: {
                    k: self.counts.get(name, Counter())[k] for k in ("added", "updated", "skipped")
                }
                for name in TABLE_ORDER
                if name in self.counts
            },
            "conflicts": self.conflicts,
            "ignored_tables": self.ignored_tables,
        }


def _state_of(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "value": row.get("value"),
        "reasons": list(row.get("reasons") or []),
        "reason_text": row.get("reason_text") or "",
        "note": row.get("note") or "",
        "evidence": list(row.get("evidence") or []),
    }


def _change_key(row: Any) -> tuple[Any, ...]:
    """The identity of an answer change across databases (within its session and item)."""
    return (row["action"], row["changed_by"], row["changed_at"], row.get("new_value"))


def _change_ref(row: Mapping[str, Any]) -> dict[str, Any]:
    """How a bundle names the change an undo undoes (`answer_change.undoes_id`)."""
    return {
        "item_id": row["item_id"],
        "action": row["action"],
        "changed_by": row["changed_by"],
        "changed_at": _dump_value(row["changed_at"]),
        "new_value": row["new_value"],
    }


def _changed_after(
    keys: Iterable[tuple[Any, ...]], common: set[tuple[Any, ...]], last: datetime | None
) -> bool:
    """Whether a side has a change of its own after the last change both sides share."""
    return any(k not in common and (last is None or k[2] > last) for k in keys)


def _cleared_by(changes: Sequence[Mapping[str, Any]]) -> str:
    return str(max(changes, key=lambda c: c["changed_at"])["changed_by"])


class _Merger:
    def __init__(self, conn: Connection, actor: str, receipt: Receipt) -> None:
        self.conn = conn
        self.actor = actor
        self.receipt = receipt
        self.tables = _tables_present(conn)
        self.ids = _Ids(conn, self.tables)
        self.now = utcnow()

    # rows from the payload, converted to local values (ids resolved)
    def _local(self, name: str, row: Mapping[str, Any]) -> dict[str, Any]:
        table = self.tables[name]
        out: dict[str, Any] = {}
        for column in table.columns:
            if column.name == "id" or column.name not in row:
                continue
            value = row[column.name]
            target = _fk_target(column)
            if target is not None:
                keyed = target in NATURAL_KEY or target in COMPOSITE_KEY
                if keyed and value is not None:
                    ref = _composite(value) if target in COMPOSITE_KEY else value
                    local = self.ids.to_id[target].get(ref)
                    if local is None:
                        shown = "/".join(map(str, ref)) if isinstance(ref, tuple) else ref
                        raise BundleRefused(
                            f"damaged bundle: {name} refers to an unknown {target} '{shown}'"
                        )
                    value = local
                elif not keyed:
                    value = None  # e.g. answer_change.undoes_id: local ids do not travel
            out[column.name] = _load_value(column, value)
        return out

    def _insert(self, name: str, values: dict[str, Any]) -> int:
        result = self.conn.execute(insert(self.tables[name]).values(**values))
        row_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        key = NATURAL_KEY.get(name)
        if key is not None:
            self.ids.add(name, row_id, values[key])
        elif name in COMPOSITE_KEY:
            self.ids.add(name, row_id, self.ids.composite(name, values))
        return row_id

    def merge(self, payload: Mapping[str, Any]) -> None:
        data: Mapping[str, list[dict[str, Any]]] = payload.get("tables") or {}
        for name in data:
            if name not in self.tables and name not in self.receipt.ignored_tables:
                self.receipt.ignored_tables.append(name)
        self._organizations(data.get("organization", []))
        self._simple_keyed("person", data.get("person", []))
        known = self._sessions(data.get("inspection_session", []))
        self._answers(data.get("answer", []), data.get("answer_change", []))
        self._dedupe(
            "session_event",
            data.get("session_event", []),
            lambda r: (r["session_id"], r["action"], r["actor"], r["at"]),
            "session_id",
        )
        self._session_status(known)
        self._findings(data.get("finding", []), data.get("finding_change", []))
        self._plans(data.get("improvement_plan", []), data.get("improvement_plan_change", []))
        self._simple_keyed("measure_entry", data.get("measure_entry", []))
        if "site_layout" in self.tables:
            self._layouts(data.get("site_layout", []))
        if "card" in self.tables:
            self._cards(data.get("card", []))
            self._dedupe("card_event", data.get("card_event", []), _card_event_key, "card_id")
            self._dedupe("card_usage", data.get("card_usage", []), _card_usage_key, "card_id")
        if "backup_storage" in self.tables:
            self._storages(data.get("backup_storage", []))
            self._transports(data.get("backup_transport", []))
        if "hearing_classification" in self.tables:
            self._classifications(data.get("hearing_classification", []))

    def _organizations(self, rows: list[dict[str, Any]]) -> None:
        table = self.tables["organization"]
        fresh: list[dict[str, Any]] = []
        for row in rows:
            if row["code"] in self.ids.to_id["organization"]:
                self.receipt.count("organization", "skipped")
                continue
            if bad_code := organization_code_problem(str(row["code"])):
                raise BundleRefused(bad_code)
            values = self._local("organization", {**row, "parent_id": None})
            self._insert("organization", values)
            fresh.append(row)
            self.receipt.count("organization", "added")
        for row in fresh:
            if row.get("parent_id"):
                parent = self.ids.to_id["organization"].get(row["parent_id"])
                self.conn.execute(
                    update(table).where(table.c.code == row["code"]).values(parent_id=parent)
                )

    def _simple_keyed(self, name: str, rows: list[dict[str, Any]], conflicts: bool = False) -> None:
        key = NATURAL_KEY[name]
        table = self.tables[name]
        for row in rows:
            if row[key] in self.ids.to_id[name]:
                self.receipt.count(name, "skipped")
                if conflicts:
                    local = (
                        self.conn.execute(select(table).where(table.c[key] == row[key]))
                        .one()
                        ._mapping
                    )
                    theirs = self._local(name, row)
                    differ = [c for c, v in theirs.items() if local[c] != v]
                    if differ:
                        self.receipt.conflicts.append(
                            {"table": name, "uid": row[key], "fields": differ, "kept": "local"}
                        )
                continue
            self._insert(name, self._local(name, row))
            self.receipt.count(name, "added")

    def _sessions(self, rows: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
        """Add the sessions this office does not have; returns the ones it had (their
        status is settled by `_session_status` once the events are merged)."""
        known: list[tuple[int, dict[str, Any]]] = []
        for row in rows:
            local_id = self.ids.to_id["inspection_session"].get(row["uid"])
            if local_id is None:
                values = self._local("inspection_session", row)
                values["source"] = "bundle"
                # The key names this database's ids and marks the CSV import's own session.
                values.pop("import_key", None)
                self._insert("inspection_session", values)
                self.receipt.count("inspection_session", "added")
            else:
                known.append((local_id, row))
        return known

    def _session_status(self, known: list[tuple[int, dict[str, Any]]]) -> None:
        """The status of a session both sides have follows the newest completion or reopening
        of either side (the session events, merged by now); without events a completion in
        the bundle still completes an open session."""
        s_t = self.tables["inspection_session"]
        e_t = self.tables["session_event"]
        for local_id, row in known:
            current = self.conn.execute(
                select(s_t.c.status, s_t.c.completed_at).where(s_t.c.id == local_id)
            ).one()
            last = self.conn.execute(
                select(e_t.c.action, e_t.c.at)
                .where(e_t.c.session_id == local_id, e_t.c.action.in_(("complete", "reopen")))
                .order_by(e_t.c.at.desc(), e_t.c.id.desc())
                .limit(1)
            ).first()
            target: tuple[str, datetime | None] = (current.status, current.completed_at)
            if last is not None:
                target = ("completed", last.at) if last.action == "complete" else ("open", None)
            elif row.get("status") == "completed" and current.status != "completed":
                target = ("completed", _load_value(s_t.c.completed_at, row.get("completed_at")))
            if target == (current.status, current.completed_at):
                self.receipt.count("inspection_session", "skipped")
                continue
            self.conn.execute(
                update(s_t)
                .where(s_t.c.id == local_id)
                .values(status=target[0], completed_at=target[1])
            )
            self.receipt.count("inspection_session", "updated")

    def _answers(self, answers: list[dict[str, Any]], changes: list[dict[str, Any]]) -> None:
        a_t = self.tables["answer"]
        c_t = self.tables["answer_change"]
        session_ids = sorted(
            {self.ids.to_id["inspection_session"][r["session_id"]] for r in answers + changes}
        )
        local_answers: dict[tuple[int, str], dict[str, Any]] = {}
        # (session, item) -> change identity -> id: local rows, then the ones added here
        change_ids: dict[tuple[int, str], dict[tuple[Any, ...], int]] = {}
        local_undoes: dict[int, int | None] = {}
        for start in range(0, len(session_ids), 500):
            chunk = session_ids[start : start + 500]
            for r in self.conn.execute(select(a_t).where(a_t.c.session_id.in_(chunk))):
                local_answers[(r.session_id, r.item_id)] = dict(r._mapping)
            for r in self.conn.execute(
                select(c_t).where(c_t.c.session_id.in_(chunk)).order_by(c_t.c.id)
            ):
                change_ids.setdefault((r.session_id, r.item_id), {}).setdefault(
                    _change_key(r._mapping), r.id
                )
                local_undoes[r.id] = r.undoes_id
        local_changes = {key: list(found) for key, found in change_ids.items()}
        remote_changes: dict[tuple[int, str], list[dict[str, Any]]] = {}
        undo_refs: dict[int, dict[str, Any]] = {}  # id(change) -> the change it undoes
        for raw in changes:
            change = self._local("answer_change", raw)
            if isinstance(raw.get("undoes_id"), dict):
                undo_refs[id(change)] = raw["undoes_id"]
            remote_changes.setdefault((change["session_id"], change["item_id"]), []).append(change)
        remote_answers: dict[tuple[int, str], dict[str, Any] | None] = {}
        for raw in answers:
            answer = self._local("answer", raw)
            remote_answers[(answer["session_id"], answer["item_id"])] = answer
        # An answer cleared on the laptop: no row in the bundle, its log ends with an empty state.
        cleared_at: dict[tuple[int, str], datetime] = {}
        for key, entries in remote_changes.items():
            if key in remote_answers or key not in local_answers:
                continue
            last = max(entries, key=lambda c: c["changed_at"])
            if last.get("new_state") is None and last.get("new_value") is None:
                cleared_at[key] = last["changed_at"]
                remote_answers[key] = None
        log: list[dict[str, Any]] = []
        fresh: list[dict[str, Any]] = []
        for key, theirs in remote_answers.items():
            mine = local_answers.get(key)
            if mine is None:
                assert theirs is not None
                fresh.append(theirs)
                self.receipt.count("answer", "added")
                if not remote_changes.get(key):
                    log.append(self._log(key, theirs, None, theirs["answered_by"]))
                continue
            if theirs is not None and _state_of(mine) == _state_of(theirs):
                self.receipt.count("answer", "skipped")
                continue
            local_keys = local_changes.get(key, [])
            remote_keys = [_change_key(c) for c in remote_changes.get(key, [])]
            common = set(local_keys) & set(remote_keys)
            last_common = max((k[2] for k in common), default=None)

            conflict = _changed_after(local_keys, common, last_common) and _changed_after(
                remote_keys, common, last_common
            )
            theirs_at = cleared_at[key] if theirs is None else theirs["answered_at"]
            by = theirs["answered_by"] if theirs is not None else _cleared_by(remote_changes[key])
            theirs_newer = theirs_at > mine["answered_at"]
            if theirs_newer:
                if theirs is None:
                    self.conn.execute(delete(a_t).where(a_t.c.id == mine["id"]))
                else:
                    self.conn.execute(update(a_t).where(a_t.c.id == mine["id"]).values(**theirs))
                log.append(self._log(key, theirs, mine, by))
                self.receipt.count("answer", "updated")
            else:
                self.receipt.count("answer", "skipped")
                if conflict:
                    # the older remote value is kept in the log, not dropped
                    log.append(self._log(key, mine, theirs, by))
            if conflict:
                theirs_value = None if theirs is None else theirs["value"]
                self.receipt.conflicts.append(
                    {
                        "table": "answer",
                        "session": self.ids.to_key["inspection_session"][key[0]],
                        "item": key[1],
                        "kept": theirs_value if theirs_newer else mine["value"],
                        "kept_from": "bundle" if theirs_newer else "local",
                        "other": mine["value"] if theirs_newer else theirs_value,
                        "local_at": mine["answered_at"].isoformat(),
                        "bundle_at": theirs_at.isoformat(),
                    }
                )
        remote_log: list[dict[str, Any]] = []
        repairs: list[tuple[int, dict[str, Any]]] = []
        for key, entries in remote_changes.items():
            seen = set(local_changes.get(key, []))
            for change in entries:
                change_key = _change_key(change)
                if change_key in seen:
                    local_id = change_ids.get(key, {}).get(change_key)
                    ref = undo_refs.get(id(change))
                    if (
                        ref is not None
                        and local_id is not None
                        and local_undoes.get(local_id) is None
                    ):
                        repairs.append((local_id, ref))  # imported before undoes_id travelled
                    else:
                        self.receipt.count("answer_change", "skipped")
                    continue
                seen.add(change_key)
                remote_log.append(change)
                self.receipt.count("answer_change", "added")
        if fresh:
            self.conn.execute(insert(a_t), fresh)
        self._insert_changes(remote_log, undo_refs, change_ids)
        for local_id, ref in repairs:
            session_id = self.conn.execute(
                select(c_t.c.session_id).where(c_t.c.id == local_id)
            ).scalar_one()
            target = self._undone(change_ids, session_id, ref)
            if target is None:
                self.receipt.count("answer_change", "skipped")
                continue
            self.conn.execute(update(c_t).where(c_t.c.id == local_id).values(undoes_id=target))
            self.receipt.count("answer_change", "updated")
        if log:
            self.conn.execute(insert(c_t), log)

    def _undone(
        self,
        change_ids: Mapping[tuple[int, str], Mapping[tuple[Any, ...], int]],
        session_id: int,
        ref: Mapping[str, Any],
    ) -> int | None:
        """This office's id of the change an undo of the bundle undoes (None: unknown)."""
        at = _load_value(self.tables["answer_change"].c.changed_at, ref.get("changed_at"))
        key = (ref.get("action"), ref.get("changed_by"), at, ref.get("new_value"))
        return change_ids.get((session_id, str(ref.get("item_id"))), {}).get(key)

    def _insert_changes(
        self,
        rows: list[dict[str, Any]],
        undo_refs: Mapping[int, Mapping[str, Any]],
        change_ids: dict[tuple[int, str], dict[tuple[Any, ...], int]],
    ) -> None:
        """Insert the bundle's changes oldest first, an undo pointing at this office's row of
        the change it undoes (inserted in batches; a batch ends where an undo needs an id)."""
        c_t = self.tables["answer_change"]
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            if not batch:
                return
            result = self.conn.execute(
                insert(c_t).returning(c_t.c.id, sort_by_parameter_order=True), batch
            )
            for row, new_id in zip(batch, result.scalars().all(), strict=True):
                change_ids.setdefault((row["session_id"], row["item_id"]), {}).setdefault(
                    _change_key(row), new_id
                )
            batch.clear()

        for change in sorted(rows, key=lambda c: c["changed_at"]):
            ref = undo_refs.get(id(change))
            if ref is not None:
                target = self._undone(change_ids, change["session_id"], ref)
                if target is None and batch:
                    flush()
                    target = self._undone(change_ids, change["session_id"], ref)
                change = {**change, "undoes_id": target}
            batch.append(change)
        flush()

    def _log(
        self,
        key: tuple[int, str],
        new: Mapping[str, Any] | None,
        old: Mapping[str, Any] | None,
        by: str,
    ) -> dict[str, Any]:
        """A change-log entry of the merge itself (counted as an added change); None: no
        answer (cleared)."""
        self.receipt.count("answer_change", "added")
        return {
            "session_id": key[0],
            "item_id": key[1],
            "action": "bundle",
            "old_value": old["value"] if old else None,
            "new_value": new["value"] if new else None,
            "old_state": _state_of(old) if old else None,
            "new_state": _state_of(new) if new else None,
            "changed_by": f"{self.actor} (bundle: {by})",
            "changed_at": self.now,
            "undoes_id": None,
        }

    def _dedupe(self, name: str, rows: list[dict[str, Any]], key: Any, parent_column: str) -> None:
        table = self.tables[name]
        converted = [self._local(name, r) for r in rows]
        parents = sorted({r[parent_column] for r in converted})
        seen: set[Any] = set()
        for start in range(0, len(parents), 500):
            for r in self.conn.execute(
                select(table).where(table.c[parent_column].in_(parents[start : start + 500]))
            ):
                seen.add(key(r._mapping))
        for row in converted:
            if key(row) in seen:
                self.receipt.count(name, "skipped")
                continue
            seen.add(key(row))
            self.conn.execute(insert(table).values(**row))
            self.receipt.count(name, "added")

    def _findings(self, findings: list[dict[str, Any]], changes: list[dict[str, Any]]) -> None:
        self._edited("finding", "finding_change", "finding_id", findings, changes)

    def _plans(self, plans: list[dict[str, Any]], changes: list[dict[str, Any]]) -> None:
        if "improvement_plan_change" not in self.tables:
            # An office database from before plans were logged: nothing tells which side
            # edited last, so the office's plan is kept and the difference reported.
            self._simple_keyed("improvement_plan", plans, conflicts=True)
            return
        self._edited("improvement_plan", "improvement_plan_change", "plan_id", plans, changes)

    def _edited(
        self,
        name: str,
        log_name: str,
        parent_column: str,
        rows: list[dict[str, Any]],
        changes: list[dict[str, Any]],
    ) -> None:
        """Rows edited on either side (findings, plans): the side whose last logged edit is
        newer wins, and both sides' edits stay in the change log."""
        table = self.tables[name]
        log = self.tables[log_name]
        remote_last: dict[str, datetime] = {}
        for raw in changes:
            at = _load_value(log.c.changed_at, raw["changed_at"])
            uid = raw[parent_column]
            remote_last[uid] = max(remote_last.get(uid, at), at)
        editable = [
            c.name for c in table.columns if c.name not in ("id", "uid", "created_by", "created_at")
        ]
        for raw in rows:
            uid = raw["uid"]
            local_id = self.ids.to_id[name].get(uid)
            theirs = self._local(name, raw)
            if local_id is None:
                self._insert(name, theirs)
                self.receipt.count(name, "added")
                continue
            mine = dict(
                self.conn.execute(select(table).where(table.c.id == local_id)).one()._mapping
            )
            differ = [c for c in editable if c in theirs and mine[c] != theirs[c]]
            if not differ:
                self.receipt.count(name, "skipped")
                continue
            local_last = self.conn.execute(
                select(log.c.changed_at)
                .where(log.c[parent_column] == local_id)
                .order_by(log.c.changed_at.desc())
                .limit(1)
            ).scalar()
            mine_at = local_last or mine["created_at"]
            theirs_at = remote_last.get(uid, theirs["created_at"])
            if theirs_at > mine_at:
                self.conn.execute(
                    update(table)
                    .where(table.c.id == local_id)
                    .values(**{c: theirs[c] for c in differ})
                )
                self.conn.execute(
                    insert(log).values(
                        **{parent_column: local_id},
                        action="bundle",
                        old={c: _dump_value(mine[c]) for c in differ},
                        new={c: _dump_value(theirs[c]) for c in differ},
                        changed_by=f"{self.actor} (bundle)",
                        changed_at=self.now,
                    )
                )
                self.receipt.count(name, "updated")
            else:
                self.receipt.count(name, "skipped")
        self._dedupe(
            log_name,
            changes,
            lambda r: (r[parent_column], r["action"], r["changed_by"], r["changed_at"]),
            parent_column,
        )

    def _layouts(self, rows: list[dict[str, Any]]) -> None:
        table = self.tables["site_layout"]
        for raw in rows:
            theirs = self._local("site_layout", raw)
            mine = self.conn.execute(
                select(table).where(table.c.session_id == theirs["session_id"])
            ).first()
            if mine is None:
                self.conn.execute(insert(table).values(**theirs))
                self.receipt.count("site_layout", "added")
            elif mine.layout != theirs.get("layout") and theirs["saved_at"] > mine.saved_at:
                self.conn.execute(update(table).where(table.c.id == mine.id).values(**theirs))
                self.receipt.count("site_layout", "updated")
            else:
                self.receipt.count("site_layout", "skipped")

    # -- the site tools ----------------------------------------------------------------------

    def _cards(self, rows: list[dict[str, Any]]) -> None:
        """Cards by (organization, number). A card the office lacks is added. A card both
        sides have keeps the office's values: cards carry no edit time (the application
        never edits a card once added), so the bundle only fills what the office left
        empty (group name, members, note); other differences are listed as conflicts."""
        table = self.tables["card"]
        staff = self.ids.to_id["person"]
        for raw in rows:
            theirs = self._local("card", raw)
            members: list[int] = []
            for number in raw.get("members") or []:
                if number not in staff:
                    raise BundleRefused(
                        f"damaged bundle: card '{raw['number']}' has an unknown member '{number}'"
                    )
                members.append(staff[number])
            theirs["members"] = members
            key = self.ids.composite("card", theirs)
            local_id = self.ids.to_id["card"].get(key)
            if local_id is None:
                self._insert("card", theirs)
                self.receipt.count("card", "added")
                continue
            mine = self.conn.execute(select(table).where(table.c.id == local_id)).one()._mapping
            fill: dict[str, Any] = {}
            differ: list[str] = []
            for column in _CARD_FIELDS:
                if column not in theirs:
                    continue
                if column == "members":
                    same = sorted(_member_ids(mine[column])) == sorted(members)
                else:
                    same = mine[column] == theirs[column]
                if same or (column in _CARD_FILLED and not theirs[column]):
                    continue
                if column in _CARD_FILLED and not mine[column]:
                    fill[column] = theirs[column]
                else:
                    differ.append(column)
            if fill:
                self.conn.execute(update(table).where(table.c.id == local_id).values(**fill))
                self.receipt.count("card", "updated")
            else:
                self.receipt.count("card", "skipped")
            if differ:
                self.receipt.conflicts.append(
                    {
                        "table": "card",
                        "uid": f"{key[0]}/{key[1]}",
                        "fields": differ,
                        "kept": "local",
                    }
                )

    def _storages(self, rows: list[dict[str, Any]]) -> None:
        """Backup storages by (organization, name): the newer `updated_at` wins (all the
        storage's fields), like a layout's `saved_at`."""
        table = self.tables["backup_storage"]
        editable = [
            c.name for c in table.columns if c.name not in ("id", "organization_id", "name")
        ]
        for raw in rows:
            theirs = self._local("backup_storage", raw)
            local_id = self.ids.to_id["backup_storage"].get(
                self.ids.composite("backup_storage", theirs)
            )
            if local_id is None:
                self._insert("backup_storage", theirs)
                self.receipt.count("backup_storage", "added")
                continue
            mine = self.conn.execute(select(table).where(table.c.id == local_id)).one()._mapping
            differ = [
                c
                for c in editable
                if c in theirs and c not in ("updated_by", "updated_at") and mine[c] != theirs[c]
            ]
            if differ and theirs["updated_at"] > mine["updated_at"]:
                self.conn.execute(
                    update(table)
                    .where(table.c.id == local_id)
                    .values(**{c: theirs[c] for c in editable if c in theirs})
                )
                self.receipt.count("backup_storage", "updated")
            else:
                self.receipt.count("backup_storage", "skipped")

    def _transports(self, rows: list[dict[str, Any]]) -> None:
        """Transports, append-only, by their content (`_transport_key`). The receiver is
        filled in later (`record_receipt`): a receiver in the bundle fills an empty one at
        the office; a recorded receiver is never overwritten (a different one is listed as a
        conflict)."""
        table = self.tables["backup_transport"]
        converted = [self._local("backup_transport", r) for r in rows]
        storages = sorted({r["storage_id"] for r in converted})
        mine: dict[tuple[Any, ...], dict[str, Any]] = {}
        for start in range(0, len(storages), 500):
            for r in self.conn.execute(
                select(table)
                .where(table.c.storage_id.in_(storages[start : start + 500]))
                .order_by(table.c.id)
            ):
                mine.setdefault(_transport_key(r._mapping), dict(r._mapping))
        for row in converted:
            key = _transport_key(row)
            local = mine.get(key)
            if local is None:
                row_id = self._insert("backup_transport", row)
                mine[key] = {**row, "id": row_id}
                self.receipt.count("backup_transport", "added")
                continue
            receiver = (row.get("receiver") or "").strip()
            if receiver and not (local["receiver"] or "").strip():
                self.conn.execute(
                    update(table).where(table.c.id == local["id"]).values(receiver=receiver)
                )
                local["receiver"] = receiver
                self.receipt.count("backup_transport", "updated")
                continue
            self.receipt.count("backup_transport", "skipped")
            if receiver and receiver != local["receiver"].strip():
                org, name = self.ids.to_key["backup_storage"][row["storage_id"]]
                self.receipt.conflicts.append(
                    {
                        "table": "backup_transport",
                        "uid": f"{org}/{name} {row['transport_date'].isoformat()}",
                        "fields": ["receiver"],
                        "kept": "local",
                    }
                )

    def _classifications(self, rows: list[dict[str, Any]]) -> None:
        """Hearing classifications, append-only, by their content (the current one of a
        session is the newest by `classified_at`, wherever it was made)."""
        self._dedupe("hearing_classification", rows, _classification_key, "session_id")


# card fields compared when both sides have the card; the ones a bundle may fill when empty
_CARD_FIELDS = ("kind", "use", "group_name", "members", "note")
_CARD_FILLED = frozenset({"group_name", "members", "note"})


def _composite(value: Any) -> Any:
    """A composite key as the bundle carries it ([organization code, value]) -> a tuple."""
    return tuple(value) if isinstance(value, list) else value


# The identity of an append-only row across databases: its content, not who typed it when
# (`recorded_by`/`recorded_at`, a usage line's `source`): the same ledger or usage log
# imported from one CSV file on the laptop and at the office is one set of rows.
def _card_event_key(row: Any) -> tuple[Any, ...]:
    return (
        row["card_id"],
        row["kind"],
        row["at"],
        row["person_id"],
        row["place"],
        row["note"],
        row["session_id"],
    )


def _card_usage_key(row: Any) -> tuple[Any, ...]:
    return (row["card_id"], row["used_at"], row["person_id"], row["user_name"], row["purpose"])


def _transport_key(row: Any) -> tuple[Any, ...]:
    """A transport without its receiver, the one field filled in later."""
    return (
        row["storage_id"],
        row["transport_date"],
        row["from_place"],
        row["to_place"],
        row["carrier"],
        bool(row["box_locked"]),
        bool(row["key_separate"]),
        row["note"],
    )


def _classification_key(row: Any) -> tuple[Any, ...]:
    return (
        row["session_id"],
        row["case_id"],
        bool(row["detailed_hearing"]),
        row["note"],
        row["classified_by"],
        row["classified_at"],
    )


def merge_bundles(engine: Engine, opened: Sequence[OpenedBundle], actor: str) -> Receipt:
    """Merge every opened bundle in ONE transaction: all of them or none."""
    receipt = Receipt()
    # The write lock before the first read: two imports at once read each other's rows.
    with write_connection(engine, wait=IMPORT_LOCK_WAIT) as conn:
        merger = _Merger(conn, actor, receipt)
        for bundle in opened:
            merger.merge(bundle.payload)
            if bundle.expired_on is not None:
                log_accepted_expired(
                    conn,
                    merger.tables,
                    bundle.payload,
                    bundle_id=bundle.bundle_id,
                    signer=bundle.signer,
                    expired_on=bundle.expired_on,
                    actor=actor,
                    at=merger.now,
                )
            receipt.bundles.append(
                {
                    "bundle_id": bundle.bundle_id,
                    "organization": bundle.payload.get("organization"),
                    "signer": bundle.signer,
                    "signer_organization": bundle.signer_organization,
                    "created_at": bundle.created_at.isoformat(),
                    "certificate_expired_on": bundle.expired_on.isoformat()
                    if bundle.expired_on
                    else None,
                }
            )
    return receipt


# -- services ------------------------------------------------------------------------------


def export_bundle(
    engine: Engine,
    organization: str,
    output: Path,
    *,
    signer: office_keys.Identity,
    encryption_cert: x509.Certificate,
    since: date | None = None,
    guard: OutputGuard | None = None,
) -> dict[str, int]:
    """Write the bundle file, encrypted for the office encryption certificate (checked to be
    issued by the signer's office root, for key agreement, valid now); returns the number of
    rows per table. Raises `KeyProblem` for an unusable certificate, before reading anything.
    `guard`: the output rules (`inspector.output_files`; default: no --force)."""
    office_keys.check_encryption_cert(encryption_cert, signer.root)
    payload = collect(engine, organization, since, exporter=signer.name)
    data = seal(payload, signer.key, signer.certificate, encryption_cert)
    write_atomic(output, data, guard=guard)
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
    now: datetime | None = None,
    revocations: Revocations | None = None,
) -> Receipt:
    """Check and decrypt every file first, then merge them all in one transaction.

    `office_cert` is the office root, `encryption_cert`/`encryption_key` the office
    encryption certificate (checked to be issued by the root) and its key."""
    try:
        office_keys.check_encryption_cert(encryption_cert, office_cert, check_dates=False)
    except office_keys.KeyProblem as exc:
        raise BundleRefused(str(exc)) from None
    opened: list[OpenedBundle] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BundleRefused(f"{path}: {exc.strerror or exc}") from None
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
        except BundleRefused as exc:
            raise BundleRefused(f"{path}: {exc}") from None
        if bundle.bundle_id in seen:
            continue  # the same bundle twice in one command
        seen[bundle.bundle_id] = path
        opened.append(bundle)
    try:
        receipt = merge_bundles(engine, opened, actor)
    except IntegrityError as exc:  # a last line: the payload check should have said why
        raise BundleRefused(f"the content conflicts with this database: {exc.orig}") from None
    for entry, path in zip(receipt.bundles, seen.values(), strict=True):
        entry["file"] = str(path)
    return receipt


__all__ = [
    "BundleRefused",
    "OpenedBundle",
    "Receipt",
    "collect",
    "export_bundle",
    "fingerprint",
    "import_bundles",
    "load_encryption_cert",
    "load_encryption_key",
    "load_office_cert",
    "load_signer",
    "merge_bundles",
    "open_bundle",
    "seal",
]
