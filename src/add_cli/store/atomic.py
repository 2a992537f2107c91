"""Atomic file writes: a temporary file in the same folder, then a rename.

A reader, or a process killed half-way, sees the old file or the new one, never
a mix. The temporary file is removed when anything goes wrong, and every failure
(no permission, disk full, a folder where the file should be) becomes an
`AddError` with a message that says what to do, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from pathlib import Path

from add_cli.core.errors import AddError
from add_cli.core.i18n import _

RETRY_REPLACE = os.name == "nt"
"""On Windows a virus scanner, the search indexer or OneDrive briefly holds files
open, and a rename onto such a file fails with PermissionError: retry it then."""
REPLACE_TRIES = 10
REPLACE_PAUSE = 0.05  # seconds between tries

_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


def failure(path: Path, exc: OSError) -> AddError:
    """The AddError that says why writing `path` failed."""
    where = path.parent
    number = exc.errno
    if number in _READ_ONLY:
        return AddError(
            "read-only",
            _(
                "cannot write {path}: permission denied (is {folder} read-only, or not yours?)"
            ).format(path=path, folder=where),
        )
    if number in _FULL:
        return AddError(
            "write-failed", _("cannot write {path}: the disk is full").format(path=path)
        )
    if number == errno.EISDIR or path.is_dir():
        return AddError(
            "write-failed", _("cannot write {path}: it is a folder, not a file").format(path=path)
        )
    if number == errno.ENOENT and not where.exists():
        return AddError(
            "write-failed",
            _("cannot write {path}: the folder {folder} does not exist").format(
                path=path, folder=where
            ),
        )
    if number == errno.ENOTDIR:
        return AddError(
            "write-failed",
            _("cannot write {path}: {folder} is not a folder").format(path=path, folder=where),
        )
    return AddError(
        "write-failed", _("cannot write {path}: {why}").format(path=path, why=exc.strerror or exc)
    )


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _replace(tmp: Path, path: Path) -> None:
    for attempt in range(REPLACE_TRIES):
        try:
            tmp.replace(path)
            return
        except PermissionError:
            if not RETRY_REPLACE or attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(REPLACE_PAUSE)


def write_bytes(path: Path, data: bytes) -> None:
    """Replace (or create) the regular file `path` with `data`, atomically."""
    if path.is_dir():
        raise AddError(
            "write-failed", _("cannot write {path}: it is a folder, not a file").format(path=path)
        )
    directory = path.parent
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise failure(path, exc) from None
    tmp = Path(name)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if path.exists():
            with contextlib.suppress(OSError):
                tmp.chmod(path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            tmp.chmod(0o666 & ~umask)
        _replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise failure(path, exc) from None
        raise
    with contextlib.suppress(OSError):  # make the rename durable where the OS allows it
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
