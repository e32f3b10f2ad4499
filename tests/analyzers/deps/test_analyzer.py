"""Every manifest format end to end: parse, match against the fixture advisories, check rule and line exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from armur.analyzers.deps import DepsAnalyzer
from armur.analyzers.deps.analyzer import NO_DATA, VULNERABLE
from armur.analyzers.deps.parsers import parse_manifest
from armur.analyzers.deps.store import AdvisoryStore
from armur.core.analyzer import FileResult, SourceFile
from armur.core.findings import Finding, Severity

FIXTURES = Path(__file__).parent / "fixtures"
MANIFESTS = FIXTURES / "manifests"
ADVISORIES = FIXTURES / "advisories"


def run(*names: str, analyzer: DepsAnalyzer | None = None) -> list[Finding]:
    """analyze() every named manifest (relative to the fixtures) and finish() them together."""
    a = analyzer or DepsAnalyzer()
    results: dict[str, FileResult] = {}
    for name in names:
        path = MANIFESTS / name
        display = f"manifests/{name}"
        assert a.accepts(display)
        res = a.analyze(SourceFile(str(path), display, path.read_text()))
        assert res.skip is None, res.skip
        results[display] = res
    return a.finish(results)


def hits(findings: list[Finding]) -> set[tuple[str, int, str]]:
    """(file relative to manifests/, line, advisory id) of the vulnerable-dependency findings."""
    return {(f.path.removeprefix("manifests/"), f.line, adv)
            for f in findings if f.rule_id == VULNERABLE for adv in dict(f.metadata)["advisories"].split(",")}


CASES = {
    "req/requirements.txt": {
        ("req/requirements.txt", 5, "PYSEC-TEST-1"),  # requests[security]==2.19.0 ; marker \ --hash
        ("req/requirements.txt", 9, "PYSEC-TEST-3"),  # Django_Test==1.0+local
        ("req/base.txt", 1, "PYSEC-TEST-2"),  # -r: PyYAML==5.3.1 (last_affected)
        ("req/base.txt", 2, "PYSEC-TEST-2"),  # -r: pyyaml===4.2b1 (versions list)
        ("req/constraints.txt", 1, "PYSEC-TEST-3"),  # -c: urllib3 is required, so its pin counts
    },
    "pyproject/pyproject.toml": {
        ("pyproject/pyproject.toml", 5, "PYSEC-TEST-1"),
        ("pyproject/pyproject.toml", 10, "PYSEC-TEST-2"),
        ("pyproject/pyproject.toml", 14, "PYSEC-TEST-1"),
        ("pyproject/pyproject.toml", 15, "PYSEC-TEST-2"),
        ("pyproject/pyproject.toml", 19, "PYSEC-TEST-3"),
    },
    "poetry/poetry.lock": {("poetry/poetry.lock", 2, "PYSEC-TEST-1")},
    "pipenv/Pipfile.lock": {("pipenv/Pipfile.lock", 4, "PYSEC-TEST-1"), ("pipenv/Pipfile.lock", 13, "PYSEC-TEST-2")},
    "uv/uv.lock": {("uv/uv.lock", 10, "PYSEC-TEST-3")},
    "npm1/package-lock.json": {("npm1/package-lock.json", 8, "GHSA-test-lodash"),
                               ("npm1/package-lock.json", 16, "GHSA-test-lodash")},
    "npm2/package-lock.json": {("npm2/package-lock.json", 9, "GHSA-test-lodash"),
                               ("npm2/package-lock.json", 12, "GHSA-test-lodash")},
    "npm3/package-lock.json": {("npm3/package-lock.json", 9, "GHSA-test-lodash")},
    "yarn1/yarn.lock": {("yarn1/yarn.lock", 5, "GHSA-test-lodash"), ("yarn1/yarn.lock", 9, "GHSA-test-lodash")},
    "yarn2/yarn.lock": {("yarn2/yarn.lock", 20, "GHSA-test-lodash")},
    "pnpm5/pnpm-lock.yaml": {("pnpm5/pnpm-lock.yaml", 11, "GHSA-test-lodash"),
                             ("pnpm5/pnpm-lock.yaml", 15, "GHSA-test-lodash")},
    "pnpm6/pnpm-lock.yaml": {("pnpm6/pnpm-lock.yaml", 14, "GHSA-test-lodash")},
    "pnpm9/pnpm-lock.yaml": {("pnpm9/pnpm-lock.yaml", 12, "GHSA-test-lodash")},
    "gomod/go.mod": {("gomod/go.mod", 6, "GO-TEST-1"), ("gomod/go.mod", 7, "GO-TEST-1"),
                     ("gomod/go.mod", 8, "GO-TEST-1"), ("gomod/go.mod", 10, "GO-TEST-1")},
    "gosum/go.sum": {("gosum/go.sum", 1, "GO-TEST-1")},
    "cargo/Cargo.lock": {("cargo/Cargo.lock", 10, "RUSTSEC-TEST-1"), ("cargo/Cargo.lock", 16, "RUSTSEC-TEST-1"),
                         ("cargo/Cargo.lock", 31, "RUSTSEC-TEST-2")},
    "composer/composer.lock": {("composer/composer.lock", 6, "PKS-TEST-1")},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_format(name: str, loaded_store: AdvisoryStore) -> None:
    findings = run(name)
    assert hits(findings) == CASES[name]
    assert not [f for f in findings if f.rule_id == NO_DATA]


def test_go_sum_next_to_go_mod_adds_nothing_the_go_mod_has(loaded_store: AdvisoryStore) -> None:
    assert hits(run("gomod/go.mod", "gomod/go.sum")) == CASES["gomod/go.mod"]


def test_message_severity_fix_and_location(loaded_store: AdvisoryStore) -> None:
    by_line = {f.line: f for f in run("req/requirements.txt") if f.path.endswith("requirements.txt")}
    f = by_line[5]
    assert f.message.startswith("requests 2.19.0 is vulnerable: PYSEC-TEST-1 (CVE-2018-18074, GHSA-x84v-xcm2-53pg)")
    assert "Fixed in 2.20.0." in f.message
    assert f.severity == Severity.HIGH  # CVSS 3.1 AV:N/AC:L/PR:N/UI:N/C:H -> 7.5
    assert f.cwe == (1395,) and f.owasp == "A06"
    assert f.snippet.startswith("requests[security]==2.19.0")
    assert "2.20.0" in f.fix
    assert by_line[9].severity == Severity.LOW  # database_specific severity LOW


def test_severity_defaults_and_informational(loaded_store: AdvisoryStore) -> None:
    findings = {f.line: f for f in run("cargo/Cargo.lock")}
    assert findings[10].severity == Severity.CRITICAL  # CVSS 9.8
    assert "Fixed in 1.6.1." in findings[10].message
    assert "Fixed in 0.6.14." in findings[16].message
    assert findings[31].severity == Severity.LOW and "unmaintained" in findings[31].message
    assert "No fixed version is known." in findings[31].message
    go = {f.line: f for f in run("gomod/go.mod")}
    assert go[6].severity == Severity.MEDIUM  # no severity in the advisory
    assert dict(go[7].metadata)["fixed"] == "0.0.0-20201216223049-8b5274cf687f"
    npm = run("npm2/package-lock.json")
    assert {f.severity for f in npm} == {Severity.HIGH}  # database_specific HIGH


def test_no_advisory_data_warns_and_never_passes_silently() -> None:
    a = DepsAnalyzer()
    findings = run("poetry/poetry.lock", "cargo/Cargo.lock", analyzer=a)
    assert {(f.rule_id, f.path, f.line) for f in findings} == {
        (NO_DATA, "manifests/poetry/poetry.lock", 1), (NO_DATA, "manifests/cargo/Cargo.lock", 1)}
    assert all(f.severity == Severity.INFO for f in findings)
    assert "Dependency scan could not run: no advisory data is loaded" in findings[0].message
    assert "armur db import" in findings[0].message
    assert len(a.warnings) == 2 and all("could not run" in w for w in a.warnings)


def test_missing_ecosystem_is_reported(data_dir: Path) -> None:
    AdvisoryStore().import_directory(ADVISORIES / "rustsec")
    a = DepsAnalyzer()
    findings = run("poetry/poetry.lock", "cargo/Cargo.lock", analyzer=a)
    no_data = [f for f in findings if f.rule_id == NO_DATA]
    assert [(f.path, f.line) for f in no_data] == [("manifests/poetry/poetry.lock", 1)]
    assert "no advisories are loaded for PyPI" in no_data[0].message
    assert hits(findings) == CASES["cargo/Cargo.lock"]


def test_corrupt_database_is_a_warning_not_a_crash(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "advisories.sqlite3").write_bytes(b"this is not sqlite" * 100)
    findings = run("uv/uv.lock")
    assert [f.rule_id for f in findings] == [NO_DATA]
    assert "cannot be read" in findings[0].message


def test_manifest_without_pins_reports_unpinned_in_warnings(loaded_store: AdvisoryStore, tmp_path: Path) -> None:
    a = DepsAnalyzer()
    res = a.analyze(SourceFile(str(tmp_path / "requirements.txt"), "requirements.txt", "flask>=2\nrequests\n"))
    assert a.finish({"requirements.txt": res}) == []
    assert a.warnings and "2 dependency requirement(s) without an exact version" in a.warnings[0]


def test_missing_include_is_a_warning(loaded_store: AdvisoryStore, tmp_path: Path) -> None:
    req = tmp_path / "requirements.txt"
    req.write_text("-r missing.txt\nrequests==2.19.0\n")
    a = DepsAnalyzer()
    res = a.analyze(SourceFile(str(req), "requirements.txt", req.read_text()))
    assert [(f.rule_id, f.line) for f in a.finish({"requirements.txt": res})] == [(VULNERABLE, 2)]
    assert any("cannot read included file missing.txt" in w for w in a.warnings)


def test_include_cycle_terminates(loaded_store: AdvisoryStore, tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r other-requirements.txt\n")
    (tmp_path / "other-requirements.txt").write_text("-r requirements.txt\nrequests==2.19.0\n")
    a = DepsAnalyzer()
    text = (tmp_path / "requirements.txt").read_text()
    res = a.analyze(SourceFile(str(tmp_path / "requirements.txt"), "requirements.txt", text))
    assert [(f.path, f.line) for f in a.finish({"requirements.txt": res})] == [("other-requirements.txt", 2)]


def test_database_change_does_not_need_a_new_analyze(data_dir: Path) -> None:
    """analyze() output (what the cache stores) is independent of the database: matching is in finish()."""
    a = DepsAnalyzer()
    path = MANIFESTS / "uv/uv.lock"
    res = a.analyze(SourceFile(str(path), "uv.lock", path.read_text()))
    assert [f.rule_id for f in a.finish({"uv.lock": res})] == [NO_DATA]
    AdvisoryStore().import_directory(ADVISORIES)
    assert [f.rule_id for f in a.finish({"uv.lock": res})] == [VULNERABLE]


def test_bad_manifest_is_skipped_with_reason() -> None:
    a = DepsAnalyzer()
    res = a.analyze(SourceFile("package-lock.json", "package-lock.json", "{not json"))
    assert res.skip is not None and res.skip.reason == "parse-error"
    res = a.analyze(SourceFile("Cargo.lock", "Cargo.lock", "[[package]\nname="))
    assert res.skip is not None and res.skip.reason == "parse-error"


def test_accepts_only_manifest_names() -> None:
    a = DepsAnalyzer()
    for name in ("requirements.txt", "requirements-dev.txt", "dev-requirements.txt", "requirements/base.txt",
                 "a/pyproject.toml", "poetry.lock", "Pipfile.lock", "uv.lock", "package-lock.json",
                 "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "go.mod", "go.sum", "Cargo.lock",
                 "composer.lock"):
        assert a.accepts(name), name
    for name in ("setup.py", "package.json", "notes.txt", "Cargo.toml", "constraints.txt"):
        assert not a.accepts(name), name


def test_requirements_parser_details() -> None:
    text = ("A_B.c[x,y]==1.0 ; sys_platform == 'win32'  # comment\n"
            "pkg @ https://example.com/pkg-1.0.tar.gz\n"
            "  spaced   ==   2.0   \n"
            "wild==1.*\n"
            "--hash=sha256:abc\n")
    man = parse_manifest("requirements.txt", text)
    assert man is not None
    assert [(d.name, d.version, d.line) for d in man.dependencies] == [("a-b-c", "1.0", 1), ("spaced", "2.0", 3)]
    assert man.unpinned == 2  # the URL requirement and the wildcard


def test_through_the_scan_api(loaded_store: AdvisoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from armur.api import scan
    from armur.core.config import Config

    monkeypatch.setenv("ARMUR_CACHE_DIR", str(tmp_path / "cache"))
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "requirements.txt").write_text("# deps\nrequests==2.19.0\nidna==9.0\n")
    for _ in range(2):  # the second run answers analyze() from the cache; finish() still matches
        report = scan([str(proj)], Config(analyzers=("deps",)))
        assert [(f.rule_id, f.line) for f in report.findings] == [(VULNERABLE, 2)]
    assert report.cache_hits == 1


def test_several_advisories_make_one_finding_per_dependency(data_dir: Path, tmp_path: Path) -> None:
    adv = tmp_path / "adv"
    adv.mkdir()
    for i, (fixed, sev) in enumerate((("1.5", "LOW"), ("2.1", "CRITICAL"), (None, "MODERATE"))):
        events: list[dict[str, str]] = [{"introduced": "0"}] + ([{"fixed": fixed}] if fixed else [])
        (adv / f"A-{i}.json").write_text(__import__("json").dumps({
            "id": f"A-{i}", "aliases": [f"CVE-2000-{i}"], "summary": "s",
            "affected": [{"package": {"ecosystem": "PyPI", "name": "multi"},
                          "ranges": [{"type": "ECOSYSTEM", "events": events}]}],
            "database_specific": {"severity": sev}}))
    AdvisoryStore().import_directory(adv)
    a = DepsAnalyzer()
    res = a.analyze(SourceFile("requirements.txt", "requirements.txt", "multi==1.0\n"))
    [f] = a.finish({"requirements.txt": res})
    assert f.severity == Severity.CRITICAL
    assert f.message == ("multi 1.0 is affected by 3 advisories: A-0 (CVE-2000-0) fixed in 1.5; "
                         "A-1 (CVE-2000-1) fixed in 2.1; A-2 (CVE-2000-2) not fixed. "
                         "Lowest version fixing all fixable ones: 2.1.")
    assert f.fix.startswith("Upgrade multi to 2.1 or later. No fix exists for A-2")
    assert dict(f.metadata)["advisories"] == "A-0,A-1,A-2"
