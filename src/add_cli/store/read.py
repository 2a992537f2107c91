"""Reading a plan folder: every plan file parsed into a `Document`, or a load error.

A plan folder holds:

    plan.yaml            title, sources, action lines and sub-lines
    departments.yaml     the department registry
    actions.yaml         the actions (annex and body)
    actions/*.yaml       more actions, for a large plan (beside or instead of actions.yaml)
    ncdd.yaml            Bijlage 2 (optional)
    progress/*.yaml      progress reports, one file per reporting date

Every document's path is relative to the plan folder ("progress/2025-10-31.yaml"),
so nothing read here depends on the working folder. Every plan file that is there
is read or reported: a folder, a named pipe or a dangling link where a file belongs
is a load error (`not-a-file`), and nothing is opened before it is known to be a
regular file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from add_cli.core import findings as F
from add_cli.core.findings import Finding
from add_cli.core.i18n import _
from add_cli.core.model import Plan, ProgressEntry
from add_cli.store import parallel, split
from add_cli.store.paths import (
    ACTIONS_DIR,
    FILES,
    MAX_PLAN_BYTES,
    PROGRESS_DIR,
    SCHEMA_VERSION,
    read_regular,
)
from add_cli.store.yamlread import (
    Document,
    Path_,
    YamlProblem,
    not_a_file,
    parse_bytes,
    read,
)

YAML_SUFFIXES = frozenset({".yaml", ".yml"})


@dataclass(slots=True)
class Located:
    """A model object with the document and the path it came from.

    Its position is looked up only when asked (`at`): a finding needs it, most items
    have none. A cold read makes one per action and entry: slots keep them small.
    """

    doc: Document
    where: Path_

    def at(self, *sub: str | int) -> tuple[str, int, int]:
        line, col = self.doc.pos((*self.where, *sub))
        return self.doc.path, line, col


@dataclass
class LoadResult:
    root: Path
    shown_root: str = ""
    """The plan folder as the user sees it (relative to the working folder), for findings."""
    plan: Plan | None = None
    docs: dict[str, Document] = field(default_factory=dict)
    """Every document read, by kind ('plan', 'actions', ..., 'progress:<name>')."""
    load_errors: list[Finding] = field(default_factory=list)
    schema: list[Finding] = field(default_factory=list)
    """The JSON Schema errors; the items they are in are left out of `plan`."""
    build_errors: list[Finding] = field(default_factory=list)
    """Errors of the rules the builder applies for a sound model (`store.build`)."""
    warnings: list[Finding] = field(default_factory=list)
    left_out: list[Located] = field(default_factory=list)
    """Items not in `plan`: a schema error in them, or a rule of `store.build` (a second
    action with an id, a date that does not exist)."""
    actions_at: dict[str, list[Located]] = field(default_factory=dict)
    """Where each action id is defined, by its key (more than one place for duplicates)."""
    declared_ids: set[str] = field(default_factory=set)
    """Every action id the files declare (as keys), also of actions left out."""
    action_places: list[Located] = field(default_factory=list)
    """Where each action of `plan.actions` is defined, in the same order."""
    entries_at: list[tuple[ProgressEntry, Located]] = field(default_factory=list)
    unkeyed: list[str] = field(default_factory=list)
    """Files read from disk rather than from the bytes given (`overrides`): on a cached read
    (`checks.loaded`), files that were not there when the plan's cache key was made."""
    lines_at: dict[str, Located] = field(default_factory=dict)
    departments_at: dict[str, Located] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """The plan was built from every item of every file, and no schema error was found."""
        return (
            self.plan is not None and not self.load_errors and not self.schema and not self.left_out
        )

    @property
    def problems(self) -> list[Finding]:
        """Why the model is not the files' whole content: the load errors, else the rest."""
        return self.load_errors or [*self.schema, *self.build_errors]

    def show(self) -> None:
        """Show every finding under the plan folder as the user sees it (`Finding.root`)."""
        self.load_errors = F.shown(self.load_errors, self.shown_root)
        self.schema = F.shown(self.schema, self.shown_root)
        self.build_errors = F.shown(self.build_errors, self.shown_root)
        self.warnings = F.shown(self.warnings, self.shown_root)


def _problem_finding(p: YamlProblem) -> Finding:
    return F.make(p.code, (p.path, p.line, p.col), p.message)


