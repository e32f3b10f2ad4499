"""Unit tests of the IaC analyzer's plumbing: name acceptance, content detection, errors, registry."""

from __future__ import annotations

import pytest

from armur.analyzers.iac import IacAnalyzer
from armur.analyzers.iac.catalog import RULES
from armur.analyzers.iac.hcl import Unknown, parse
from armur.core.analyzer import SourceFile
from armur.core.rules import load_all_rules


@pytest.mark.parametrize("name", [
    "Dockerfile", "Dockerfile.prod", "api.Dockerfile", "x.dockerfile", "Containerfile", "deploy/k8s.yaml",
    "compose.yml", "main.tf", "pod.json",
])
def test_accepts_iac_names(name: str) -> None:
    assert IacAnalyzer().accepts(name)


@pytest.mark.parametrize("name", ["app.py", "README.md", "Dockerfile.md", "main.tf.bak", "notes.txt"])
def test_rejects_other_names(name: str) -> None:
    assert not IacAnalyzer().accepts(name)


def _run(name: str, text: str) -> list[tuple[str, int]]:
    res = IacAnalyzer().analyze(SourceFile(name, name, text))
    return sorted((f.rule_id, f.line) for f in res.findings)


def test_plain_yaml_is_ignored() -> None:
    assert _run("config.yml", "name: x\nitems: [1, 2]\n") == []


def test_invalid_manifest_is_reported_as_parse_error() -> None:
    text = "apiVersion: v1\nkind: Pod\nspec: {{ .Values.spec }\n  : [\n"
    res = IacAnalyzer().analyze(SourceFile("t.yaml", "t.yaml", text))
    assert res.skip is not None and res.skip.reason == "parse-error"


def test_invalid_unrelated_yaml_is_silent() -> None:
    res = IacAnalyzer().analyze(SourceFile("t.yaml", "t.yaml", "a: [\n"))
    assert res.skip is None and res.findings == []


def test_file_named_dockerfile_without_from_is_ignored() -> None:
    assert _run("Dockerfile", "echo hello\n") == []


def test_rules_are_registered_and_documented() -> None:
    reg = load_all_rules()
    for r in RULES:
        assert r.id in reg
        assert r.id.startswith("iac.")
        assert r.doc.what and r.doc.why and r.doc.fix
        assert "## What it finds" in r.markdown()


def test_messages_never_contain_whole_secrets() -> None:
    res = IacAnalyzer().analyze(SourceFile("Dockerfile", "Dockerfile",
                                           "FROM alpine:3.20\nENV API_TOKEN=abcdefghijklmnop\nUSER app\n"))
    msgs = [f.message for f in res.findings if f.rule_id == "iac.dockerfile.secret-in-env"]
    assert msgs and all("abcdefghijklmnop" not in m for m in msgs)


def test_hcl_variables_and_unknowns() -> None:
    blocks = parse('variable "p" { default = 22 }\nresource "a" "b" {\n  x = var.p\n  y = var.q\n  z = -1\n}\n')
    res = blocks[1]
    assert res.value("x") == 22
    assert isinstance(res.value("y"), Unknown)
    assert res.value("z") == -1
    assert res.attrs["x"].line == 3


def test_scan_source_end_to_end() -> None:
    from armur.api import scan_source

    report = scan_source("deploy/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                         "  hostPID: true\n  containers: []\n")
    assert ("iac.k8s.host-namespace", 5) in {(f.rule_id, f.line) for f in report.findings}
