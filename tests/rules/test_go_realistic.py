"""Realistic Go handlers, in the style code assistants write them, vulnerable and fixed.

Each `*_vulnerable.go` file in fixtures/go_realistic/ has a `*_fixed.go` counterpart doing the same job
correctly (placeholders, allow-lists, containment checks, escaping, no shell). Every finding armur
reports on a file, whatever the rule, must be on a line annotated `// expect: <rule-id>`, and every
annotation must be found: the fixed files must come out clean.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from armur import scan_source

FIXTURES = Path(__file__).parent / "fixtures" / "go_realistic"
FILES = sorted(FIXTURES.glob("*.go"))
EXPECT = re.compile(r"//\s*expect:\s*([\w.\-]+(?:\s*,\s*[\w.\-]+)*)")


def expected(text: str) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in EXPECT.finditer(line):
            out |= {(rid.strip(), lineno) for rid in m.group(1).split(",")}
    return out


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_realistic_handler(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    want = expected(text)
    got = {(f.rule_id, f.line) for f in scan_source(f"svc/{path.name}", text).findings}
    missing, extra = sorted(want - got), sorted(got - want)
    assert not missing and not extra, f"missing (false negatives): {missing}\nextra (false positives): {extra}"


def test_every_vulnerable_file_has_a_fixed_counterpart() -> None:
    names = {p.name for p in FILES}
    vulnerable = [n for n in names if n.endswith("_vulnerable.go")]
    assert len(vulnerable) >= 3
    for n in vulnerable:
        fixed = n.replace("_vulnerable.go", "_fixed.go")
        assert fixed in names, f"{n} has no fixed counterpart"
        assert expected((FIXTURES / n).read_text(encoding="utf-8")), f"{n} expects nothing"
        assert not expected((FIXTURES / fixed).read_text(encoding="utf-8")), f"{fixed} expects findings"