def _rel(file: Path, root: Path) -> str:
    return file.relative_to(root).as_posix()


def read_documents(
    root: Path,
    shown_root: str = "",
    overrides: dict[Path, bytes] | None = None,
    consume: bool = False,
    light: bool = False,
) -> LoadResult:
    """Parse the plan files of `root`, without building the model.

    `overrides` gives file contents (by resolved path) to use instead of the disk's. With
    `consume`, the dict is emptied as the files are parsed (each file's bytes leave it once
    read), so that a large plan's bytes (read whole to key the plan cache) are not held
    while the plan is checked; without it, the caller's dict is left as it was (an edit
    writes the same bytes after checking them). With `light`, documents may hold their
    positions two levels deep only (`Document.light`): for a read that answers, where
    only a finding asks for a deeper one; an edit, which splices, wants them all.
    """
    result = LoadResult(root=root, shown_root=shown_root)
    given = overrides if consume and overrides is not None else dict(overrides or {})
    _read_all(root, result, given, light)
    return result


def _folder_files(
    root: Path, folder: str, result: LoadResult, overrides: dict[Path, bytes]
) -> list[Path]:
    """The YAML files of a plan's sub-folder (progress/, actions/), in name order."""
    where = root / folder
    files = []
    if where.is_dir():
        files = [f for f in where.iterdir() if f.suffix in YAML_SUFFIXES]
    elif where.exists() or where.is_symlink():  # a file, a pipe, a dangling link
        why = not_a_file(where) or _("is a file; {folder} files belong in a folder").format(
            folder=folder
        )
        result.load_errors.append(F.make("not-a-file", (folder, 1, 1), f"{folder} {why}"))
        return []
    # A file that an edit is about to create exists only as an override.
    on_disk = {f.resolve() for f in files}
    files += [where / p.name for p in overrides if p.parent == where.resolve() and p not in on_disk]
    return sorted(files, key=lambda f: f.name)


def _progress_files(root: Path, result: LoadResult, overrides: dict[Path, bytes]) -> list[Path]:
    return _folder_files(root, PROGRESS_DIR, result, overrides)


def _too_large(files: list[Path], result: LoadResult, root: Path) -> bool:
    """Refuse a plan whose files together exceed MAX_PLAN_BYTES, before reading any."""
    total = 0
    for file in files:
        total += _size(file)
        if total > MAX_PLAN_BYTES:
            result.load_errors.append(
                F.make(
                    "file-too-large",
                    (_rel(file, root), 1, 1),
                    f"the plan files reach {total:,} bytes with this one; a plan is limited "
                    f"to {MAX_PLAN_BYTES:,} in all",
                )
            )
            return True
    return False


