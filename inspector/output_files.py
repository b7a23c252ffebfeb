"""Every file the program writes for the user (CSV, workbooks, PDFs, bundles) goes through
here, so that a wrong `-o` cannot destroy what the office keeps.

The rules (THREATS.md, "files written"):
- never over the live database (or its -wal, -shm, -journal), a file in the keys folder,
  or anything that looks like a database (plain, or SQLCipher's whole pages of random
  bytes, or named .db/.sqlite/.sqlite3) or a private key, even with `--force`; compared
  by resolved path and by inode, so a relative path or a hard link is caught too;
- an existing file is kept unless `force`; a symbolic link (file or folder) is refused,
  never followed;
- the folder must exist (a mistyped path is an error, not a new folder somewhere); a folder
  made for outputs (`--all -o DIR`) is 0700 whatever the umask;
- the data goes to a temporary file in the same folder, is fsynced, and is renamed over the
  target only when complete: a full disk or an error leaves neither a half file nor the
  temporary one.

Standard library only: exchange, reports, the CLI and the TUI all use it.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from inspector.i18n import Message, os_error

__all__ = [
    "OutputError",
    "OutputExists",
    "OutputGuard",
    "check_output_target",
    "database_file",
    "safe_file_name",
    "sync_folder",
    "write_atomic",
]

_SQLITE_MAGIC = b"SQLite format 3\x00"
# A SQLCipher database has no header: whole pages (a multiple of 512 bytes) of random
# bytes. Our own outputs that `--force` may replace start with their own magic.
_BUNDLE_MAGIC = b"INSPECTOR-BUNDLE/"  # exchange.bundle.envelope's (a test keeps them equal)
_OUR_MAGICS = (b"%PDF-", b"PK\x03\x04", _BUNDLE_MAGIC)
_ENCRYPTED_ENTROPY = 7.5  # bits per byte; text, PDFs and our bundles stay well below
_DATABASE_NAME = re.compile(r"\.(db|sqlite|sqlite3)(-wal|-shm|-journal)?$", re.IGNORECASE)
_DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")
# Characters that would leave the folder, hide the file, or break on Windows file systems.
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_MAX_NAME = 120


class OutputError(Exception):
    """A file cannot or must not be written; the message says which and why."""


class OutputExists(OutputError):
    """The target exists and `force` was not given (the TUI asks before replacing)."""


def database_file(url: str | None) -> Path | None:
    """The file of a SQLite (or SQLCipher) database URL, or None for other databases."""
    if not url:
        return None
    if "://" not in url:
        return Path(url)
    scheme, _, rest = url.partition("://")
    if not scheme.startswith("sqlite"):
        return None
    # sqlite:///relative, sqlite:////absolute, sqlite+pysqlcipher://:secret@/path?opts
    _authority, slash, path = rest.partition("/")
    # percent-decoded as SQLAlchemy decodes it (`%41` is `A`): the file the engine opens
    path = unquote(path.split("?", 1)[0])
    if not slash or not path or path == ":memory:":
        return None
    return Path(path)


def safe_file_name(text: str, fallback: str = "_") -> str:
    """`text` as one file name that stays in its folder: no separators, no control or
    reserved characters, no leading dot (hidden, `..`), not too long."""
    name = _UNSAFE_NAME.sub("_", text).strip().lstrip(".")
    name = name.replace("..", "_")[:_MAX_NAME].strip()
    return name or fallback


def _resolved(path: Path) -> Path:
    """The absolute path with its folder's links resolved (the last part is kept as is)."""
    path = Path(os.path.abspath(path.expanduser()))
    return path.parent.resolve() / path.name


