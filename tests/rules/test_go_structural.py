"""Fixture-driven tests of the structural Go checks (fixtures/go_structural/go.<rule>.go, annotated
``// expect: <rule-id>`` on the reported line and checked exactly for the file's own rule)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from armur import scan_source
from armur.rules import go_structural
from armur.rules.go_structural import known_secret, looks_secret

FIXTURES = Path(__file__).parent / "fixtures" / "go_structural"
IDS = {r.id for r in go_structural.RULES}
ANNOTATION = re.compile(r"//\s*expect:\s*([\w.\-]+)")
FIXTURE_FILES = sorted(FIXTURES.glob("*.go"))


def own_rule(path: Path) -> str:
    return ".".join(path.name.split(".")[:2])


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_fixture(path: Path) -> None:
    rid = own_rule(path)
    assert rid in IDS
    text = path.read_text(encoding="utf-8")
    want = {(m.group(1), i) for i, line in enumerate(text.splitlines(), 1) for m in ANNOTATION.finditer(line)}
    got = {(f.rule_id, f.line) for f in scan_source(f"app/{path.name}", text).findings if f.rule_id == rid}
    assert got == want, f"missing {sorted(want - got)}, extra {sorted(got - want)}"


def test_every_rule_has_a_fixture() -> None:
    assert {own_rule(p) for p in FIXTURE_FILES} == IDS


def test_secret_heuristics() -> None:
    assert looks_secret("f62e5bcda4fae4f82370da0c6f20697b8f8447ef")
    assert not looks_secret("password")
    assert not looks_secret("learner_auth_token_config")
    assert not looks_secret("${DB_PASSWORD}")
    assert known_secret("ghp_iR54dhCYg9Tfmoywi9xLmmKZrrnAw438BYh3")
    assert not known_secret("AKIAIOSFODNN7EXAMPLE")
    assert known_secret("postgres://app:Zq8r2LmX0p@db/app")


def test_bad_input_gives_no_crash() -> None:
    report = scan_source("app/broken.go", "package main\nfunc f( {\n\tos.WriteFile(\"x\", d, 0777\n")
    assert all(f.rule_id.startswith("go.") for f in report.findings)


def test_cyclic_constants_give_no_crash() -> None:
    src = "package main\n\nfunc f(n int) {\n\ta := b\n\tb := a\n\tif n > 3 {\n\t\t_ = uint8(a + n)\n\t}\n}\n"
    report = scan_source("app/cycle.go", src)
    assert not report.skipped
