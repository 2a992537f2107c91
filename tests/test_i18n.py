"""add speaks Dutch and English (issue 16): catalogues complete and compiled, the language
chosen as documented, and no words of the other language leaking into any command."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import shutil
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from add_cli.cli import lang
from add_cli.cli.app import app
from add_cli.core import i18n

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import i18n as catalogues  # noqa: E402 - scripts/i18n.py, the catalogue tooling (Babel)

PLAN = ROOT / "plan"
runner = CliRunner()


# ------------------------------------------------------------------ the catalogues


def _nl_catalogue() -> Any:
    from babel.messages.pofile import read_po

    with catalogues.po_path("nl").open("rb") as file:
        return read_po(file, locale="nl", domain="add")


def test_committed_mo_is_the_compiled_po() -> None:
    """The .mo that ships is what Babel makes of the .po: nobody forgot `dev.py i18n`."""
    for language in catalogues.LANGUAGES:
        po = catalogues.po_path(language)
        assert po.with_suffix(".mo").read_bytes() == catalogues.compiled(po), (
            f"{po.with_suffix('.mo')} is stale: run `python3 dev.py i18n`"
        )


def test_every_message_of_the_code_is_translated() -> None:
    """Every `_`/`N_`/`ngettext` message, help text and Click message has a Dutch text."""
    catalogue = _nl_catalogue()
    missing = []
    for message, where in catalogues.messages().items():
        key = message if isinstance(message, str) else message[0]
        entry = catalogue.get(key)
        if entry is None or not catalogues.translated(entry.string):
            missing.append(f"{where}: {message!r}")
    assert not missing, "not in the nl catalogue (run `python3 dev.py i18n`, translate):\n" + (
        "\n".join(sorted(missing))
    )


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def test_translations_keep_the_placeholders() -> None:
    """A translation with another {field} would raise or drop a value at run time."""
    wrong = []
    for entry in _nl_catalogue():
        if not entry.id:
            continue
        ids = [entry.id] if isinstance(entry.id, str) else list(entry.id)
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        for text in strings:
            if text and _fields(text) != _fields(ids[-1]):
                wrong.append(f"{ids[0]!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_the_catalogue_tooling_finds_a_new_message(tmp_path: Path) -> None:
    """The extraction sees `_`, `N_` and `ngettext` (so the completeness test can fail)."""
    from babel.messages.extract import extract_from_file

    source = tmp_path / "m.py"
    source.write_text('_("one")\nN_("two")\nngettext("{n} three", "{n} threes", 2)\n')
    found = [m for _, m, _, _ in extract_from_file("python", str(source), catalogues.KEYWORDS)]
    assert found == ["one", "two", ("{n} three", "{n} threes")]
    assert "Usage: " in catalogues.messages()  # Click's own
    assert "Show this message and exit." in catalogues.messages()
    assert any("What runs when" in str(m) for m in catalogues.messages())  # a docstring


# ------------------------------------------------------------------ choosing the language


@pytest.mark.parametrize(
    ("args", "environ", "expected"),
    [
        ([], {}, "en"),
        (["--lang", "nl", "status"], {"ADD_LANG": "en"}, "nl"),
        (["--lang=en"], {"LANG": "nl_NL.UTF-8"}, "en"),
        ([], {"ADD_LANG": "nl", "LC_ALL": "en_GB.UTF-8"}, "nl"),
        ([], {"LC_ALL": "nl_BE.UTF-8", "LANG": "en_US.UTF-8"}, "nl"),
        ([], {"LC_MESSAGES": "nl_NL", "LANG": "en_US.UTF-8"}, "nl"),
        ([], {"LC_ALL": "", "LANG": "nl_NL.UTF-8"}, "nl"),
        ([], {"LANG": "de_DE.UTF-8"}, "en"),
        (["status", "--", "--lang", "nl"], {}, "en"),
    ],
)
def test_language_choice(args: list[str], environ: dict[str, str], expected: str) -> None:
    assert lang.choose(args, environ) == expected


def test_locale_and_option_reach_the_command_line() -> None:
    by_locale = runner.invoke(app, ["status", "--bogus"], env={"ADD_LANG": "", "LANG": "nl_NL"})
    assert "Onbekende optie: --bogus" in by_locale.output
    by_option = runner.invoke(app, ["--lang", "en", "status", "--bogus"], env={"ADD_LANG": "nl"})
    assert "No such option: --bogus" in by_option.output
    bad = runner.invoke(app, ["--lang", "fr", "status"])
    assert bad.exit_code == 2


def test_dutch_dates_quarters_and_lateness() -> None:
    i18n.set_language("nl")
    try:
        assert i18n.long_date(dt.date(2025, 10, 31)) == "31 oktober 2025"
        assert i18n.ngettext("LATE +{n}Q", "LATE +{n}Q", 1).format(n=1) == "1 kwartaal te laat"
        assert i18n.ngettext("LATE +{n}Q", "LATE +{n}Q", 4).format(n=4) == "4 kwartalen te laat"
    finally:
        i18n.set_language("en")
    assert i18n.long_date(dt.date(2025, 10, 31)) == "2025-10-31"
    out = _run(["overdue", "--as-of", "2025-10-31"], "nl", PLAN).output
    assert "per 31 oktober 2025" in out
    show = _run(["show", "1.b.1", "--as-of", "2025-10-31"], "nl", PLAN).output
    assert "Per 31 oktober 2025: loopt; 4 kwartalen te laat" in show
    assert "Periode in bijlage: Q3 2024 tot Q4 2024" in show


def test_scripts_see_the_same_json_in_both_languages() -> None:
    """JSON keys, codes and state names do not change with the language; status JSON has no
    text for people at all, so it is byte-identical; findings keep code, severity, place."""
    for args in (["status", "--as-of", "2025-10-31"], ["overdue", "--as-of", "2026-01-01"]):
        outputs = [_run([*args, "--format", "json"], language, PLAN).stdout for language in LANGS]
        assert outputs[0] == outputs[1]
    reports = [
        json.loads(_run(["validate", "--format", "json"], language, PLAN).stdout)
        for language in LANGS
    ]
    for report in reports:
        for finding in report["findings"]:
            finding.pop("message")
    assert reports[0] == reports[1]


# ------------------------------------------------------------------ no leaks

LANGS = ("en", "nl")

ENGLISH_WORDS = (
    "the", "action", "actions", "overdue", "late", "finished", "as of", "in progress",
    "on schedule", "not reported", "Usage", "Options", "Commands", "Error", "Show this message",
    "No such", "Missing", "default", "required", "round", "wrote", "and", "to", "not", "no",
    "with", "for", "Title", "State", "Latest", "Expected", "Line", "Round",
)  # fmt: skip
"""Tell-tale English: none of these may be in Dutch output (the plan's data is Dutch)."""

DUTCH_WORDS = (
    "het", "actie", "acties", "te laat", "afgerond", "loopt", "Gebruik", "Opties", "Opdrachten",
    "Fout", "geen", "niet", "stand", "ronde", "kwartalen", "voortgang gemeld", "en", "van", "de",
    "Titel", "Stand", "Laatst", "Verwacht", "Lijn", "Ronde",
)  # fmt: skip
"""Tell-tale Dutch: none of these may be in English text that is the command's own."""


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


DATA = _words(" ".join(p.read_text("utf-8") for p in sorted(PLAN.rglob("*.yaml"))))
"""The plan's own words: Dutch, with the odd English name ("State of the Digital Decade")."""


def leaks(text: str, words: tuple[str, ...], data: str = "") -> list[str]:
    """The lines of `text` holding one of `words` as a whole word (case-sensitive; not part
    of a file name such as actions.yaml), unless it stands there among the same words as
    in `data` (the plan's text quoted in the output)."""
    found = []
    for line in text.splitlines():
        hits = []
        for word in words:
            pattern = rf"(?<![\w/.-]){re.escape(word)}(?![\w/-]|\.\w)"
            for m in re.finditer(pattern, line):
                before = re.findall(r"\w+", line[: m.start()])[-2:]
                after = re.findall(r"\w+", line[m.end() :])[:2]
                context = _words(" ".join([*before, word, *after]))
                if not data or f" {context} " not in f" {data} ":
                    hits.append(word)
                    break
        if hits:
            found.append(f"{hits}: {line}")
    return found


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+|[^\w\s]", text)


def own_text(english: str, dutch: str) -> str:
    """The parts of the English output that differ from the Dutch output, word by word: the
    command's own words. The plan's data (Dutch in both languages) is the same in both."""
    a, b = _tokens(dutch), _tokens(english)
    parts = []
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "insert"):
            parts.append(" ".join(b[j1:j2]))
    return "\n".join(parts)


