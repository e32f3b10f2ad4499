"""File discovery: walk the given paths, honour .gitignore and excludes, record every skip."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec

from armur.core.config import Config
from armur.core.results import Skip

# Folders that hold vendored, generated or tool-managed code; never descended into.
DEFAULT_EXCLUDED_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "bower_components", ".venv", "venv", ".tox", ".nox",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "dist", "site-packages",
    ".eggs", ".next", ".nuxt", ".cache", ".terraform", "target", ".gradle", ".idea", ".vscode",
})
MINIFIED_SUFFIXES = (".min.js", ".min.css", ".bundle.js", ".min.mjs")


class DiscoveryError(Exception):
    """A path given by the user cannot be scanned at all."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to scan: its real path and the path shown in reports."""

    path: str
    display: str


def display_path(p: Path) -> str:
    """Path as shown in reports: relative to the working directory when under it, POSIX-style."""
    try:
        rel = p.absolute().relative_to(Path.cwd())
        return rel.as_posix()
    except ValueError:
        return p.absolute().as_posix()


class _Ignores:
    """Stack of .gitignore matchers, each anchored at its directory."""

    def __init__(self) -> None:
        self._specs: dict[str, "pathspec.PathSpec[Any]"] = {}

    def load(self, directory: Path) -> None:
        gi = directory / ".gitignore"
        try:
            text = gi.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        self._specs[str(directory)] = pathspec.PathSpec.from_lines("gitwildmatch", text.splitlines())

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in self._specs.items():
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if is_dir:
                rel += "/"
            if spec.match_file(rel):
                return True
        return False


def _glob_spec(patterns: tuple[str, ...]) -> "pathspec.PathSpec[Any] | None":
    return pathspec.PathSpec.from_lines("gitwildmatch", patterns) if patterns else None


def discover(paths: list[str], config: Config) -> tuple[list[Candidate], list[Skip]]:
    """Expand user paths into candidate files.

    Files named explicitly are always candidates (unless they cannot be stat'ed). Directories
    are walked without following symbolic links to directories more than once (loops are
    recorded as skips). Raises DiscoveryError for a path that does not exist or a directory
    that cannot be read.
    """
    candidates: list[Candidate] = []
    skips: list[Skip] = []
    exclude = _glob_spec(config.exclude)
    include = _glob_spec(config.include)
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
            real = str(root.resolve())
            if real not in seen:
                seen.add(real)
                candidates.append(Candidate(str(root), display_path(root)))
            continue
        if not stat.S_ISDIR(st.st_mode):
            skips.append(Skip(display_path(root), "unreadable", "not a regular file or directory"))
            continue
        if not os.access(root, os.R_OK | os.X_OK):
            raise DiscoveryError(f"cannot read directory: {raw}")
        _walk(root, config, include, exclude, candidates, skips, seen)
    return candidates, skips


def _walk(
    root: Path,
    config: Config,
    include: "pathspec.PathSpec[Any] | None",
    exclude: "pathspec.PathSpec[Any] | None",
    out: list[Candidate],
    skips: list[Skip],
    seen: set[str],
) -> None:
    ignores = _Ignores()
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
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as e:
            skips.append(Skip(display_path(d), "unreadable", e.strerror or "cannot list directory"))
            continue
        subdirs = []
        for entry in entries:
            p = Path(entry.path)
            rel = p.relative_to(root).as_posix()
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
            if is_dir:
                if entry.name in DEFAULT_EXCLUDED_DIRS or entry.name.endswith(".egg-info"):
                    continue
                if exclude and exclude.match_file(rel + "/"):
                    continue
                if config.respect_gitignore and ignores.ignored(p, True):
                    continue
                subdirs.append(p)
                continue
            if not is_file:
                continue
            if exclude and exclude.match_file(rel):
                continue
            if include and not include.match_file(rel):
                continue
            if config.respect_gitignore and ignores.ignored(p, False):
                continue
            if entry.name.endswith(MINIFIED_SUFFIXES):
                skips.append(Skip(display_path(p), "minified", "file name marks it as minified"))
                continue
            try:
                real = os.path.realpath(p)
            except OSError:
                real = str(p)
            if real in seen:
                continue
            seen.add(real)
            out.append(Candidate(str(p), display_path(p)))
        stack.extend(reversed(subdirs))
