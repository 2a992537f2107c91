"""The plan cache runs no code, cannot be planted, never hangs, and caches the verdict."""

from __future__ import annotations

import logging
import marshal
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_cli.checks import loaded, validate
from add_cli.checks.loaded import plan_for_reading
from add_cli.cli.app import app
from add_cli.core.errors import AddError
from add_cli.core.findings import Finding
from add_cli.core.model import Plan, Quarter
from add_cli.store import cache, codec
from add_cli.store.load import load

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions and named pipes")


def _copy(tmp_path: Path) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    return plan


def _with_typo(tmp_path: Path) -> Path:
    """A copy of the plan with 2.b.2's annex period typed `Q5 2024 – Q1 2025`."""
    plan = _copy(tmp_path)
    actions = plan / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    at = text.index("period: Q3 2024 – Q1 2025", text.index("- id: 2.b.2"))
    actions.write_text(text[:at] + "period: Q5" + text[at + len("period: Q3") :], encoding="utf-8")
    return plan


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("add-plan-*.cache"))


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = validate.check

    def counting(root: Path, *args: object, **kwargs: object) -> object:
        calls.append(root)
        return real(root, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "check", counting)
    return calls


class Planted:
    """Unpickling this touches a file: what a planted pickle could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.marker),))


# ------------------------------------------------------------------ the codec


def test_the_shipped_plan_comes_back_field_for_field() -> None:
    """Encoding and decoding give the same plan; write-once objects stay write-once."""
    plan = load(PLAN).plan
    assert plan is not None
    back = codec.decode(codec.encode(plan), Plan)
    assert marshal.loads(codec.encode(back)) == marshal.loads(codec.encode(plan))
    assert back.action("1.a.1") is back.actions[0] and back.entries_for("1.a.1")
    with pytest.raises(AttributeError):
        back.title = "x"
    assert isinstance(back.actions[0].period.end, Quarter)


def test_decoded_findings_keep_their_plan_relative_path() -> None:
    """A cached finding's path stays relative to the plan folder; it is shown under it."""
    finding = Finding("actions.yaml", 3, 5, "error", "bad-period", "text", "2.b.2")
    (back,) = codec.decode(codec.encode((finding,)), tuple[Finding, ...])
    assert back == finding
    assert str(back.with_root("plan")) == "plan/actions.yaml:3:5: error bad-period [2.b.2] text"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not marshal at all",
        marshal.dumps(("title", 1)),  # too few fields
        marshal.dumps(compile("print('hi')", "x", "exec")),  # a code object
        marshal.dumps(["a", "list"]),
        marshal.dumps({"title": "x"}),
        marshal.dumps(("ok", ["t", ".", [], [], [], [], [], None], [])),  # lists, not tuples
        marshal.dumps(("ok", None, ())),  # an answer without a plan
        marshal.dumps(("plan-invalid", None, (("a", 1, 1, "fatal", "x", "y", None),))),
        marshal.dumps(("bad-kind", None, ())),
        marshal.dumps(("plan-invalid", None, ())),  # a refusal without a reason
        marshal.dumps(("ok", ("t",) * 10_000, ())),
        pickle.dumps(Quarter(2024, 1)),
    ],
)
def test_a_hostile_payload_is_a_miss(data: bytes) -> None:
    """Anything but an exact encoding of a verdict is a miss: never an exception."""
    assert loaded._decode(data, str) is None


def test_wrong_field_types_are_refused() -> None:
    """A value of the wrong type in any field is refused, also deep inside the plan."""
    plain = marshal.loads(codec.encode(load(PLAN).plan))
    title, root, lines, actions, *rest = plain
    first = list(actions[0])
    first[0] = 17  # Action.id must be a str
    for bad in (
        (title, root, lines, (tuple(first), *actions[1:]), *rest),
        (b"bytes", root, lines, actions, *rest),
        (title, root, lines, actions, rest[0], (("1.a.1", -5, "x", "finished"),), *rest[2:]),
    ):
        with pytest.raises(codec.CodecError):
            codec.decode(marshal.dumps(bad), Plan)


