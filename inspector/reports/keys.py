"""The audit office's small certificate authority: a root, and inspector certificates.

What lives where:

- `key_folder.py`: the keys folder's layout (which file is where), reading and writing it;
- `cert_builder.py`: names, key usages and the extensions of the certificates issued;
- `office_keys.py`: the office root and the office encryption key;
- `identities.py`: issuing an inspector's certificate, loading an inspector's identity;
- `certificate_list.py`: the inspector certificates issued so far;
- beside them `key_files.py` (private key files on disk), `signer_checks.py` (who may
  sign) and `revocation.py` (the revocation list).

This module gathers their public names: `inspector.reports.keys` is what the rest of the
program imports.
"""

from __future__ import annotations

from inspector.reports.cert_builder import DEFAULT_OFFICE, _encrypted, _name, _point, _subject
from inspector.reports.certificate_list import IssuedCertificate, list_inspectors
from inspector.reports.errors import (
    CertificateProblem,
    DamagedKey,
    KeyProblem,
    NoKey,
    WrongPassphrase,
)
from inspector.reports.identities import (
    INSPECTOR_YEARS,
    Identity,
    check_validity,
    issue_inspector,
    load_identity,
)
from inspector.reports.key_folder import _load_cert as load_certificate
from inspector.reports.key_folder import (
    _load_key,
    _write_private,
    encryption_paths,
    has_encryption,
    has_root,
    inspector_paths,
    root_paths,
)
from inspector.reports.office_keys import (
    ROOT_YEARS,
    check_encryption_cert,
    init_encryption,
    init_office,
    load_encryption_cert,
    load_encryption_key,
    load_root,
)
from inspector.reports.signer_checks import issued_by

__all__ = [
    "DEFAULT_OFFICE",
    "INSPECTOR_YEARS",
    "ROOT_YEARS",
    "CertificateProblem",
    "DamagedKey",
    "Identity",
    "IssuedCertificate",
    "KeyProblem",
    "NoKey",
    "WrongPassphrase",
    "_encrypted",
    "_load_key",
    "_name",
    "_point",
    "_subject",
    "_write_private",
    "check_encryption_cert",
    "check_validity",
    "encryption_paths",
    "has_encryption",
    "has_root",
    "init_encryption",
    "init_office",
    "inspector_paths",
    "issue_inspector",
    "issued_by",
    "list_inspectors",
    "load_certificate",
    "load_encryption_cert",
    "load_encryption_key",
    "load_identity",
    "load_root",
    "root_paths",
]
