"""Changed lines since a git ref, for `armur scan --diff REF`."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


class DiffError(Exception):
    """git is missing, the path is not in a repository, or the ref is unknown."""


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed") from None
    if proc.returncode != 0:
        msg = proc.stderr.strip().splitlines()
        raise DiffError(f"git {' '.join(args[:2])}: {msg[-1] if msg else 'failed'}")
    return proc.stdout


def changed_lines(ref: str, anchor: Path) -> dict[str, set[int] | None]:
    """Map absolute file path -> set of changed (new-side) line numbers since `ref`.

    The value None means the whole file is new (untracked or added). Working-tree changes,
    staged or not, count as changed.
    """
    cwd = anchor if anchor.is_dir() else anchor.parent
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    out = _git(["diff", "--no-color", "--no-ext-diff", "--unified=0", "--relative", ref, "--"], top)
    result: dict[str, set[int] | None] = {}
    current: str | None = None
    for line in out.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else str((top / name[2:]).resolve())
            if current is not None:
                result.setdefault(current, set())
        elif line.startswith("@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or "1")
                lines = result[current]
                if lines is not None:
                    lines.update(range(start, start + count))
    untracked = _git(["ls-files", "--others", "--exclude-standard"], top)
    for name in untracked.splitlines():
        result[str((top / name).resolve())] = None
    return result
