"""Structural JavaScript checks: every annotated line is reported, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from armur import scan_source
from armur.rules.javascript_structural import RULES

FIXTURES = Path(__file__).parent / "fixtures" / "javascript_structural"
IDS = {r.id for r in RULES}
EXPECT = re.compile(r"//\s*expect:\s*([\w.\-]+)")


def test_fixtures_exactly() -> None:
    seen: set[str] = set()
    for path in sorted(FIXTURES.glob("*.[jt]s")):
        text = path.read_text(encoding="utf-8")
        want = {(m.group(1), n) for n, line in enumerate(text.splitlines(), 1) for m in [EXPECT.search(line)] if m}
        report = scan_source(f"app/{path.name}", text)
        got = {(f.rule_id, f.line) for f in report.findings if f.rule_id in IDS}
        assert got == want, path.name
        seen |= {rid for rid, _ in want}
    assert seen == IDS  # every rule has a positive case


def test_credentials_in_test_files_are_not_reported() -> None:
    text = (FIXTURES / "credentials.ts").read_text(encoding="utf-8")
    for display in ("test/credentials.ts", "src/__tests__/credentials.ts", "src/credentials.spec.ts"):
        report = scan_source(display, text)
        assert not [f for f in report.findings if f.rule_id == "javascript.hardcoded-credential"], display
    assert [f for f in scan_source("src/credentials.ts", text).findings
            if f.rule_id == "javascript.hardcoded-credential"]
