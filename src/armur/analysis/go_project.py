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
PART_PREFIX = "$part:"  # one file of a package, for the names its siblings use (same import depth)
_MODULE_LINE = re.compile(r"^\s*module\s+\"?([^\s\"]+)\"?", re.M)
_RECV = re.compile(r"^func\s*\(\s*(?:\w+\s+)?\*?\s*(\w+)\s*(?:\[[^\]]*\])?\s*\)\s*(\w+)", re.M)
_FUNC = re.compile(r"^func\s+(\w+)", re.M)
_DECL = re.compile(r"^(type|var|const)\s+(\(|\w+)")
_GROUP_ITEM = re.compile(r"^(?:\t| {1,4})(\w+)")
_TYPE_REST = re.compile(r"^\s*(?:type\s+)?\w+\s*(?:\[[^\]]*\])?\s*=?\s*(struct|interface)\s*\{(.*)$")
_IFACE_METHOD = re.compile(r"^\s*(\w+)\s*\(")
_IFACE_EMBED = re.compile(r"^\s*(\w+)\s*(?://.*)?$")
_WORD = re.compile(r"[A-Za-z_]\w*")


class FileDecls:
    """Top-level declarations of one Go file, read from its text (no parse needed)."""

    __slots__ = ("names", "types", "structs", "methods", "interfaces", "words")

    def __init__(self, text: str) -> None:
        self.names: set[str] = set()        # every top-level name (functions, types, vars, consts)
        self.types: set[str] = set()        # types with a struct or with methods here (lowered as classes)
        self.structs: set[str] = set()
        self.methods: dict[str, set[str]] = {}  # receiver type -> method names declared here
        self.interfaces: dict[str, tuple[set[str], list[str]]] = {}  # name -> (methods, embedded names)
        self.words: set[str] = set(_WORD.findall(text))
        for m in _RECV.finditer(text):
            self.methods.setdefault(m.group(1), set()).add(m.group(2))
            self.types.add(m.group(1))
        self.names.update(m.group(1) for m in _FUNC.finditer(text))
        lines = text.splitlines()
        group = ""
        i = 0
        while i < len(lines):
            ln = lines[i]
            name = ""
            kind = group
            if group:
                if ln.startswith(")"):
                    group = ""
                    i += 1
                    continue
                g = _GROUP_ITEM.match(ln)
                if g is not None:
                    name = g.group(1)
            else:
                d = _DECL.match(ln)
                if d is not None:
                    if d.group(2) == "(":
                        group = d.group(1)
                        i += 1
                        continue
                    kind, name = d.group(1), d.group(2)
            if name:
                self.names.add(name)
                if kind == "type":
                    i = self._type(name, ln, lines, i)
            i += 1

    def _type(self, name: str, ln: str, lines: list[str], i: int) -> int:
        t = _TYPE_REST.match(ln)
        if t is None:
            return i
        if t.group(1) == "struct":
            self.structs.add(name)
            self.types.add(name)
            return i
        methods: set[str] = set()
        embedded: list[str] = []
        rest = t.group(2)
        body: list[str] = []
        if "}" in rest:
            body = [x for x in rest.split("}")[0].split(";")]
        else:
            j = i + 1
            while j < len(lines) and j < i + 200 and not lines[j].strip().startswith("}"):
                body.append(lines[j])
                j += 1
            i = j
        for b in body:
            mm = _IFACE_METHOD.match(b)
            if mm is not None:
                methods.add(mm.group(1))
                continue
            em = _IFACE_EMBED.match(b)
            if em is not None:
                embedded.append(em.group(1))
        self.interfaces[name] = (methods, embedded)
        return i


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

        return self.link(go.lower_source(display, text))

    def decls(self, display: str) -> FileDecls:
        """Declarations of a project file (cached per project)."""
        cache: dict[str, FileDecls] = self.__dict__.setdefault("_decls", {})
        got = cache.get(display)
        if got is None:
            text = self.sources.get(display)
            if text is None:
                try:
                    with open(self.files[display], encoding="utf-8", errors="replace") as fh:
                        text = fh.read()
                except (OSError, KeyError):
                    text = ""
            got = cache[display] = FileDecls(text)
        return got

    def _iface_methods(self, d: str, name: str, seen: set[str] | None = None) -> set[str]:
        """Methods of interface `name` of directory `d`, with those of embedded interfaces of `d`."""
        seen = seen or set()
        seen.add(name)
        out: set[str] = set()
        for f in self.by_dir.get(d, []):
            it = self.decls(f).interfaces.get(name)
            if it is None:
                continue
            out |= it[0]
            for e in it[1]:
                if e not in seen:
                    out |= self._iface_methods(d, e, seen)
        return out

    def implementation(self, d: str, name: str) -> tuple[str, str] | None:
        """(file, type) of the one type of the scanned project (test files aside) whose methods
        include every method of interface `name` of directory `d`; None when none or several."""
        cache: dict[tuple[str, str], tuple[str, str] | None] = self.__dict__.setdefault("_impls", {})
        key = (d, name)
        if key in cache:
            return cache[key]
        want = self._iface_methods(d, name)
        found: list[tuple[str, str]] = []
        if want:
            for files in self.by_dir.values():
                have: dict[str, set[str]] = {}
                where: dict[str, str] = {}
                for f in files:
                    if is_test_file(f):
                        continue
                    fd = self.decls(f)
                    for t, ms in fd.methods.items():
                        have.setdefault(t, set()).update(ms)
                    for t in fd.structs:
                        where[t] = f
                    for t in fd.methods:
                        where.setdefault(t, f)
                found.extend((where[t], t) for t, ms in have.items() if want <= ms)
                if len(found) > 1:
                    break
        cache[key] = found[0] if len(found) == 1 else None
        return cache[key]

    def link(self, module: ir.Module) -> ir.Module:
        """The module with what Go's package scope gives it (see link_package)."""
        return link_package(self, module)

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
        if name.startswith(PART_PREFIX):
            return self._enter_part(importer, name[len(PART_PREFIX):])
        if "/" not in name and "." not in name:
            return None  # standard library
        d = self.package_dir(importer.display, name)
        if d is None:
            return None
        return self._package(importer, d)

    def _enter_part(self, importer: ModuleCtx, display: str) -> ModuleCtx | None:
        """A file of the importer's package (or of the package implementing one of its interfaces),
        at the importer's depth: a package's files are one scope, not imports of each other. Only
        the names used are run (lazily), within the line budget."""
        if display not in self.files:
            return None
        return self._enter(importer, display, depth=max(importer.depth, 1))

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


