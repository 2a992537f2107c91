"""The period parser over every schedule printed in the seeds, and its properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from add_cli.core.model import Quarter
from add_cli.core.periods import parse_period
from add_cli.store.load import load

Q = Quarter

# raw text -> (start, start_kind, end, end_kind, planned, clean)
# Every period printed in Bijlage 1 and in the body of the Actieplan, verbatim.
PRINTED: dict[str, tuple[Quarter | None, str, Quarter | None, str, bool, bool]] = {
    # Bijlage 1
    "Q2 2024 – Q3 2024": (Q(2024, 2), "quarter", Q(2024, 3), "quarter", False, True),
    "Q3 2024 – Q1 2025": (Q(2024, 3), "quarter", Q(2025, 1), "quarter", False, True),
    "Gestart – Q4 2029": (None, "started", Q(2029, 4), "quarter", False, True),
    "Voorziene start Q1 2025": (Q(2025, 1), "quarter", None, "none", True, True),
    "Q3 2024 – Q4 2024": (Q(2024, 3), "quarter", Q(2024, 4), "quarter", False, True),
    "Q1 2023 – Q4 2028": (Q(2023, 1), "quarter", Q(2028, 4), "quarter", False, True),
    "Q1 2024 – Q4 2024": (Q(2024, 1), "quarter", Q(2024, 4), "quarter", False, True),
    "Gestart, deadline Q3 2024": (None, "started", Q(2024, 3), "quarter", False, True),
    "Gestart, deadline Q2 2024": (None, "started", Q(2024, 2), "quarter", False, True),
    "Gestart, deadline Q4 2024": (None, "started", Q(2024, 4), "quarter", False, True),
    "2021 – Q4 2030": (Q(2021, 1), "quarter", Q(2030, 4), "quarter", False, True),
    "Gestart – Q4 2030": (None, "started", Q(2030, 4), "quarter", False, True),
    "Gestart – Q4 2028": (None, "started", Q(2028, 4), "quarter", False, True),
    "Q3 – Q4 2024": (Q(2024, 3), "quarter", Q(2024, 4), "quarter", False, True),
    "Q3 2023 – Q2 2024": (Q(2023, 3), "quarter", Q(2024, 2), "quarter", False, True),
    "2023 – 2028": (Q(2023, 1), "quarter", Q(2028, 4), "quarter", False, True),
    "Q2 2024 – doorlopend": (Q(2024, 2), "quarter", None, "ongoing", False, True),
    "Q4 2023 – Q4 2028": (Q(2023, 4), "quarter", Q(2028, 4), "quarter", False, True),
    "Q1 2025 – Q4 2025": (Q(2025, 1), "quarter", Q(2025, 4), "quarter", False, True),
    "Q1 2024 – Q4 2025": (Q(2024, 1), "quarter", Q(2025, 4), "quarter", False, True),
    "Q1 2022 – Q2 2024": (Q(2022, 1), "quarter", Q(2024, 2), "quarter", False, True),
    "Q2 2023 – Q4 2027": (Q(2023, 2), "quarter", Q(2027, 4), "quarter", False, True),
    "Q4 2023 – Q2 2024": (Q(2023, 4), "quarter", Q(2024, 2), "quarter", False, True),
    "Q4 2024 – Q4 2025": (Q(2024, 4), "quarter", Q(2025, 4), "quarter", False, True),
    "Q3 2024 – Q2 2025": (Q(2024, 3), "quarter", Q(2025, 2), "quarter", False, True),
    "Q3 2024 – doorlopend": (Q(2024, 3), "quarter", None, "ongoing", False, True),
    "Q2 2024 – Q4 2024": (Q(2024, 2), "quarter", Q(2024, 4), "quarter", False, True),
    "doorlopend": (None, "none", None, "ongoing", False, True),
    "Q4 2024 – doorlopend": (Q(2024, 4), "quarter", None, "ongoing", False, True),
    "Q1 2024 – doorlopend": (Q(2024, 1), "quarter", None, "ongoing", False, True),
    "Q3 2024": (Q(2024, 3), "quarter", Q(2024, 3), "quarter", False, True),
    "Q2 2025 – Q4 2025": (Q(2025, 2), "quarter", Q(2025, 4), "quarter", False, True),
    "Q3 2025 – doorlopend": (Q(2025, 3), "quarter", None, "ongoing", False, True),
    # Body (Start- en einddatum?) where it differs from the annex wording
    "Q3 2024 - Q1 2025": (Q(2024, 3), "quarter", Q(2025, 1), "quarter", False, True),
    "Het project is gestart en loopt tot en met 2029.": (
        None,
        "started",
        Q(2029, 4),
        "quarter",
        False,
        False,
    ),
    "Beide projecten dienen nog te starten. Indien deze projecten co-financiering krijgen is "
    "de start voorzien in Q1 van 2025.": (Q(2025, 1), "quarter", None, "none", True, False),
    "Loopt al. Deadline: Q3 2024": (None, "started", Q(2024, 3), "quarter", False, True),
    "Loopt al. Deadline: Q2 2024": (None, "started", Q(2024, 2), "quarter", False, True),
    "Loopt al. Deadline: Q4 2024": (None, "started", Q(2024, 4), "quarter", False, True),
    "2021 tot in ieder geval december 2030.": (
        Q(2021, 1),
        "quarter",
        Q(2030, 4),
        "quarter",
        False,
        False,
    ),
    "Lopende actie die voortbouwt op eerder IenW beleid rondom duurzaam en circulair inkopen. "
    "Looptijd in principe tot 2030; in lijn met de voorziene looptijd van het Circular and Fair "
    "ICT Pact en het Nationaal Programma CE 2023-2030.": (
        None,
        "started",
        Q(2030, 4),
        "quarter",
        False,
        False,
    ),
    "Loopt al. Categorieplan uiterlijk Q2 2025 gereed, overige acties t/m 31-12-2028.": (
        None,
        "started",
        Q(2028, 4),
        "quarter",
        False,
        False,
    ),
    "Q4 2023 – Q4 2028 (einde impuls groeifonds) – inzet DMI doorlopend": (
        Q(2023, 4),
        "quarter",
        Q(2028, 4),
        "quarter",
        False,
        False,
    ),
    "Q1 2025 – Q4 2025.": (Q(2025, 1), "quarter", Q(2025, 4), "quarter", False, True),
    "April 2024 - doorlopend": (Q(2024, 2), "quarter", None, "ongoing", False, True),
    "0-meting: Q3 2024 – Q4 2024, daarna doorlopend": (
        Q(2024, 3),
        "quarter",
        Q(2024, 4),
        "quarter",
        False,
        False,
    ),
    "Doorlopend": (None, "none", None, "ongoing", False, True),
    "Q4 2024 - Doorlopend": (Q(2024, 4), "quarter", None, "ongoing", False, True),
    "Loopt al. Deadline: Q4 2024, maar blijft een continu proces.": (
        None,
        "started",
        Q(2024, 4),
        "quarter",
        False,
        False,
    ),
    "Q1 2023 – Q4 2025": (Q(2023, 1), "quarter", Q(2025, 4), "quarter", False, True),
    "Q3 2024 - Q2 2025": (Q(2024, 3), "quarter", Q(2025, 2), "quarter", False, True),
    "Q3 2024 - Q4 2024": (Q(2024, 3), "quarter", Q(2024, 4), "quarter", False, True),
    "2022 – 2024 / 2025 (met uitloop van de uitvoering en realisatie van de voorstellen tot in "
    "2032)": (Q(2022, 1), "quarter", Q(2025, 4), "quarter", False, False),
    "Q3 2025 - doorlopend.": (Q(2025, 3), "quarter", None, "ongoing", False, True),
    # DOMAIN.md's list of shapes
    "Gestart": (None, "started", None, "none", False, True),
}


@pytest.mark.parametrize("raw", sorted(PRINTED))
def test_printed_period(raw: str) -> None:
    """Each printed schedule reads as DOMAIN.md's conventions say, keeping its raw text."""
    start, start_kind, end, end_kind, planned, clean = PRINTED[raw]
    period = parse_period(raw)
    assert period.raw == raw
    assert (period.start, period.start_kind) == (start, start_kind)
    assert (period.end, period.end_kind) == (end, end_kind)
    assert period.planned is planned
    assert period.clean is clean, period.warnings
    assert not period.errors


