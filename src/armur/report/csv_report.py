"""CSV report: one row per finding, for spreadsheets and ad-hoc tooling."""

from __future__ import annotations

import csv
import io

from armur.core.results import Report
from armur.report._common import sorted_findings

COLUMNS = (
    "severity", "confidence", "rule_id", "path", "start_line", "start_col", "end_line", "end_col",
    "cwe", "owasp", "message", "fingerprint",
)
# A cell starting with one of these is treated as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Defuse CSV formula injection: prefix a cell that a spreadsheet would evaluate with an apostrophe."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def to_csv(report: Report) -> str:
    """Render findings as CSV with a header row; text cells are quoted and formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in sorted_findings(report.findings):
        loc = f.location
        writer.writerow([
            f.severity.value,
            f.confidence.value,
            neutralise(f.rule_id),
            neutralise(loc.path),
            loc.start_line,
            loc.start_col,
            loc.end_line,
            loc.end_col,
            ";".join(f"CWE-{c}" for c in f.cwe),
            neutralise(f.owasp),
            neutralise(f.message),
            neutralise(f.fingerprint),
        ])
    return buf.getvalue()
