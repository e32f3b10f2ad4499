"""Validation-code checks of JavaScript (regular expressions, URL-scheme deny-lists, suffix checks):
every annotated line of fixtures/javascript_regex/ is reported, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from armur.rules import javascript_regex, regex_checks

from .annotated_fixtures import check_every_rule_has_fixtures, check_fixture

FIXTURES = Path(__file__).parent / "fixtures" / "javascript_regex"
IDS = {r.id for r in javascript_regex.RULES}
FIXTURE_FILES = sorted(FIXTURES.glob("*.[jt]s"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_fixture(path: Path) -> None:
    check_fixture(path, IDS, what="validation rule")


def test_every_rule_has_fixtures() -> None:
    check_every_rule_has_fixtures(IDS, FIXTURE_FILES)


@pytest.mark.parametrize(("pattern", "why"), [
    (r"^a|b", "first"), (r"a|b$", "last"), (r"(?i)^admin|root", "first"),
    (r"^\s+|\s+$", None), (r"(^a)|b", None), (r"a|(b$)", None), (r"^(?:a|b)$", None), (r"a|b", None),
])
def test_semi_anchored(pattern: str, why: str | None) -> None:
    got = regex_checks.semi_anchored(pattern)
    assert (got is None) if why is None else (got is not None and why in got)


@pytest.mark.parametrize(("pattern", "host"), [
    (r"^https?://www.example.com/", "www.example.com"),
    (r"(www|beta).example.com", "(www|beta).example.com"),
    (r"^https://[a-z]+.example.org", "[a-z]+.example.org"),
    (r"^(.+\.)?example.com$", "example.com"),
    (r"^www\.example\.com$", None), (r"\/socket.io\/", None), (r"^report-\d+.csv$", None),
    (r"index.html", None), (r"^v1.2.3$", None), (r"[.]example\.com", None),
])
def test_unescaped_host_dot(pattern: str, host: str | None) -> None:
    assert regex_checks.unescaped_host_dot(pattern) == host


def test_missing_schemes() -> None:
    assert regex_checks.missing_schemes(["javascript:", "data-id"]) == ["data", "vbscript"]
    assert regex_checks.missing_schemes([r"^(javascript|data|vbscript):"]) == []
    assert regex_checks.missing_schemes(["javascript", "data", "VBScript:"]) == []