def _read_all(root: Path, result: LoadResult, overrides: dict[Path, bytes], light: bool) -> None:
    if not root.is_dir():
        why = (
            _("plan directory does not exist")
            if not root.exists()
            else _("plan directory is a file")
        )
        result.load_errors.append(F.make("missing-file", (".", 1, 1), why))
        return
    reports = _progress_files(root, result, overrides)
    more_actions = _folder_files(root, ACTIONS_DIR, result, overrides)
    singles = [root / name for name, _s, _r in FILES.values()]
    if _too_large([*singles, *more_actions, *reports], result, root):
        return
    # On a large plan a second process parses the progress files meanwhile, and as many
    # whole files of actions/ (from the last) as leave it the smaller share of the work (its
    # bytes weigh SEND), and the end of the last file left here to even the work out
    # (`store.split`): a cut also lets both processes run the quick schema check on what
    # they parsed. (Given whole files until the shares were equal in bytes, the second
    # process had the larger share on 50,000 actions, no cut was made, and the checks were
    # left to the building of the model: 1.5 s of it, against 0.2 s on 10,000 actions.)
    mine = [f for f in singles if f.name == "actions.yaml"] + more_actions
    theirs = list(reports)
    while len(mine) > 1 and SEND * _bytes([*theirs, mine[-1]]) <= _bytes(mine[:-1]):
        theirs.insert(0, mine.pop())
    named = Counter(f.resolve() for f in [*singles, *more_actions, *reports])
    given = _Given(overrides, {p for p, n in named.items() if n > 1}, light)
    cut = _cut(mine, theirs, root, given)
    cut_kind = "" if cut is None else _kind(cut.file, root)
    fork = cut is not None or (
        parallel.worth_forking(_bytes(theirs)) and parallel.worth_forking(_bytes(mine))
    )
    # The second process runs the quick schema check on what it parsed, unless that would
    # keep this one waiting longer (its share is the larger: see `_cut`).
    vouch = fork and (cut is not None or SEND * _bytes(theirs) <= _bytes(mine))

    def read_theirs() -> tuple[LoadResult, split.Tail | None]:
        part = LoadResult(root=root)
        for file in theirs:
            kind = "progress:" if file in reports else "actions:"
            _read_one(file, _rel(file, root), kind + file.name, part, given)
        tail = cut.tail(light) if cut is not None else None
        if vouch:  # the quick schema check of what was parsed here (`schema.vouch`)
            from add_cli.store import schema

            for kind, doc in part.docs.items():
                schema.vouch(kind, doc)
            if tail is not None and cut is not None:
                tail.vouched = schema.vouch_items(cut_kind, tail.items)
        return part, tail

    if fork:  # what both processes use, made once before the fork instead of once in each
        from add_cli.store import schema, yamlfast  # noqa: F401 - its patterns compile here

        if vouch:
            schema.ready(["progress:", "actions"])
    pending = parallel.start(read_theirs, fork=fork)
    if pending.forked:  # the second process reads these: its own bytes now
        for file in theirs:
            given.take(file)
    head: Document | None = None
    head_vouched = False
    at = 0  # where the split file's load error goes, if it has one

    def read_mine(file: Path, shown: str, kind: str) -> None:
        nonlocal head, head_vouched, at
        if cut is None or file != cut.file:
            _read_one(file, shown, kind, result, given)
            if vouch and kind.startswith("actions:") and kind in result.docs:
                # A whole file of actions/ here: checked while the second process works,
                # rather than after it, when the model is built (`schema.start`).
                from add_cli.store import schema

                schema.vouch(kind, result.docs[kind])
            return
        head = cut.head(light)
        at = len(result.load_errors)
        if head is None:  # the whole file here after all
            _keep(_parsed(file, shown, cut.raw, light), kind, result)
            cut.raw = b""
            return
        from add_cli.store import schema  # its quick check, while the second process works

        head_vouched = schema.vouch_items(cut_kind, head.data[split.KEY])

    for kind, (name, _schema, required) in FILES.items():
        file = root / name
        there = file.exists() or file.is_symlink() or file.resolve() in overrides
        there = there or (cut is not None and file == cut.file)  # its bytes taken already
        if not there:
            if required and not (kind == "actions" and more_actions):
                result.load_errors.append(
                    F.make(
                        "missing-file",
                        (name, 1, 1),
                        _("required plan file {name} is missing").format(name=name),
                    )
                )
            continue
        read_mine(file, name, kind)
    for file in more_actions:
        if file not in theirs:
            read_mine(file, _rel(file, root), f"actions:{file.name}")
    part, tail = pending.result()
    if cut is not None and head is not None:
        if tail is None:
            found = _parsed(cut.file, cut.shown, cut.raw, light)
        else:
            found = split.merge(head, tail, head_vouched, cut.raw)
        if isinstance(found, Document):
            found = _checked(found, cut.shown)
        if isinstance(found, Document):
            result.docs[cut_kind] = found
        else:
            result.load_errors.insert(at, found)
        cut.raw = b""  # read: its bytes leave, as an override's do
    result.docs.update(part.docs)
    result.load_errors += part.load_errors
    result.unkeyed += part.unkeyed
    # One order whoever read them: the plan files, actions/ and progress/ by name.
    ranks = {kind: i for i, kind in enumerate(FILES)}
    result.docs = dict(
        sorted(result.docs.items(), key=lambda kd: (ranks.get(kd[0], len(ranks)), kd[0]))
    )
    known = {name for name, _s, _r in FILES.values()}
    for file in sorted(root.iterdir()):
        if file.suffix in YAML_SUFFIXES and file.name not in known:
            result.warnings.append(
                F.make(
                    "unknown-file",
                    (file.name, 1, 1),
                    _("add does not read this file (plan files: {names})").format(
                        names=", ".join([*sorted(known), f"{ACTIONS_DIR}/*.yaml"])
                        + f", {PROGRESS_DIR}/*.yaml"
                    ),
                )
            )