def test_the_leak_check_catches_a_leak() -> None:
    assert leaks("Gebruik: add status\nUsage: add", ENGLISH_WORDS) == ["['Usage']: Usage: add"]
    assert leaks("2 acties te laat", DUTCH_WORDS)
    assert not leaks("Actieplan; overdue-ish; actions.yaml", ("actie", "overdue", "actions"))
    data = _words("in het State of the Digital Decade hoofdrapport")
    assert not leaks("| als best practice in het State of the Digital Decade |", ("the",), data)
    assert leaks("the State of the plan", ("the",), data) == ["['the']: the State of the plan"]
    assert own_text("2 overdue: Het plan", "2 te laat: Het plan") == "overdue"


def command_paths() -> Iterator[tuple[str, ...]]:
    def walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, (*path, name))

    yield from walk(typer.main.get_command(app), ())


def is_group(path: tuple[str, ...]) -> bool:
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return hasattr(command, "commands")


RUNS: dict[tuple[str, ...], list[list[str]]] = {
    ("validate",): [[]],
    ("status",): [["--as-of", "2025-10-31"], ["--dept", "BZK", "--as-of", "2026-03-01"]],
    ("overdue",): [["--as-of", "2026-03-01"], ["--as-of", "2023-01-01"]],
    ("timeline",): [["--as-of", "2025-10-31"]],
    ("show",): [["1.b.1", "--as-of", "2026-03-01"], ["1.a.3"], ["9.z.9"]],
    ("progress",): [
        ["1.b.1", "--state", "afgerond", "--text", "Klaar.", "--date", "2025-11-03", "--dry-run"]
    ],
    ("diff",): [[]],
    ("uitvraag", "open"): [
        ["2026-12-01", "--title", "Ronde december", "--due", "2026-12-15", "--dry-run"]
    ],
    ("uitvraag", "export"): [["--dept", "EZK", "-o", "{tmp}/q.xlsx"]],
    ("uitvraag", "import"): [["{tmp}/q.xlsx", "--dry-run"]],
    ("uitvraag", "status"): [[]],
    ("export", "bijlage1"): [["-f", "md"]],
    ("export", "voortgang"): [["-f", "md"]],
    ("export", "deadlines"): [[]],
    ("site",): [["-o", "{tmp}/site", "--as-of", "2026-01-15"]],
    ("init",): [["{tmp}/nieuw", "--title", "Nieuw plan", "--id", "nieuw-2026"]],
    ("carry-over",): [["--to", "{tmp}/nieuw", "--on", "2026-01-01", "--dry-run"]],
}
"""How to run each command on the shipped plan (a copy; writers with --dry-run). A new
command fails `test_every_command_has_a_run` until it is added here."""