def test_only_allowed_classes_are_encoded() -> None:
    """The codec refuses to write a class outside its allow-list."""
    with pytest.raises(codec.CodecError):
        codec.encode(Path("x"))


# ------------------------------------------------------------------ the cache files


def test_a_planted_pickle_runs_no_code(tmp_path: Path, _private_cache: Path) -> None:
    """A crafted cache file under the right key is a miss; its code never runs."""
    plan = _copy(tmp_path)
    hexkey, _ = cache.key(plan)
    marker = tmp_path / "ran"
    payload = pickle.dumps(Planted(marker))
    cache.write(_private_cache, hexkey, payload)  # our header, a hostile payload
    (_private_cache / f"{hexkey}.pickle").write_bytes(payload)  # the old cache's name
    answer = plan_for_reading(plan)
    assert len(answer.actions) == 44
    assert not marker.exists()


def test_a_hostile_entry_is_a_miss(tmp_path: Path, _private_cache: Path) -> None:
    """A well-formed entry of wrong types is read from the files instead, and replaced."""
    plan = _copy(tmp_path)
    hexkey, _ = cache.key(plan)
    cache.write(_private_cache, hexkey, marshal.dumps(("ok", (1, 2, 3), ())))
    assert len(plan_for_reading(plan).actions) == 44
    assert cache.read(_private_cache, hexkey) != marshal.dumps(("ok", (1, 2, 3), ()))


