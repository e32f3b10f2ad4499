"""Shared Report fixtures for the formatter tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from armur.core.findings import Confidence, Finding, Location, Severity, TraceStep
from armur.core.results import Report, Skip
from armur.core.rules import Rule, RuleDoc

# <repo>/tests/report/conftest.py -> parents[2] is the repository root; the schema is shared beside it.
SARIF_SCHEMA = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets" / "schemas" / "sarif-schema-2.1.0.json"
)


def sarif_validator() -> Any:
    """A jsonschema validator for SARIF 2.1.0, or skip the test when the schema file is absent."""
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


SQLI = Rule(
    id="python.sql-injection",
    title="SQL query built from user input",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(89,),
    owasp="A03",
    languages=("python",),
    analyzer="sast",
    doc=RuleDoc(
        what="User input reaches a SQL query string.",
        why="An attacker can read or change the database.",
        example='cur.execute("SELECT * FROM t WHERE id=" + request.args["id"])',
        fix="Use query parameters.",
        references=("https://owasp.org/Top10/A03_2021-Injection/",),
    ),
)
XSS = Rule(
    id="python.xss",
    title="Unescaped user input in HTML",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(79,),
    owasp="A03",
    languages=("python",),
    analyzer="sast",
    doc=RuleDoc(what="User input reaches an HTML response unescaped.", why="Cross-site scripting."),
)
DEBUG = Rule(
    id="python.debug-enabled",
    title="Debug mode enabled",
    severity=Severity.LOW,
    confidence=Confidence.LOW,
    cwe=(),
    owasp="",
    languages=("python",),
    analyzer="sast",
    doc=RuleDoc(what="Debug mode is on.", why="Leaks internals."),
)
UNUSED = Rule(
    id="python.unused-rule",
    title="A rule with no findings",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=(78, 77),
    owasp="A03",
    languages=("python",),
    analyzer="sast",
    doc=RuleDoc(what="Nothing here.", why="Checks that every enabled rule is listed."),
)

APP = [
    "from flask import request",
    "import sqlite3",
    "",
    "def view():",
    "    uid = request.args['id']",
    "    q = 'SELECT * FROM users WHERE id=' + uid",
    "    cur = sqlite3.connect('db').cursor()",
    "    cur.execute(q)",
    "    return 'ok'",
]
PAGE = [
    "def page(name):",
    "    return '<script>alert(1)</script>' + name",
]


def _sqli() -> Finding:
    trace = (
        TraceStep(Location("app.py", 5, 11, 5, 29), "source", "user input from request.args",
                  "uid = request.args['id']"),
        TraceStep(Location("app.py", 6, 5, 6, 45), "step", "concatenated into q",
                  "q = 'SELECT * FROM users WHERE id=' + uid"),
        TraceStep(Location("app.py", 8, 5, 8, 19), "sink", "executed as SQL", "cur.execute(q)"),
    )
    return Finding(
        rule_id=SQLI.id, message="SQL query built from request.args reaches cursor.execute",
        severity=Severity.HIGH, confidence=Confidence.HIGH, location=Location("app.py", 8, 5, 8, 19),
        analyzer="sast", cwe=(89,), owasp="A03", snippet="cur.execute(q)", trace=trace,
        fix="Pass the value as a query parameter: cur.execute('... id=?', (uid,))",
        fingerprint="a" * 32,
    )


def _xss() -> Finding:
    return Finding(
        rule_id=XSS.id, message="HTML built with <script> & \"quotes\" from user input",
        severity=Severity.MEDIUM, confidence=Confidence.MEDIUM,
        location=Location("web/page.py", 2, 12, 2, 48), analyzer="sast", cwe=(79,), owasp="A03",
        snippet="    return '<script>alert(1)</script>' + name", fix="Escape with markupsafe.escape()",
        fingerprint="b" * 32,
    )


def _debug() -> Finding:
    return Finding(
        rule_id=DEBUG.id, message="=cmd|' /C calc'!A0 debug is on", severity=Severity.LOW,
        confidence=Confidence.LOW, location=Location("settings.py", 3, 1, 3, 11), analyzer="sast",
        snippet="DEBUG = True", fingerprint="c" * 32,
    )


def _suppressed() -> Finding:
    return Finding(
        rule_id=DEBUG.id, message="debug is on (ignored)", severity=Severity.LOW, confidence=Confidence.LOW,
        location=Location("settings.py", 9, 1, 9, 11), analyzer="sast", snippet="DEBUG = True  # armur: ignore",
        fingerprint="d" * 32,
    )


SKIPS = (
    Skip("assets/logo.png", "binary"),
    Skip("vendor/big.min.js", "minified", "line longer than 5000 characters"),
    Skip("data/latin1.py", "undecodable", "byte 0xe9 at offset 12"),
)


def make_report(**overrides: Any) -> Report:
    """A report with three findings (trace, HTML-special text, no CWE), one suppressed and three skips."""
    values: dict[str, Any] = {
        "findings": (_debug(), _xss(), _sqli()),
        "rules": (DEBUG, SQLI, UNUSED, XSS),
        "skipped": SKIPS,
        "suppressed": (_suppressed(),),
        "baseline_filtered": 4,
        "diff_filtered": 2,
        "files_scanned": 12,
        "lines_scanned": 345,
        "roots": (".",),
        "version": "0.1.0",
        "duration_s": 1.25,
        "cache_hits": 7,
        "warnings": ("analyzer 'deps' found no lock files",),
        "analyzers": ("sast",),
        "sources": {"app.py": APP, "web/page.py": PAGE},
    }
    values.update(overrides)
    return Report(**values)


@pytest.fixture
def report() -> Report:
    """The standard test report."""
    return make_report()


@pytest.fixture
def clean_report() -> Report:
    """A report without findings but with skips."""
    return make_report(findings=(), suppressed=(), sources={})
