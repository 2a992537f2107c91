"""The one entry point for reading a plan folder: `load` = read, schema pass, build.

`store.read` parses the files, `store.schema` checks them against schemas/, and
`store.build` builds the model from what passes. The model does not depend on the
working folder: every path in it is relative to the plan folder. Only the findings
are shown relative to the working folder (`Finding.root`).
"""

from __future__ import annotations

from pathlib import Path

from add_cli.store import parallel
from add_cli.store.build import build
from add_cli.store.paths import display_path
from add_cli.store.read import LoadResult, Located, read_documents

__all__ = ["LoadResult", "Located", "load"]


def load(
    root: Path,
    cwd: Path | None = None,
    overrides: dict[Path, bytes] | None = None,
    consume: bool = False,
    light: bool = False,
) -> LoadResult:
    """Read a plan directory. Never raises for bad input: see `LoadResult.load_errors`.

    `cwd` only decides how the findings show the plan folder (default: the process's
    working folder). `overrides` gives file contents (by resolved path) to use instead
    of the disk's, so that an edit can be validated before it is written (`consume`,
    `light`: see `read_documents`).
    """
    shown = display_path(root, cwd or Path.cwd())
    with parallel.no_gc():
        result = build(read_documents(root, shown, overrides, consume, light))
    result.show()
    return result
