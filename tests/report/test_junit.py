"""JUnit XML output."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from armur.core.results import Report
from armur.report import render

from .conftest import make_report


def test_structure(report: Report) -> None:
    root = ET.fromstring(render(report, "junit"))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "armur"
    assert suite.get("failures") == "3" and suite.get("skipped") == "3" and suite.get("tests") == "6"
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert len(failures) == 3 and len(skipped) == 3
    assert {c.get("name") for c in skipped} == {s.path for s in report.skipped}
    sqli = failures[0]
    assert sqli.get("classname") == "armur.python.sql-injection"
    failure = sqli.find("failure")
    assert failure is not None and failure.text is not None
    assert "concatenated into q" in failure.text and "cur.execute(q)" in failure.text
    xss = failures[1].find("failure")
    assert xss is not None and "<script>" in (xss.get("message") or "")


def test_clean_has_passing_case(clean_report: Report) -> None:
    suite = ET.fromstring(render(clean_report, "junit")).find("testsuite")
    assert suite is not None
    passing = [c for c in suite.findall("testcase") if len(c) == 0]
    assert len(passing) == 1
    assert suite.get("failures") == "0"


def test_control_characters_do_not_break_xml() -> None:
    f = replace(make_report().findings[0], message="bell\x07 nul\x00 esc\x1b[31m", snippet="\x0c")
    text = render(make_report(findings=(f,), sources={}), "junit")
    root = ET.fromstring(text)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and "\\x07" in (failure.get("message") or "")