BEFORE: dict[tuple[str, ...], tuple[str, ...]] = {
    ("uitvraag", "import"): ("uitvraag", "export"),
    ("carry-over",): ("init",),
}


def _run(args: list[str], language: str, plan: Path | None) -> Any:
    # Wide: tables do not cut the plan's titles short, so the data reads the same in both.
    env = {"ADD_LANG": language, "COLUMNS": "1000"}
    given = ["--plan", str(plan)] if plan else []
    result = runner.invoke(app, [*args, *given], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def _plan_copy(tmp_path: Path) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "commit", "-qm", "plan"], check=True)
    return plan


def test_every_command_has_a_run() -> None:
    leaves = {p for p in command_paths() if p and not is_group(p)}
    assert leaves == set(RUNS), "add the new commands to RUNS in tests/test_i18n.py"


def _check(outputs: dict[str, str], what: str) -> None:
    """Dutch output has no tell-tale English anywhere (the data is Dutch too); English
    output has no tell-tale Dutch in the words that differ from the Dutch output (the
    command's own text, not the plan's Dutch data: `own_text`)."""
    english, dutch = outputs["en"], outputs["nl"]
    assert english != dutch, f"{what}: nothing was translated"
    # Command names are names in both languages (`add overdue`, progress/<date>.yaml).
    names = {p[-1] for p in command_paths() if p}
    dutch = re.sub(rf"\b({'|'.join(map(re.escape, names))})\b", "NAME", dutch)
    problems = [f"nl: {x}" for x in leaks(dutch, ENGLISH_WORDS, DATA)]
    problems += [f"en: {x}" for x in leaks(own_text(english, dutch), DUTCH_WORDS)]
    assert not problems, f"{what}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", list(command_paths()), ids=lambda p: " ".join(p) or "add")
def test_help_speaks_one_language(path: tuple[str, ...]) -> None:
    outputs = {}
    for language in LANGS:
        result = _run([*path, "--help"], language, None)
        assert result.exit_code == 0, result.output
        outputs[language] = result.output
    _check(outputs, f"add {' '.join(path)} --help")


