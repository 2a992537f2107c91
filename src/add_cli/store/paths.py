"""Where the plan and the schemas are, and which files a plan directory holds.

Kept free of heavy imports: every command starts here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

SCHEMA_VERSION = 1
MAX_BYTES = 16 * 1024 * 1024
"""The largest plan file add reads."""
MAX_PLAN_BYTES = 128 * 1024 * 1024
"""All plan files together (each file is also limited, MAX_BYTES): room for about 100,000
actions, while a hostile folder of many large files stays bounded (`store.read`)."""

# file kind -> (file name, schema file, required)
FILES: dict[str, tuple[str, str, bool]] = {
    "plan": ("plan.yaml", "plan.schema.json", True),
    "departments": ("departments.yaml", "departments.schema.json", True),
    "actions": ("actions.yaml", "actions.schema.json", True),
    "ncdd": ("ncdd.yaml", "ncdd.schema.json", False),
}
PROGRESS_DIR = "progress"
PROGRESS_SCHEMA = "progress.schema.json"
ACTIONS_DIR = "actions"
"""A large plan may spread its actions over actions/*.yaml, beside or instead of
actions.yaml: each file is an actions file (the same schema), read in name order
after actions.yaml. Document kinds: "actions" and "actions:<file name>"."""


def is_actions(kind: str) -> bool:
    """Whether a document kind holds actions: actions.yaml or a file of actions/."""
    return kind == "actions" or kind.startswith("actions:")


_SOURCE_ROOT = Path(__file__).resolve().parents[3]
_PACKAGED = Path(__file__).resolve().parents[1] / "_data"


def shipped_plan_dir() -> Path:
    """The plan that ships with add: inside the wheel, or the checkout's plan/."""
    packaged = _PACKAGED / "plan"
    return packaged if packaged.is_dir() else _SOURCE_ROOT / "plan"


def is_packaged(root: Path) -> bool:
    """True for the plan inside an installed package, which add never edits."""
    try:
        return root.resolve() == (_PACKAGED / "plan").resolve()
    except OSError:
        return False


def schemas_dir() -> Path:
    packaged = _PACKAGED / "schemas"
    return packaged if packaged.is_dir() else _SOURCE_ROOT / "schemas"


def plan_files(root: Path) -> list[Path]:
    """The regular plan files, in a fixed order (what the plan cache hashes).

    Folders, pipes and dangling links are left out here; `store.read` reports them.
    """
    files = [root / name for name, _s, _r in FILES.values() if (root / name).is_file()]
    for folder in (root / ACTIONS_DIR, root / PROGRESS_DIR):
        if folder.is_dir():
            files += sorted(
                f for f in folder.iterdir() if f.suffix in {".yaml", ".yml"} and f.is_file()
            )
    return files


def locate(explicit: Path | None, cwd: Path) -> Path:
    """The plan directory: --plan/ADD_PLAN, else ./plan when it exists, else the shipped plan."""
    if explicit is not None:
        return explicit
    local = cwd / "plan"
    if (local / "plan.yaml").is_file():
        return local
    return shipped_plan_dir()


def display_path(path: Path, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd) if path.is_absolute() else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


class NotRegular(OSError):
    """A plan path that is not a regular file (a folder, a named pipe, a device, ...)."""


class TooLarge(OSError):
    """A plan file over the limit; `size` is what it holds (at least)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular(file: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of `file`, read only when it is a regular file of at most `limit` bytes.

    The one way add reads a plan file's bytes (the reader, the cache key, the cut of a
    large file of actions, completion). It is opened without blocking and checked on the
    open descriptor, so a named pipe or device put in its place after any earlier check
    can neither make the read wait nor be read; a file that grows past `limit` while it
    is read is refused too. Raises NotRegular, TooLarge or another OSError.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(file, flags | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(f"{file} is not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data
