"""Fixture-driven tests of the structural Python rules.

Every file in fixtures/python/ is scanned; the set of (rule id, line) findings of the structural
rules must equal exactly the set of lines annotated ``# expect: <rule-id>[, <rule-id>...]``.
A first line ``# fixture-path: some/path.py`` makes the file be scanned under that path (for
path-dependent rules such as settings modules and test-file exemptions).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from armur.core.analyzer import SourceFile
from armur.core.findings import Finding
from armur.lang.treesitter import parse
from armur.rules import python_structural

FIXTURES = Path(__file__).parent / "fixtures" / "python"
STRUCTURAL_IDS = {r.id for r in python_structural.RULES}
EXPECT = re.compile(r"#\s*expect:\s*([\w.\-]+(?:\s*,\s*[\w.\-]+)*)")
PATH_DIRECTIVE = re.compile(r"^#\s*fixture-path:\s*(\S+)")


def scan(text: str, display: str = "app/module.py") -> list[Finding]:
    """Run the structural checks on source text as if it were the file `display`."""
    tree = parse("python", text.encode("utf-8"))
    return python_structural.check(tree, SourceFile(display, display, text))


def expected(text: str) -> set[tuple[str, int]]:
    """(rule id, line) pairs annotated in a fixture."""
    out = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        m = EXPECT.search(line)
        if m:
            out |= {(rid.strip(), lineno) for rid in m.group(1).split(",")}
    return out


def fixture_display(path: Path, text: str) -> str:
    """The path a fixture is scanned under: its directive, or a neutral application path."""
    m = PATH_DIRECTIVE.match(text)
    return m.group(1) if m else f"app/{path.name}"


FIXTURE_FILES = sorted(FIXTURES.glob("*.py"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_fixture(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    want = expected(text)
    unknown = {rid for rid, _ in want} - STRUCTURAL_IDS
    assert not unknown, f"annotations name unknown rules: {unknown}"
    got = {(f.rule_id, f.line) for f in scan(text, fixture_display(path, text)) if f.rule_id in STRUCTURAL_IDS}
    missing, extra = sorted(want - got), sorted(got - want)
    assert not missing and not extra, f"missing (false negatives): {missing}\nextra (false positives): {extra}"


def test_every_rule_has_a_fixture_with_a_positive() -> None:
    annotated: set[str] = set()
    for path in FIXTURE_FILES:
        annotated |= {rid for rid, _ in expected(path.read_text(encoding="utf-8"))}
    assert STRUCTURAL_IDS <= annotated
    for rid in STRUCTURAL_IDS:
        assert (FIXTURES / f"{rid}.py").exists(), f"no fixture file for {rid}"
