"""`add site`: the static website with the plan's progress, for the intranet."""

from pathlib import Path
from typing import Annotated

import typer

from add_cli.cli.common import load_plan, today
from add_cli.cli.options import AsOfOption, PlanOption
from add_cli.core.errors import AddError
from add_cli.core.i18n import _


def site(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Folder to write the site to (made when missing; its pages are replaced).",
            show_default=False,
        ),
    ],
    as_of: AsOfOption = None,
    plan: PlanOption = None,
) -> None:
    """A static website in Dutch: overview, a page per department and action, the timeline."""
    from add_cli.present.site import files
    from add_cli.store.output import write_file

    day = today(as_of)
    the_plan = load_plan(plan)
    if output.exists() and not output.is_dir():
        raise AddError(
            "usage", _("--output {path} is a file; name a folder for the site").format(path=output)
        )
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AddError(
            "write-failed", _("cannot make {path}: {why}").format(path=output, why=exc.strerror)
        ) from None
    written = set()
    for name, text in files(the_plan, day):  # each page written as it is made
        write_file(output / name, text.encode("utf-8"))
        written.add(name)
    typer.echo(
        _("wrote {n} files to {path} (open {index})").format(
            n=len(written), path=output, index=output / "index.html"
        ),
        err=True,
    )
