"""File discovery: walk the given paths, honour .gitignore and excludes, record every skip."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pathspec

from armur.core.config import Config
from armur.core.results import Skip

# Folders that hold vendored, generated or tool-managed code; never descended into.
DEFAULT_EXCLUDED_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "bower_components", ".venv", "venv", ".tox", ".nox",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "dist", "site-packages",
    ".eggs", ".next", ".nuxt", ".cache", ".terraform", "target", ".gradle", ".idea", ".vscode",
})
MINIFIED_SUFFIXES = (".min.js", ".min.css", ".bundle.js", ".min.mjs", ".min.cjs")
_MINIFIABLE = (".js", ".mjs", ".cjs", ".css")


class DiscoveryError(Exception):
    """A path given by the user cannot be scanned at all."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to scan: its real path and the path shown in reports."""

    path: str
    display: str


def _rel_str(path: str, base: str) -> str | None:
    """`path` relative to `base` (both absolute, normalised strings), POSIX-style; None when outside."""
    if path == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if path.startswith(prefix):
        return path[len(prefix):].replace(os.sep, "/")
    return None


def display_path(p: Path | str) -> str:
    """Path as shown in reports: relative to the working directory when under it, POSIX-style."""
    ap = os.path.abspath(p)
    rel = _rel_str(ap, os.getcwd())
    return rel if rel is not None else ap.replace(os.sep, "/")


def looks_minified(display: str, text: str) -> bool:
    """True for JavaScript/CSS whose lines are far longer than hand-written code (minified bundles)."""
    if not display.lower().endswith(_MINIFIABLE) or len(text) < 2048:
        return False
    lines = text.splitlines() or [text]
    longest = max(len(line) for line in lines)
    return longest > 5000 or len(text) / len(lines) > 300


def repo_root(start: Path) -> Path | None:
    """The nearest directory at or above `start` that holds a `.git` entry, or None."""
    here = start.absolute()
    for d in [here, *here.parents]:
        if (d / ".git").exists():
            return d
    return None


class _Ignores:
    """.gitignore matchers, each anchored at its directory; later (deeper) files override earlier ones."""

    def __init__(self) -> None:
        self._specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []

    def load(self, directory: Path, file: Path | None = None) -> None:
        try:
            text = (file or directory / ".gitignore").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        self._specs.append((directory, pathspec.GitIgnoreSpec.from_lines(text.splitlines())))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        verdict: bool | None = None
        ap = os.path.abspath(path)
        for base, spec in self._specs:  # ancestors before descendants: the last match wins
            rel = _rel_str(ap, os.path.abspath(base))
            if rel is None or rel == ".":
                continue
            res = spec.check_file(rel + "/" if is_dir else rel)
            if res.include is not None:
                verdict = res.include
        return bool(verdict)


def _glob_spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec | None:
    return pathspec.GitIgnoreSpec.from_lines(list(patterns)) if patterns else None


class _Filters:
    """Config include/exclude globs, matched against paths relative to the project base directory."""

    def __init__(self, config: Config) -> None:
        self.base = Path(config.base_dir).absolute() if config.base_dir else Path.cwd()
        self.exclude = _glob_spec(config.exclude)
        self.include = _glob_spec(config.include)

    def rel(self, p: Path | str, root: Path) -> str:
        ap = os.path.abspath(p)
        for anchor in (str(self.base), os.path.abspath(root)):
            r = _rel_str(ap, anchor)
            if r is not None:
                return r
        return ap.replace(os.sep, "/").lstrip("/")

    def excluded(self, rel: str, is_dir: bool) -> bool:
        return self.exclude is not None and self.exclude.match_file(rel + "/" if is_dir else rel)

    def included(self, rel: str) -> bool:
        return self.include is None or self.include.match_file(rel)


