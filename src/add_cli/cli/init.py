"""`add init DIR`: a new, empty plan that validates (e.g. the successor programme).

The folder gets plan.yaml (id and title), departments.yaml (copied from `--from`, else
the shipped registry), an empty actions.yaml, an empty progress/ folder, and a copy of
the JSON Schemas its files name in `schemas/`, so the editor's `$schema` line resolves
in a repository that holds only this plan. Nothing is written unless the whole plan
validates; the folder must be new or empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from add_cli.core.i18n import _


def init(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="The new plan's folder (new or empty).")
    ],
    title: Annotated[str, typer.Option("--title", help="The plan's title, as printed.")],
    slug: Annotated[
        str,
        typer.Option("--id", help="The plan's short id, a slug such as actieprogramma-2026."),
    ],
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Copy the departments of this plan. Default: the plan shipped with add.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start a new, empty plan that validates: plan.yaml, departments, schemas, progress/."""
    from add_cli.checks.newplan import new_plan

    new_plan(folder, slug, title, source)
    typer.echo(_("created plan {slug} in {path}").format(slug=repr(slug), path=folder), err=True)