def _bytes(files: list[Path]) -> int:
    return sum(_size(file) for file in files)


def _size(file: Path) -> int:
    """The size of a regular file; 0 for anything else (reported when it is read)."""
    try:
        return file.stat().st_size if file.is_file() else 0
    except OSError:
        return 0


@dataclass
class _Given:
    """The overrides, handed out once each: a file's bytes leave with its reading."""

    overrides: dict[Path, bytes]
    shared: set[Path]
    """Files that more than one plan path names (a link): they keep their bytes, so that
    every path reads the same ones."""
    light: bool = False
    """Documents are parsed light (see `read_documents`)."""

    def peek(self, file: Path) -> bytes | None:
        return self.overrides.get(file.resolve())

    def take(self, file: Path) -> bytes | None:
        resolved = file.resolve()
        if resolved in self.shared:
            return self.overrides.get(resolved)
        return self.overrides.pop(resolved, None)


def _read_one(file: Path, shown: str, kind: str, result: LoadResult, given: _Given) -> None:
    raw = given.take(file)
    if raw is None and file.is_file():  # not among the bytes given: read from disk now
        result.unkeyed.append(shown)
    _keep(_parsed(file, shown, raw, given.light), kind, result)


def _keep(found: Document | Finding, kind: str, result: LoadResult) -> None:
    if isinstance(found, Document):
        result.docs[kind] = found
    else:
        result.load_errors.append(found)


def _parsed(file: Path, shown: str, raw: bytes | None, light: bool) -> Document | Finding:
    """The document of a plan file (of `raw`, its bytes, when given), or why there is none."""
    try:
        doc = read(file, shown, light) if raw is None else parse_bytes(shown, raw, light)
    except YamlProblem as problem:
        return _problem_finding(problem)
    return _checked(doc, shown)


def _checked(doc: Document, shown: str) -> Document | Finding:
    """The document, if it is a mapping with a schema_version this add reads."""
    if not isinstance(doc.data, dict):
        return F.make(
            "not-a-mapping", (shown, 1, 1), _("a plan file must be a YAML mapping at the top")
        )
    version = doc.data.get("schema_version")
    where = (shown, *doc.pos(("schema_version",)))
    if "schema_version" not in doc.data:
        return F.make(
            "schema-version",
            (shown, 1, 1),
            _("missing schema_version (this add reads {n})").format(n=SCHEMA_VERSION),
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return F.make(
            "schema-version",
            where,
            _("schema_version must be a whole number, not {value}").format(value=repr(version)),
        )
    if version > SCHEMA_VERSION:
        return F.make(
            "unsupported-version",
            where,
            _("schema_version {n} is newer than this add reads ({m}); upgrade add").format(
                n=version, m=SCHEMA_VERSION
            ),
        )
    return doc


SEND = 1.5
"""What a byte of plan text parsed by the second process costs it, as a share of what a
byte of actions parsed here costs: its documents are also checked and sent back."""


def _kind(file: Path, root: Path) -> str:
    """The kind of a file of actions (see `LoadResult.docs`)."""
    return "actions" if file.parent == root else f"actions:{file.name}"


def _cut(mine: list[Path], theirs: list[Path], root: Path, given: _Given) -> split.Split | None:
    """Where to cut the last file of actions this process reads, so that both processes'
    work comes out about equal (`store.split`); None: no cut worth making.

    The file's bytes are taken now (from the overrides, or read), for both processes.
    """
    if not mine:
        return None
    file = mine[-1]
    here, there = _bytes(mine), _bytes(theirs)
    moved = int((here - SEND * there) / (1 + SEND))
    if moved < split.MIN_PART or not (
        parallel.worth_forking(there + moved) and parallel.worth_forking(here - moved)
    ):
        return None
    raw = given.peek(file)
    if raw is None:
        try:
            raw = read_regular(file)
        except OSError:  # not a plan file to cut: read as any other, which says why
            return None
    found = split.find(file, _rel(file, root), raw, len(raw) - moved)
    if found is not None:
        given.take(file)  # this process holds them (`Split.raw`) until the file is read
    return found
