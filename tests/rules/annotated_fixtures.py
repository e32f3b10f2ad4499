"""Shared checks for fixtures annotated with `// expect: <rule-id>` comments (JavaScript, Go, Rust,
Solidity).

A fixture is named after one rule (`<lang>.<rule>[.<variant>].<suffix>`). The (rule id, line)
findings of that rule, and of any other rule the fixture annotates, must equal exactly the annotated
lines: ``// expect: <rule-id>[, <rule-id>...]`` on the first line of the flaw, ``// gap-fn: <rule-id>``
on a real flaw the analysis does not report yet, ``// gap-fp: <rule-id>`` on safe code it still reports.
The check holds the analysis to its known gaps too, so that a fix shows up as a failing test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from armur import scan_source

ANNOTATION = re.compile(r"//\s*(expect|gap-fn|gap-fp):\s*([\w.\-]+(?:\s*,\s*[\w.\-]+)*)")


def annotations(text: str) -> dict[str, set[tuple[str, int]]]:
    """(rule id, line) pairs per annotation kind: expect, gap-fn, gap-fp."""
    out: dict[str, set[tuple[str, int]]] = {"expect": set(), "gap-fn": set(), "gap-fp": set()}
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in ANNOTATION.finditer(line):
            out[m.group(1)] |= {(rid.strip(), lineno) for rid in m.group(2).split(",")}
    return out


def own_rule(path: Path) -> str:
    """The rule a fixture is about: <lang>.<rule>[.<variant>].<suffix> -> <lang>.<rule>."""
    return ".".join(path.name.split(".")[:2])


def check_fixture(path: Path, known: set[str], folder: str = "app", what: str = "taint rule",
                  no_skips: bool = False) -> None:
    """Scan the fixture as `<folder>/<name>` and compare its findings with its annotations."""
    text = path.read_text(encoding="utf-8")
    notes = annotations(text)
    named = {rid for pairs in notes.values() for rid, _ in pairs}
    assert not named - known, f"annotations name unknown rules: {named - known}"
    assert own_rule(path) in known, f"{path.name} is not named after a {what}"
    ids = {own_rule(path)} | named
    report = scan_source(f"{folder}/{path.name}", text)
    if no_skips:
        assert not report.skipped, report.skipped
    got = {(f.rule_id, f.line) for f in report.findings if f.rule_id in ids}
    # What the analysis does today: every expected flaw except known false negatives, plus known false positives.
    want = (notes["expect"] - notes["gap-fn"]) | notes["gap-fp"]
    missing, extra = sorted(want - got), sorted(got - want)
    assert not missing and not extra, f"missing (false negatives): {missing}\nextra (false positives): {extra}"


def check_every_rule_has_fixtures(rule_ids: Iterable[str], files: list[Path]) -> None:
    """Each rule has a fixture with a positive case the analysis finds, and more code than flaws."""
    for rid in sorted(rule_ids):
        mine = [p for p in files if own_rule(p) == rid]
        assert mine, f"no fixture file for {rid}"
        notes = [annotations(p.read_text(encoding="utf-8")) for p in mine]
        assert any(r == rid for n in notes for r, _ in n["expect"] - n["gap-fn"]), \
            f"no positive case the analysis finds for {rid}"
        for p, n in zip(mine, notes, strict=True):
            # Negative cases: the fixture holds more sink-like code than annotated lines.
            assert len(p.read_text(encoding="utf-8").splitlines()) > 3 * len(n["expect"])


def check_traces(files: Iterable[Path], rule_ids: set[str],
                 display: Callable[[Path, str], str] = lambda p, _text: f"app/{p.name}") -> None:
    """Every finding of the given (taint) rules in the files carries a trace from a source to its sink line."""
    for path in files:
        text = path.read_text(encoding="utf-8")
        report = scan_source(display(path, text), text)
        for f in report.findings:
            if f.rule_id not in rule_ids:
                continue
            assert f.trace, f"{path.name}:{f.line} {f.rule_id} has no trace"
            assert f.trace[0].kind == "source"
            assert f.trace[-1].kind == "sink"
            assert f.trace[-1].location.start_line == f.line