@POSIX
def test_a_named_pipe_in_the_cache_does_not_hang(tmp_path: Path) -> None:
    """A FIFO where the entry should be is skipped (and pruning skips it too)."""
    plan = _copy(tmp_path)
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    env = {**os.environ, "ADD_CACHE_DIR": str(folder)}
    hexkey, _ = cache.key(plan)  # the key does not depend on the cache folder
    os.mkfifo(folder / f"add-plan-{hexkey}.cache", 0o600)
    os.mkfifo(folder / f"add-plan-{'0' * 40}.cache", 0o600)
    done = subprocess.run(
        [sys.executable, "-m", "add_cli.cli.app", "status", "--plan", str(plan)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1.a.1" in done.stdout
    assert "not a regular file" in done.stderr


def test_pruning_keeps_what_is_not_adds(tmp_path: Path, _private_cache: Path) -> None:
    """Only add's own entries are pruned, the 16 most recent kept; other files survive."""
    foreign = [
        _private_cache / "notes.pickle",
        _private_cache / f"add-plan-{'a' * 40}.cache",  # add's name, not add's content
        _private_cache / "add-plan-1234.cache",
    ]
    for path in foreign:
        path.write_bytes(b"someone else's")
    for n in range(cache.KEEP + 4):
        cache.write(_private_cache, f"{n:040x}", b"payload")
        os.utime(_private_cache / f"add-plan-{n:040x}.cache", (n, 1_000_000 + n))
    cache.prune(_private_cache)
    ours = [p for p in _entries(_private_cache) if p not in foreign]
    assert len(ours) == cache.KEEP
    assert _private_cache / f"add-plan-{0:040x}.cache" not in ours  # the oldest went
    assert all(path.exists() for path in foreign)


@POSIX
def test_files_and_folder_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder is made 0700 and entries are 0600."""
    folder = tmp_path / "new" / "cache"
    monkeypatch.setenv("ADD_CACHE_DIR", str(folder))
    plan_for_reading(_copy(tmp_path))
    assert folder.stat().st_mode & 0o777 == 0o700
    (entry,) = _entries(folder)
    assert entry.stat().st_mode & 0o777 == 0o600


@POSIX
@pytest.mark.parametrize("problem", ["world-writable", "symlink", "other-user"])
def test_an_unsafe_folder_is_not_used(
    problem: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A folder others can write, a symlink or another user's folder: one warning, no cache."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    if problem == "world-writable":
        folder.chmod(0o777)
        expected = "can be written by other users"
    elif problem == "symlink":
        link = tmp_path / "link"
        link.symlink_to(folder)
        folder = link
        expected = "is a symbolic link"
    else:
        if os.geteuid() != 0:
            pytest.skip("needs root to give a folder away")
        os.chown(folder, 65534, -1)
        expected = "belongs to another user"
    monkeypatch.setenv("ADD_CACHE_DIR", str(folder))
    with caplog.at_level(logging.WARNING, logger="add_cli"):
        assert len(plan_for_reading(_copy(tmp_path)).actions) == 44
    (record,) = caplog.records
    assert expected in record.getMessage() and "not caching" in record.getMessage()
    assert not list(folder.iterdir())


@POSIX
def test_a_symlinked_entry_is_not_followed(
    tmp_path: Path, _private_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An entry that is a symbolic link (to a valid entry even) is not read."""
    plan = _copy(tmp_path)
    hexkey, _ = cache.key(plan)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache.write(elsewhere, hexkey, marshal.dumps(("plan-invalid", None, ())))
    (_private_cache / f"add-plan-{hexkey}.cache").symlink_to(elsewhere / f"add-plan-{hexkey}.cache")
    assert cache.read(_private_cache, hexkey) is None
    assert len(plan_for_reading(plan).actions) == 44


# ------------------------------------------------------------------ the key


def test_a_change_to_adds_code_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _private_cache: Path
) -> None:
    """Another add source (an edited editable install) never reads the old entry."""
    plan = _copy(tmp_path)
    calls = _count_checks(monkeypatch)
    plan_for_reading(plan)
    plan_for_reading(plan)
    assert len(calls) == 1
    monkeypatch.setattr(cache, "code_digest", lambda: b"another add")
    plan_for_reading(plan)
    assert len(calls) == 2 and len(_entries(_private_cache)) == 2


def test_the_code_digest_reads_adds_sources() -> None:
    """The digest covers the package's .py files: the cached function, computed once."""
    cache.code_digest.cache_clear()
    first = cache.code_digest()
    assert cache.code_digest() is first and len(first) == 20
    package = Path(cache.__file__).resolve().parents[1]
    assert str(package / "store" / "cache.py") in cache._python_files(str(package))


def test_one_entry_serves_every_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _private_cache: Path
) -> None:
    """The working folder is not in the key; paths are shown relative to each one."""
    plan = _with_typo(tmp_path)
    calls = _count_checks(monkeypatch)
    shown = []
    for where in (tmp_path, plan / "progress"):
        monkeypatch.chdir(where)
        with pytest.raises(AddError) as caught:
            plan_for_reading(plan)
        shown.append(caught.value.findings[0].shown_path)
    assert len(calls) == 1 and len(_entries(_private_cache)) == 1
    assert shown == ["plan/actions.yaml", "../actions.yaml"]


# ------------------------------------------------------------------ the verdict


def test_a_plan_with_errors_is_refused_cold_and_warm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Q5 typo is refused with its bad-period finding; warm, without checking again."""
    plan = _with_typo(tmp_path)
    calls = _count_checks(monkeypatch)
    refusals = []
    for _ in range(2):
        with pytest.raises(AddError) as caught:
            plan_for_reading(plan)
        refusals.append(caught.value)
    assert len(calls) == 1
    for refusal in refusals:
        assert refusal.code == "plan-invalid" and int(refusal.exit_code) == 2
        assert refusal.message.startswith("the plan has 1 error;")
        (finding,) = refusal.findings
        assert (finding.code, finding.action, finding.line) == ("bad-period", "2.b.2", 560)


def test_warnings_do_not_block(tmp_path: Path) -> None:
    """A plan with only warnings is answered from."""
    plan = _copy(tmp_path)
    (plan / "notes.yaml").write_text("a: 1\n", encoding="utf-8")  # unknown-file: a warning
    _, report = validate.check(plan)
    assert report.warnings and not report.errors
    assert len(plan_for_reading(plan).actions) == 44


def test_overdue_refuses_a_plan_with_errors(tmp_path: Path) -> None:
    """`add overdue --fail` on the Q5 typo exits 2 and prints the finding, twice over."""
    plan = _with_typo(tmp_path)
    for _ in range(2):  # cold, then from the cache
        result = CliRunner().invoke(
            app, ["overdue", "--dept", "LNV", "--fail", "--plan", str(plan)]
        )
        assert result.exit_code == 2, result.output
        assert "error bad-period [2.b.2]" in result.stderr
        assert "the plan has 1 error" in result.stderr
        assert "No overdue actions" not in result.stdout


def test_the_code_digest_follows_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing one of add's files (its size or time) gives another digest."""
    source = tmp_path / "module.py"
    source.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_python_files", lambda folder: [str(source)])
    before = cache.code_digest.__wrapped__()
    source.write_text("x = 12\n", encoding="utf-8")
    assert cache.code_digest.__wrapped__() != before


