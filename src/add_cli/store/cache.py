"""An on-disk cache of the built plan for read commands, keyed by the files' content.

The key is a hash of every plan file's path and bytes (plus add's and Python's
versions), so a cached plan is used only for exactly the files it was built
from: any change to any file is a miss, never a stale answer. Only plans that
loaded without problems are cached; `add validate` never uses the cache.

The cache lives in $ADD_CACHE_DIR, else $XDG_CACHE_HOME/add, else ~/.cache/add;
ADD_NO_CACHE=1 turns it off. It holds pickles written by add itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from add_cli import __version__
from add_cli.core.model import Plan
from add_cli.store.parallel import no_gc
from add_cli.store.paths import plan_files

if TYPE_CHECKING:
    from add_cli.store.load import LoadResult

FORMAT = 1
KEEP = 16
"""How many cached plans to keep (the least recently used go first)."""


def cache_dir() -> Path | None:
    if os.environ.get("ADD_NO_CACHE"):
        return None
    explicit = os.environ.get("ADD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "add"


def _key(root: Path, cwd: Path, files: list[Path]) -> tuple[str, dict[Path, bytes]]:
    try:  # hashlib.blake2b is this; importing hashlib also loads OpenSSL (2 ms)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - Pythons without the builtin module
        from hashlib import blake2b
    digest = blake2b(digest_size=20)
    header = f"{FORMAT}\0{__version__}\0{sys.version_info[:2]}\0{cwd}\0{root}\0"
    digest.update(header.encode())
    contents = {}
    for file in files:
        data = file.read_bytes()
        contents[file.resolve()] = data
        digest.update(f"{file.relative_to(root)}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest(), contents


def load_plan(root: Path, cwd: Path) -> tuple[Plan | None, LoadResult | None]:
    """The plan from the cache, or loaded (and cached when it loads clean).

    Returns (plan, None) on success, or (None, result) when the plan has problems.
    """
    directory = cache_dir()
    if directory is None or not root.is_dir():
        from add_cli.store.load import load

        result = load(root, cwd)
        return (result.plan, None) if result.ok else (None, result)
    try:
        key, contents = _key(root, cwd, plan_files(root))
    except OSError:
        from add_cli.store.load import load

        result = load(root, cwd)
        return (result.plan, None) if result.ok else (None, result)
    entry = directory / f"{key}.pickle"
    with contextlib.suppress(Exception), entry.open("rb") as handle, no_gc():
        plan = pickle.load(handle)
        if isinstance(plan, Plan):
            with contextlib.suppress(OSError):
                os.utime(entry)
            return plan, None
    from add_cli.store.load import load

    result = load(root, cwd, overrides=contents)
    if not result.ok or result.plan is None:
        return None, result
    _store(directory, entry, result.plan)
    return result.plan, None


def _store(directory: Path, entry: Path, plan: Plan) -> None:
    from add_cli.store.atomic import write_bytes

    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        write_bytes(entry, pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))
        cached = sorted(directory.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in cached[:-KEEP]:
            old.unlink()
