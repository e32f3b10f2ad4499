"""Secrets in git history: every secret added by any commit, attributed to the commit that introduced it.

`git log -p --reverse` lists commits oldest first with their patches; the added lines of each
file in each commit are scanned with the same detectors as the working tree. A secret (rule +
value) is reported once, at the first commit that added it, even if later commits removed it:
a removed secret is still in every clone.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from armur.analyzers.secrets.scanner import scan_text, to_findings
from armur.core.findings import Finding, Location

_COMMIT_MARK = "\x1earmur-commit "
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


class HistoryError(Exception):
    """The path is not a git repository, git is missing, or the revision range is bad."""


@dataclass
class _FilePatch:
    commit: str
    date: str
    path: str
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number in the new file, text)


def _git_log(repo: Path, rev_range: str | None) -> subprocess.Popen[bytes]:
    cmd = ["git", "-C", str(repo), "-c", "core.quotepath=off", "log", "-p", "--reverse", "--no-color",
           "--no-ext-diff", "--no-textconv", "--no-renames", "--diff-filter=AMRC", "-U0", "--full-index",
           f"--format={_COMMIT_MARK}%H %aI"]
    if rev_range:
        if rev_range.startswith("-"):
            raise HistoryError(f"bad revision range: {rev_range}")
        cmd += [rev_range, "--"]
    try:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError:
        raise HistoryError("git is not installed") from None


def _patches(stream: list[bytes]) -> list[_FilePatch]:
    """Parse `git log -p` output into added lines per (commit, file)."""
    out: list[_FilePatch] = []
    commit = date = ""
    cur: _FilePatch | None = None
    new_line = 0
    in_hunk = False
    for raw in stream:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        if line.startswith(_COMMIT_MARK):
            commit, _, date = line[len(_COMMIT_MARK):].partition(" ")
            cur, in_hunk = None, False
            continue
        if line.startswith("diff --git "):
            cur, in_hunk = None, False
            continue
        if not in_hunk and line.startswith("+++ "):
            target = line[4:]
            if target == "/dev/null":
                cur = None
            else:
                cur = _FilePatch(commit, date, target[2:] if target.startswith("b/") else target)
                out.append(cur)
            continue
        m = _HUNK.match(line)
        if m:
            new_line = int(m.group(1))
            in_hunk = cur is not None
            continue
        if not in_hunk or cur is None:
            continue
        if line.startswith("+"):
            cur.lines.append((new_line, line[1:]))
            new_line += 1
        elif line.startswith(" "):
            new_line += 1
        elif line.startswith("\\"):
            continue
    return out


def scan_history(repo_path: str | Path, rev_range: str | None = None) -> list[Finding]:
    """Secrets added anywhere in the history of `repo_path` (optionally only in `rev_range`, e.g. `main..HEAD`).

    Each finding is located at the file and line where the secret was added, and its metadata
    names the introducing commit (`commit`, `commit_short`), the author date (`author_date`) and
    the path in that commit (`path`). Raises HistoryError when git cannot read the repository.
    """
    repo = Path(repo_path)
    proc = _git_log(repo, rev_range)
    assert proc.stdout is not None and proc.stderr is not None
    stream = proc.stdout.readlines()
    err = proc.stderr.read().decode("utf-8", "replace").strip()
    if proc.wait() != 0:
        raise HistoryError(err.splitlines()[-1] if err else f"git log failed in {repo}")
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for patch in _patches(stream):
        if not patch.lines:
            continue
        # Added lines as one text; consecutive added lines stay adjacent (multi-line keys keep working).
        text = "\n".join(t for _, t in patch.lines)
        result = scan_text(text, patch.path)
        if not result.hits:
            continue
        for hit, f in zip(result.hits, to_findings(result, text, patch.path), strict=True):
            value_id = hashlib.sha256(text[hit.start:hit.end].encode()).hexdigest()
            if (hit.rule_id, value_id) in seen:
                continue
            seen.add((hit.rule_id, value_id))
            real = patch.lines[f.location.start_line - 1][0]
            real_end = patch.lines[min(f.location.end_line, len(patch.lines)) - 1][0]
            meta = dict(f.metadata)
            meta.update(commit=patch.commit, commit_short=patch.commit[:12], author_date=patch.date,
                        path=patch.path)
            loc = Location(patch.path, real, f.location.start_col, max(real, real_end), f.location.end_col)
            fp = hashlib.sha256(f"{f.rule_id}\0{patch.path}\0{value_id}".encode()).hexdigest()[:32]
            findings.append(replace(
                f, location=loc, fingerprint=fp, metadata=tuple(sorted(meta.items())),
                message=f"{f.message} (introduced in commit {patch.commit[:12]} on {patch.date[:10]})"))
    return findings
