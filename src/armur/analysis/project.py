"""The scanned project as seen by the Python analysis: module names resolved to files, loaded on demand.

Module resolution does not need sys.path: `import a.b` resolves to a scanned file whose path
ends in `a/b.py` or `a/b/__init__.py`, preferring the one nearest to the importing file.
Relative imports resolve against the importer's package directory. Every module loaded for an
analysis is recorded with its content hash, so a cached result is reused only while the files
it depended on are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from typing import Any

from armur.analysis.taint import ModuleCtx, Project, _export_target
from armur.ir import nodes as ir
from armur.ir import walk as ir_walk
from armur.lang.python import lower_lazily
from armur.lang.treesitter import TooDeep

MAX_LOADED = 512
MAX_LOADED_LINES = 150_000  # bound on the source lines of dependency modules kept lowered per process
# Per analysed file: how deep imports are followed (1: the file's own imports; 2: theirs too) and
# how many lines of other modules may be brought in. Beyond them, a module counts as a library.
MAX_IMPORT_DEPTH = 2
DEP_BUDGET_LINES = 40_000


def module_parts(display: str) -> tuple[str, ...]:
    """Path components of a module file without the suffix ('pkg/__init__.py' -> ('pkg',))."""
    p = PurePosixPath(display)
    parts = list(p.parts)
    if not parts:
        return ()
    last = parts[-1]
    if last in ("__init__.py", "__init__.pyi"):
        parts = parts[:-1]
    else:
        parts[-1] = last.rsplit(".", 1)[0]
    return tuple(x for x in parts if x not in ("/", ""))


class _ProjectFiles(Project):
    """What every language's project shares: the file list, the per-process cache of lowered
    modules (LRU, bounded by source lines), and the per-analysis module states, dependency record,
    import depth and line budget."""

    language = ""

    def __init__(self, files: dict[str, str], sources: dict[str, str] | None = None) -> None:
        self.files = files
        self.sources = sources or {}
        self._ir: OrderedDict[str, ir.Module | None] = OrderedDict()
        self._hashes: dict[str, str] = {}
        self._lines = 0
        self._ctx: dict[str, ModuleCtx] = {}
        self._refused: set[str] = set()
        self._budget_used = 0
        self.deps: dict[str, str] = {}

    def reset_deps(self) -> None:
        """Start a new analysis: fresh module states, dependency record and budget.

        Module states (globals after running a module's top level) belong to one analysis, so
        nothing an analysis computes stays reachable after it; only the lowered IR is shared.
        """
        self.deps = {}
        self._ctx = {}
        self._refused = set()
        self._budget_used = 0

    def _lower(self, display: str, text: str) -> ir.Module:
        """Lower one module of the language (raises TooDeep for pathological nesting)."""
        raise NotImplementedError

    def _module_name(self, display: str) -> str:
        return display

    def _enter(self, importer: ModuleCtx, display: str | None, depth: int | None = None) -> ModuleCtx | None:
        """The module state for `display` in this analysis, within the depth and line limits.

        `depth` is where the module stands; by default one import further than the importer, and
        refused beyond MAX_IMPORT_DEPTH (a language's own scoping, such as a Go package's other
        files, passes it explicitly)."""
        if display is None or display == importer.display:
            return None
        ctx = self._ctx.get(display)
        if ctx is not None:
            return ctx
        if depth is None:
            if importer.depth >= MAX_IMPORT_DEPTH:
                return None
            depth = importer.depth + 1
        if display in self._refused:
            return None
        mod = self._lowered(display)
        if mod is None:
            return None
        if self._budget_used + len(mod.lines) > DEP_BUDGET_LINES:
            self._refused.add(display)
            return None
        self._budget_used += len(mod.lines)
        ctx = ModuleCtx(display, mod, self._module_name(display), depth=depth)
        self._ctx[display] = ctx
        self.deps[display] = self._hashes.get(display, "")
        return ctx

    def own_module(self, display: str, text: str, lower: Callable[[], ir.Module]) -> ir.Module:
        """The IR of the file being analysed: the one lowered earlier in this process when it was
        a dependency of another file and its text is unchanged, else `lower()` (then kept)."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        held = self._ir.get(display)
        if held is not None and self._hashes.get(display) == digest:
            self._ir.move_to_end(display)
            return held
        mod = lower()
        self._remember(display, mod, digest)
        return mod

    def _remember(self, display: str, mod: ir.Module, digest: str) -> None:
        old = self._ir.pop(display, None)
        if old is not None:
            self._lines -= len(old.lines)
        self._ir[display] = mod
        self._hashes[display] = digest
        self._lines += len(mod.lines)
        while len(self._ir) > 1 and (len(self._ir) > MAX_LOADED or self._lines > MAX_LOADED_LINES):
            gone, gone_mod = self._ir.popitem(last=False)
            self._hashes.pop(gone, None)
            if gone_mod is not None:
                self._lines -= len(gone_mod.lines)

    def _lowered(self, display: str) -> ir.Module | None:
        """The IR of a project module, lowered once per process (LRU, bounded by source lines)."""
        if display in self._ir:
            self._ir.move_to_end(display)
            return self._ir[display]
        text = self.sources.get(display)
        if text is None:
            try:
                with open(self.files[display], encoding="utf-8") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError, KeyError):
                self._ir[display] = None
                return None
        try:
            mod = self._lower(display, text)
        except (TooDeep, RecursionError):
            mod = ir.Module(display, self.language, [], text.splitlines())
        self._remember(display, mod, hashlib.sha256(text.encode("utf-8")).hexdigest())
        return mod