def discover(paths: list[str], config: Config) -> tuple[list[Candidate], list[Skip]]:
    """Expand user paths into candidate files.

    Files named explicitly are candidates unless the configuration's include/exclude globs
    reject them (so pre-commit, which passes file names, honours the config); .gitignore and
    the default folder excludes apply only while walking directories. Directory symlinks that
    point back up the tree are recorded as symlink-loop skips. Raises DiscoveryError for a
    path that does not exist or a directory that cannot be read.
    """
    candidates: list[Candidate] = []
    skips: list[Skip] = []
    filters = _Filters(config)
    seen: set[str] = set()

    for raw in paths:
        root = Path(raw)
        try:
            st = root.stat()
        except OSError as e:
            if e.errno == errno.ELOOP:
                skips.append(Skip(display_path(root), "symlink-loop", "path resolves to itself"))
                continue
            if e.errno in (errno.ENOENT, errno.ENOTDIR):
                raise DiscoveryError(f"path does not exist: {raw}") from None
            raise DiscoveryError(f"cannot access {raw}: {e.strerror}") from None
        if stat.S_ISREG(st.st_mode):
            rel = filters.rel(root, root.parent)
            if filters.excluded(rel, False) or not filters.included(rel):
                continue
            real = os.path.realpath(root)
            if real not in seen:
                seen.add(real)
                candidates.append(Candidate(str(root), display_path(root)))
            continue
        if not stat.S_ISDIR(st.st_mode):
            skips.append(Skip(display_path(root), "unreadable", "not a regular file or directory"))
            continue
        if not os.access(root, os.R_OK | os.X_OK):
            raise DiscoveryError(f"cannot read directory: {raw} (permission denied)")
        try:
            os.scandir(root).close()
        except OSError as e:
            raise DiscoveryError(f"cannot read directory: {raw} ({e.strerror})") from None
        _walk(root, config, filters, candidates, skips, seen)
    return candidates, skips


def _is_within(path: str, ancestor: str) -> bool:
    return path == ancestor or path.startswith(ancestor.rstrip(os.sep) + os.sep)


def _load_ancestor_ignores(root: Path, ignores: _Ignores) -> None:
    """Load .git/info/exclude and the .gitignore files from the repository top down to above `root`."""
    abs_root = root.absolute()
    top = repo_root(abs_root)
    if top is None:
        return
    ignores.load(top, top / ".git" / "info" / "exclude")
    chain = [abs_root, *abs_root.parents]
    for d in reversed(chain[1:chain.index(top) + 1]):
        ignores.load(d)


def _walk(
    root: Path,
    config: Config,
    filters: _Filters,
    out: list[Candidate],
    skips: list[Skip],
    seen: set[str],
) -> None:
    ignores = _Ignores()
    if config.respect_gitignore:
        _load_ancestor_ignores(root, ignores)
    root = root.absolute()
    real_root = os.path.realpath(root)
    visited_dirs: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            dst = d.stat()
        except OSError as e:
            reason = "symlink-loop" if e.errno == errno.ELOOP else "unreadable"
            skips.append(Skip(display_path(d), reason, e.strerror or ""))
            continue
        key = (dst.st_dev, dst.st_ino)
        if key in visited_dirs:
            skips.append(Skip(display_path(d), "symlink-loop", "directory already visited through a link"))
            continue
        visited_dirs.add(key)
        if config.respect_gitignore:
            ignores.load(d)
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            skips.append(Skip(display_path(d), "unreadable", e.strerror or "cannot list directory"))
            continue
        subdirs = []
        real_d = os.path.realpath(d)
        for entry in entries:
            p = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as e:
                reason = "symlink-loop" if e.errno == errno.ELOOP else "unreadable"
                skips.append(Skip(display_path(p), reason, e.strerror or ""))
                continue
            if entry.is_symlink() and not is_dir and not is_file:
                # Dangling link or a loop of links: stat tells which.
                try:
                    p.stat()
                except OSError as e:
                    reason = "symlink-loop" if e.errno == errno.ELOOP else "unreadable"
                    skips.append(Skip(display_path(p), reason, e.strerror or "broken link"))
                continue
            rel = filters.rel(p, root)
            if is_dir:
                if entry.name in DEFAULT_EXCLUDED_DIRS or entry.name.endswith(".egg-info"):
                    continue
                if filters.excluded(rel, True):
                    continue
                if config.respect_gitignore and ignores.ignored(p, True):
                    continue
                if entry.is_symlink():
                    target = os.path.realpath(p)
                    if _is_within(os.path.realpath(d), target):
                        skips.append(Skip(display_path(p), "symlink-loop", "link points to a directory above it"))
                        continue
                    if _is_within(target, real_root):
                        continue  # the target is scanned under its own name
                subdirs.append(p)
                continue
            if not is_file:
                continue
            if filters.excluded(rel, False) or not filters.included(rel):
                continue
            if config.respect_gitignore and ignores.ignored(p, False):
                continue
            if entry.name.lower().endswith(MINIFIED_SUFFIXES):
                skips.append(Skip(display_path(p), "minified", "file name marks it as minified"))
                continue
            real = os.path.realpath(p) if entry.is_symlink() else os.path.join(real_d, entry.name)
            if real in seen:
                continue
            seen.add(real)
            out.append(Candidate(str(p), display_path(p)))
        stack.extend(reversed(subdirs))
