"""Typed option values: a bad value is a usage error naming its own option, at parse time."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from add_cli.cli._click import ParamType
from add_cli.core.i18n import _

if TYPE_CHECKING:
    from add_cli.cli._click import Context, Parameter
    from add_cli.core.model import Quarter, State

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateType(ParamType):
    """A calendar date written YYYY-MM-DD, and only so ("2025-1-5", "20250105" are refused)."""

    name = "date"

    def get_metavar(self, param: Parameter, ctx: Context | None = None) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        day = _day(str(value).strip())
        if day is None:
            self.fail(
                _("{value} is not a date (expected YYYY-MM-DD, e.g. 2025-10-31)").format(
                    value=repr(value)
                ),
                param,
                ctx,
            )
        return day

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[Any]:
        """The plan's round dates (progress/YYYY-MM-DD.yaml), newest first."""
        from add_cli.cli.completion import complete_round_date, items

        return items(complete_round_date, ctx, incomplete)


def _day(text: str) -> dt.date | None:
    """The date `text` names in the form YYYY-MM-DD (fromisoformat also reads 20250105)."""
    if not _DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 2025-02-30
        return None


class QuarterType(ParamType):
    """A calendar quarter written YYYY-Qn."""

    name = "quarter"

    def get_metavar(self, param: Parameter, ctx: Context | None = None) -> str:
        return "YYYY-Qn"

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> Quarter:
        from add_cli.core.model import Quarter

        if isinstance(value, Quarter):
            return value
        try:
            return Quarter.parse(str(value))
        except ValueError:
            self.fail(
                _("{value} is not a quarter (expected YYYY-Qn, e.g. 2025-Q3)").format(
                    value=repr(value)
                ),
                param,
                ctx,
            )


class StateType(ParamType):
    """A progress state: its English name (on_schedule) or its Dutch label (ligt op schema)."""

    name = "state"

    def get_metavar(self, param: Parameter, ctx: Context | None = None) -> str:
        return "STATE"

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> State:
        from add_cli.core.model import State

        if isinstance(value, State):
            return value
        try:
            return State.parse(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[Any]:
        """The states' names, each with its Dutch label as help."""
        from add_cli.cli.completion import complete_state, items

        return items(complete_state, ctx, incomplete)


DATE = DateType()
QUARTER = QuarterType()
STATE = StateType()
