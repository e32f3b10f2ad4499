"""CSV output: parses back, one row per finding, formula-safe."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from armur.core.results import Report
from armur.report import render
from armur.report.csv_report import COLUMNS, neutralise

from .conftest import make_report


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_parse_back(report: Report) -> None:
    text = render(report, "csv")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    rows = _rows(text)
    assert len(rows) == 3
    sqli = rows[0]
    assert sqli["rule_id"] == "python.sql-injection"
    assert sqli["severity"] == "high" and sqli["confidence"] == "high"
    assert (sqli["path"], sqli["start_line"], sqli["start_col"], sqli["end_line"], sqli["end_col"]) == (
        "app.py", "8", "5", "8", "19")
    assert sqli["cwe"] == "CWE-89" and sqli["owasp"] == "A03"
    assert sqli["fingerprint"] == "a" * 32
    assert rows[1]["message"] == 'HTML built with <script> & "quotes" from user input'
    assert rows[2]["cwe"] == ""


def test_multiple_cwes_and_newlines() -> None:
    f = replace(make_report().findings[2], cwe=(78, 77), message="line one\nline, two")
    rows = _rows(render(make_report(findings=(f,)), "csv"))
    assert rows[0]["cwe"] == "CWE-78;CWE-77"
    assert rows[0]["message"] == "line one\nline, two"


def test_formula_injection(report: Report) -> None:
    rows = _rows(render(report, "csv"))
    assert rows[2]["message"].startswith("'=cmd")
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1"):
        assert neutralise(value) == "'" + value
    assert neutralise("safe") == "safe"


def test_clean(clean_report: Report) -> None:
    assert render(clean_report, "csv") == ",".join(COLUMNS) + "\n"
