"""SARIF 2.1.0 output: schema-valid and shaped for GitHub code scanning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from armur.core.findings import Severity
from armur.core.results import Report
from armur.report import render
from armur.report.sarif import artifact_location, sarif_level

from .conftest import make_report, sarif_validator


def _sarif(report: Report) -> dict:  # type: ignore[type-arg]
    return json.loads(render(report, "sarif"))


def test_validates_against_schema(report: Report) -> None:
    log = _sarif(report)
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, "\n".join(str(e.message) for e in errors[:5])
    assert log["version"] == "2.1.0"


def test_clean_report_validates(clean_report: Report) -> None:
    log = _sarif(clean_report)
    sarif_validator().validate(log)
    assert log["runs"][0]["results"] == []


def test_driver_lists_every_enabled_rule(report: Report) -> None:
    driver = _sarif(report)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "armur"
    assert driver["version"] == "0.1.0"
    assert "informationUri" not in driver  # the project publishes no home page yet; SARIF makes it optional
    ids = [r["id"] for r in driver["rules"]]
    assert ids == [r.id for r in report.rules]  # including python.unused-rule, which has no findings
    sqli = driver["rules"][ids.index("python.sql-injection")]
    assert sqli["name"] == "PythonSqlInjection"
    assert sqli["shortDescription"]["text"] == "SQL query built from user input"
    assert sqli["fullDescription"]["text"]
    assert sqli["help"]["markdown"] == report.rules[1].markdown()
    assert sqli["help"]["text"]
    assert sqli["defaultConfiguration"]["level"] == "error"
    props = sqli["properties"]
    assert {"security", "CWE-89", "external/cwe/cwe-89"} <= set(props["tags"])
    assert props["precision"] == "high"
    assert props["security-severity"] == "8.0"
    unused = driver["rules"][ids.index("python.unused-rule")]["properties"]
    assert unused["security-severity"] == "9.5"
    assert {"CWE-78", "external/cwe/cwe-78", "CWE-77", "external/cwe/cwe-77"} <= set(unused["tags"])
    debug = driver["rules"][ids.index("python.debug-enabled")]["properties"]
    assert debug["precision"] == "low"
    assert debug["tags"][0] == "security"


def test_results_have_locations_fingerprints_and_flows(report: Report) -> None:
    run = _sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = [r for r in run["results"] if "suppressions" not in r]
    assert len(results) == 3
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["partialFingerprints"]["armur/v1"]
    sqli = next(r for r in results if r["ruleId"] == "python.sql-injection")
    assert sqli["level"] == "error"
    loc = sqli["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "app.py", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 8, "startColumn": 5, "endLine": 8, "endColumn": 19,
                             "snippet": {"text": "cur.execute(q)"}}
    assert sqli["partialFingerprints"] == {"armur/v1": "a" * 32}
    flow = sqli["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [step["location"]["physicalLocation"]["region"]["startLine"] for step in flow] == [5, 6, 8]
    assert flow[0]["location"]["message"]["text"].startswith("source")
    assert flow[-1]["kinds"] == ["sink"]
    assert sqli["properties"]["cwe"] == ["CWE-89"]
    assert sqli["properties"]["severity"] == "high"
    assert sqli["properties"]["confidence"] == "high"
    xss = next(r for r in results if r["ruleId"] == "python.xss")
    assert xss["level"] == "warning"
    assert "codeFlows" not in xss
    debug = next(r for r in results if r["ruleId"] == "python.debug-enabled")
    assert debug["level"] == "note"
    assert debug["properties"]["cwe"] == []


def test_suppressed_results_are_marked(report: Report) -> None:
    results = _sarif(report)["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert len(suppressed) == 1
    assert suppressed[0]["suppressions"][0]["kind"] == "inSource"


def test_skips_become_notifications(report: Report) -> None:
    invocation = _sarif(report)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    texts = [n["message"]["text"] for n in notes]
    for skip in report.skipped:
        assert any(skip.path in t for t in texts), skip.path
    assert all(n["level"] == "warning" for n in notes)
    assert any("byte 0xe9" in t for t in texts)
    assert any("deps" in t for t in texts)  # report warnings too


def test_unknown_rule_gets_a_placeholder_descriptor() -> None:
    report = make_report(rules=())
    log = _sarif(report)
    sarif_validator().validate(log)
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for r in run["results"]:
        assert ids[r["ruleIndex"]] == r["ruleId"]


@pytest.mark.parametrize(("path", "expected"), [
    ("src/a b.py", {"uri": "src/a%20b.py", "uriBaseId": "%SRCROOT%"}),
    ("./x.py", {"uri": "x.py", "uriBaseId": "%SRCROOT%"}),
    ("/tmp/x.py", {"uri": "file:///tmp/x.py"}),
    ("C:/work/x.py", {"uri": "file:///C:/work/x.py"}),
])
def test_artifact_location(path: str, expected: dict) -> None:  # type: ignore[type-arg]
    assert artifact_location(path) == expected


def test_levels() -> None:
    assert [sarif_level(s) for s in Severity] == ["error", "error", "warning", "note", "note"]


def test_cli_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from armur.cli import main

    project = tmp_path / "proj"
    project.mkdir()
    (project / "danger.py").write_text("x = eval(input())\n", encoding="utf-8")
    (project / "blob.bin").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out.sarif"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["scan", "proj", "--format", "sarif", "--output", str(out), "--no-cache", "--no-progress"]
    )
    assert result.exit_code in (0, 1), result.output
    log = json.loads(out.read_text(encoding="utf-8"))
    sarif_validator().validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "armur"
    assert run["tool"]["driver"]["rules"], "enabled rules must be listed"
    assert run["results"], "eval(input()) must be reported"
    for r in run["results"]:
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "proj/danger.py", "uriBaseId": "%SRCROOT%"}
        assert loc["region"]["startLine"] == 1
        assert r["partialFingerprints"]["armur/v1"]
