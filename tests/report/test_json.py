"""JSON output: documented schema, stable order, round-trips findings."""

from __future__ import annotations

import json

from armur.core.findings import Finding
from armur.core.results import Report
from armur.report import render


def test_top_level_schema(report: Report) -> None:
    doc = json.loads(render(report, "json"))
    assert list(doc) == ["schema_version", "tool", "summary", "scan", "findings", "suppressed", "skipped",
                         "rules", "warnings"]
    assert doc["schema_version"] == 1
    assert doc["tool"] == {"name": "armur", "version": "0.1.0"}
    assert doc["summary"] == report.summary()
    assert doc["scan"] == {"roots": ["."], "analyzers": ["sast"], "duration_s": 1.25, "cache_hits": 7}
    assert doc["skipped"] == [s.to_dict() for s in report.skipped]
    assert doc["warnings"] == list(report.warnings)


def test_findings_round_trip(report: Report) -> None:
    doc = json.loads(render(report, "json"))
    back = [Finding.from_dict(d) for d in doc["findings"]]
    assert sorted(back, key=Finding.sort_key) == sorted(report.findings, key=Finding.sort_key)
    assert [f.severity.value for f in back] == ["high", "medium", "low"]  # most severe first
    assert back[0].trace == report.findings[2].trace
    assert [Finding.from_dict(d) for d in doc["suppressed"]] == list(report.suppressed)


def test_rules_only_those_referenced(report: Report) -> None:
    doc = json.loads(render(report, "json"))
    ids = [r["id"] for r in doc["rules"]]
    assert ids == ["python.debug-enabled", "python.sql-injection", "python.xss"]
    sqli = doc["rules"][1]
    assert sqli["cwe"] == ["CWE-89"]
    assert sqli["owasp_title"] == "A03:2021-Injection"
    assert set(sqli["doc"]) == {"what", "why", "example", "fix", "references"}


def test_deterministic(report: Report) -> None:
    assert render(report, "json") == render(report, "json")


def test_clean(clean_report: Report) -> None:
    doc = json.loads(render(clean_report, "json"))
    assert doc["findings"] == [] and doc["rules"] == []
    assert len(doc["skipped"]) == 3