def test_every_period_in_the_shipped_plan_is_in_the_table() -> None:
    """The table above covers every annex and body period of the real plan."""
    plan = load(Path(__file__).resolve().parents[1] / "plan").plan
    assert plan is not None
    printed = {a.annex.period.raw for a in plan.actions} | {
        a.body.cells.period.raw for a in plan.actions
    }
    assert printed - set(PRINTED) == set()


def test_deadline_is_the_last_day_of_the_end_quarter() -> None:
    """An action is due on the last day of its end quarter."""
    assert str(parse_period("Q3 2024").deadline) == "2024-09-30"
    assert str(parse_period("Gestart, deadline Q2 2024").deadline) == "2024-06-30"
    assert str(parse_period("2023 – 2028").deadline) == "2028-12-31"
    assert parse_period("Q2 2024 – doorlopend").deadline is None
    assert parse_period("Voorziene start Q1 2025").deadline is None


def test_an_end_before_the_start_is_an_error_not_a_crash() -> None:
    """'Q4 2025 – Q1 2024' keeps its start, drops the impossible end and says why."""
    period = parse_period("Q4 2025 – Q1 2024")
    assert period.start == Q(2025, 4)
    assert period.end is None
    assert period.errors


@pytest.mark.parametrize("raw", ["", "   ", "hallo", "Q5 2024", "binnenkort", "1.000 bedrijven"])
def test_unreadable_text_warns(raw: str) -> None:
    """Text with no schedule in it yields nothing and a warning."""
    period = parse_period(raw)
    assert period.raw == raw
    assert period.start is None and period.end is None
    assert period.warnings


PIECES = st.sampled_from(
    [
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "2023",
        "2024",
        "2031",
        " – ",
        " - ",
        "—",
        "Gestart",
        "gestart",
        "Loopt al",
        "Deadline:",
        "deadline",
        "doorlopend",
        "Voorziene start",
        "tot",
        "t/m",
        "april",
        "december",
        "31-12-2028",
        "0-meting:",
        ",",
        ".",
        "/",
        "(",
        ")",
        " ",
        "van",
        "Q9",
        "1999",
        "2200",
        "continu",
        "uiterlijk",
    ]
)


@given(st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=80))
def test_parser_properties(raw: str) -> None:
    """Never crashes, keeps the raw text, and never reads a start after its end."""
    period = parse_period(raw)
    assert period.raw == raw
    if period.start is not None and period.end is not None:
        assert period.start <= period.end
    if period.end is not None:
        assert period.end_kind == "quarter"
    if period.start is not None:
        assert period.start_kind == "quarter"
