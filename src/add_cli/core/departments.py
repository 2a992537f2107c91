"""Department codes: look-up by code or alias, and which codes select the same actions.

DOMAIN.md: EZ is the successor of EZK and selects the same actions; BZ and BuZa
are one ministry; lenW is IenW misread. Look-ups ignore case.
"""

from __future__ import annotations

from collections.abc import Iterable

from add_cli.core.model import Department


class Registry:
    def __init__(self, departments: Iterable[Department]) -> None:
        self.departments = tuple(departments)
        self._by_name: dict[str, Department] = {}
        for dept in self.departments:
            for name in (dept.code, *dept.aliases):
                self._by_name.setdefault(name.casefold(), dept)

    def resolve(self, code: str) -> Department | None:
        """The department a code or alias names, or None."""
        return self._by_name.get(code.strip().casefold())

    def codes(self) -> list[str]:
        return [d.code for d in self.departments]

    def family(self, code: str) -> set[str]:
        """Codes selecting the same actions as `code`: itself, successors, predecessors."""
        dept = self.resolve(code)
        if dept is None:
            return set()
        family = {dept.code}
        changed = True
        while changed:
            changed = False
            for d in self.departments:
                successor = self.resolve(d.successor) if d.successor else None
                if successor is None:
                    continue
                if d.code in family and successor.code not in family:
                    family.add(successor.code)
                    changed = True
                if successor.code in family and d.code not in family:
                    family.add(d.code)
                    changed = True
        return family

    def canonical(self, code: str) -> str:
        dept = self.resolve(code)
        return dept.code if dept else code

    def describe_known(self) -> str:
        parts = []
        for d in self.departments:
            extra = []
            if d.aliases:
                extra.append("also " + ", ".join(d.aliases))
            if d.successor:
                extra.append(f"now {d.successor}")
            parts.append(d.code + (f" ({'; '.join(extra)})" if extra else ""))
        return ", ".join(parts)
