"""Structural Rust checks: every annotated line is reported, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from armur import scan_source
from armur.core.findings import Confidence, Severity
from armur.rules.rust_structural import RULES, STATIC_MUT, TRANSMUTE, WEAK_HASH

FIXTURES = Path(__file__).parent / "fixtures" / "rust_structural"
IDS = {r.id for r in RULES}
EXPECT = re.compile(r"//\s*expect:\s*([\w.\-]+)")


def test_fixture_exactly() -> None:
    text = (FIXTURES / "checks.rs").read_text(encoding="utf-8")
    want = {(m.group(1), n) for n, line in enumerate(text.splitlines(), 1) for m in [EXPECT.search(line)] if m}
    report = scan_source("app/checks.rs", text)
    got = {(f.rule_id, f.line) for f in report.findings if f.rule_id in IDS}
    assert got == want
    assert {rid for rid, _ in want} == IDS  # every rule has a positive case


def test_password_hashing_is_more_severe_and_memory_rules_are_low_confidence() -> None:
    text = (FIXTURES / "checks.rs").read_text(encoding="utf-8")
    report = scan_source("app/checks.rs", text)
    hashes = {f.line: f.severity for f in report.findings if f.rule_id == WEAK_HASH.id}
    assert Severity.HIGH in hashes.values() and Severity.MEDIUM in hashes.values()
    for f in report.findings:
        if f.rule_id in (TRANSMUTE.id, STATIC_MUT.id):
            assert f.confidence == Confidence.LOW


def test_rules_are_documented_and_listed() -> None:
    from armur.analyzers.sast import SastAnalyzer

    listed = {r.id for r in SastAnalyzer().rules()}
    for rule in RULES:
        assert rule.id in listed and rule.languages == ("rust",)
        assert all((rule.doc.what, rule.doc.why, rule.doc.example, rule.doc.fix))
