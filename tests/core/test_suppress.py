"""Inline suppressions in every comment syntax, on the line or on a comment line above."""

from __future__ import annotations

from pathlib import Path

import pytest

from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.suppress import is_suppressed

from .util import FLAW, RULE, hits, run_scan, write


def finding(line: int, rule: str = RULE) -> Finding:
    return Finding(rule, "m", Severity.HIGH, Confidence.HIGH, Location("f", line, 1), "sast")


@pytest.mark.parametrize("comment", [
    "# armur: ignore",
    "// armur: ignore",
    "/* armur: ignore */",
    "-- armur: ignore",
    "<!-- armur: ignore -->",
    "#armur:ignore",
    "# ARMUR: IGNORE",
    f"# armur: ignore[{RULE}]",
    f"// armur: ignore[other.rule, {RULE}]",
    "/* armur: ignore[python.*] */",
    f"-- armur: ignore[{RULE}]",
    f"<!-- armur: ignore[{RULE}] -->",
    "# noqa: E501  # armur: ignore",
])
def test_each_comment_syntax_on_the_line_and_above(comment: str) -> None:
    assert is_suppressed(finding(1), [f"bad_call(x)  {comment}"])
    assert is_suppressed(finding(2), [f"    {comment}", "bad_call(x)"])


@pytest.mark.parametrize("lines", [
    ["bad_call(x)  # armur: ignore[other.rule]"],  # another rule
    ["bad_call(x)  # armur ignore"],  # not the directive
    ["bad_call(x)  # armur: ignored-by-nobody"] ,
    ["x = 'armur: ignore'", ""],  # not in a comment
    ["# armur: ignore", "", "bad_call(x)"],  # two lines above
    ["other(y)  # armur: ignore", "bad_call(x)"],  # trailing comment on code above covers only its own line
])
def test_non_matching_directives(lines: list[str]) -> None:
    target = len(lines) if lines[-1].startswith("bad_call") else 1
    assert not is_suppressed(finding(target), lines)


def test_no_source_lines() -> None:
    assert not is_suppressed(finding(1), None)
    assert not is_suppressed(finding(5), ["x"])


def test_suppressed_findings_are_counted_in_the_report(project: Path) -> None:
    write("a.py", "\n".join([
        "eval(code)  # armur: ignore",
        "# armur: ignore[python.eval-dynamic]",
        "eval(code)",
        "eval(code)  # armur: ignore[python.other-rule]",
        "eval(code)",
    ]) + "\n")
    report = run_scan()
    assert hits(report) == [("a.py", 4), ("a.py", 5)]
    assert sorted(f.line for f in report.suppressed) == [1, 3]
    assert report.summary()["suppressed"] == 2


def test_suppression_survives_the_cache(project: Path) -> None:
    write("a.py", FLAW.rstrip("\n") + "  # armur: ignore\n")
    for _ in range(2):
        report = run_scan()
        assert hits(report) == [] and len(report.suppressed) == 1