class PythonProject(_ProjectFiles):
    """Project modules indexed from the scan's file list (display path -> path on disk)."""

    language = "python"

    def __init__(self, files: dict[str, str], sources: dict[str, str] | None = None) -> None:
        super().__init__({d: p for d, p in files.items() if d.endswith((".py", ".pyi"))}, sources)
        self.by_last: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self.dirs: set[tuple[str, ...]] = set()
        for d in self.files:
            parts = module_parts(d)
            if not parts:
                continue
            self.by_last.setdefault(parts[-1], []).append((d, parts))
            dparts = tuple(x for x in PurePosixPath(d).parent.parts if x not in ("/", ""))
            for i in range(1, len(dparts) + 1):
                self.dirs.add(dparts[:i])
        # Every trailing part of every directory path: `a.b` is a package when some dir ends in a/b.
        self.dir_suffixes: set[tuple[str, ...]] = {d[i:] for d in self.dirs for i in range(len(d))}

    def _lower(self, display: str, text: str) -> ir.Module:
        return lower_lazily(display, text)

    def _module_name(self, display: str) -> str:
        return ".".join(module_parts(display))

    def _resolve_name(self, importer: ModuleCtx, name: str, level: int) -> str | None:
        if level:
            base = list(module_parts(importer.display))[:-1]
            if PurePosixPath(importer.display).name.startswith("__init__."):
                base = list(module_parts(importer.display))
            up = level - 1
            if up:
                base = base[:-up] if up <= len(base) else []
            want = tuple(base + (name.split(".") if name else []))
            for d, parts in self.by_last.get(want[-1] if want else "", []):
                if parts == want or parts[-len(want):] == want and len(parts) >= len(want):
                    if parts == want:
                        return d
            return None
        want = tuple(name.split("."))
        cands = [(d, parts) for d, parts in self.by_last.get(want[-1], []) if parts[-len(want):] == want]
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0][0]
        imp = PurePosixPath(importer.display).parts
        def score(c: tuple[str, tuple[str, ...]]) -> tuple[int, int]:
            parts = PurePosixPath(c[0]).parts
            common = 0
            for a, b in zip(parts, imp, strict=False):
                if a != b:
                    break
                common += 1
            return (-common, len(parts))
        return min(cands, key=score)[0]

    def module(self, importer: ModuleCtx, name: str, level: int) -> ModuleCtx | None:
        """Resolve and load a module of the project (None: outside the project or beyond the limits)."""
        return self._enter(importer, self._resolve_name(importer, name, level))

    def is_package(self, importer: ModuleCtx, name: str, level: int) -> bool:
        """Whether a directory `name` (as a dotted path suffix) exists in the project."""
        if level:
            return True
        return tuple(name.split(".")) in self.dir_suffixes


JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx")


# Folders and files of a package that its users do not call: tests, examples, benchmarks, build scripts.
_NOT_LIBRARY_DIRS = frozenset({"test", "tests", "__tests__", "__test__", "spec", "specs", "__mocks__", "example",
                               "examples", "demo", "demos", "bench", "benchmark", "benchmarks", "fixture",
                               "fixtures", "scripts", "script", "tools", "build", "docs", "doc", "coverage"})
_NOT_LIBRARY_FILE = re.compile(r"[._-](?:test|spec|bench)\.[cm]?[jt]sx?$|^(?:gulpfile|gruntfile|jakefile)\.|"
                               r"\.config\.[cm]?[jt]s$|^test\.[cm]?[jt]s$", re.IGNORECASE)


def _read_manifest(manifest: Path) -> Any:
    """"absent" without a readable package.json object, "private" for an application's, else the object."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8", errors="replace"))
    except (OSError, ValueError):
        return "absent"
    if not isinstance(data, dict):
        return "absent"
    return "private" if data.get("private") is True else data


def _strings(v: Any) -> list[str]:
    """Relative paths among the values of a package.json `exports` / `module` entry (conditions nest)."""
    if isinstance(v, str):
        return [v] if v.startswith(".") else []
    if isinstance(v, dict):
        return [s for x in v.values() for s in _strings(x)]
    if isinstance(v, list):
        return [s for x in v for s in _strings(x)]
    return []


def _required(e: ir.Expr) -> list[str]:
    """Relative specifiers of the require() calls inside an expression."""
    return [x.args[0].value for x in ir_walk.exprs(e, into_functions=False)
            if isinstance(x, ir.Call) and isinstance(x.func, ir.Name) and x.func.id == "require" and x.args
            and isinstance(x.args[0], ir.Const) and isinstance(x.args[0].value, str)
            and x.args[0].value.startswith(".")]


def _names(e: ir.Expr) -> set[str]:
    return {x.id for x in ir_walk.exprs(e, into_functions=False) if isinstance(x, ir.Name)}


def _reexported(mod: ir.Module) -> list[str]:
    """Relative specifiers of the modules whose exports a module passes on to its own importers."""
    bound: dict[str, list[str]] = {}  # top-level name -> the relative modules its value comes from
    for s in mod.body:
        if isinstance(s, ir.Import) and s.module.startswith("."):
            for name, alias in s.names or [(s.alias or s.module, None)]:
                bound.setdefault(alias or name, []).append(s.module)
            if s.alias:
                bound.setdefault(s.alias, []).append(s.module)
        elif isinstance(s, ir.Assign):
            specs = _required(s.value)
            if specs:
                for t in s.targets:
                    for name in _names(t):
                        bound.setdefault(name, []).extend(specs)
    out: list[str] = []
    for s in mod.body:
        if isinstance(s, ir.Assign) and any(_export_target(t) for t in s.targets):
            out.extend(_required(s.value))
            out.extend(spec for name in _names(s.value) for spec in bound.get(name, ()))
        elif isinstance(s, ir.Pass) and s.kind.startswith("export-from:"):
            out.append(s.kind[12:])
        elif isinstance(s, ir.Pass) and s.kind.startswith("export:"):
            out.extend(spec for name in s.kind[7:].split(",") for spec in bound.get(name, ()))
    return out


class JsProject(_ProjectFiles):
    """JavaScript/TypeScript files of the scanned project: relative module specifiers resolve to files.

    `require('./db')` and `import x from '../lib/db.js'` resolve against the importing file's folder,
    trying the name as given, with each JavaScript/TypeScript suffix, and as a folder's `index` file.
    Bare specifiers (`express`) are packages, outside the project. The same depth and size limits as
    for Python bound the work per analysed file.
    """

    language = "javascript"

    def __init__(self, files: dict[str, str], sources: dict[str, str] | None = None) -> None:
        super().__init__({d: p for d, p in files.items() if d.endswith(JS_SUFFIXES)}, sources)
        self._manifests: dict[Path, Any] = {}  # folder -> "absent" | "private" | the package.json object
        self._packages: dict[Path, set[Path]] = {}  # package folder -> the files it gives its users
        self._by_path: dict[Path, str] | None = None  # resolved file path -> display

    def _lower(self, display: str, text: str) -> ir.Module:
        from armur.lang import javascript

        return javascript.lower_source(display, text, None, javascript.dialect_of(display))

    def _resolve(self, importer: ModuleCtx, name: str) -> str | None:
        if not name.startswith(("./", "../")):
            return None
        base = posixpath.normpath(posixpath.join(posixpath.dirname(importer.display), name))
        for cand in (base, *(base + s for s in JS_SUFFIXES), *(f"{base}/index{s}" for s in JS_SUFFIXES)):
            if cand in self.files:
                return cand
        return None

    def module(self, importer: ModuleCtx, name: str, level: int) -> ModuleCtx | None:
        """The project file a relative specifier names, lowered and ready to run (None otherwise)."""
        return self._enter(importer, self._resolve(importer, name))

    def library_module(self, display: str) -> bool:
        """Whether a file is part of a package others install: the nearest package.json above it is not
        `"private": true` (applications mark themselves so), and the file is not one of the package's
        tests, examples, benchmarks or build configuration. The taint engine then takes the parameters
        of the functions the file exports as input chosen by the package's callers."""
        path = self.files.get(display)
        if path is None:
            return False
        here = Path(path).resolve()
        if _NOT_LIBRARY_FILE.search(here.name):
            return False
        for folder in here.parents:
            manifest = self._manifests.get(folder)
            if manifest is None:
                manifest = _read_manifest(folder / "package.json")
                self._manifests[folder] = manifest
            if manifest == "absent":
                continue
            if manifest == "private":
                return False
            inside = here.relative_to(folder).parts[:-1]
            if any(part.lower() in _NOT_LIBRARY_DIRS for part in inside):
                return False
            return here in self._package_modules(folder, manifest)
        return False

    def _package_modules(self, folder: Path, manifest: dict[str, Any]) -> set[Path]:
        """The files a package gives its users: its entry points (package.json `main`, default
        index.js; the files `exports` and `module` name), and the modules they re-export
        (`module.exports.x = require('./x')`, `exports.y = y` of a `y = require('./y')`,
        `export { z } from './z'`), transitively; other files are the package's internals."""
        known = self._packages.get(folder)
        if known is not None:
            return known
        if self._by_path is None:
            self._by_path = {Path(p).resolve(): d for d, p in self.files.items()}
        specs: list[str] = []
        main = manifest.get("main")
        specs.append(main if isinstance(main, str) and main else "index")
        for key in ("exports", "module"):
            specs.extend(_strings(manifest.get(key)))
        out: set[Path] = set()
        todo = [f for f in (self._find(folder, s) for s in specs) if f is not None]
        while todo and len(out) < 400:
            f = todo.pop()
            if f in out:
                continue
            out.add(f)
            display = self._by_path.get(f)
            mod = self._lowered(display) if display is not None else None
            if mod is None:
                continue
            todo.extend(g for g in (self._find(f.parent, s) for s in _reexported(mod)) if g is not None)
        self._packages[folder] = out
        return out

    def _find(self, folder: Path, spec: str) -> Path | None:
        """The scanned file a relative specifier names from a folder (as given, with a suffix, or a
        folder's index file)."""
        if not spec or spec.startswith("/"):
            return None
        base = (folder / spec).resolve()
        files = self._by_path or {}
        for cand in (base, *(base.with_name(base.name + s) for s in JS_SUFFIXES),
                     *(base / f"index{s}" for s in JS_SUFFIXES)):
            if cand in files:
                return cand
        return None
