"""`scan_history` names the commit that introduced a secret, even after the secret was removed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from secrets_fakes import Fakes

from armur.analyzers.secrets.history import HistoryError, scan_history


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_AUTHOR_DATE": "2024-03-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2024-03-01T12:00:00+00:00"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


def test_history_names_introducing_commit(tmp_path: Path) -> None:
    fk = Fakes(5)
    token, stripe = fk.github_classic(), fk.stripe()
    git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("hello\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "init")
    (tmp_path / "app.py").write_text(f'import os\n\nTOKEN = "{token}"\n')
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "add token")
    introducing = git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / "app.py").write_text('import os\n\nTOKEN = os.environ["TOKEN"]\n')
    (tmp_path / "pay.py").write_text(f'# billing\nKEY = "{stripe}"\n')
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "remove token, add stripe")
    second = git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / "pay2.py").write_text(f'KEY = "{stripe}"\n')  # same value again: reported once
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "copy")

    findings = scan_history(tmp_path)
    got = {(f.rule_id, f.path, f.line, dict(f.metadata)["commit"]) for f in findings}
    assert got == {("secrets.github-token", "app.py", 3, introducing),
                   ("secrets.stripe-key", "pay.py", 2, second)}
    for f in findings:
        meta = dict(f.metadata)
        assert meta["author_date"].startswith("2024-03-01")
        assert token not in f.snippet + f.message and stripe not in f.snippet + f.message
        assert f.fingerprint
    # A range that excludes the first commit with the token.
    later = scan_history(tmp_path, f"{introducing}..HEAD")
    assert {f.rule_id for f in later} == {"secrets.stripe-key"}


def test_history_errors(tmp_path: Path) -> None:
    with pytest.raises(HistoryError):
        scan_history(tmp_path)
    git(tmp_path, "init", "-q")
    with pytest.raises(HistoryError):
        scan_history(tmp_path, "--output=/tmp/x")
