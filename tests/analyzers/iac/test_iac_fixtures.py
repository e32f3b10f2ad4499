"""Fixture tests for the IaC analyzer: every `# expect:` annotation must match a finding, both ways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from armur.analyzers.iac import IacAnalyzer
from armur.analyzers.iac.catalog import BY_ID
from armur.core.analyzer import SourceFile

FIXTURES = Path(__file__).parent / "fixtures"
_EXPECT = re.compile(r"(?:#|//)\s*expect(?P<next>-next)?:\s*(?P<ids>[\w.\-, ]+)")


def _expected(path: Path, text: str) -> set[tuple[str, int]]:
    sidecar = path.with_name(path.name + ".expect")
    if sidecar.exists():
        out = set()
        for row in sidecar.read_text().splitlines():
            if row.strip():
                rid, ln = row.split()
                out.add((rid, int(ln)))
        return out
    lines = text.splitlines()
    expected: set[tuple[str, int]] = set()
    for n, line in enumerate(lines, 1):
        m = _EXPECT.search(line)
        if not m:
            continue
        target = n
        if m.group("next"):
            target = next(k for k in range(n + 1, len(lines) + 1) if not lines[k - 1].lstrip().startswith("#"))
        for rid in m.group("ids").split(","):
            if rid.strip():
                expected.add((rid.strip(), target))
    return expected


def _fixtures() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and not p.name.endswith(".expect"))


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_findings_match_annotations(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    analyzer = IacAnalyzer()
    display = str(path.relative_to(FIXTURES))
    expected = _expected(path, text)
    for rid, _ in expected:
        assert rid in BY_ID, f"unknown rule id in annotation: {rid}"
    if not analyzer.accepts(display):
        assert not expected, f"{display} has annotations but is not accepted"
        return
    result = analyzer.analyze(SourceFile(str(path), display, text))
    assert result.skip is None, result.skip
    findings = result.findings + analyzer.finish({display: result})  # the module pass, as a scan runs it
    got = {(f.rule_id, f.line) for f in findings}
    assert got - expected == set(), f"unexpected findings in {display}: {sorted(got - expected)}"
    assert expected - got == set(), f"missed findings in {display}: {sorted(expected - got)}"
    assert len(got) == len(findings), "duplicate findings on one line"