def _same(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _entropy(data: bytes) -> float:
    """Shannon entropy in bits per byte."""
    counts = [data.count(bytes([value])) for value in set(data)]
    return -sum(n / len(data) * math.log2(n / len(data)) for n in counts)


def _looks_protected(path: Path) -> Message | None:
    """What an existing file is when it must never be replaced (a database, plain or
    encrypted, or a private key)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return None
    if head.startswith(_SQLITE_MAGIC):
        return Message("more.output.is_database")
    if b"PRIVATE KEY-----" in head:
        return Message("more.output.is_private_key")
    if _DATABASE_NAME.search(path.name):
        return Message("more.output.named_database")
    if head.startswith(_OUR_MAGICS):
        return None
    if size >= 1024 and size % 512 == 0 and _entropy(head) > _ENCRYPTED_ENTROPY:
        return Message("more.output.looks_encrypted")
    return None


@dataclass(frozen=True)
class OutputGuard:
    """The checks and the atomic write for one command's outputs.

    `database_url`, `keys_dir`: what this run must never write over; `force`: replace an
    existing file (never a protected one, never through a link)."""

    force: bool = False
    database_url: str | None = None
    keys_dir: Path | None = None

    def _protected(self) -> list[Path]:
        db = database_file(self.database_url)
        if db is None:
            return []
        db = _resolved(db)
        return [db.with_name(db.name + suffix) for suffix in _DATABASE_COMPANIONS]

    def check(self, path: Path) -> Path:
        """The absolute target for `path`, or `OutputError` saying why it cannot be written
        (`OutputExists` when only `force` is missing)."""
        target = _resolved(Path(path))
        shown = Path(path)
        for protected in self._protected():
            if _same(target, protected):
                raise OutputError(
                    Message("more.output.is_the_database", path=shown, name=protected.name)
                )
        if self.keys_dir is not None:
            keys = Path(self.keys_dir).expanduser().resolve()
            if target == keys or target.is_relative_to(keys):
                raise OutputError(Message("more.output.in_keys", path=shown, keys=keys))
            if target.exists() and keys.is_dir():
                for key_file in keys.rglob("*"):
                    if key_file.is_file() and _same(target, key_file):
                        raise OutputError(Message("more.output.key_file", path=shown))
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise OutputError(
                Message("more.output.cannot_write", path=shown, detail=os_error(exc))
            ) from None
        if info is not None:
            if stat.S_ISLNK(info.st_mode):
                raise OutputError(Message("more.output.symlink", path=shown))
            if stat.S_ISDIR(info.st_mode):
                raise OutputError(Message("more.output.is_folder", path=shown))
            if not stat.S_ISREG(info.st_mode):
                raise OutputError(Message("more.output.not_regular", path=shown))
            what = _looks_protected(target)
            if what is not None:
                raise OutputError(Message("more.output.protected", path=shown, what=what))
            if not self.force:
                raise OutputExists(Message("more.output.exists", path=shown))
        if not target.parent.is_dir():
            raise OutputError(Message("more.output.no_folder", path=shown, folder=target.parent))
        return target

    def check_folder(self, folder: Path) -> Path:
        """A folder that outputs go into (`report notice --all -o DIR`): made when missing
        if its own folder exists; never the keys folder or a link."""
        target = _resolved(Path(folder))
        if self.keys_dir is not None:
            keys = Path(self.keys_dir).expanduser().resolve()
            if target == keys or target.is_relative_to(keys):
                raise OutputError(Message("more.output.in_keys", path=folder, keys=keys))
        if target.is_symlink():
            raise OutputError(Message("more.output.symlink", path=folder))
        if target.exists() and not target.is_dir():
            raise OutputError(Message("more.output.is_file", path=folder))
        if not target.exists():
            if not target.parent.is_dir():
                raise OutputError(
                    Message("more.output.no_folder_into", path=folder, folder=target.parent)
                )
            try:
                target.mkdir(mode=0o700)  # the umask can only take bits away
            except FileExistsError:
                pass
            except OSError as exc:
                raise OutputError(
                    Message("more.output.cannot_create", path=folder, detail=os_error(exc))
                ) from None
        return target

    def file_in(self, folder: Path, name: str) -> Path:
        """`folder/name` with `name` (built from data) made safe: it cannot leave `folder`.
        A folder that is a symbolic link is refused (links are not followed)."""
        if Path(folder).is_symlink():
            raise OutputError(Message("more.output.symlink", path=folder))
        return Path(folder) / safe_file_name(name)

    @contextlib.contextmanager
    def temporary(self, path: Path, *, mode: int = 0o600) -> Iterator[Path]:
        """Yields a temporary file beside the target to write to; when the block ends
        without an error it is fsynced and put at the target (checked again, so a file or
        link made meanwhile is not clobbered). On any error it is removed. An `OSError` (a
        full disk, no permission) becomes `OutputError`."""
        target = self.check(path)
        try:
            staged = _Staged.beside(target)
        except OSError as exc:
            raise OutputError(
                Message("more.output.cannot_write", path=path, detail=os_error(exc))
            ) from None
        try:
            yield staged.path
            staged.finish(mode)
            self.check(path)  # anything made at the target since the first check
            staged.put(target, replace=self.force, shown=path)
            sync_folder(target.parent)
        except OSError as exc:
            raise OutputError(
                Message("more.output.cannot_write_nothing", path=path, detail=os_error(exc))
            ) from None
        finally:
            staged.discard()

    def write(self, path: Path, data: bytes, *, mode: int = 0o600) -> Path:
        """Write `data` atomically to `path` after the checks; returns the target."""
        with self.temporary(path, mode=mode) as tmp, tmp.open("wb") as handle:
            handle.write(data)
        return Path(path)


class _Staged:
    """The file being written. Where the system can (Linux, O_TMPFILE) it has no name until
    it is complete, so a kill leaves nothing behind; elsewhere it is a hidden
    `.NAME.*.part` file beside the target, removed on any error."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self.fd = fd  # the anonymous file's descriptor; None for a named temporary file

    @classmethod
    def beside(cls, target: Path) -> _Staged:
        flag = getattr(os, "O_TMPFILE", 0)
        if flag and os.path.isdir("/proc/self/fd"):
            try:
                fd = os.open(target.parent, flag | os.O_RDWR, 0o600)
            except OSError:
                pass  # a file system without anonymous files: a named one
            else:
                return cls(Path(f"/proc/self/fd/{fd}"), fd)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(fd)
        return cls(Path(name), None)

    def finish(self, mode: int) -> None:
        if self.fd is not None:
            os.fsync(self.fd)
            os.fchmod(self.fd, mode)
            return
        with self.path.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(self.path, mode)

    def put(self, target: Path, *, replace: bool, shown: Path) -> None:
        if replace:
            if self.fd is not None:  # a name first: only a rename replaces atomically
                name = _free_name(target)
                _link(self.path, name)
                try:
                    os.replace(name, target)
                except BaseException:
                    name.unlink(missing_ok=True)
                    raise
            else:
                os.replace(self.path, target)  # replaces a link made meanwhile; never follows
            return
        try:
            # fails if anything appeared at the target: never clobbers
            _link(self.path, target)
        except FileExistsError:
            raise OutputExists(Message("more.output.exists", path=shown)) from None
        except OSError:
            if self.fd is not None:
                raise
            os.replace(self.path, target)  # a file system without hard links (FAT)

    def discard(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        else:
            self.path.unlink(missing_ok=True)


def _link(source: Path, target: Path) -> None:
    """A hard link that follows `/proc/self/fd/N` to the anonymous file: only linkat with
    AT_SYMLINK_FOLLOW does, which `os.link` uses when given a folder descriptor."""
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.link(source, target.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def _free_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.urandom(6).hex()}.part")


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable. Not every platform can open a folder, or fsync
    one: those are tolerated (the rename is done; only its durability is not asked)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def check_output_target(
    path: Path,
    *,
    force: bool = False,
    database_url: str | None = None,
    keys_dir: Path | None = None,
) -> Path:
    """`OutputGuard(...).check(path)`: the absolute target, or `OutputError`."""
    return OutputGuard(force, database_url, keys_dir).check(path)


def write_atomic(path: Path, data: bytes, *, guard: OutputGuard | None = None) -> Path:
    """Write `data` to `path` under `guard`'s rules (default: no `force`)."""
    return (guard or OutputGuard()).write(path, data)
