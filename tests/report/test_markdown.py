"""Markdown output: fits a pull-request comment."""

from __future__ import annotations

from dataclasses import replace

from armur.core.results import Report, Skip
from armur.report import render
from armur.report.markdown import MAX_CHARS, to_markdown

from .conftest import make_report


def test_content(report: Report) -> None:
    md = render(report, "markdown")
    assert "| Severity | Findings |" in md
    assert "| 🔴 high | 1 |" in md
    assert md.count("<details>") == 3
    assert "python.sql-injection" in md
    assert "concatenated into q" in md
    assert "cur.execute(q)" in md
    for s in report.skipped:
        assert s.path in md
    assert "Truncated" not in md


def test_html_in_messages_is_escaped(report: Report) -> None:
    md = render(report, "markdown")
    summary = next(line for line in md.splitlines() if "python.xss" in line and "<summary>" in line)
    assert "&lt;script&gt;" in summary and "<script>" not in summary
    # inside the fenced excerpt the code is shown verbatim
    assert "return '<script>alert(1)</script>' + name" in md


def test_truncation() -> None:
    base = make_report()
    many = tuple(
        replace(base.findings[2], message=f"finding {i} " + "x" * 300, fingerprint=f"{i:032d}")
        for i in range(1000)
    )
    skips = tuple(Skip(f"gen/file{i}.py", "too-large") for i in range(2000))
    report = make_report(findings=many, skipped=skips)
    md = to_markdown(report)
    assert len(md) <= MAX_CHARS
    assert "Truncated" in md and "of 1000 findings" in md
    assert "more skipped files" in md
    assert md.count("<details>") == md.count("</details>")


def test_small_limit() -> None:
    md = to_markdown(make_report(), max_chars=1400)
    assert len(md) <= 1400
    assert "Truncated" in md


def test_clean(clean_report: Report) -> None:
    md = render(clean_report, "markdown")
    assert "No findings" in md
    assert "assets/logo.png" in md


def test_backticks_in_code() -> None:
    base = make_report()
    f = replace(base.findings[1], snippet="x = ```")
    md = render(make_report(findings=(f,), sources={}), "markdown")
    assert "````" in md
