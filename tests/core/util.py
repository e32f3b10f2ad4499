"""Helpers for the core tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from armur.api import ScanOptions, scan
from armur.core.config import Config
from armur.core.results import Report

RULE = "python.eval-dynamic"
FLAW = "eval(code)\n"


def write(path: Path | str, text: str | bytes) -> Path:
    """Write a file, creating its parent directories."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def run_scan(paths: list[str] | None = None, config: Config | None = None, **options: str) -> Report:
    """Scan with only the SAST eval rule enabled, so results do not depend on other rules."""
    cfg = (config or Config()).with_overrides(enable=(RULE,))
    return scan(paths or ["."], cfg, ScanOptions(**options) if options else None)  # type: ignore[arg-type]


def hits(report: Report) -> list[tuple[str, int]]:
    """(path, line) of every reported eval finding, sorted."""
    return sorted((f.path, f.line) for f in report.findings if f.rule_id == RULE)


def reasons(report: Report) -> dict[str, str]:
    """Skipped path -> reason."""
    return {s.path: s.reason for s in report.skipped}


def git(repo: Path, *args: str) -> str:
    """Run git in a test repository with a local identity; return stdout."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True, env=env)
    return proc.stdout


def init_repo(repo: Path) -> None:
    """git init with a local user name and e-mail."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "armur tests")
    git(repo, "config", "user.email", "tests@example.invalid")
    git(repo, "config", "commit.gpgsign", "false")
