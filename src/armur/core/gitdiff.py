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
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed") from None
    if proc.returncode != 0:
        msg = proc.stderr.strip().splitlines()
        raise DiffError(f"git {' '.join(args[:2])}: {msg[-1] if msg else 'failed'}")
    return proc.stdout


_ESCAPE = re.compile(r'\\([0-7]{3}|.)')
_SIMPLE = {"n": b"\n", "t": b"\t", '"': b'"', "\\": b"\\", "a": b"\a", "b": b"\b", "f": b"\f", "r": b"\r",
           "v": b"\v"}


def _unquote(name: str) -> str:
    """Undo git's C-style quoting of unusual file names ("a\\tb.py", octal UTF-8 bytes)."""
    if len(name) < 2 or not (name.startswith('"') and name.endswith('"')):
        return name
    out = bytearray()
    pos = 0
    body = name[1:-1]
    for m in _ESCAPE.finditer(body):
        out += body[pos:m.start()].encode("utf-8")
        esc = m.group(1)
        out += bytes([int(esc, 8)]) if len(esc) == 3 else _SIMPLE.get(esc, esc.encode("utf-8"))
        pos = m.end()
    out += body[pos:].encode("utf-8")
    return out.decode("utf-8", errors="replace")


def changed_lines(ref: str, anchor: Path) -> dict[str, set[int] | None]:
    """Map absolute file path -> set of changed (new-side) line numbers since `ref`.

    The value None means the whole file is new (untracked or added). Working-tree changes,
    staged or not, count as changed.
    """
    cwd = anchor if anchor.is_dir() else anchor.parent
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except DiffError:
        raise DiffError(f"--diff: unknown git ref '{ref}' in {top}") from None
    out = _git(["-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-renames",
                "--unified=0", ref, "--"], top)
    result: dict[str, set[int] | None] = {}
    current: str | None = None
    for line in out.splitlines():
        if line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
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
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    for name in untracked.split("\0"):
        if name:
            result[str((top / name).resolve())] = None
    return result
