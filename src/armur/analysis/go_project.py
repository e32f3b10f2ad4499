"""The scanned Go project: the files of one package (one directory) share a scope.

Go has no per-file imports of a package's own names: every file of a directory sees the top-level
functions, types, variables and methods of the others. The analysed file is therefore given an
implicit star import of each sibling file (the same directory; test files only for test files),
named `$pkg:<display path>`, which this project resolves to the sibling's lowered module. The
limits of the other languages (import depth, lines of other modules per analysis) apply.

Packages of the same module are imported by path: `import "github.com/me/app/internal/db"` in a
module whose go.mod says `module github.com/me/app` is the directory `internal/db` next to that
go.mod. Such an import is resolved to a namespace module (`$gopkg:<directory>`) made of star imports
of the directory's files, so `db.Find(...)` runs the project's own function. Without a go.mod in
reach (a scan of part of a repository), an import path whose last two or more elements end exactly
one directory of the scan is taken to be that directory.
"""

from __future__ import annotations

import os
import posixpath
import re

from armur.analysis.project import MAX_IMPORT_DEPTH, _ProjectFiles
from armur.analysis.taint import ModuleCtx
from armur.ir import nodes as ir

SIBLING_PREFIX = "$pkg:"
PACKAGE_PREFIX = "$gopkg:"
_MODULE_LINE = re.compile(r"^\s*module\s+\"?([^\s\"]+)\"?", re.M)


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
        """A sibling file named by the implicit package import, or a package of the scanned module
        imported by path (None for library packages)."""
        if name.startswith(SIBLING_PREFIX):
            return self._enter(importer, name[len(SIBLING_PREFIX):])
        if "/" not in name and "." not in name:
            return None  # standard library
        d = self.package_dir(importer.display, name)
        if d is None:
            return None
        return self._package(importer, d)

    def _go_mod(self, display: str) -> tuple[str, str] | None:
        """(module path, display directory of the go.mod) for the file, looking upwards on disk."""
        real = self.files.get(display)
        if real is None:
            return None
        ddir, rdir = posixpath.dirname(display), os.path.dirname(os.path.abspath(real))
        cache: dict[str, tuple[str, str] | None] = self.__dict__.setdefault("_mods", {})
        key = rdir
        if key in cache:
            return cache[key]
        found: tuple[str, str] | None = None
        for _ in range(12):
            gm = os.path.join(rdir, "go.mod")
            if os.path.isfile(gm):
                try:
                    with open(gm, encoding="utf-8", errors="replace") as fh:
                        m = _MODULE_LINE.search(fh.read(65536))
                except OSError:
                    m = None
                if m is not None:
                    found = (m.group(1).rstrip("/"), ddir)
                break
            if not ddir:
                break
            parent = os.path.dirname(rdir)
            if parent == rdir:
                break
            rdir, ddir = parent, posixpath.dirname(ddir)
        cache[key] = found
        return found

    def package_dir(self, importer: str, path: str) -> str | None:
        """The display directory of a package of the scanned module imported as `path`, if any."""
        display = importer[len(PACKAGE_PREFIX):] if importer.startswith(PACKAGE_PREFIX) else importer
        if display.startswith(PACKAGE_PREFIX) or display not in self.files:
            display = next((d for d in self.by_dir.get(display, [])), display)
        mod = self._go_mod(display)
        if mod is not None:
            mpath, root = mod
            if path == mpath or path.startswith(mpath + "/"):
                rel = path[len(mpath) + 1:]
                d = posixpath.normpath(posixpath.join(root, rel)) if rel else root
                d = "" if d == "." else d
                return d if d in self.by_dir else None
            return None
        parts = path.split("/")
        hits = []
        for d in self.by_dir:
            elems = d.split("/") if d else []
            common = 0
            while common < min(len(parts), len(elems)) and elems[-1 - common] == parts[-1 - common]:
                common += 1
            if common >= 2:
                hits.append(d)
        return hits[0] if len(hits) == 1 else None

    def _package(self, importer: ModuleCtx, d: str) -> ModuleCtx | None:
        """A namespace module holding the non-test files of directory `d`."""
        display = f"{PACKAGE_PREFIX}{d}"
        ctx = self._ctx.get(display)
        if ctx is not None:
            return ctx
        if importer.depth >= MAX_IMPORT_DEPTH or posixpath.dirname(importer.display) == d:
            return None
        files = [f for f in self.by_dir.get(d, []) if not is_test_file(f)]
        if not files:
            return None
        body: list[ir.Stmt] = [ir.Import(ir.NOSPAN, f"{SIBLING_PREFIX}{f}", None, [("*", None)]) for f in files]
        # Star imports bind names nobody can list: the index makes the engine run them all on first use.
        mod = ir.Module(display, "go", body, [], index={"*": list(range(len(body)))})
        ctx = ModuleCtx(display, mod, display, depth=max(importer.depth, 1))
        self._ctx[display] = ctx
        return ctx


def with_package_scope(module: ir.Module, siblings: list[str]) -> ir.Module:
    """The module with star imports of its package's other files in front of its own statements."""
    if not siblings:
        return module
    pre: list[ir.Stmt] = [ir.Import(ir.NOSPAN, f"{SIBLING_PREFIX}{d}", None, [("*", None)]) for d in siblings]
    return ir.Module(module.path, module.language, [*pre, *module.body], module.lines)
