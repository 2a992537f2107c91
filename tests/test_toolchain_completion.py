"""Shell completion from the plan, through Click's completion machinery."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from add_cli.cli._click import Context
from add_cli.cli.app import app
from add_cli.cli.completion import _scan

try:
    from typer._click.shell_completion import CompletionItem, ShellComplete
except ImportError:  # pragma: no cover - Typer before it carried its own Click
    from click.shell_completion import CompletionItem, ShellComplete  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan"


class Probe(ShellComplete):
    """Click's completion, without a shell: `get_completions(args, incomplete)`."""

    name = "probe"
    source_template = ""

    def source_vars(self) -> dict[str, Any]:
        return {}

    def get_completion_args(self) -> tuple[list[str], str]:
        return [], ""

    def format_completion(self, item: CompletionItem) -> str:
        return item.value


def complete(args: list[str], incomplete: str) -> list[tuple[str, str | None]]:
    cli = typer.main.get_command(app)
    found = Probe(cli, {}, "add", "_ADD_COMPLETE").get_completions(args, incomplete)
    return [(c.value, c.help) for c in found]


def values(args: list[str], incomplete: str) -> list[str]:
    return [value for value, _ in complete(args, incomplete)]


def test_show_completes_action_ids_with_titles() -> None:
    found = complete(["--plan", str(PLAN), "show"], "1.c")
    assert [v for v, _ in found] == ["1.c.1", "1.c.2", "1.c.3", "1.c.4", "1.c.5", "1.c.6"]
    assert found[0][1] is not None and found[0][1].startswith("Sturing op verduurzaming")
    assert values(["show", "--plan", str(PLAN)], "KC") == ["KC1", "KC2", "KC3"]
    assert len(values(["progress", "--plan", str(PLAN)], "")) == 44


def test_dept_completes_department_codes() -> None:
    found = complete(["status", "--plan", str(PLAN), "--dept"], "B")
    assert found == [
        ("BZ", "Ministerie van Buitenlandse Zaken"),
        ("BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"),
    ]
    for command in (["overdue"], ["timeline"], ["export", "deadlines"], ["uitvraag", "export"]):
        assert "EZ" in values([*command, "--dept"], "E"), command


def test_state_completes_states_with_dutch_labels() -> None:
    found = complete(["progress", "1.a.1", "--state"], "")
    assert ("finished", "afgerond") in found and ("expected", "verwacht later") in found
    assert values(["progress", "1.a.1", "--state"], "o") == ["on_schedule"]


def test_dates_complete_round_dates(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    shutil.copy(plan / "progress" / "2025-10-31.yaml", plan / "progress" / "2026-04-30.yaml")
    (plan / "progress" / "notes.yaml").write_text("x: 1\n", encoding="utf-8")
    args = ["--plan", str(plan), "export", "voortgang", "--as-of"]
    assert values(args, "") == ["2026-04-30", "2025-10-31"]
    assert values(args, "2025") == ["2025-10-31"]
    assert values(["progress", "1.a.1", "--plan", str(plan), "--date"], "") == [
        "2026-04-30",
        "2025-10-31",
    ]


def test_the_plan_comes_from_add_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$ADD_PLAN names the plan as it does for the commands."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    text = (plan / "actions.yaml").read_text(encoding="utf-8")
    (plan / "actions.yaml").write_text(text.replace("id: 1.a.1\n", "id: 9.z.9\n"), "utf-8")
    monkeypatch.setenv("ADD_PLAN", str(plan))
    assert values(["show"], "9") == ["9.z.9"]


@pytest.mark.parametrize(
    "damage",
    ["missing", "binary", "folder", "garbage"],
)
def test_completion_never_fails(damage: str, tmp_path: Path) -> None:
    """A plan that cannot be read completes nothing, without an error."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    actions = plan / "actions.yaml"
    if damage == "missing":
        shutil.rmtree(plan)
    elif damage == "binary":
        actions.write_bytes(b"\x00\xff\xfe" * 1000)
    elif damage == "folder":
        actions.unlink()
        actions.mkdir()
        (plan / "progress").rename(plan / "gone")
        (plan / "progress").write_text("not a folder", encoding="utf-8")
    else:
        actions.write_text("actions: [\n  - id: 'unclosed\n\t- id:\n", encoding="utf-8")
    assert isinstance(values(["show", "--plan", str(plan)], ""), list)
    assert isinstance(values(["status", "--plan", str(plan), "--dept"], ""), list)
    assert isinstance(values(["status", "--plan", str(plan), "--as-of"], ""), list)


def test_scan_takes_the_outermost_items_only(tmp_path: Path) -> None:
    """Nested `- id:` items (deeper than the actions) are not action ids; quotes are removed."""
    path = tmp_path / "actions.yaml"
    path.write_text(
        "actions:\n"
        "  - id: '1.a.1'   # quoted\n"
        "    annex:\n"
        "      title: 'ACTIE 1.a.1: Eerste'\n"
        "    corrections:\n"
        "      - id: nested\n"
        '  - id: "KC1"\n',
        encoding="utf-8",
    )
    assert _scan(path, "id", "title") == [("1.a.1", "Eerste"), ("KC1", "")]


def test_completion_through_the_environment_as_a_shell_calls_it() -> None:
    """`_ADD_COMPLETE=complete_bash` with COMP_WORDS, as the installed bash script calls add."""
    result = CliRunner().invoke(
        app,
        [],
        prog_name="add",
        env={
            "_ADD_COMPLETE": "complete_bash",
            "COMP_WORDS": f"add show --plan {PLAN} 1.b",
            "COMP_CWORD": "4",
        },
    )
    assert result.exit_code == 0
    assert result.stdout.split() == ["1.b.1", "1.b.2", "1.b.3"]


def test_completion_callbacks_accept_a_bare_context() -> None:
    """A callback called without a parent context still answers (the default plan)."""
    from add_cli.cli.completion import complete_state

    ctx = Context(typer.main.get_command(app))
    assert ("unclear", "onduidelijk") in complete_state(ctx, "u")
