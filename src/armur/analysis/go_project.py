"""The scanned Go project: the files of one package (one directory) share a scope.

Go has no per-file imports of a package's own names: every file of a directory sees the top-level
functions, types, variables and methods of the others. The analysed file is therefore given an
implicit star import of each sibling file (the same directory; test files only for test files),
named `$pkg:<display path>`, which this project resolves to the sibling's lowered module. The
limits of the other languages (import depth, lines of other modules per analysis) apply.
"""

from __future__ import annotations

import posixpath

from armur.analysis.project import _ProjectFiles
from armur.analysis.taint import ModuleCtx
from armur.ir import nodes as ir

SIBLING_PREFIX = "$pkg:"


def is_test_file(display: str) -> bool:
    """Whether a Go file is a test file (`_test.go`)."""
    return display.endswith("_test.go")


class GoProject(_ProjectFiles):
    """Go files of the scanned project, grouped by directory (package)."""

    language = "go"

    def __init__(self, files: dict[str, str], sources: dict[str, str] | None = None) -> None:
        super().__init__({d: p for d, p in files.items() if d.endswith(".go")}, sources)
        self.by_dir: dict[str, list[str]] = {}
        for d in sorted(self.files):
            self.by_dir.setdefault(posixpath.dirname(d), []).append(d)

    def _lower(self, display: str, text: str) -> ir.Module:
        from armur.lang import go

        return go.lower_source(display, text)

    def siblings(self, display: str) -> list[str]:
        """The other files of `display`'s package (test files only when `display` is one)."""
        test = is_test_file(display)
        return [d for d in self.by_dir.get(posixpath.dirname(display), [])
                if d != display and (test or not is_test_file(d))]

    def module(self, importer: ModuleCtx, name: str, level: int) -> ModuleCtx | None:
        """A sibling file named by the implicit package import (None for library packages)."""
        if not name.startswith(SIBLING_PREFIX):
            return None
        return self._enter(importer, name[len(SIBLING_PREFIX):])


def with_package_scope(module: ir.Module, siblings: list[str]) -> ir.Module:
    """The module with star imports of its package's other files in front of its own statements."""
    if not siblings:
        return module
    pre: list[ir.Stmt] = [ir.Import(ir.NOSPAN, f"{SIBLING_PREFIX}{d}", None, [("*", None)]) for d in siblings]
    return ir.Module(module.path, module.language, [*pre, *module.body], module.lines)
