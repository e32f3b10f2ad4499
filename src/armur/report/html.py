"""Self-contained HTML report: one file, inline CSS, no scripts, fonts, images or network.

Rendered with jinja2 and autoescaping forced on, so nothing taken from scanned code can
inject markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2

from armur.core.findings import Finding, Severity
from armur.core.results import Report
from armur.report._common import (
    TOOL_NAME,
    excerpt,
    format_duration,
    is_flagged,
    skip_reason,
    sorted_findings,
    tool_version,
)

_MAX_BARS = 15


@dataclass(frozen=True)
class Bar:
    """One bar of a summary chart."""

    label: str
    count: int
    percent: float
    css: str


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("armur.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _bars(counts: dict[str, int], css: str | dict[str, str]) -> tuple[list[Bar], int]:
    """Bars for the largest counts (at most _MAX_BARS) and how many labels were left out."""
    items = list(counts.items())
    top = max((c for _, c in items), default=0)
    shown = items[:_MAX_BARS]
    bars = [
        Bar(label, count, (100.0 * count / top) if top else 0.0,
            css.get(label, "bar") if isinstance(css, dict) else css)
        for label, count in shown
    ]
    return bars, len(items) - len(shown)


def _finding_view(report: Report, f: Finding, anchor: str) -> dict[str, Any]:
    rule = report.rule(f.rule_id)
    return {
        "anchor": anchor,
        "f": f,
        "title": rule.title if rule else "",
        "owasp_title": rule.owasp_title if rule else "",
        "cwe": [f"CWE-{c}" for c in f.cwe],
        "lines": [(n, text, is_flagged(f, n)) for n, text in excerpt(report, f)],
    }


def report_context(report: Report) -> dict[str, Any]:
    """The values the HTML template is rendered with."""
    severities = [s.value for s in sorted(Severity, key=lambda s: -s.rank)]
    sev_counts = report.counts_by_severity()
    by_sev, _ = _bars({s: sev_counts[s] for s in severities}, {s: f"bar sev-{s}" for s in severities})
    by_cwe, cwe_more = _bars(report.counts_by_cwe(), "bar cwe")
    by_file, file_more = _bars(report.counts_by_file(), "bar file")
    findings = [_finding_view(report, f, f"f{i}") for i, f in enumerate(sorted_findings(report.findings), 1)]
    suppressed = [_finding_view(report, f, f"s{i}") for i, f in enumerate(sorted_findings(report.suppressed), 1)]
    return {
        "tool": TOOL_NAME,
        "version": tool_version(report),
        "roots": list(report.roots),
        "summary": report.summary(),
        "duration": format_duration(report.duration_s),
        "cache_hits": report.cache_hits,
        "severities": severities,
        "sev_counts": sev_counts,
        "by_sev": by_sev,
        "by_cwe": by_cwe,
        "cwe_more": cwe_more,
        "by_file": by_file,
        "file_more": file_more,
        "findings": findings,
        "suppressed": suppressed,
        "skipped": [(s.path, s.reason, skip_reason(s)) for s in report.skipped],
        "warnings": list(report.warnings),
    }


def to_html(report: Report) -> str:
    """Render the report as one self-contained HTML page."""
    return _environment().get_template("report.html.j2").render(**report_context(report))
