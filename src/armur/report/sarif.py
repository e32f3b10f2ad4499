"""SARIF 2.1.0 report, shaped for GitHub code scanning.

Every enabled rule appears in ``tool.driver.rules`` (so ``ruleIndex`` is stable between runs);
results carry a partial fingerprint, a region with its snippet, and a code flow built from the
dataflow trace. Skipped files become tool execution notifications, never silent omissions.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.results import Report
from armur.core.rules import Rule, RuleDoc
from armur.report._common import TOOL_NAME, skip_reason, sorted_findings, tool_version

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "armur/v1"

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
_PRECISION = {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"}
_WINDOWS_ABS = re.compile(r"^[A-Za-z]:[\\/]")


def sarif_level(severity: Severity) -> str:
    """SARIF result level for a severity: critical/high -> error, medium -> warning, else note."""
    return _LEVEL[severity]


def artifact_location(path: str) -> dict[str, Any]:
    """SARIF artifactLocation: relative POSIX paths under %SRCROOT%, absolute paths as file URIs."""
    if _WINDOWS_ABS.match(path):
        return {"uri": PureWindowsPath(path).as_uri()}
    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return {"uri": PurePosixPath(posix).as_uri()}
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def _region(loc: Location, snippet: str = "") -> dict[str, Any]:
    start_line = max(1, loc.start_line)
    start_col = max(1, loc.start_col)
    end_line = max(start_line, loc.end_line)
    end_col = max(1, loc.end_col)
    if end_line == start_line and end_col < start_col:
        end_col = start_col
    region: dict[str, Any] = {
        "startLine": start_line,
        "startColumn": start_col,
        "endLine": end_line,
        "endColumn": end_col,
    }
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _physical(loc: Location, snippet: str = "") -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": artifact_location(loc.path), "region": _region(loc, snippet)}}


def _rule_name(rule_id: str) -> str:
    """A PascalCase identifier from a rule id: ``python.sql-injection`` -> ``PythonSqlInjection``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", rule_id) if part)


def _tags(rule: Rule) -> list[str]:
    tags = ["security"]
    for c in rule.cwe:
        tags += [f"CWE-{c}", f"external/cwe/cwe-{c}"]
    if rule.owasp:
        tags.append(f"external/owasp/owasp-{rule.owasp.lower()}")
    tags += list(rule.tags)
    return list(dict.fromkeys(tags))  # unique, first occurrence order


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """SARIF reportingDescriptor for a rule, with GitHub's tags, precision and security-severity."""
    help_md = rule.markdown()
    return {
        "id": rule.id,
        "name": _rule_name(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.doc.what or rule.title},
        "help": {"text": help_md, "markdown": help_md},
        "defaultConfiguration": {"level": sarif_level(rule.severity)},
        "properties": {
            "tags": _tags(rule),
            "precision": _PRECISION[rule.confidence],
            "security-severity": f"{rule.severity.security_score:.1f}",
            "problem.severity": "recommendation" if sarif_level(rule.severity) == "note"
            else sarif_level(rule.severity),
        },
    }


def _placeholder_rule(f: Finding) -> Rule:
    """Metadata for a finding whose rule is not in Report.rules, so its ruleIndex stays valid."""
    return Rule(
        id=f.rule_id, title=f.rule_id, severity=f.severity, confidence=f.confidence, cwe=f.cwe,
        owasp=f.owasp, languages=(), analyzer=f.analyzer,
        doc=RuleDoc(what=f.message, why="(no documentation available for this rule)"),
    )


def _code_flow(f: Finding) -> dict[str, Any]:
    locations = []
    for step in f.trace:
        loc = _physical(step.location, step.code)
        loc["message"] = {"text": f"{step.kind}: {step.note}" if step.note else step.kind}
        locations.append({"location": loc, "kinds": [step.kind]})
    return {
        "message": {"text": f"dataflow from {f.trace[0].kind} to {f.trace[-1].kind}"},
        "threadFlows": [{"locations": locations}],
    }


def _result(f: Finding, index: int, suppressed: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": sarif_level(f.severity),
        "message": {"text": f.message + (f" Fix: {f.fix}" if f.fix else "")},
        "locations": [_physical(f.location, f.snippet)],
    }
    if f.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    if f.trace:
        result["codeFlows"] = [_code_flow(f)]
    if suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": "armur: ignore comment"}]
    result["properties"] = {
        "severity": f.severity.value,
        "confidence": f.confidence.value,
        "cwe": [f"CWE-{c}" for c in f.cwe],
        "owasp": f.owasp,
        "analyzer": f.analyzer,
    }
    return result


def _notifications(report: Report) -> list[dict[str, Any]]:
    skips = [
        {
            "level": "warning",
            "message": {"text": f"skipped {s.path}: {skip_reason(s)}"},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(s.path)}}],
            "descriptor": {"id": f"armur.skip.{s.reason}"},
        }
        for s in report.skipped
    ]
    warnings = [
        {"level": "warning", "message": {"text": w}, "descriptor": {"id": "armur.warning"}} for w in report.warnings
    ]
    return skips + warnings


def report_to_sarif(report: Report) -> dict[str, Any]:
    """The SARIF log as a plain mapping."""
    rules = list(report.rules)
    known = {r.id for r in rules}
    for f in sorted_findings((*report.findings, *report.suppressed)):
        if f.rule_id not in known:
            rules.append(_placeholder_rule(f))
            known.add(f.rule_id)
    index = {r.id: i for i, r in enumerate(rules)}
    results = [_result(f, index[f.rule_id], False) for f in sorted_findings(report.findings)]
    results += [_result(f, index[f.rule_id], True) for f in sorted_findings(report.suppressed)]
    version = tool_version(report)
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": version,
                "semanticVersion": version,
                "rules": [rule_descriptor(r) for r in rules],
            }},
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": _notifications(report),
            }],
            "results": results,
            "properties": {"summary": report.summary()},
        }],
    }


def to_sarif(report: Report) -> str:
    """Render the report as a SARIF 2.1.0 log."""
    # Compact: SARIF is read by machines, and the C encoder (no indent) is several times faster.
    return json.dumps(report_to_sarif(report), ensure_ascii=False, separators=(",", ":")) + "\n"