def link_package(project: GoProject, module: ir.Module) -> ir.Module:
    """Give a lowered file what Go's package scope gives it, as IR the engine already runs:

    - names it uses that another file of its package declares are imported from that file
      (`$part:` imports, run lazily: only what is used is executed);
    - a type whose methods are spread over several files is one class: each file's class has the
      other files' classes of that type as bases;
    - an interface with exactly one implementing type in the scanned project is bound to that
      type's class, so a call through the interface runs the implementation (a field `svc
      Service` holds an instance of it);
    - classes (and interface bindings) come first, ordered so that a class is defined before the
      classes whose field defaults build it: top-level `var` initialisers and `init` see them.
    """
    display = module.path
    if display not in project.files:
        return module
    d = posixpath.dirname(display)
    test = is_test_file(display)
    others = [f for f in project.by_dir.get(d, []) if f != display and (test or not is_test_file(f))]
    own = project.decls(display)
    head: list[ir.Stmt] = []
    bases: dict[str, list[ir.Expr]] = {}
    provided: dict[str, str] = {}
    for f in others:
        fd = project.decls(f)
        for t in fd.types & own.types:
            alias = f"{PART_PREFIX}{t}:{f}"
            head.append(ir.Import(ir.NOSPAN, f"{PART_PREFIX}{f}", None, [(t, alias)]))
            bases.setdefault(t, []).append(ir.Name(ir.NOSPAN, alias))
        for n in fd.names | fd.types:
            if n not in own.names and n not in own.types and n in own.words:
                if n not in provided or n in fd.structs:
                    provided[n] = f
    for n, f in sorted(provided.items()):
        head.append(ir.Import(ir.NOSPAN, f"{PART_PREFIX}{f}", None, [(n, n)]))
    aliases: list[ir.Stmt] = []
    for iface in own.interfaces:
        impl = project.implementation(d, iface)
        if impl is None:
            continue
        f, t = impl
        if f == display or (posixpath.dirname(f) == d and t in own.types):
            target: ir.Expr = ir.Name(ir.NOSPAN, t)
        else:
            alias = f"$impl:{iface}"
            head.append(ir.Import(ir.NOSPAN, f"{PART_PREFIX}{f}", None, [(t, alias)]))
            target = ir.Name(ir.NOSPAN, alias)
        aliases.append(ir.Assign(ir.NOSPAN, [ir.Name(ir.NOSPAN, iface)], target))
    imports: list[ir.Stmt] = []
    classes: list[ir.Stmt] = []
    rest: list[ir.Stmt] = []
    for st in module.body:
        if isinstance(st, ir.Import):
            imports.append(st)
        elif isinstance(st, ir.Class):
            extra = bases.get(st.name)
            classes.append(ir.Class(st.span, st.name, [*st.bases, *extra], st.body, st.decorators, st.qualname)
                           if extra else st)
        else:
            rest.append(st)
    if not head and not aliases:
        return module
    ordered = _ordered([*classes, *aliases])
    return ir.Module(module.path, module.language, [*imports, *head, *ordered, *rest], module.lines,
                     module.index, module.imported)


def _ordered(stmts: list[ir.Stmt]) -> list[ir.Stmt]:
    """Classes and interface bindings, each after the ones its bases and field defaults use."""
    by_name: dict[str, ir.Stmt] = {}
    for st in stmts:
        if isinstance(st, ir.Class):
            by_name[st.name] = st
        elif isinstance(st, ir.Assign) and isinstance(st.targets[0], ir.Name):
            by_name[st.targets[0].id] = st

    def deps(st: ir.Stmt) -> list[str]:
        if isinstance(st, ir.Assign):
            return [st.value.id] if isinstance(st.value, ir.Name) else []
        out: list[str] = []
        if isinstance(st, ir.Class):
            out.extend(b.id for b in st.bases if isinstance(b, ir.Name))
            out.extend(b.value.func.id for b in st.body if isinstance(b, ir.Assign)
                       and isinstance(b.value, ir.Call) and isinstance(b.value.func, ir.Name))
        return out

    placed: list[ir.Stmt] = []
    done: set[int] = set()
    visiting: set[int] = set()

    def place(st: ir.Stmt) -> None:
        if id(st) in done or id(st) in visiting:
            return
        visiting.add(id(st))
        for n in deps(st):
            dep = by_name.get(n)
            if dep is not None:
                place(dep)
        done.add(id(st))
        placed.append(st)

    for st in stmts:
        place(st)
    return placed
