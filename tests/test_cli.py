"""The command line: exit codes 0/1/2, one-line errors without tracebacks, output handling."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import armur.api
from armur.cli import main

RULE = "python.eval-dynamic"
FLAW = "eval(code)\n"
ARMUR = Path(sys.executable).parent / "armur"


def cli(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


def one_error_line(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("armur: error: ") and "Traceback" not in err


@pytest.fixture
def flawed(project: Path) -> Path:
    (project / "app.py").write_text("import os\n" + FLAW)
    (project / "clean.py").write_text("x = 1\n")
    return project


def test_exit_0_when_clean(project: Path) -> None:
    (project / "clean.py").write_text("x = 1\n")
    code, out, err = cli("scan", ".")
    assert code == 0, err


def test_exit_1_on_findings_at_or_above_fail_on(flawed: Path) -> None:
    assert cli("scan", "--enable", RULE, ".")[0] == 1  # default fail-on: low; the finding is high
    assert cli("scan", "--enable", RULE, "--fail-on", "high", ".")[0] == 1
    assert cli("scan", "--enable", RULE, "--fail-on", "critical", ".")[0] == 0
    assert cli("scan", "--enable", RULE, "--fail-on", "none", ".")[0] == 0
    assert cli("scan", "--enable", RULE, "--fail-on", "HIGH", ".")[0] == 1


def test_findings_below_fail_on_still_reported(flawed: Path) -> None:
    code, out, _ = cli("scan", "--enable", RULE, "--fail-on", "critical", "-f", "json", ".")
    assert code == 0
    assert [f["rule_id"] for f in json.loads(out)["findings"]] == [RULE]


@pytest.mark.parametrize("args", [
    ["scan", "does-not-exist"],
    ["scan", "--bogus-flag", "."],
    ["scan", "--jobs", "many", "."],
    ["scan", "--fail-on", "catastrophic", "."],
    ["scan", "--enable", "no.such-rule", "."],
    ["scan", "--analyzers", "nope", "."],
    ["scan", "-f", "pdf", "."],
    ["nosuchcommand"],
    ["baseline", "."],  # --output is required
    ["rules", "show", "no.such-rule"],
    ["rules", "--severity", "awful"],
])
def test_exit_2_with_one_line_on_stderr(flawed: Path, args: list[str]) -> None:
    code, out, err = cli(*args)
    assert code == 2, (out, err)
    assert one_error_line(err), err
    assert out == ""


def test_nonexistent_path_message(flawed: Path) -> None:
    code, _, err = cli("scan", "app.py", "missing/dir")
    assert code == 2 and err == "armur: error: path does not exist: missing/dir\n"


def test_internal_error_is_one_line_and_debug_shows_the_traceback(flawed: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*a: object, **k: object) -> None:
        raise RuntimeError("something broke")

    monkeypatch.setattr(armur.api, "scan", broken)
    code, _, err = cli("scan", ".")
    assert code == 2 and one_error_line(err)
    assert "internal error: RuntimeError: something broke" in err and "--debug" in err
    code, _, err = cli("scan", "--debug", ".")
    assert code == 2 and "Traceback" in err and err.strip().splitlines()[-1].startswith("armur: error: ")


def test_output_file(flawed: Path) -> None:
    code, out, err = cli("scan", "--enable", RULE, "-f", "json", "-o", "report.json", ".")
    assert code == 1 and out == ""
    assert "wrote json report to report.json" in err
    assert json.loads(Path("report.json").read_text())["findings"][0]["rule_id"] == RULE
    code, _, err = cli("scan", "-o", "no/such/dir/r.txt", ".")
    assert code == 2 and one_error_line(err)


def test_no_cache_and_jobs_flags(flawed: Path) -> None:
    assert cli("scan", "--no-cache", "--jobs", "2", "--enable", RULE, ".")[0] == 1
    assert cli("scan", "--no-gitignore", "--max-file-size", "100000", "--enable", RULE, ".")[0] == 1


def test_max_file_size_flag_skips_large_files(flawed: Path) -> None:
    code, out, _ = cli("scan", "--max-file-size", "5", "-f", "json", ".")
    assert code == 0
    assert not json.loads(out)["findings"]


def test_version_and_help(project: Path) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and armur.api.__version__ in out
    code, out, _ = cli("scan", "--help")
    assert code == 0 and "--fail-on" in out


def test_real_console_script(flawed: Path) -> None:
    """The installed `armur` entry point: exit codes and stderr as a user sees them."""
    if not ARMUR.exists():
        pytest.skip("armur console script not installed next to the interpreter")
    run = [str(ARMUR), "scan", "--no-progress"]
    proc = subprocess.run([*run, "--enable", RULE, "."], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "app.py" in proc.stdout
    proc = subprocess.run([*run, "clean.py"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([*run, "nowhere"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == "armur: error: path does not exist: nowhere\n"
    proc = subprocess.run([*run, "--what"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and one_error_line(proc.stderr) and "--what" in proc.stderr


def test_pre_commit_hook_definition() -> None:
    text = (Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text()
    for needle in ("id: armur", "entry: armur scan", "language: python", "pass_filenames: true"):
        assert needle in text
