"""The threat model: operator input (command line, environment, stdin) is untrusted only with 'local'."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from armur.api import scan, scan_source
from armur.cli import main
from armur.core.config import Config, ConfigError, config_from_mapping
from armur.core.findings import Confidence

from .util import write

# One program per language where operator input reaches a sink that request data would make a
# finding of, but that is not a command/SQL/code sink (those report operator input at low confidence
# under either model).
PROGRAMS = {
    "tool.py": (
        "import os\nimport sys\nimport requests\n\n"
        "def fetch():\n    url = os.environ.get('TARGET')\n    return requests.get(url)\n\n"
        "def show():\n    return open(sys.argv[1]).read()\n",
        {("python.ssrf", 7), ("python.path-traversal", 10)}),
    "tool.js": (
        "const fs = require('fs');\nconst axios = require('axios');\n"
        "function run() {\n  axios.get(process.env.TARGET);\n  return fs.readFileSync(process.argv[2]);\n}\n"
        "module.exports = run;\n",
        {("javascript.ssrf", 4), ("javascript.path-traversal", 5)}),
    "tool.go": (
        'package main\n\nimport (\n\t"log"\n\t"net/http"\n\t"os"\n)\n\n'
        'func main() {\n\ttarget := os.Getenv("TARGET_URL")\n\thttp.Post(target, "text/plain", nil)\n'
        '\tlog.Println("processing:", os.Args[1])\n}\n',
        {("go.ssrf", 11), ("go.log-injection", 12)}),
    "tool.rs": (
        "use std::env;\nuse std::fs;\n\nfn main() {\n    let p = env::args().nth(1).unwrap_or_default();\n"
        "    let body = fs::read_to_string(p).unwrap_or_default();\n    println!(\"{}\", body);\n}\n",
        {("rust.path-traversal", 6)}),
}
TAINT = ("python.ssrf", "python.path-traversal", "javascript.ssrf", "javascript.path-traversal", "go.ssrf",
         "go.log-injection", "rust.path-traversal")


def _hits(cfg: Config) -> dict[str, set[tuple[str, int]]]:
    report = scan(["."], cfg.with_overrides(enable=TAINT, analyzers=("sast",)))
    out: dict[str, set[tuple[str, int]]] = {name: set() for name in PROGRAMS}
    for f in report.findings:
        out[Path(f.path).name].add((f.rule_id, f.line))
    return out


@pytest.fixture
def programs(project: Path) -> Path:
    for name, (src, _) in PROGRAMS.items():
        write(name, src)
    return project


def test_operator_input_is_not_a_source_by_default(programs: Path) -> None:
    assert _hits(Config(use_cache=False)) == {name: set() for name in PROGRAMS}


def test_local_threat_model_takes_operator_input_as_untrusted(programs: Path) -> None:
    got = _hits(Config(use_cache=False, threat_model=("remote", "local")))
    assert got == {name: want for name, (_, want) in PROGRAMS.items()}
    report = scan(["tool.go"], Config(use_cache=False, threat_model=("remote", "local"), enable=("go.ssrf",)))
    (f,) = report.findings
    assert f.confidence == Confidence.MEDIUM
    assert [s.kind for s in f.trace] == ["source", "step", "sink"]
    assert "os.Getenv" in f.trace[0].note


def test_threat_model_keys_the_cache(programs: Path, _isolated_cache: Path) -> None:
    assert _hits(Config()) == {name: set() for name in PROGRAMS}
    local = _hits(Config(threat_model=("remote", "local")))
    assert local == {name: want for name, (_, want) in PROGRAMS.items()}
    assert _hits(Config()) == {name: set() for name in PROGRAMS}


def test_config_key_and_cli_flag(programs: Path) -> None:
    cfg = config_from_mapping({"threat-model": ["local"]}, "armur.toml")
    assert cfg.threat_model == ("remote", "local")
    assert config_from_mapping({"threat-model": "remote"}, "armur.toml").threat_model == ("remote",)
    with pytest.raises(ConfigError, match="unknown threat model 'lan'"):
        config_from_mapping({"threat-model": ["lan"]}, "armur.toml")
    runner = CliRunner()
    res = runner.invoke(main, ["scan", "tool.go", "--no-cache", "--enable", "go.ssrf", "--format", "json"])
    assert '"go.ssrf"' not in res.stdout
    res = runner.invoke(main, ["scan", "tool.go", "--no-cache", "--enable", "go.ssrf", "--format", "json",
                               "--threat-model", "local"])
    assert '"go.ssrf"' in res.stdout


def test_threat_model_reaches_worker_processes(project: Path) -> None:
    src, want = PROGRAMS["tool.go"]
    for i in range(10):
        write(f"cmd{i}/tool.go", src)
    report = scan(["."], Config(use_cache=False, jobs=2, threat_model=("remote", "local"), enable=TAINT))
    assert sorted((Path(f.path).parent.name, f.rule_id, f.line) for f in report.findings) == sorted(
        (f"cmd{i}", rule, line) for i in range(10) for rule, line in want)


def test_scan_source_takes_the_threat_model() -> None:
    src, _ = PROGRAMS["tool.go"]
    local = Config(threat_model=("remote", "local"), enable=("go.ssrf",))
    assert [f.line for f in scan_source("tool.go", src, local).findings] == [11]
    assert not scan_source("tool.go", src, Config(enable=("go.ssrf",))).findings