@pytest.mark.parametrize("path", sorted(RUNS), ids=" ".join)
def test_command_speaks_one_language(path: tuple[str, ...], tmp_path: Path) -> None:
    for args in RUNS[path]:
        outputs = {}
        for language in LANGS:
            work = tmp_path / str(RUNS[path].index(args)) / language
            plan = _plan_copy(work)
            if path in BEFORE:
                for before in RUNS[BEFORE[path]]:
                    _run([*BEFORE[path], *(a.format(tmp=work) for a in before)], "en", plan)
            result = _run([*path, *(a.format(tmp=work) for a in args)], language, plan)
            outputs[language] = result.output.replace(str(work), "TMP")
        if outputs["en"] == outputs["nl"] and not leaks(outputs["nl"], ENGLISH_WORDS, DATA):
            continue  # a document: Dutch data in both languages (export md, ics)
        _check(outputs, f"add {' '.join(path)} {' '.join(args)}")


def test_usage_errors_speak_one_language() -> None:
    cases = (["status", "--bogus"], ["show"], ["status", "--as-of", "gisteren"], ["nope"])
    for args in cases:
        outputs = {language: _run(args, language, PLAN).output for language in LANGS}
        _check(outputs, " ".join(args))


CORPUS = ROOT / "tests" / "invalid_plans"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name != "_base")
QUOTING = (" schema [", " yaml-syntax ")
"""Findings that quote a library's own English: jsonschema's ("'EZK' is not of type
'array'"), ruamel.yaml's ("did not find expected ','"). The rest of them is Dutch."""


@pytest.mark.parametrize("case", CASES)
def test_findings_speak_dutch(case: str, tmp_path: Path) -> None:
    """Every finding of the invalid-plan corpus, in Dutch, with no tell-tale English (the
    corpus plans' own words excepted); in English exactly as `expected.txt` keeps them."""
    from tests.conftest import build_case as build

    plan = build(case, tmp_path / "plan")
    files = [p for p in plan.rglob("*.yaml") if p.is_file()]
    data = _words(" ".join(p.read_text("utf-8", "replace") for p in files))
    outputs = {language: _run(["validate"], language, plan).output for language in LANGS}
    assert outputs["en"] != outputs["nl"]
    problems = leaks(outputs["nl"], ENGLISH_WORDS, f"{DATA} {data}")
    problems = [p for p in problems if not any(q in p for q in QUOTING)]
    assert not problems, "\n".join(problems)


def test_the_plan_cache_keeps_each_language_apart(tmp_path: Path) -> None:
    """The cached verdict of a plan holds its findings as text: a Dutch run after an English
    one (same plan, same cache) must not print the English findings it cached."""
    from tests.conftest import build_case as build

    plan = build("bad-date", tmp_path / "plan")
    english = _run(["status"], "en", plan).output
    dutch = _run(["status"], "nl", plan).output
    again = _run(["status"], "en", plan).output
    assert "is not a real date" in english and english == again
    assert "is geen bestaande datum" in dutch and "is not a real date" not in dutch


def test_validate_counts_in_the_singular_and_the_plural() -> None:
    """ "1 error", "2 errors": every count of validate's summary, in English and Dutch (it
    said "1 errors" and "1 files" before)."""
    from add_cli.checks.validate import ValidationReport
    from add_cli.core.findings import Finding
    from add_cli.present.reports import validation_summary

    def report(errors: int, warnings: int, n: int) -> ValidationReport:
        findings = [Finding("p.yaml", 1, 1, "error", "duplicate-id", "x")] * errors
        findings += [Finding("p.yaml", 1, 1, "warning", "unknown-file", "x")] * warnings
        return ValidationReport(findings=findings, files=n, actions=n, entries=n)

    one, two = report(1, 1, 1), report(2, 0, 2)
    assert validation_summary(one, "plan", True) == (
        "plan: 1 file, 1 action, 1 progress entry: 1 error, 1 warning"
    )
    assert validation_summary(two, "plan", True) == (
        "plan: 2 files, 2 actions, 2 progress entries: 2 errors, 0 warnings"
    )
    assert validation_summary(one, "plan", False) == "plan: cannot be loaded (1 error)"
    i18n.set_language("nl")
    try:
        assert validation_summary(one, "plan", True) == (
            "plan: 1 bestand, 1 actie, 1 voortgangsmelding: 1 fout, 1 waarschuwing"
        )
        assert validation_summary(two, "plan", True) == (
            "plan: 2 bestanden, 2 acties, 2 voortgangsmeldingen: 2 fouten, 0 waarschuwingen"
        )
        assert validation_summary(two, "plan", False) == "plan: niet te lezen (2 fouten)"
    finally:
        i18n.set_language("en")
