"""Text output: grouped by severity, complete summary, every skip listed, colour only on request."""

from __future__ import annotations

from dataclasses import replace

import pytest

from armur.core.results import Report
from armur.report import FORMATTERS, render

from .conftest import make_report


def test_grouped_and_ordered(report: Report) -> None:
    text = render(report, "text")
    assert text.index("HIGH (1)") < text.index("MEDIUM (1)") < text.index("LOW (1)")
    assert "python.sql-injection" in text
    assert "app.py:8:5" in text
    assert ">  8 | " in text or "> 8 | " in text  # excerpt with line numbers, flagged line marked
    assert "7 |     cur = sqlite3" in text
    assert "fix: Pass the value as a query parameter" in text


def test_trace(report: Report) -> None:
    text = render(report, "text")
    src = text.index("[source] app.py:5")
    step = text.index("[step] app.py:6")
    sink = text.index("[sink] app.py:8")
    assert src < step < sink
    assert "uid = request.args['id']" in text


def test_summary(report: Report) -> None:
    text = render(report, "text")
    assert "1 high" in text and "0 critical" in text
    assert "12 files, 345 lines" in text
    assert "suppressed: 1" in text
    assert "4 by baseline, 2 by --diff" in text
    assert "cache hits: 7" in text
    assert "1.25s" in text
    assert "analyzer 'deps' found no lock files" in text


def test_every_skip_listed(report: Report) -> None:
    text = render(report, "text")
    for s in report.skipped:
        assert s.path in text
    assert "not valid UTF-8 (byte 0xe9 at offset 12)" in text
    assert "binary content" in text


def test_colour(report: Report) -> None:
    assert "\x1b" not in render(report, "text")
    assert "\x1b" not in render(report, "text", color=False)
    assert "\x1b[" in render(report, "text", color=True)


def test_no_terminal_escapes_from_scanned_code() -> None:
    f = replace(make_report().findings[0], message="evil \x1b]0;pwned\x07 title")
    text = render(make_report(findings=(f,)), "text", color=False)
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b]0;pwned\\x07" in text


def test_clean(clean_report: Report) -> None:
    text = render(clean_report, "text")
    assert "No findings." in text
    for s in clean_report.skipped:
        assert s.path in text


def test_formatters_and_unknown_format(report: Report) -> None:
    assert set(FORMATTERS) == {"text", "json", "sarif", "html", "markdown", "csv", "junit"}
    for name in FORMATTERS:
        assert render(report, name).strip()
    with pytest.raises(ValueError, match="unknown report format"):
        render(report, "pdf")


def test_report_package_imports_only_core() -> None:
    import ast
    from pathlib import Path

    import armur.report

    root = Path(armur.report.__file__).parent
    for py in root.rglob("*.py"):
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.startswith("armur"):
                    assert name == "armur" or name.startswith(("armur.core", "armur.report")), f"{py}: {name}"


def test_secret_findings_never_show_raw_source() -> None:
    base = make_report().findings[0]
    secret = replace(base, analyzer="secrets", rule_id="secrets.aws-key", location=replace(base.location,
                     path="conf.py", start_line=1, end_line=1), snippet="AWS_KEY = 'AKIA****************'")
    report = make_report(findings=(secret,), sources={"conf.py": ["AWS_KEY = 'AKIAABCDEFGHIJKLMNOP'", "x = 1"]})
    for fmt in FORMATTERS:
        out = render(report, fmt)
        assert "AKIAABCDEFGHIJKLMNOP" not in out, fmt
    assert "AKIA****" in render(report, "text")
