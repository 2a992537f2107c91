#!/usr/bin/env python3
"""Write a synthetic plan of N actions in the real plan's format and shape.

    python benchmarks/make_plan.py N DIR

Texts, departments and periods are drawn (with a fixed seed) from the shipped
plan, so the files look like the real ones: annex and body per action, three
action lines with nine sub-lines, and four progress reports with an entry for
most actions in each. `add validate` accepts the result (no errors).

Up to PER_FILE actions go into actions.yaml; a larger plan spreads them over
actions/part-NN.yaml, PER_FILE a file, as the README advises for large plans.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from add_cli.store.load import load  # noqa: E402

REPORTS = ["2024-10-31", "2025-04-30", "2025-10-31", "2026-04-30"]
STATES = ["finished", "on_schedule", "in_progress", "expected", "unclear"]
PER_FILE = 10000


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def main(n: int, out: Path) -> None:
    real = load(ROOT / "plan").plan
    assert real is not None
    rng = random.Random(20240617)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("plan.yaml", "departments.yaml", "ncdd.yaml"):
        shutil.copyfile(ROOT / "plan" / name, out / name)
    per_subline = -(-n // 9)
    actions = [a for a in real.actions if not a.id.startswith("KC")]
    texts = [t for a in real.actions for t in (*a.body.what, *a.body.success)]
    progress = [e.text for e in real.progress]
    header = [
        "# yaml-language-server: $schema=../schemas/actions.schema.json",
        f"# Synthetic plan of {n} actions made by benchmarks/make_plan.py",
        "schema_version: 1",
        "actions:",
    ]
    lines = list(header)
    ids = []
    if n > PER_FILE:
        (out / "actions").mkdir(exist_ok=True)
    for i in range(n):
        if n > PER_FILE and i and i % PER_FILE == 0:
            part = out / "actions" / f"part-{i // PER_FILE:02d}.yaml"
            part.write_text("\n".join(lines) + "\n", encoding="utf-8")
            lines = [header[0].replace("../", "../../"), *header[1:]]
        line = str(i // (3 * per_subline) % 3 + 1)
        sub = "abc"[i // per_subline % 3]
        aid = f"{line}.{sub}.{i % per_subline + 1}"
        ids.append(aid)
        model = rng.choice(actions)
        title = model.annex.title.split(":", 1)[1].strip() if ":" in model.annex.title else "Actie"
        partners = model.annex.partners
        lines += [
            f"  - id: {aid}",
            f"    line: '{line}'",
            f"    subline: {line}{sub}",
            "    annex:",
            f"      title: {q(f'ACTIE {aid}: {title}')}",
            f"      departments: {q(model.annex.departments)}",
            f"      lead: {model.annex.lead}",
            f"      partners: [{', '.join(partners)}]",
            f"      period: {q(model.annex.period.raw)}",
            "    body:",
            f"      title: {q(f'ACTIE {aid}: {title}')}",
            f"      departments: {q(model.annex.departments)}",
            f"      lead: {model.annex.lead}",
            f"      partners: [{', '.join(partners)}]",
            f"      category: {q(model.body.category or 'Categorie: hardware')}",
            f"      what: {q(rng.choice(texts))}",
            "      success:",
            f"        - {q(rng.choice(texts))}",
            f"        - {q(rng.choice(texts))}",
            f"      period: {q(model.annex.period.raw)}",
        ]
    last = out / "actions" / f"part-{-(-n // PER_FILE):02d}.yaml" if n > PER_FILE else None
    (last or out / "actions.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "progress").mkdir(exist_ok=True)
    for r, day in enumerate(REPORTS):
        report = [
            "# yaml-language-server: $schema=../../schemas/progress.schema.json",
            "schema_version: 1",
            "report:",
            f"  title: Synthetische voortgang {day}",
            f"  date: '{day}'",
            "entries:",
        ]
        for aid in ids:
            if rng.random() < 0.2 + 0.1 * r:
                continue
            state = rng.choice(STATES)
            report += [
                f"  - action: {aid}",
                f"    text: {q(rng.choice(progress))}",
                f"    state: {state}",
            ]
            if state == "expected":
                report.append(f"    expected: {2026 + rng.randrange(2)}-Q{rng.randrange(1, 5)}")
        (out / "progress" / f"{day}.yaml").write_text("\n".join(report) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    main(int(sys.argv[1]), Path(sys.argv[2]))
