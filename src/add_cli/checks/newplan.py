"""A new, empty plan that validates (`add init`; e.g. the successor programme).

The folder gets plan.yaml (id and title), departments.yaml (copied from another plan,
else the shipped registry), an empty actions.yaml, an empty progress/ folder, and a copy
of the JSON Schemas its files name in `schemas/`, so the editor's `$schema` line resolves
in a repository that holds only this plan. Writes go through `store.atomic`; when the
new plan does not validate, what was written is removed again. The folder must be new
or empty.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from add_cli.core.errors import AddError
from add_cli.core.i18n import _

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
SCHEMAS_DIR = "schemas"
_SCHEMA_LINE = re.compile(r"\A(\ufeff?)# yaml-language-server: \$schema=[^\r\n]*")


def schema_line(schema: str, depth: int = 0) -> str:
    """The editor's schema line for a file `depth` folders below the plan folder."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMAS_DIR}/{schema}"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly."""
    import json

    return json.dumps(text, ensure_ascii=False)


def plan_yaml(slug: str, title: str) -> str:
    return (
        schema_line("plan.schema.json") + "\n"
        "# Het plan: id (kort, in lineage: continues: <id>/<actie>), titel en actielijnen.\n"
        "# annex: de titel en koppen van de Bijlage-1-export.\n"
        "schema_version: 1\n"
        f"id: {slug}\n"
        f"title: {_quoted(title)}\n"
        "annex:\n"
        "  title: Bijlage 1 Acties rijksoverheid\n"
        "  headings: [Bijlage 1, Acties rijksoverheid]\n"
        "lines: []\n"
    )


def actions_yaml() -> str:
    return (
        schema_line("actions.schema.json") + "\n"
        "# De acties van het plan; `add carry-over --to` voegt meegenomen acties toe.\n"
        "schema_version: 1\n"
        "actions: []\n"
    )


def departments_yaml(source: Path) -> str:
    """The registry's text, its schema line pointing at the copied schemas."""
    try:
        text = source.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AddError(
            "usage", _("cannot read {path}: {why}").format(path=source, why=exc)
        ) from None
    line = schema_line("departments.schema.json")
    if _SCHEMA_LINE.match(text):
        return _SCHEMA_LINE.sub(lambda m: m.group(1) + line, text, count=1)
    return line + "\n" + text


def new_plan(folder: Path, slug: str, title: str, source: Path | None = None) -> None:
    """Make the plan `slug` titled `title` in `folder`, with the departments of the plan
    `source` names (`--from`, found as `--plan` is; default: the shipped
    plan). Refusals are an `AddError`."""
    from add_cli.checks.record import refused_character
    from add_cli.checks.validate import check
    from add_cli.store import paths
    from add_cli.store.atomic import write_bytes

    if not SLUG.fullmatch(slug):
        raise AddError(
            "usage",
            _("--id {slug} is not a slug (lower-case letters, digits and '-')").format(
                slug=repr(slug)
            ),
        )
    title = title.strip()
    bad = refused_character(title)
    if not title or bad:
        raise AddError(
            "usage",
            (
                _("--title must be a text (it holds {bad})").format(bad=bad)
                if bad
                else _("--title must be a text")
            ),
        )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise AddError(
            "usage",
            _("{path} exists and is not an empty folder; nothing was written").format(path=folder),
        )
    registry = (
        paths.locate(source, Path.cwd()) if source is not None else paths.shipped_plan_dir()
    ) / "departments.yaml"
    if not registry.is_file():
        raise AddError("usage", _("no departments.yaml in {path}").format(path=registry.parent))
    files = {
        "plan.yaml": plan_yaml(slug, title),
        "departments.yaml": departments_yaml(registry),
        "actions.yaml": actions_yaml(),
    }
    made_folder = not folder.exists()
    try:
        (folder / paths.PROGRESS_DIR).mkdir(parents=True, exist_ok=True)
        (folder / SCHEMAS_DIR).mkdir(exist_ok=True)
        for name in (*(s for _n, s, _r in paths.FILES.values()), paths.PROGRESS_SCHEMA):
            shutil.copyfile(paths.schemas_dir() / name, folder / SCHEMAS_DIR / name)
        for name, text in files.items():
            write_bytes(folder / name, text.encode("utf-8"))
        # git keeps no empty folder; the readers look at *.yaml only.
        write_bytes(folder / paths.PROGRESS_DIR / ".gitkeep", b"")
    except OSError as exc:
        raise AddError(
            "write-failed", _("cannot write in {path}: {why}").format(path=folder, why=exc)
        ) from None
    _result, report = check(folder)
    if report.errors:
        _undo(folder, made_folder, [*files, paths.PROGRESS_DIR, SCHEMAS_DIR])
        raise AddError(
            "edit-refused",
            _("the new plan in {path} does not validate").format(path=folder),
            report.findings,
        )


def _undo(folder: Path, made_folder: bool, names: list[str]) -> None:
    """Remove what `init` wrote (the folder itself when it made it)."""
    if made_folder:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for name in names:
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
