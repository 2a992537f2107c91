"""Reporting rounds for `add uitvraag`: which round a command means, whom it asks, and
which questionnaire files an import reads, and recording a questionnaire as sent
(DOMAIN.md: Reporting round)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from add_cli.core.errors import AddError
from add_cli.core.i18n import _

if TYPE_CHECKING:
    from add_cli.core.model import Plan, Report
    from add_cli.store.questionnaires import Sent


def round_of(plan: Plan, day: dt.date) -> Report:
    """The round dated `day`; refused when the plan has none."""
    from add_cli.core.rounds import report_of

    report = report_of(plan, day)
    if report is None:
        raise AddError(
            "no-report",
            _(
                "no round dated {date} in the plan; open it with `add uitvraag open {date} "
                "--title TEXT --due DATE`"
            ).format(date=day),
        )
    return report


def latest_round(plan: Plan) -> Report:
    """The plan's latest round; refused when it has none."""
    from add_cli.core.rounds import rounds

    known = rounds(plan)
    if not known:
        raise AddError("no-report", _("no round in the plan; open one with `add uitvraag open`"))
    return known[-1]


def current_codes(plan: Plan, depts: list[str]) -> list[str]:
    """The departments' current codes (EZK -> EZ), each once, in the order given.
    The codes must be known (`check_dept`)."""
    from add_cli.core.departments import Registry
    from add_cli.core.rounds import current_code

    registry = Registry(plan.departments)
    out: list[str] = []
    for code in depts:
        current = current_code(registry, code)
        if current not in out:
            out.append(current)
    return out


def questionnaire_paths(given: list[Path]) -> list[Path]:
    """The workbooks named: a folder means every questionnaire in it (not `~$` lock files)."""
    from add_cli.store.questionnaires import questionnaire_files

    out: list[Path] = []
    for path in given:
        if path.is_dir():
            found = questionnaire_files(path)
            if not found:
                raise AddError(
                    "usage", _("{path}: no .xlsx questionnaires in this folder").format(path=path)
                )
            out += [f for f in found if f not in out]
        elif path.is_file():
            if path not in out:
                out.append(path)
        else:
            raise AddError("usage", _("{path}: no such file").format(path=path))
    return out


def refused(exc: AddError) -> AddError:
    """The reader's refusal, saying that nothing was recorded.

    A file that is not a questionnaire at all has one finding for the whole file: that
    one line is the message, so the user reads one clear line.
    """
    if len(exc.findings) == 1 and exc.findings[0].sheet == "":
        return AddError(exc.code, str(exc.findings[0]), (), exc.exit_code)
    message = _("{message}; nothing was recorded").format(message=exc.message)
    return AddError(exc.code, message, exc.findings, exc.exit_code)


def send(root: Path, sent: Sent, output: Path, data: bytes) -> Path:
    """Record `sent` in the plan (questionnaires/), then write the workbook `data` to
    `output` (`store.output`); when the workbook cannot be written, the earlier record is
    put back. Returns the record's path."""
    from add_cli.store import questionnaires
    from add_cli.store.atomic import write_bytes
    from add_cli.store.output import write_file

    record = root / questionnaires.FOLDER / sent.file_name
    try:
        previous = record.read_bytes() if record.is_file() else None
    except OSError as exc:
        raise AddError(
            "write-failed",
            _("cannot read {path}: {why}").format(path=record, why=exc.strerror or exc),
        ) from None
    questionnaires.write(root, sent)
    try:
        write_file(output, data)
    except AddError:
        # Without the workbook the new key is useless: put the old record back.
        try:
            if previous is None:
                record.unlink()
            else:
                write_bytes(record, previous)
        except (OSError, AddError):
            pass
        raise
    return record


def refusal(failures: list[tuple[Path, AddError]], total: int) -> AddError:
    """One error for an import of `total` files of which these were not recorded: with
    one file its own error, else every message and finding, the worst exit code, and how
    many files were not recorded."""
    from add_cli.core.errors import ExitCode

    if total == 1:
        return failures[0][1]
    findings = [f for _file, exc in failures for f in exc.findings]
    worst = max(exc.exit_code for _file, exc in failures)
    lines = [exc.message for _file, exc in failures]
    return AddError(
        failures[0][1].code,
        "\n".join(lines)
        + "\n"
        + _("{n} of {total} files were not recorded; the others were").format(
            n=len(failures), total=total
        ),
        findings,
        ExitCode(worst),
    )
