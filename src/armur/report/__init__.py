"""Report formatters: each is a pure function of a :class:`~armur.core.results.Report`.

``render(report, fmt, color)`` is the entry point the CLI uses; ``FORMATTERS`` maps each format
name to its formatter. This package only depends on :mod:`armur.core`.
"""

from __future__ import annotations

from collections.abc import Callable

from armur.core.results import Report
from armur.report.csv_report import to_csv
from armur.report.html import to_html
from armur.report.json_report import to_json
from armur.report.junit import to_junit
from armur.report.markdown import to_markdown
from armur.report.sarif import to_sarif
from armur.report.text import to_text

__all__ = [
    "FORMATTERS", "render", "to_csv", "to_html", "to_json", "to_junit", "to_markdown", "to_sarif", "to_text",
]

FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": to_text,
    "json": to_json,
    "sarif": to_sarif,
    "html": to_html,
    "markdown": to_markdown,
    "csv": to_csv,
    "junit": to_junit,
}


def render(report: Report, fmt: str, color: bool = False) -> str:
    """Render a report in a named format; ``color`` only affects the text format.

    Raises ValueError naming the known formats when ``fmt`` is unknown.
    """
    if fmt not in FORMATTERS:
        raise ValueError(f"unknown report format {fmt!r} (expected one of: {', '.join(FORMATTERS)})")
    if fmt == "text":
        return to_text(report, color=color)
    return FORMATTERS[fmt](report)
