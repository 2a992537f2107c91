"""The writers' lock: one `add` at a time edits a plan folder.

The lock is a file outside the plan folder, so that `git add -A` never sees it:
in $ADD_LOCK_DIR, else the user's runtime folder (else cache folder), named by a
hash of the plan folder's resolved path. `filelock` takes it with `flock` on POSIX and with
`msvcrt.locking` on Windows; the operating system releases it when the process
ends, however it ends, so a killed writer never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

from add_cli.core.errors import AddError
from add_cli.core.i18n import _

APP = "add"
LOCK_TIMEOUT = 120.0
"""Seconds to wait for another writer; a write takes well under one."""


def _private_folder(folder: Path) -> Path:
    """`folder`, created with mode 0700 where missing, and ours; raises OSError otherwise."""
    missing = []
    at = folder
    while not at.exists():
        missing.append(at)
        if at.parent == at:
            break
        at = at.parent
    for part in reversed(missing):
        with contextlib.suppress(FileExistsError):
            part.mkdir(mode=0o700)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
        raise PermissionError(f"{folder} belongs to another user")
    if os.name != "nt":
        folder.chmod(0o700)
    return folder


def lock_folder() -> Path:
    """Where lock files live: $ADD_LOCK_DIR, else the user's runtime folder, else the
    user's cache folder."""
    import platformdirs

    explicit = os.environ.get("ADD_LOCK_DIR")
    with warnings.catch_warnings():  # no XDG_RUNTIME_DIR: platformdirs warns and falls back
        warnings.simplefilter("ignore")
        candidates = [
            Path(platformdirs.user_runtime_dir(APP)),
            Path(platformdirs.user_cache_dir(APP)) / "locks",
        ]
    if explicit:
        candidates = [Path(explicit)]
    reasons = []
    for folder in candidates:
        try:
            return _private_folder(folder)
        except OSError as exc:
            reasons.append(f"{folder}: {exc.strerror or exc}")
    raise AddError(
        "write-failed",
        _("cannot create a folder for the lock: {why}").format(why="; ".join(reasons)),
    )


def lock_path(root: Path) -> Path:
    """The lock file of the plan folder `root`: the same for every spelling of its path."""
    key = os.path.normcase(str(root.resolve()))
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return lock_folder() / f"plan-{digest}.lock"


@contextlib.contextmanager
def plan_lock(root: Path) -> Iterator[Path]:
    """Hold the writers' lock of the plan folder `root`; yields the lock file's path."""
    from filelock import FileLock, Timeout

    path = lock_path(root)
    lock = FileLock(str(path), timeout=LOCK_TIMEOUT, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise AddError(
            "write-failed",
            _("another add has been writing {root} for {n} s (lock file {path}); try again").format(
                root=root, n=f"{LOCK_TIMEOUT:.0f}", path=path
            ),
        ) from None
    except OSError as exc:
        raise AddError(
            "write-failed",
            _("cannot take the lock {path}: {why}").format(path=path, why=exc.strerror or exc),
        ) from None
    try:
        yield path
    finally:
        lock.release()
