"""Fixture-driven tests of the JavaScript / TypeScript taint rules.

Every file in fixtures/javascript_taint/ is named after one rule
(``javascript.<rule>[.<variant>].<js|mjs|cjs|jsx|ts|tsx>``) and scanned with :func:`armur.scan_source`
as ``app/<name>``. The (rule id, line) findings of the fixture's own rule, and of any other taint rule
it annotates, must equal exactly the lines annotated ``// expect: <rule-id>[, <rule-id>...]`` (on the
first line of the sink call or assignment).

Two more annotations record known gaps of the taint engine, so that the fixtures say what is right
while the suite stays green: ``// gap-fn: <rule-id>`` marks a real flaw the engine does not report yet
(a false negative), ``// gap-fp: <rule-id>`` safe code it still reports (a false positive). The test
checks that the engine behaves exactly as annotated, gaps included; when the engine learns the case,
the test fails and the annotation becomes ``expect`` (or goes away).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from armur import scan, scan_source
from armur.core.config import Config
from armur.lang import language_of
from armur.rules import javascript_taint

from .annotated_fixtures import annotations, check_every_rule_has_fixtures, check_fixture, check_traces

FIXTURES = Path(__file__).parent / "fixtures" / "javascript_taint"
# The library-input rule needs the package.json of a published package beside its fixture (library/),
# so it is checked by the package tests below rather than through scan_source.
LIBRARY_RULE = "javascript.shell-command-from-library-input"
LIBRARY = FIXTURES / "library"
TAINT_IDS = {r.id for r in javascript_taint.TAINT_RULES.values()} - {LIBRARY_RULE}
FIXTURE_FILES = sorted(p for p in FIXTURES.iterdir() if language_of(p.name) in ("javascript", "typescript"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_fixture(path: Path) -> None:
    check_fixture(path, TAINT_IDS)


def test_every_taint_rule_has_a_fixture_with_positives_and_negatives() -> None:
    check_every_rule_has_fixtures(TAINT_IDS, FIXTURE_FILES)


def test_findings_carry_a_trace_from_source_to_sink() -> None:
    check_traces(FIXTURE_FILES, TAINT_IDS)


def _library_findings(tmp_path: Path, manifest: dict | None, where: str = "") -> set[tuple[str, str, int]]:
    """Scan the library fixture folder as a package in tmp_path (with the given package.json, if any):
    (file name, rule id, line) of its JavaScript findings."""
    root = tmp_path / "pkg"
    folder = root / where if where else root
    shutil.copytree(LIBRARY, folder, ignore=shutil.ignore_patterns("package.json"))
    if manifest is not None:
        (root / "package.json").write_text(json.dumps(manifest), encoding="utf-8")
    report = scan([str(root)], Config(analyzers=("sast",), use_cache=False, jobs=1))
    return {(Path(f.location.path).name, f.rule_id, f.line) for f in report.findings
            if f.rule_id.startswith("javascript.")}


def _expected() -> set[tuple[str, str, int]]:
    out = set()
    for path in sorted(p for p in LIBRARY.iterdir() if p.suffix in (".js", ".ts")):
        notes = annotations(path.read_text(encoding="utf-8"))
        assert not notes["gap-fn"] and not notes["gap-fp"]
        out |= {(path.name, rid, line) for rid, line in notes["expect"]}
    return out


def test_library_fixture_in_a_published_package(tmp_path: Path) -> None:
    # the entry point (package.json main) and the module it re-exports are the package's API;
    # internal.js, required but not re-exported, is not
    manifest = json.loads((LIBRARY / "package.json").read_text(encoding="utf-8"))
    want = _expected()
    assert {name for name, _, _ in want} == {f"{LIBRARY_RULE}.js", "commands.js", "typed.ts"}
    assert _library_findings(tmp_path, manifest) == want


def test_library_entry_point_decides_what_is_exported(tmp_path: Path) -> None:
    # with internal.js as the entry point, only its function is the API
    got = _library_findings(tmp_path, {"name": "lib", "main": "./internal.js"})
    assert got == {("internal.js", LIBRARY_RULE, 6)}


def test_library_fixture_traces_name_the_export(tmp_path: Path) -> None:
    shutil.copytree(LIBRARY, tmp_path / "pkg")
    report = scan([str(tmp_path / "pkg")], Config(analyzers=("sast",), use_cache=False, jobs=1))
    found = {f.line: f for f in report.findings if f.rule_id == LIBRARY_RULE
             and f.location.path.endswith(f"{LIBRARY_RULE}.js")}
    f = found[17]  # the command string is built on line 17 and run by spawn('sh', ['-c', cmd]) on 18
    kinds = [s.kind for s in f.trace]
    assert kinds[0] == "source" and kinds[-1] == "sink" and f.trace[-1].location.start_line == 18
    assert "exports.archive" in f.trace[0].note
    assert any("written into a string after" in s.note for s in f.trace)
    assert f.confidence.value == "medium"


@pytest.mark.parametrize("manifest, where", [
    (None, ""),  # no package.json: application code
    ({"name": "app", "private": True}, ""),  # an application's manifest
    ({"name": "lib", "main": "index.js"}, "test"),  # a published package's own tests
    ({"name": "lib", "main": "index.js"}, "examples"),
])
def test_library_rule_needs_a_published_package(tmp_path: Path, manifest: dict | None, where: str) -> None:
    assert not {f for f in _library_findings(tmp_path, manifest, where) if f[1] == LIBRARY_RULE}


def test_library_input_reaches_no_other_rule(tmp_path: Path) -> None:
    # the parameters are input for the command-line rule only: no command-injection finding besides it
    got = _library_findings(tmp_path, {"name": "lib", "main": f"{LIBRARY_RULE}.js"})
    assert got and {rid for _, rid, _ in got} == {LIBRARY_RULE}


def test_rules_are_documented_and_listed() -> None:
    from armur.analyzers.sast import SastAnalyzer

    listed = {r.id for r in SastAnalyzer().rules()}
    for rule in javascript_taint.TAINT_RULES.values():
        assert rule.id in listed
        assert rule.languages == ("javascript", "typescript")
        assert rule.cwe and rule.owasp
        assert all((rule.doc.what, rule.doc.why, rule.doc.example, rule.doc.fix))


def test_javascript_files_never_get_python_findings() -> None:
    for path in FIXTURE_FILES:
        report = scan_source(f"app/{path.name}", path.read_text(encoding="utf-8"))
        assert not [f for f in report.findings if f.rule_id.startswith("python.")], path.name


# ---------------------------------------------------------------------------------------------
# Known engine gaps: minimal repros (strict xfail, so a fix in the engine shows up here).
# ---------------------------------------------------------------------------------------------

_APP = "const express = require('express');\nconst app = express();\n"
ENGINE_GAPS: dict[str, tuple[str, tuple[str, int]]] = {}


# Former gaps, fixed in the engine: they now hold as ordinary assertions.
FIXED_GAPS = {
    "promisified-child-process": (
        _APP + "const util = require('util');\nconst { exec } = require('child_process');\n"
        "const run = util.promisify(exec);\napp.get('/x', async (req, res) => {\n"
        "  await run('ls ' + req.query.d);\n});\n",
        ("javascript.command-injection", 7)),
    "bracket-assignment-with-tainted-key": (
        _APP + "const store = {};\napp.post('/s', (req, res) => {\n  store[req.body.k] = req.body.v;\n});\n",
        ("javascript.prototype-pollution", 5)),
    "callback-passed-to-library-call": (
        _APP + "app.get('/x', (req, res) => {\n  setImmediate(() => res.redirect(req.query.u));\n});\n",
        ("javascript.open-redirect", 4)),
    "controller-method-registered-as-handler": (
        _APP + "class Ctrl {\n  show(req, res) {\n    res.send(req.query.q);\n  }\n}\nconst c = new Ctrl();\n"
        "app.get('/x', c.show);\n",
        ("javascript.xss", 5)),
    "next-js-api-route-parameters": (
        "export default function handler(req, res) {\n  res.send('<p>' + req.query.q + '</p>');\n}\n",
        ("javascript.xss", 2)),
    "spawn-with-shell-option-object": (
        _APP + "const { spawn } = require('child_process');\napp.get('/x', (req, res) => {\n"
        "  spawn('ls', [req.query.dir], { shell: true });\n});\n",
        ("javascript.command-injection", 5)),
    "weak-random-rule-is-python-only": (
        "function makeToken() {\n  const token = Math.random().toString(36);\n  return token;\n}\n",
        ("javascript.insecure-random", 2)),
    "attribute-assignment-sinks-other-than-trust": (
        "const el = document.getElementById('out');\nel.innerHTML = location.hash;\n",
        ("javascript.xss", 2)),
    "html-setter-on-unknown-receiver": (
        "function show(el) {\n  el.innerHTML = location.hash;\n}\n",
        ("javascript.xss", 2)),
    "koa-ctx-body-assignment": (
        "const Router = require('@koa/router');\nconst router = new Router();\n"
        "router.get('/', async (ctx) => {\n  ctx.body = '<p>' + ctx.query.q + '</p>';\n});\n",
        ("javascript.xss", 4)),
}
FIXED_FALSE_POSITIVES = {
    "res-send-of-an-object-is-json": (
        _APP + "app.get('/u', (req, res) => {\n  res.send({ name: req.query.name });\n});\n",
        ("javascript.xss", 4)),
    "method-sink-when-str-is-ignored": (
        _APP + "app.get('/u', async (req, res) => {\n"
        "  await client.query({ query: USER, variables: { id: req.params.id } });\n});\n",
        ("javascript.sql-injection", 4)),
    "constant-relative-prefix-pins-the-redirect-host": (
        _APP + "app.get('/u', (req, res) => {\n  res.redirect('/profile/' + req.query.id);\n});\n",
        ("javascript.open-redirect", 4)),
}


@pytest.mark.parametrize("name", sorted(FIXED_GAPS))
def test_fixed_gap(name: str) -> None:
    src, want = FIXED_GAPS[name]
    report = scan_source("app/gap.js", src)
    assert want in {(f.rule_id, f.line) for f in report.findings}


@pytest.mark.parametrize("name", sorted(FIXED_FALSE_POSITIVES))
def test_fixed_false_positive(name: str) -> None:
    src, unwanted = FIXED_FALSE_POSITIVES[name]
    report = scan_source("app/gap.js", src)
    assert unwanted not in {(f.rule_id, f.line) for f in report.findings}


@pytest.mark.xfail(strict=True, reason="taint engine gap (see ENGINE_GAPS)")
@pytest.mark.parametrize("name", sorted(ENGINE_GAPS))
def test_engine_gap(name: str) -> None:
    src, want = ENGINE_GAPS[name]
    report = scan_source("app/gap.js", src)
    assert want in {(f.rule_id, f.line) for f in report.findings}


def test_starts_with_containment_check() -> None:
    src = (_APP + "const path = require('path');\nconst ROOT = '/srv/files';\napp.get('/f', (req, res) => {\n"
           "  const full = path.resolve(ROOT, req.query.f);\n  if (!full.startsWith(ROOT + path.sep)) {\n"
           "    return res.sendStatus(403);\n  }\n  res.sendFile(full);\n});\n")
    report = scan_source("app/gap.js", src)
    assert not [f for f in report.findings if f.rule_id == "javascript.path-traversal"]


def test_flow_into_a_required_module(tmp_path: Path) -> None:
    """require('./lib/db') is followed: CommonJS exports (`exports.f = ...`, `module.exports.g = g`)."""
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "db.js").write_text(
        "const mysql = require('mysql');\n"
        "const conn = mysql.createConnection({host: 'localhost'});\n"
        "function findUser(name) {\n"
        "  return conn.query(\"SELECT * FROM users WHERE name = '\" + name + \"'\");\n"
        "}\n"
        "exports.findOrder = function (id) {\n"
        "  return conn.query('SELECT * FROM orders WHERE id = ' + id);\n"
        "};\n"
        "module.exports.findUser = findUser;\n", encoding="utf-8")
    (tmp_path / "app.js").write_text(
        "const express = require('express');\nconst db = require('./lib/db');\nconst app = express();\n"
        "app.get('/user', (req, res) => {\n  db.findUser(req.query.name);\n  db.findOrder(req.query.id);\n"
        "  res.json({ok: true});\n});\n", encoding="utf-8")
    from armur.api import scan
    from armur.core.config import Config

    report = scan([str(tmp_path)], Config(use_cache=False, analyzers=("sast",)))
    got = {(f.rule_id, Path(f.path).name, f.line) for f in report.findings}
    assert got == {("javascript.sql-injection", "db.js", 4), ("javascript.sql-injection", "db.js", 7)}
    trace = next(f for f in report.findings if f.line == 4).trace
    assert [Path(s.location.path).name for s in trace] == ["app.js", "app.js", "db.js"]
