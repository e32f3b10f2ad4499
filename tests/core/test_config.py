"""Configuration: [tool.armur] / .armur.toml, validation errors (exit 2 naming the key), CLI overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from armur.cli import main
from armur.core.config import Config, ConfigError, config_from_mapping, load_config
from armur.core.findings import Severity

from .util import FLAW, RULE, hits, run_scan, write


def cli(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


def test_pyproject_table_is_read(project: Path) -> None:
    write("pyproject.toml", """
[project]
name = "demo"

[tool.armur]
include = ["src/**"]
exclude = ["src/gen/**"]
enable = ["python.*"]
disable = ["python.code-injection"]
severity = { "python.eval-dynamic" = "low" }
fail-on = "medium"
max-file-size = 1000
jobs = 2
respect-gitignore = false
analyzers = ["sast"]
""")
    cfg = load_config()
    assert cfg.include == ("src/**",)
    assert cfg.exclude == ("src/gen/**",)
    assert cfg.enable == ("python.*",)
    assert cfg.disable == ("python.code-injection",)
    assert cfg.severity_for(RULE) is Severity.LOW
    assert cfg.fail_on is Severity.MEDIUM
    assert (cfg.max_file_size, cfg.jobs, cfg.respect_gitignore, cfg.analyzers) == (1000, 2, False, ("sast",))
    assert cfg.source.endswith("pyproject.toml [tool.armur]")
    assert cfg.base_dir == str(project)


def test_dot_armur_toml_wins_and_is_found_from_subdirectories(project: Path) -> None:
    write("pyproject.toml", '[tool.armur]\nfail-on = "high"\n')
    write(".armur.toml", 'fail-on = "critical"\n')
    (project / "a" / "b").mkdir(parents=True)
    assert load_config(start=project / "a" / "b").fail_on is Severity.CRITICAL


def test_search_stops_at_the_repository_top(project: Path) -> None:
    write(".armur.toml", 'fail-on = "critical"\n')
    (project / "repo" / ".git").mkdir(parents=True)
    assert load_config(start=project / "repo") == Config()


def test_pyproject_without_table_is_ignored(project: Path) -> None:
    write("pyproject.toml", '[project]\nname = "x"\n')
    assert load_config() == Config()


def test_fail_on_none(project: Path) -> None:
    assert config_from_mapping({"fail-on": "none"}, "x").fail_on is None


@pytest.mark.parametrize(("body", "needle"), [
    ('colour = "red"\n', "unknown key 'colour'"),
    ('include = "a"\nexlude = ["b"]\n', "unknown key 'exlude'"),
    ("include = [1, 2]\n", "'include' must be a list of strings"),
    ("exclude = 3\n", "'exclude' must be a list of strings"),
    ('enable = [true]\n', "'enable' must be a list of strings"),
    ('severity = "high"\n', "'severity' must be a table"),
    ('severity = { "python.eval-dynamic" = "huge" }\n', "severity.python.eval-dynamic"),
    ('severity = { "python.eval-dynamic" = 3 }\n', "severity.python.eval-dynamic"),
    ('fail-on = "sometimes"\n', "'fail-on'"),
    ("fail-on = 1\n", "'fail-on' must be a string"),
    ("max-file-size = -5\n", "'max-file-size' must be a positive integer"),
    ('max-file-size = "2MB"\n', "'max-file-size' must be a positive integer"),
    ("jobs = true\n", "'jobs' must be a non-negative integer"),
    ('respect-gitignore = "yes"\n', "'respect-gitignore' must be true or false"),
    ("include = [\n", "invalid TOML"),
    ('enable = ["python.no-such-rule"]\n', "unknown rule 'python.no-such-rule'"),
    ('disable = ["nope.*"]\n', "unknown rule 'nope.*'"),
    ('severity = { "nope" = "low" }\n', "unknown rule 'nope'"),
    ('analyzers = ["sats"]\n', "unknown analyzer 'sats'"),
])
def test_bad_configuration_is_exit_2_naming_the_key(project: Path, body: str, needle: str) -> None:
    write(".armur.toml", body)
    write("a.py", FLAW)
    code, out, err = cli("scan", ".")
    assert code == 2, (out, err)
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("armur: error: ")
    assert needle in err
    assert "Traceback" not in err


def test_bad_pyproject_table_names_the_file(project: Path) -> None:
    write("pyproject.toml", '[tool.armur]\nfoo = 1\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml \[tool.armur\]: unknown key 'foo'"):
        load_config()


def test_explicit_config_file(project: Path) -> None:
    write("conf/custom.toml", 'fail-on = "critical"\n')
    write("a.py", FLAW)
    assert cli("scan", "--config", "conf/custom.toml", "--enable", RULE, "a.py")[0] == 0  # high < critical
    code, _, err = cli("scan", "--config", "conf/missing.toml", "a.py")
    assert code == 2 and "config file not found: conf/missing.toml" in err


def test_cli_flags_override_the_file(project: Path) -> None:
    write(".armur.toml", f'fail-on = "critical"\nexclude = ["a.py"]\nenable = ["{RULE}"]\n')
    write("a.py", FLAW)
    write("b.py", FLAW)
    assert cli("scan", ".")[0] == 0  # b.py's high finding is below critical; a.py excluded
    assert cli("scan", ".", "--fail-on", "high")[0] == 1
    code, out, _ = cli("scan", ".", "--fail-on", "high", "--exclude", "b.py", "-f", "json")
    assert code == 1 and '"a.py"' in out and '"b.py"' not in out
    code, _, err = cli("scan", ".", "--fail-on", "bogus")
    assert code == 2 and "--fail-on" in err and "bogus" in err


def test_enable_disable_and_severity_override_change_the_report(project: Path) -> None:
    write("a.py", FLAW)
    assert hits(run_scan(config=Config(disable=(RULE,)))) == []
    report = run_scan(config=Config(severity=((RULE, Severity.INFO),)))
    assert [f.severity for f in report.findings] == [Severity.INFO]
    assert report.rule(RULE) is not None and report.rule(RULE).severity is Severity.INFO  # type: ignore[union-attr]
    write(".armur.toml", f'severity = {{ "{RULE}" = "info" }}\nenable = ["{RULE}"]\n')
    assert cli("scan", ".")[0] == 0  # info is below the default fail-on (low)
    assert cli("scan", ".", "--fail-on", "info")[0] == 1
