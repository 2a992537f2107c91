"""The on-disk cache of what a read command answers from: the plan, or why not.

An entry is keyed by a hash of every plan file's path and bytes, the plan folder's
resolved path, add's own source files and schemas, and add's and Python's versions:
any change to any of them is a miss, never a stale answer. The working folder is
not part of the key (`checks.loaded` stores paths relative to the plan folder).

The folder is $ADD_CACHE_DIR, else platformdirs' user cache folder for "add";
ADD_NO_CACHE=1 turns the cache off. add makes the folder private (0700) and its
files 0600, and uses neither a folder nor a file that is a symbolic link, belongs
to another user or can be written by others: it says so in one warning line (the
"add_cli" logger) and runs uncached. It reads regular files only (a named pipe never
blocks it), and prunes only its own files, by name and by their first bytes.

An entry is MAGIC, the key, the payload's length and CRC-32, then the payload (see `codec`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import sys
import time
import zlib  # imported by Click already: costs nothing at start-up
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from add_cli import __version__
from add_cli.core.i18n import language
from add_cli.store.paths import plan_files, read_regular, schemas_dir

if TYPE_CHECKING:
    from hashlib import blake2b

FORMAT = 4
KEEP = 16
"""How many entries to keep (the least recently used go first)."""
MAGIC = b"add plan cache\n"
NAME = r"add-plan-[0-9a-f]{40}\.cache"
TEMP = r"\.add-plan-[0-9a-f]{40}\.cache\.(?:[A-Za-z0-9_]+\.tmp|lock)"
"""Add's entries, temporary files and lock files (regular expressions): nothing else is
pruned."""
STALE_TEMP = 3600
"""Seconds after which a temporary file (of a run that was killed) is removed."""

_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _warn(message: str) -> None:
    """One line on stderr (through logging's last-resort handler unless configured)."""
    import logging

    logging.getLogger("add_cli").warning("add: warning: %s", message)


def _unsafe(st: os.stat_result, what: str) -> str | None:
    """Why a folder or file with this lstat must not be used, or None."""
    if stat.S_ISLNK(st.st_mode):
        return f"{what} is a symbolic link"
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return f"{what} belongs to another user"
    if os.name != "nt" and st.st_mode & 0o022:
        return f"{what} can be written by other users"
    return None


def configured_dir() -> Path | None:
    """Where the cache is meant to be, or None when ADD_NO_CACHE turns it off."""
    if os.environ.get("ADD_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("ADD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    fast = _xdg_cache_dir()
    if fast is not None:
        return fast
    import platformdirs

    return Path(platformdirs.user_cache_dir("add", appauthor=False))


def _xdg_cache_dir() -> Path | None:
    """platformdirs' answer on Linux in the usual cases, without importing it (5 to 10 ms).

    $XDG_CACHE_HOME/add when that is an absolute path, else $HOME/.cache/add when
    HOME is; anything else (and every other system) is left to platformdirs.
    tests/test_cache.py checks that both agree.
    """
    if not sys.platform.startswith("linux"):
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg.startswith("/"):
        return Path(xdg) / "add"
    home = os.environ.get("HOME", "")
    if home.startswith("/"):
        return Path(home.rstrip("/") or "/") / ".cache" / "add"
    return None


def usable_dir() -> Path | None:
    """The cache folder, created private when missing; None (with a warning) when unsafe."""
    directory = configured_dir()
    if directory is None:
        return None
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = directory.lstat()
    except OSError as exc:
        _warn(f"cannot use the cache folder {directory} ({exc.strerror or exc}); not caching")
        return None
    problem = _unsafe(st, f"the cache folder {directory}")
    if problem is None and not stat.S_ISDIR(st.st_mode):
        problem = f"the cache folder {directory} is not a folder"
    if problem is not None:
        _warn(f"{problem}; not caching")
        return None
    return directory


# ------------------------------------------------------------------ the key


def _hash() -> blake2b:
    try:  # hashlib.blake2b is this; importing hashlib also loads OpenSSL (2 ms)
        from _blake2 import blake2b as make
    except ImportError:  # pragma: no cover - Pythons without the builtin module
        from hashlib import blake2b as make
    return make(digest_size=20)


LARGE = 8 * 1024 * 1024
"""Plan bytes from which the key is SHA-256 (OpenSSL's, with the CPU's SHA instructions
twice as fast as BLAKE2 here; loading OpenSSL costs 3 to 5 ms, so small plans keep BLAKE2)."""


class _Sha256:
    """SHA-256 cut to the 20 bytes of a key (BLAKE2's digest_size)."""

    def __init__(self) -> None:
        try:
            from _hashlib import openssl_sha256 as make
        except ImportError:  # pragma: no cover - a Python without OpenSSL
            from hashlib import sha256 as make
        self._digest = make()

    def update(self, data: bytes) -> None:
        self._digest.update(data)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()[:40]


@functools.cache
def code_digest() -> bytes:
    """A hash of add's own .py files and schemas, so that a changed add never reads old entries.

    Of each file's path, size and modification time (in ns), not its bytes: an edit
    changes the time, and stat-ing the package's files costs a fraction of reading
    them (about 0.3 ms against 1.5 ms; once per run).
    """
    digest = _hash()
    package = Path(__file__).resolve().parents[1]
    names = sorted(_python_files(str(package)))
    with contextlib.suppress(OSError):
        names += sorted(str(p) for p in schemas_dir().iterdir() if p.suffix == ".json")
    for name in names:
        try:
            st = os.stat(name)  # noqa: PTH116 - a plain, fast stat
            digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
        except OSError:
            digest.update(f"{name}\0unreadable\0".encode())
    return digest.digest()


def _python_files(folder: str) -> list[str]:
    out = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith((".py", ".mo")) and entry.is_file():  # .mo: the messages
                out.append(entry.path)
            elif entry.is_dir(follow_symlinks=False) and not entry.name.startswith((".", "_")):
                out += _python_files(entry.path)
    return out


def key(root: Path) -> tuple[str, dict[Path, bytes]]:
    """The key for the plan in `root`, and the bytes read (by resolved path) to make it.

    Raises OSError when a file cannot be read, or is not a regular file or over the size
    limit by the time it is opened: the caller then reads the plan uncached, which says why.
    """
    base = root.resolve()
    contents = {}
    named = []
    for file in plan_files(root):
        data = read_regular(file)
        contents[file.resolve()] = data
        named.append((f"{file.relative_to(root)}\0{len(data)}\0".encode(), data))
    large = sum(len(data) for _name, data in named) >= LARGE
    digest: blake2b | _Sha256 = _Sha256() if large else _hash()
    header = f"{FORMAT}\0{__version__}\0{sys.version}\0{sys.implementation.cache_tag}\0{base}\0"
    header += f"{language()}\0"  # findings and period readings are text in the language
    header += "sha256\0" if large else ""
    digest.update(header.encode())
    digest.update(code_digest())
    for name, data in named:
        digest.update(name)
        digest.update(data)
    return digest.hexdigest(), contents


# ------------------------------------------------------------------ entries


def _entry(directory: Path, hexkey: str) -> Path:
    return directory / f"add-plan-{hexkey}.cache"


def _lock_path(directory: Path, hexkey: str) -> Path:
    return directory / f".add-plan-{hexkey}.cache.lock"


_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
WAIT = 20.0
"""Seconds a read waits at most for another add that is making the same entry (`wait`)."""


class Claim:
    """This process is making the entry of `hexkey` (`claim`): an exclusive lock on the
    entry's lock file, held from before the plan is read until the entry is written.

    The lock belongs to the open file, which every process forked meanwhile shares: it is
    held as long as one of them still has it open. The process that writes the entry
    (a second process that may outlive the command: `store.parallel`) ends the claim
    (`done`); one that ends without writing it lets go by ending. Another add that
    misses the same entry meanwhile waits for it (`wait`) instead of reading the plan
    a second time beside this one."""

    def __init__(self, directory: Path, hexkey: str, fd: int) -> None:
        self.path, self._fd = _lock_path(directory, hexkey), fd
        self._ours = True  # the lock file is this claim's to remove (`done`)

    def release(self) -> None:
        """Let go of this process's hold (processes forked meanwhile keep theirs)."""
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1

    def done(self) -> None:
        """The entry is written (or will not be): remove the lock file and let go (also
        after `release`: without fork, the entry is written after the read has let go)."""
        if self._ours:
            self._ours = False
            with contextlib.suppress(OSError):
                os.unlink(self.path)  # noqa: PTH108
        self.release()


def claim(directory: Path, hexkey: str) -> Claim | None:
    """Claim the making of `hexkey`'s entry; None where locks are not to be had (no
    flock: Windows, where nothing outlives the command), or it is claimed already."""
    try:
        import fcntl
    except ImportError:
        return None
    path = _lock_path(directory, hexkey)
    try:
        fd = os.open(path, _LOCK_FLAGS, 0o600)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if _unsafe(st, f"the cache file {path}") is None and stat.S_ISREG(st.st_mode):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.utime(fd)  # a lock file in use is never stale (`prune`)
            return Claim(directory, hexkey, fd)
    except OSError:  # held by another add (it makes the entry), or not a file to lock
        pass
    os.close(fd)
    return None


def wait(directory: Path, hexkey: str, timeout: float = WAIT) -> bool:
    """Wait while another add makes `hexkey`'s entry (`Claim`), at most `timeout` seconds;
    whether one was making it (the caller reads the entry again)."""
    try:
        import fcntl
    except ImportError:
        return False
    fd = _open_regular(_lock_path(directory, hexkey))
    if fd is None:
        return False
    waited = False
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return waited
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return waited
                waited = True
                time.sleep(0.01)
    except OSError:
        return waited
    finally:
        os.close(fd)


def _header(hexkey: str, size: int, crc: int = 0) -> bytes:
    """MAGIC, the key, the payload's length and its CRC-32 (a damaged byte is a miss)."""
    return MAGIC + hexkey.encode() + size.to_bytes(8, "big") + crc.to_bytes(4, "big")


def _open_regular(path: Path) -> int | None:
    """A descriptor of `path` when it is a safe regular file of ours, else None.

    O_NONBLOCK: opening a named pipe does not wait for a writer; O_NOFOLLOW: a
    symbolic link is not followed. A file that is there but unsafe gets a warning.
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        problem = _unsafe(st, f"the cache file {path}")
        if problem is None and not stat.S_ISREG(st.st_mode):
            problem = f"the cache file {path} is not a regular file"
        if problem is None:
            return fd
        _warn(f"{problem}; ignoring it")
    except OSError:
        pass
    os.close(fd)
    return None


def read(directory: Path, hexkey: str) -> bytes | None:
    """The payload stored under `hexkey`, or None (missing, damaged, not ours)."""
    path = _entry(directory, hexkey)
    fd = _open_regular(path)
    if fd is None:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            data = handle.read()
            with contextlib.suppress(OSError, NotImplementedError):
                os.utime(handle.fileno())  # recently used: pruned last
    except OSError:
        return None
    head = _header(hexkey, 0)
    start = len(head)
    if len(data) < start or not data.startswith(head[: start - 12]):
        return None
    if int.from_bytes(data[start - 12 : start - 4], "big") != len(data) - start:
        return None
    payload = data[start:]
    if zlib.crc32(payload) != int.from_bytes(data[start - 4 : start], "big"):
        return None  # a flipped bit on disk: read the plan again rather than trust it
    return payload


def write(directory: Path, hexkey: str, payload: bytes | Sequence[bytes]) -> None:
    """Store `payload` under `hexkey` (0600, via a temporary file), then prune; never raises.

    A payload in parts is written part by part (never joined in memory)."""
    import tempfile

    parts = [payload] if isinstance(payload, bytes) else payload

    path = _entry(directory, hexkey)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            crc = 0
            for part in parts:
                crc = zlib.crc32(part, crc)
            handle.write(_header(hexkey, sum(map(len, parts)), crc))
            for part in parts:
                handle.write(part)
        Path(name).replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)  # noqa: PTH108
        return
    with contextlib.suppress(OSError):
        prune(directory)


def prune(directory: Path, keep: int = KEEP) -> None:
    """Remove all but the `keep` most recently used entries; touch nothing that is not add's."""
    import re

    ours: list[tuple[int, str]] = []
    now = time.time()
    name, temp = re.compile(NAME), re.compile(TEMP)
    with os.scandir(directory) as entries:
        for entry in entries:
            if temp.fullmatch(entry.name):
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_TEMP:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)  # noqa: PTH108
                continue
            if not name.fullmatch(entry.name):
                continue
            fd = _open_regular(Path(entry.path))
            if fd is None:
                continue
            try:
                head = os.read(fd, len(MAGIC))
                mtime = os.fstat(fd).st_mtime_ns
            finally:
                os.close(fd)
            if head == MAGIC:
                ours.append((mtime, entry.path))
    ours.sort(reverse=True)
    for _mtime, path in ours[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(path)  # noqa: PTH108
