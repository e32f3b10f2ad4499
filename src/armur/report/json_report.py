"""Machine-readable JSON report with a stable, versioned schema (see docs/report-formats.md)."""

from __future__ import annotations

import json
from typing import Any

from armur.core.results import Report
from armur.core.rules import Rule
from armur.report._common import TOOL_NAME, sorted_findings, tool_version

SCHEMA_VERSION = 1


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """JSON-ready metadata of a rule (the `rules[]` entries of the JSON report)."""
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity.value,
        "confidence": rule.confidence.value,
        "cwe": [f"CWE-{c}" for c in rule.cwe],
        "owasp": rule.owasp,
        "owasp_title": rule.owasp_title,
        "languages": list(rule.languages),
        "analyzer": rule.analyzer,
        "tags": list(rule.tags),
        "doc": {
            "what": rule.doc.what,
            "why": rule.doc.why,
            "example": rule.doc.example,
            "fix": rule.doc.fix,
            "references": list(rule.doc.references),
        },
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON report as a plain mapping, keys in their documented order."""
    findings = sorted_findings(report.findings)
    suppressed = sorted_findings(report.suppressed)
    referenced = {f.rule_id for f in findings} | {f.rule_id for f in suppressed}
    rules = sorted((r for r in report.rules if r.id in referenced), key=lambda r: r.id)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": tool_version(report)},
        "summary": report.summary(),
        "scan": {
            "roots": list(report.roots),
            "analyzers": list(report.analyzers),
            "duration_s": round(report.duration_s, 3),
            "cache_hits": report.cache_hits,
        },
        "findings": [f.to_dict() for f in findings],
        "suppressed": [f.to_dict() for f in suppressed],
        "skipped": [s.to_dict() for s in report.skipped],
        "rules": [rule_to_dict(r) for r in rules],
        "warnings": list(report.warnings),
    }


def to_json(report: Report) -> str:
    """Render the report as indented JSON (ASCII-only, so it is safe in any encoding)."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=True) + "\n"
