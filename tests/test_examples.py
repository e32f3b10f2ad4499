"""The bundled example apps report exactly the flaws examples/README.md lists for them."""

from __future__ import annotations

from pathlib import Path

from armur import scan
from armur.core.config import Config

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_shop_api_findings_are_the_planted_ones() -> None:
    report = scan([str(EXAMPLES / "shop_api")], Config(analyzers=("sast",)))
    got = {(f.rule_id, f.line) for f in report.findings}
    assert got == {
        ("javascript.hardcoded-secret", 11), ("javascript.insecure-cookie", 11),
        ("javascript.sql-injection", 17), ("javascript.path-traversal", 25),
        ("javascript.command-injection", 33), ("javascript.xss", 41), ("javascript.ssrf", 45),
        ("javascript.open-redirect", 50),
    }
