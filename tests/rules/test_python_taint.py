"""Fixture-driven tests of the Python taint rules.

Every file in fixtures/python_taint/ is named after one rule (``python.<rule>.py``) and scanned
with :func:`armur.scan_source` as ``app/<name>``. The set of (rule id, line) findings of the
fixture's own rule, and of any other taint rule it annotates, must equal exactly the set of lines
annotated ``# expect: <rule-id>[, <rule-id>...]``. For XSS the finding stands on the handler's
``return`` line; for every other rule on the first line of the sink call.

A rule may have variant fixtures ``python.<rule>.<variant>.py`` (one web framework per module, as in
real applications); a first line ``# fixture-path: some/path.py`` scans the file under that path.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from armur import scan_source
from armur.rules import python_taint
from armur.rules.python_structural_rules import WEAK_RANDOM

from .annotated_fixtures import check_traces

FIXTURES = Path(__file__).parent / "fixtures" / "python_taint"
TAINT_IDS = {r.id for r in python_taint.TAINT_RULES.values()}
PATH_DIRECTIVE = re.compile(r"^#\s*fixture-path:\s*(\S+)")
EXPECT = re.compile(r"#\s*expect:\s*([\w.\-]+(?:\s*,\s*[\w.\-]+)*)")
FIXTURE_FILES = sorted(FIXTURES.glob("*.py"))


def expected(text: str) -> set[tuple[str, int]]:
    """(rule id, line) pairs annotated in a fixture."""
    out = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        m = EXPECT.search(line)
        if m:
            out |= {(rid.strip(), lineno) for rid in m.group(1).split(",")}
    return out


def fixture_display(path: Path, text: str) -> str:
    """The path a fixture is scanned under: its directive, or app/<file name>."""
    m = PATH_DIRECTIVE.match(text)
    return m.group(1) if m else f"app/{path.name}"


def own_rule(path: Path) -> str:
    """The rule a fixture is about: python.<rule>[.<variant>].py -> python.<rule>."""
    return ".".join(path.name.split(".")[:2])


def checked_ids(path: Path, text: str) -> set[str]:
    """Rule ids whose findings a fixture is compared on (other rules' findings are ignored)."""
    return {own_rule(path)} | {rid for rid, _ in expected(text) if rid in TAINT_IDS}


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_fixture(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    want = expected(text)
    ids = checked_ids(path, text)
    unknown = {rid for rid, _ in want} - TAINT_IDS - {WEAK_RANDOM.id}
    assert not unknown, f"annotations name unknown rules: {unknown}"
    assert own_rule(path) in TAINT_IDS | {WEAK_RANDOM.id}, f"{path.name} is not named after a taint rule"
    report = scan_source(fixture_display(path, text), text)
    got = {(f.rule_id, f.line) for f in report.findings if f.rule_id in ids}
    missing, extra = sorted(want - got), sorted(got - want)
    assert not missing and not extra, f"missing (false negatives): {missing}\nextra (false positives): {extra}"


def test_every_taint_rule_has_a_fixture_with_positives_and_negatives() -> None:
    for rid in sorted(TAINT_IDS | {WEAK_RANDOM.id}):
        path = FIXTURES / f"{rid}.py"
        assert path.exists(), f"no fixture file for {rid}"
        text = path.read_text(encoding="utf-8")
        positives = {r for r, _ in expected(text)}
        assert rid in positives, f"{path.name} has no positive case for {rid}"
        # Negative cases: the fixture holds more sink-like code than annotated lines.
        assert len(text.splitlines()) > 3 * len(expected(text))


def test_findings_carry_a_trace_from_source_to_sink() -> None:
    check_traces(FIXTURE_FILES, TAINT_IDS, fixture_display)
