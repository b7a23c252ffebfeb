"""Encrypted, signed bundles: carrying one organization's work from a laptop to the audit
office (the lesson of 003: whatever is lost on the way must be useless to the finder).

- `envelope`: the file format, sealed (AES-256-GCM, the content key wrapped for the office
  encryption key, signed by the exporter) and opened (format, exporter, signature,
  addressee, decryption, then the content checks of `content_checks`); `signer` judges the
  exporter's certificate at import time.
- `payload`: the rows of one organization to send, with natural keys (`rows`) for ids.
- the merge: `merge` puts together the rules per table family (`merge_organizations`,
  `merge_sessions`, `merge_answers`, `merge_findings`, `merge_site` on `merge_base`), all
  bundles in one transaction; `receipt` says what it did.
- `transfer`: export to a file and import files; the use cases that load the keys are in
  `inspector.services.bundles`.

Nothing is written before every file passed all the checks; the merge is one transaction.
"""

from __future__ import annotations

from inspector.exchange.bundle.envelope import (
    MAGIC,
    OpenedBundle,
    canonical,
    fingerprint,
    load_encryption_cert,
    load_encryption_key,
    load_office_cert,
    load_signer,
    open_bundle,
    seal,
)
from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.merge import merge_bundles
from inspector.exchange.bundle.payload import collect
from inspector.exchange.bundle.receipt import Receipt
from inspector.exchange.bundle.rows import (
    COMPOSITE_KEY,
    FORMAT,
    NATURAL_KEY,
    OPTIONAL_TABLES,
    TABLE_ORDER,
)
from inspector.exchange.bundle.transfer import check_files, export_bundle, import_bundles

__all__ = [
    "COMPOSITE_KEY",
    "FORMAT",
    "MAGIC",
    "NATURAL_KEY",
    "OPTIONAL_TABLES",
    "TABLE_ORDER",
    "BundleRefused",
    "OpenedBundle",
    "Receipt",
    "canonical",
    "check_files",
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
