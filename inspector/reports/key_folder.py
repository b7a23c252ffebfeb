"""The keys folder (settings `resolved_keys_dir`): where each file lives, and reading and
writing them.

    office/root.pem          the office root certificate (public)
    office/root.key.pem      its EC P-256 key, encrypted with a passphrase
    office/encryption.pem    the office encryption certificate (key agreement only), issued
                             by the root: bundles are encrypted for it
    office/encryption.key.pem  its EC P-256 key, encrypted with the office passphrase
    inspectors/<name>.pem    an inspector's certificate, issued by the root
    inspectors/<name>.key.pem  the inspector's key, encrypted

Every file is written to a temporary file and renamed, readable only by its owner (0600).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from inspector.i18n import Message
from inspector.reports.errors import KeyProblem
from inspector.reports.key_files import read_private_key, write_private


def _file_stem(name: str) -> str:
    # NFC: a name typed decomposed (NFD, as some input methods and macOS give it) is the
    # same person's and the same file, never a second key under a name that looks alike
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", unicodedata.normalize("NFC", name.strip()))
    if not stem or stem in (".", ".."):
        raise KeyProblem(Message("more.keys.bad_name", name=name))
    return stem


def root_paths(keys_dir: Path) -> tuple[Path, Path]:
    return keys_dir / "office" / "root.pem", keys_dir / "office" / "root.key.pem"


def encryption_paths(keys_dir: Path) -> tuple[Path, Path]:
    return keys_dir / "office" / "encryption.pem", keys_dir / "office" / "encryption.key.pem"


def inspector_paths(keys_dir: Path, name: str) -> tuple[Path, Path]:
    stem = _file_stem(name)
    folder = keys_dir / "inspectors"
    cert = folder / f"{stem}.pem"
    if not cert.exists() and folder.is_dir():
        # a key issued before names were composed (NFC) may lie under its decomposed
        # spelling: the same person's key, found (revoked, replaced) by either spelling
        for other in sorted(folder.glob("*.pem")):
            twin = other.name.removesuffix(".pem")
            if not twin.endswith(".key") and unicodedata.normalize("NFC", twin) == stem:
                return other, folder / f"{twin}.key.pem"
    return cert, folder / f"{stem}.key.pem"


def has_root(keys_dir: Path) -> bool:
    cert, key = root_paths(keys_dir)
    return cert.is_file() and key.is_file()


def has_encryption(keys_dir: Path) -> bool:
    cert, key = encryption_paths(keys_dir)
    return cert.is_file() and key.is_file()


def _write_private(path: Path, data: bytes) -> None:
    """Atomically, 0600, in 0700 folders (the keys folder is two levels up)."""
    write_private(path, data, path.parent.parent)


def _load_key(path: Path, passphrase: bytes, what: str) -> ec.EllipticCurvePrivateKey:
    return read_private_key(path, passphrase, what, path.parent.parent)


def _load_cert(path: Path) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except ValueError:
        raise KeyProblem(Message("more.keys.not_pem", path=path)) from None
