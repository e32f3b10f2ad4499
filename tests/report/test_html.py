"""HTML output: self-contained, escaped, with charts, findings and skips."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from armur.core.results import Report
from armur.report import render

from .conftest import make_report


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Collector:
    c = _Collector()
    c.feed(page)
    c.close()
    return c


def test_self_contained(report: Report) -> None:
    page = render(report, "html")
    parsed = _parse(page)
    names = [t for t, _ in parsed.tags]
    assert "script" not in names  # no scripts at all, inline or external
    assert "link" not in names and "img" not in names and "iframe" not in names
    for _, attrs in parsed.tags:
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not value.startswith(("http:", "https:", "//")), value
    assert not re.search(r"url\(", page)
    assert "@import" not in page and "@font-face" not in page


def test_scanned_code_is_escaped(report: Report) -> None:
    page = render(report, "html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt; &amp; &#34;quotes&#34;" in page or "&lt;script&gt; &amp; &quot;quotes&quot;" in page


def test_hostile_path_and_skip_are_escaped() -> None:
    from armur.core.results import Skip

    report = make_report(skipped=(Skip('<img src=x onerror="alert(1)">.py', "parse-error", "<b>bad</b>"),))
    page = render(report, "html")
    assert "<img" not in page and "<b>bad" not in page
    assert "&lt;img src=x" in page


def test_content(report: Report) -> None:
    page = render(report, "html")
    text = " ".join(_parse(page).text)
    for f in report.findings:
        assert f.rule_id in text
    for s in report.skipped:
        assert s.path in text
    assert "byte 0xe9 at offset 12" in text
    assert "By severity" in text and "By CWE" in text and "By file" in text
    assert "CWE-89" in text and "web/page.py" in text
    assert "concatenated into q" in text  # the trace
    assert "cur.execute(q)" in text  # the excerpt
    assert 'class="hit"' in page
    assert "sev-high" in page


def test_clean(clean_report: Report) -> None:
    page = render(clean_report, "html")
    assert "No findings." in page
    assert "vendor/big.min.js" in page
