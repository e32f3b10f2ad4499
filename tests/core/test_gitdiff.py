"""`--diff REF`: only findings on lines changed since a git ref."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from armur.cli import main
from armur.core.gitdiff import _unquote, changed_lines

from .util import FLAW, RULE, git, hits, init_repo, run_scan, write


def cli(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


def committed_repo(project: Path) -> None:
    init_repo(project)
    write("old.py", "import os\n" + FLAW + "x = 1\n")
    write("same.py", FLAW)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "initial")


def test_only_changed_lines_are_reported(project: Path) -> None:
    committed_repo(project)
    # Modify old.py: insert lines above the old flaw and add a new flaw; add an untracked file.
    write("old.py", "import os\nimport sys\n" + FLAW + "x = 1\nexec(payload)\n")
    write("new file.py", FLAW)
    report = run_scan(diff_ref="HEAD")
    assert hits(report) == [("new file.py", 1), ("old.py", 5)]
    assert report.diff_filtered == 2  # the moved-but-unchanged old flaw and same.py

    code, out, _ = cli("scan", "--diff", "HEAD", "--enable", RULE, "-f", "json", ".")
    assert code == 1
    assert sorted((f["location"]["path"], f["location"]["start_line"]) for f in json.loads(out)["findings"]) == [
        ("new file.py", 1), ("old.py", 5)]


def test_staged_changes_and_older_refs(project: Path) -> None:
    committed_repo(project)
    write("same.py", FLAW + FLAW)
    git(project, "add", "same.py")
    git(project, "commit", "-q", "-m", "second")
    assert hits(run_scan(diff_ref="HEAD")) == []
    assert hits(run_scan(diff_ref="HEAD~1")) == [("same.py", 2)]
    write("old.py", FLAW + "import os\n" + FLAW + "x = 1\n")
    git(project, "add", "old.py")  # staged, not committed
    assert hits(run_scan(diff_ref="HEAD")) == [("old.py", 1)]


def test_scanning_a_subdirectory_of_the_repository(project: Path) -> None:
    init_repo(project)
    write("pkg/a.py", FLAW)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "initial")
    write("pkg/a.py", FLAW + FLAW)
    assert hits(run_scan(["pkg"], diff_ref="HEAD")) == [("pkg/a.py", 2)]


def test_unknown_ref_and_not_a_repository_are_exit_2(project: Path, tmp_path: Path) -> None:
    committed_repo(project)
    code, _, err = cli("scan", "--diff", "no-such-branch", ".")
    assert code == 2 and "unknown git ref 'no-such-branch'" in err and err.count("\n") == 1
    plain = tmp_path / "plain"
    write(plain / "a.py", FLAW)
    code, _, err = cli("scan", "--diff", "HEAD", str(plain))
    assert code == 2 and "not a git repository" in err and err.count("\n") == 1 and "Traceback" not in err


def test_changed_lines_map(project: Path) -> None:
    committed_repo(project)
    write("old.py", "import os\n" + FLAW + "y = 2\n")
    lines = changed_lines("HEAD", project)
    assert lines[str((project / "old.py").resolve())] == {3}
    assert str((project / "same.py").resolve()) not in lines


def test_unquote_git_names() -> None:
    assert _unquote("b/plain.py") == "b/plain.py"
    assert _unquote('"b/tab\\there.py"') == "b/tab\there.py"
    assert _unquote('"b/caf\\303\\251.py"') == "b/café.py"
    assert _unquote('"b/q\\"uote.py"') == 'b/q"uote.py'
