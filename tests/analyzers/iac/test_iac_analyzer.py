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


def _module(files: dict[str, str]) -> list[tuple[str, str, int]]:
    analyzer = IacAnalyzer()
    results = {name: analyzer.analyze(SourceFile(name, name, text)) for name, text in files.items()}
    found = [f for r in results.values() for f in r.findings] + analyzer.finish(results)
    return sorted((f.location.path, f.rule_id, f.line) for f in found)


def test_terraform_module_resolves_variables_across_files() -> None:
    got = _module({
        "m/variables.tf": 'variable "open" {\n  default = "0.0.0.0/0"\n}\nvariable "admin_password" {\n'
                          '  default = "hunter2-long"\n}\n',
        "m/main.tf": 'resource "aws_security_group" "s" {\n  ingress {\n    from_port = 22\n    to_port = 22\n'
                     '    protocol = "tcp"\n    cidr_blocks = [var.open]\n  }\n}\n'
                     'resource "aws_db_instance" "d" {\n  storage_encrypted = true\n'
                     '  password = var.admin_password\n}\n',
    })
    assert got == [
        ("m/main.tf", "iac.terraform.aws-sg-open", 6),
        ("m/main.tf", "iac.terraform.hardcoded-secret", 11),
        ("m/variables.tf", "iac.terraform.hardcoded-secret", 5),
    ]


def test_terraform_s3_companions_in_other_files_count() -> None:
    bucket = 'resource "aws_s3_bucket" "b" {\n  bucket = "data"\n}\n'
    alone = _module({"a/s3.tf": bucket})
    assert [r for _, r, _ in alone] == ["iac.terraform.aws-s3-no-logging", "iac.terraform.aws-s3-no-versioning",
                                        "iac.terraform.aws-s3-unencrypted"]
    companions = (
        'resource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.b.id\n'
        '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n'
        'resource "aws_s3_bucket_logging" "l" {\n  bucket = aws_s3_bucket.b.id\n  target_bucket = "logs"\n}\n'
        'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {\n  bucket = aws_s3_bucket.b.id\n}\n'
    )
    assert _module({"a/s3.tf": bucket, "a/s3_config.tf": companions}) == []
    # another directory is another module: its companions do not count
    assert len(_module({"a/s3.tf": bucket, "b/s3_config.tf": companions})) == 3