@pytest.mark.parametrize(
    ("xdg", "home"),
    [(None, "/home/someone"), ("/var/tmp/xdg", "/home/x"), ("relative/xdg", "/home/y"), ("", "/")],
)
def test_the_default_folder_is_platformdirs_one(
    xdg: str | None, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ADD_CACHE_DIR the folder is platformdirs' user cache folder for add."""
    import platformdirs

    monkeypatch.delenv("ADD_CACHE_DIR")
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache.configured_dir() == Path(platformdirs.user_cache_dir("add", appauthor=False))
    monkeypatch.setenv("ADD_NO_CACHE", "1")
    assert cache.configured_dir() is None


def test_a_class_outside_the_allow_list_is_never_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Quarter on the allow-list, a plan cannot be read back: a miss, not a crash."""
    plan = load(PLAN).plan
    data = codec.encode(plan)
    monkeypatch.setattr(codec, "ALLOWED", tuple(c for c in codec.ALLOWED if c is not Quarter))
    with pytest.raises(codec.CodecError, match="Quarter"):
        codec.decode(data, Plan)


def test_a_large_plans_key_is_sha256_and_still_sees_every_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From `LARGE` plan bytes on the key is SHA-256 (faster there), never equal to the
    BLAKE2 key of the same plan, and a changed byte still changes it."""
    plan = _copy(tmp_path)
    small, _ = cache.key(plan)
    monkeypatch.setattr(cache, "LARGE", 0)
    large, contents = cache.key(plan)
    assert len(large) == len(small) == 40 and large != small
    assert cache.key(plan)[0] == large
    actions = plan / "actions.yaml"
    text = actions.read_bytes()
    actions.write_bytes(text.replace(b"title:", b"title: ", 1))
    assert cache.key(plan)[0] != large
    assert contents[actions.resolve()] == text


def test_the_compiled_writer_writes_what_the_walk_writes(tmp_path: Path) -> None:
    """`encode` of a plan (compiled per class) writes the generic walk's data, also for
    values of another type than their field says (they take the walk's way)."""

    def walked(value: object) -> object:
        return marshal.loads(marshal.dumps(codec._plain(value, {}), codec.MARSHAL_VERSION))

    plan = load(PLAN).plan
    assert plan is not None
    assert marshal.loads(codec.encode(plan)) == walked(plan)
    assert len(codec.encode(plan)) == len(marshal.dumps(codec._plain(plan, {}), 4))
    odd = Plan(
        title=Quarter(2024, 1),  # type: ignore[arg-type]  # a wrong type on purpose
        lines=("a", 1),  # type: ignore[arg-type]
        actions=plan.actions[:3],
        departments=plan.departments,
        progress=plan.progress[:5],
        ncdd=None,
        predecessor=7,  # type: ignore[arg-type]
    )
    assert marshal.loads(codec.encode(odd)) == walked(odd)
    with pytest.raises(codec.CodecError):
        codec.encode(Plan("t", (), (), (), (), ncdd=Path("x")))  # type: ignore[arg-type]
