"""JUnit XML report, for CI systems that display test results.

One test case per finding (failed), one passing case when the scan is clean, and one skipped
case per file the scan could not analyse.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from armur.core.findings import Finding
from armur.core.results import Report
from armur.report._common import excerpt, skip_reason, sorted_findings

SUITE_NAME = "armur"
# Characters XML 1.0 cannot carry at all, not even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Replace characters that are illegal in XML 1.0 by a visible ``\\xNN`` form."""
    return _INVALID_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _details(report: Report, f: Finding) -> str:
    loc = f.location
    lines = [
        f"{f.rule_id} ({f.severity.value}, confidence {f.confidence.value})",
        f"{loc.path}:{loc.start_line}:{loc.start_col}",
        f.message,
    ]
    if f.cwe:
        lines.append(", ".join(f"CWE-{c}" for c in f.cwe))
    rows = excerpt(report, f)
    if rows:
        lines.append("")
        width = len(str(rows[-1][0]))
        lines += [f"{n:>{width}} | {text.rstrip()}" for n, text in rows]
    if f.trace:
        lines += ["", "dataflow:"]
        for i, step in enumerate(f.trace, 1):
            lines.append(f"  {i}. [{step.kind}] {step.location.path}:{step.location.start_line} {step.note}"
                         + (f" :: {step.code.strip()}" if step.code else ""))
    if f.fix:
        lines += ["", f"fix: {f.fix}"]
    return "\n".join(lines)


def to_junit(report: Report) -> str:
    """Render the report as JUnit XML (a ``testsuites`` root holding one ``armur`` suite)."""
    findings = sorted_findings(report.findings)
    tests = len(findings) + len(report.skipped) + (0 if findings else 1)
    attrs = {
        "name": SUITE_NAME,
        "tests": str(tests),
        "failures": str(len(findings)),
        "errors": "0",
        "skipped": str(len(report.skipped)),
        "time": f"{report.duration_s:.3f}",
    }
    root = ET.Element("testsuites", attrs)
    suite = ET.SubElement(root, "testsuite", attrs)
    for f in findings:
        loc = f.location
        case = ET.SubElement(suite, "testcase", {
            "classname": xml_safe(f"{SUITE_NAME}.{f.rule_id}"),
            "name": xml_safe(f"{loc.path}:{loc.start_line}:{loc.start_col}"),
            "file": xml_safe(loc.path),
            "line": str(loc.start_line),
            "time": "0",
        })
        failure = ET.SubElement(case, "failure", {
            "message": xml_safe(f"[{f.severity.value}] {f.message}"),
            "type": f.severity.value,
        })
        failure.text = xml_safe(_details(report, f))
    if not findings:
        ET.SubElement(suite, "testcase", {"classname": f"{SUITE_NAME}.scan", "name": "no findings", "time": "0"})
    for s in report.skipped:
        case = ET.SubElement(suite, "testcase", {
            "classname": f"{SUITE_NAME}.skipped",
            "name": xml_safe(s.path),
            "file": xml_safe(s.path),
            "time": "0",
        })
        ET.SubElement(case, "skipped", {"message": xml_safe(f"{s.reason}: {skip_reason(s)}")})
    if report.warnings:
        out = ET.SubElement(suite, "system-err")
        out.text = xml_safe("\n".join(report.warnings))
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
