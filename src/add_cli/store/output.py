"""Writing an output file (`-o FILE`) the way its kind of path asks for.

- A regular file, or a new one: replaced atomically (see `atomic`).
- A symbolic link: kept; the file it points to is replaced atomically.
- A device, a named pipe or a socket (`/dev/stdout`, `/dev/null`, `mkfifo`), and
  the file descriptor links `/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N` whatever
  they point to: opened and written, never renamed over (that would put a regular
  file where the device or the shell's redirection was).
- A folder, or a file in a folder that does not exist: refused with a message.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from add_cli.core.errors import AddError
from add_cli.core.i18n import _
from add_cli.store.atomic import failure, write_bytes

_FD_LINK = re.compile(r"/dev/(?:stdout|stderr|fd/\d+)|/proc/(?:self|thread-self|\d+)/fd/\d+")
_MAX_HOPS = 40


def _through_fd_link(path: Path) -> bool:
    """Whether `path`, or a symbolic link it leads through, names an open file descriptor."""
    at = Path(os.path.normpath(Path.cwd() / path))  # absolute, links not followed
    for _hop in range(_MAX_HOPS):
        if _FD_LINK.fullmatch(at.as_posix()):
            return True
        try:
            target = at.readlink()
        except OSError:  # not a link (or gone): the chain ends here
            return False
        at = Path(os.path.normpath(at.parent / target))
    return False


def _stream(path: Path, data: bytes, append: bool) -> None:
    try:
        with path.open("ab" if append else "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise failure(path, exc) from None


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` (see the module text for what each kind of path gets)."""
    try:
        info = path.stat()  # follows links
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a loop of links, a file where a folder should be, ...
        raise failure(path, exc) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise AddError(
            "write-failed",
            _("cannot write {path}: it is a folder; name a file in it").format(path=path),
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        _stream(path, data, append=False)  # a device, pipe or socket
        return
    if _through_fd_link(path):
        # The shell's redirection (`-o /dev/stdout > file`): write where it points,
        # appending so that `>>` keeps what the file held.
        _stream(path, data, append=True)
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = target.parent
    if not folder.is_dir():
        what = _("is not a folder") if folder.exists() else _("does not exist")
        raise AddError(
            "write-failed",
            _("cannot write {path}: the folder {folder} {what}").format(
                path=path, folder=folder, what=what
            ),
        )
    write_bytes(target, data)
