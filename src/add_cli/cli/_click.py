"""The Click that Typer runs on, under one name.

Typer 0.28 carries its own copy of Click (`typer._click`); older Typer releases run on
the `click` package. Parameter types, the context and usage errors must come from the
one Typer uses, so every cli module imports them from here.
"""

from __future__ import annotations

try:
    from typer._click import types as _types
    from typer._click.core import Context, Parameter
    from typer._click.globals import get_current_context
except ImportError:  # pragma: no cover - Typer before it carried its own Click
    from click import types as _types  # type: ignore[no-redef]  # the same API, unvendored
    from click.core import Context, Parameter  # type: ignore[assignment]  # same API
    from click.globals import get_current_context  # type: ignore[no-redef]  # same API

ParamType = _types.ParamType

__all__ = ["Context", "ParamType", "Parameter", "get_current_context"]
