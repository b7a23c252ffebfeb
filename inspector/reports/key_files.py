"""Private key files on disk: written 0600 in 0700 folders, read only when nobody else can.

A keys folder that exists but is open to others (0777, say, from a careless `mkdir` or a
copy under umask 000) is set to 0700 when it is ours: that is what its owner would do and
nothing in it is meant for anyone else. One owned by another user is refused, as we
cannot fix it. A key file readable by group or others is refused, never silently used:
someone may already have copied it, so the user decides (chmod, or a new key).

An empty or truncated key file is "damaged", not "wrong passphrase": the PEM armour and
the DER structure are checked before the passphrase is tried.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
import tempfile
from pathlib import Path

from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from inspector.i18n import Message
from inspector.reports.errors import DamagedKey, KeyProblem, NoKey, WrongPassphrase
from inspector.secret_text import byte_forms

_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def secure_folder(folder: Path, *, create: bool = True) -> None:
    """Create `folder` 0700 if missing (unless told); make an existing one 0700 (refuse
    one that is not ours)."""
    if create:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    elif not folder.is_dir():
        return
    info = folder.stat()
    if not info.st_mode & _OTHERS:
        return
    if info.st_uid != os.geteuid():
        raise KeyProblem(
            Message(
                "more.keys.folder_open", folder=folder, mode=f"{stat.S_IMODE(info.st_mode):04o}"
            )
        )
    folder.chmod(0o700)


def secure_folders(path: Path, keys_dir: Path | None, *, create: bool = True) -> None:
    """Secure every folder from `keys_dir` down to the folder of `path`."""
    folders = [path.parent]
    if keys_dir is not None:
        cursor = path.parent
        while cursor != keys_dir and keys_dir in cursor.parents:
            cursor = cursor.parent
            folders.append(cursor)
    for folder in reversed(folders):
        secure_folder(folder, create=create)


def write_private(path: Path, data: bytes, keys_dir: Path | None = None) -> None:
    """Write atomically (temp file + rename) with mode 0600 in 0700 folders."""
    secure_folders(path, keys_dir)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_private_mode(path: Path) -> None:
    """Refuse a key file that group or others can read or write."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & _OTHERS:
        raise KeyProblem(Message("more.keys.key_readable", path=path, mode=f"{mode:04o}"))


_WRITABLE_BY_OTHERS = stat.S_IWGRP | stat.S_IWOTH


def check_not_writable_by_others(path: Path) -> None:
    """Refuse a keys folder file others may have replaced (the root certificate, the
    revocation list): a swapped root trusts a forger, a swapped list undoes revocations.
    Not fixed silently, as the folder is: the content may already be someone else's."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if mode & _WRITABLE_BY_OTHERS:
        raise KeyProblem(Message("more.keys.writable", path=path, mode=f"{mode:04o}"))


def check_office_files(keys_dir: Path) -> None:
    """Every file of the keys folder's office/ (root, encryption certificate, revocation
    list): none writable by others."""
    office = keys_dir / "office"
    for path in sorted(office.iterdir()) if office.is_dir() else []:
        if path.is_file():
            check_not_writable_by_others(path)


def _damaged(data: bytes) -> str | None:
    """Why `data` is not a whole PEM private key (None when its structure is sound)."""
    if not data.strip():
        return Message("errors.keys.damage.empty")
    text = data.decode("ascii", "replace")
    begin = text.find("-----BEGIN ")
    end = text.find("-----END ")
    if begin < 0:
        return Message("errors.keys.damage.not_pem")
    if end < 0:
        return Message("errors.keys.damage.truncated")
    label = text[begin + 11 : text.find("-----", begin + 11)]
    body = text[text.find("\n", begin) + 1 : end]
    try:
        der = base64.b64decode("".join(body.split()), validate=True)
    except (binascii.Error, ValueError):
        return Message("errors.keys.damage.not_base64")
    parser = {
        "ENCRYPTED PRIVATE KEY": asn1_keys.EncryptedPrivateKeyInfo,
        "PRIVATE KEY": asn1_keys.PrivateKeyInfo,
        "EC PRIVATE KEY": asn1_keys.ECPrivateKey,
    }.get(label)
    if parser is None:
        return Message("errors.keys.damage.other_block", label=label or "different")
    try:
        parser.load(der, strict=True).native  # noqa: B018 - parses every field
    except Exception:
        return Message("errors.keys.damage.content_damaged")
    return None


def read_private_key(
    path: Path, passphrase: bytes, what: str, keys_dir: Path | None = None
) -> ec.EllipticCurvePrivateKey:
    """The unlocked EC key of `path`; NoKey, DamagedKey, WrongPassphrase or KeyProblem.
    The folders from `keys_dir` down to it are closed to 0700 first (none is created)."""
    secure_folders(path, keys_dir, create=False)
    try:
        check_private_mode(path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise NoKey(Message("errors.keys.no_key_file", path=path)) from None
    problem = _damaged(data)
    if problem is not None:
        raise DamagedKey(Message("errors.keys.damaged", what=what, path=path, problem=problem))
    key = None
    # NFC first, then as given: a key encrypted before keys were made with NFC still opens
    for form in byte_forms(passphrase) if passphrase else (passphrase,):
        try:
            key = serialization.load_pem_private_key(data, password=form or None)
            break
        except (ValueError, TypeError):
            continue
    if key is None:
        raise WrongPassphrase(Message("errors.keys.wrong_passphrase", what=what, path=path))
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise KeyProblem(Message("more.keys.not_ec", path=path))
    return key


__all__ = [
    "check_not_writable_by_others",
    "check_office_files",
    "check_private_mode",
    "read_private_key",
    "secure_folder",
    "secure_folders",
    "write_private",
]
