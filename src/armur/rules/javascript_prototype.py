"""Prototype pollution by a user-written deep merge, deep copy or path setter (JavaScript/TypeScript).

The pattern (CWE-1321) needs two things in one function: it descends into the destination through a
key it does not control (`dst[key]` handed to a recursive call, or `target = target[key]` while
walking a dotted path), and it assigns `dst[key] = value`. With `key` = "__proto__" the descent
reaches Object.prototype, and the next level's assignment writes a property every object in the
process inherits ("constructor" then "prototype" reaches it too). Lodash, jQuery and friends fixed
exactly this in their merge functions (CVE-2018-3721, CVE-2019-10744, CVE-2019-11358).

A function is not reported when it checks the key first: a comparison with both "__proto__" and
"constructor" (or a list holding them), a check function called with the key (`isSafeKey(key)`), the
destination's own-property test (`dst.hasOwnProperty(key)`, `Object.hasOwn(dst, key)`; the source's
is no guard, since the attacker's JSON has "__proto__" as an own key), or `x instanceof Object` on the
value it descends into (Object.prototype is no instance of Object). A destination made with
`Object.create(null)` or a Map in the function has no prototype to reach.

No dataflow: whether attacker-shaped objects reach the function is not checked, so the confidence is
medium; a reviewer decides whether the function can receive parsed JSON.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path

from armur.core.findings import Confidence, Finding, Location, Severity
from armur.core.rules import Rule, RuleDoc
from armur.ir import nodes as ir

RULE = Rule(
    id="javascript.prototype-polluting-function", title="Deep merge or path setter that can reach Object.prototype",
    severity=Severity.HIGH, confidence=Confidence.MEDIUM, cwe=(1321, 915), owasp="A08",
    languages=("javascript", "typescript"), analyzer="sast",
    doc=RuleDoc(
        "A function that copies properties by key into an object and descends into the destination through "
        "the same key (a recursive merge, or a setter walking 'a.b.c'), with no check that the key is not "
        "__proto__ or constructor.",
        "Given parsed JSON such as {\"__proto__\": {\"isAdmin\": true}}, the descent reaches Object.prototype "
        "and the assignment adds isAdmin to every object of the process: authorisation checks, template "
        "options and child_process options read from plain objects then change (denial of service, "
        "privilege changes, sometimes code execution).",
        "function merge(dst, src) {\n  for (const key in src) {\n    if (typeof dst[key] === 'object') "
        "merge(dst[key], src[key]);\n    else dst[key] = src[key];\n  }\n}",
        "Skip the keys __proto__, constructor and prototype (or descend only where "
        "Object.prototype.hasOwnProperty.call(dst, key)), merge into Object.create(null) objects or Maps, "
        "or use a maintained library version that does this."))

RULES = [RULE]

_BLOCKED = frozenset({"__proto__", "constructor"})
_OWN_PROPERTY = frozenset({"hasOwnProperty", "hasOwn", "hasOwnProp", "propertyIsEnumerable"})


def _nodes(node: object) -> Iterator[object]:
    """Every IR node (statement or expression) under `node`, nested functions included."""
    stack: list[object] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, list | tuple):
            stack.extend(reversed(n))
            continue
        if not dataclasses.is_dataclass(n) or isinstance(n, ir.Span):
            continue
        yield n
        stack.extend(getattr(n, f.name) for f in dataclasses.fields(n) if f.name != "span")


def _name(e: object) -> str | None:
    return e.id if isinstance(e, ir.Name) else None


def _const_strs(e: ir.Expr) -> set[str]:
    if isinstance(e, ir.Const) and isinstance(e.value, str):
        return {e.value}
    if isinstance(e, ir.Collection):
        return {x.value for x in e.elts if isinstance(x, ir.Const) and isinstance(x.value, str)}
    return set()


def _enumerated(e: ir.Expr) -> str | None:
    """The object whose keys an iteration walks: `for (k in src)`, `Object.keys(src)`, `Object.entries(src)`,
    `Reflect.ownKeys(src)`."""
    if isinstance(e, ir.Name):
        return e.id
    if isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and e.args and isinstance(e.args[0], ir.Name) \
            and e.func.attr in ("keys", "entries", "getOwnPropertyNames", "ownKeys"):
        return e.args[0].id
    return None


def _numeric(e: ir.Expr) -> bool:
    """An expression that can only be a number: a numeric constant, arithmetic on one, or a choice of them."""
    if isinstance(e, ir.Const):
        return isinstance(e.value, int | float) and not isinstance(e.value, bool)
    if isinstance(e, ir.BinOp) and e.op in ("-", "*", "/", "%"):
        return True
    if isinstance(e, ir.BinOp) and e.op == "+":  # (a string on either side would make text)
        return _numeric(e.left) and _numeric(e.right)
    if isinstance(e, ir.IfExp):
        return _numeric(e.body) and _numeric(e.orelse)
    return False


def _calls(func: ir.Func) -> set[str]:
    """Names of the functions `func` calls by name."""
    return {n.func.id for n in _nodes(func.body) if isinstance(n, ir.Call) and isinstance(n.func, ir.Name)}


class _Function:
    """What one function (with the lambdas inside it) does with keys and objects."""

    def __init__(self, func: ir.Func, recursive: set[str], lists: dict[str, set[str]]) -> None:
        self.func = func
        self.lists = lists  # module names bound to lists of strings (a blocklist kept in a constant)
        self.origins: dict[str, str] = {}  # key -> the object whose keys it enumerates
        self.numeric: set[str] = set()  # keys that are counters (i = 0, i++)
        # callees that can run this function again: itself, functions that call it back, its parameters
        self.params = {p.name for p in func.params}
        self.recursive = recursive | self.params
        self.assigned_values: set[int] = set()  # calls whose result is assigned (x[k] = transform(x[k]))
        self.aliases: dict[str, ir.Expr] = {}  # x = <expr>, single assignments of a name
        self.descents: set[tuple[str, str]] = set()  # (object, key) it descends through
        self.writes: list[tuple[ir.Stmt, str, str]] = []  # dst[key] = ... : (stmt, object, key)
        self.guarded: set[str] = set()
        self.blocked: dict[str, set[str]] = {}  # key -> constants it is compared with
        self.prototype_free: set[str] = set()
        self.instance_checked = False
        self._scan()

    def key(self, e: ir.Expr, depth: int = 0) -> str | None:
        """Canonical name of where a key comes from: `key` (a loop or parameter name), or the list it is
        read from (`keys[i]`, `entry[0]` -> keys, entry), through local aliases."""
        if isinstance(e, ir.Name):
            alias = self.aliases.get(e.id)
            if alias is not None and depth < 8:
                return self.key(alias, depth + 1) or e.id
            return e.id
        if isinstance(e, ir.Index) and isinstance(e.obj, ir.Name):
            return self.key(e.obj, depth + 1)
        return None

    def read(self, e: ir.Expr, depth: int = 0) -> tuple[str, str] | None:
        """(object, key) when `e` is `obj[key]`, directly or through a local holding it."""
        if isinstance(e, ir.Name) and e.id in self.aliases and depth < 8:
            return self.read(self.aliases[e.id], depth + 1)
        if isinstance(e, ir.Index) and isinstance(e.obj, ir.Name) and not isinstance(e.index, ir.Const):
            key = self.key(e.index)
            return (e.obj.id, key) if key else None
        return None

    def _assigned_back(self, call: ir.Call) -> bool:
        return id(call) in self.assigned_values

    def _scan(self) -> None:
        nodes = list(_nodes(self.func.body))
        self.assigned_values = {id(n.value) for n in nodes if isinstance(n, ir.Assign) and isinstance(n.value, ir.Call)}
        counts: dict[str, int] = {}
        for n in nodes:
            if isinstance(n, ir.Assign) and not (isinstance(n.value, ir.Const) and n.value.value is None):
                for t in n.targets:  # (`let key;` declares, it binds nothing)
                    if isinstance(t, ir.Name):
                        counts[t.id] = counts.get(t.id, 0) + 1
        for n in nodes:
            if isinstance(n, ir.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ir.Name) \
                    and counts.get(n.targets[0].id) == 1 and isinstance(n.value, ir.Name | ir.Index):
                self.aliases[n.targets[0].id] = n.value
        for n in nodes:
            if isinstance(n, ir.Assign):
                enumerated = _enumerated(n.value) if isinstance(n.value, ir.Call) else None
                for t in n.targets:
                    if isinstance(t, ir.Name) and _numeric(n.value):
                        self.numeric.add(t.id)
                    if isinstance(t, ir.Name) and enumerated:
                        self.origins[t.id] = enumerated  # keys = Object.keys(src)
            elif isinstance(n, ir.Loop) and n.target is not None and n.iter is not None:
                enumerated = _enumerated(n.iter)
                for node in _nodes(n.target):
                    if isinstance(node, ir.Name) and enumerated:
                        self.origins[node.id] = enumerated
            elif isinstance(n, ir.Call):
                lambdas = [a.func for a in n.args if isinstance(a, ir.Lambda)]
                enumerated = None
                if isinstance(n.func, ir.Attr) and n.func.attr in ("forEach", "map", "reduce", "some", "every"):
                    enumerated = _enumerated(n.func.obj)
                elif n.args and isinstance(n.args[0], ir.Name):
                    enumerated = n.args[0].id  # forOwn(src, (v, k) => ...), _.each(src, ...)
                if enumerated:
                    for f in lambdas:
                        self.origins.update((p.name, enumerated) for p in f.params)
        for n in nodes:
            if isinstance(n, ir.Assign):
                self._assign(n)
            elif isinstance(n, ir.Call):
                self._call(n)
            elif isinstance(n, ir.Compare) and len(n.comparators) == 1:
                for a, b in ((n.left, n.comparators[0]), (n.comparators[0], n.left)):
                    k = self.key(a) if isinstance(a, ir.Name) else None
                    if k is not None:
                        listed = self.lists.get(b.id, set()) if isinstance(b, ir.Name) else _const_strs(b)
                        self.blocked.setdefault(k, set()).update(listed)
            elif isinstance(n, ir.Opaque) and n.kind == "instanceof" and len(n.children) == 2 \
                    and _name(n.children[1]) == "Object":
                self.instance_checked = True

    def _assign(self, n: ir.Assign) -> None:
        value = n.value
        if isinstance(value, ir.Call) and (
                value.is_new and isinstance(value.func, ir.Name) and value.func.id in ("Map", "WeakMap")
                or isinstance(value.func, ir.Attr) and value.func.attr == "create" and _name(value.func.obj) == "Object"
                and value.args and isinstance(value.args[0], ir.Const) and value.args[0].value is None):
            self.prototype_free.update(t.id for t in n.targets if isinstance(t, ir.Name))
        names = {t.id for t in n.targets if isinstance(t, ir.Name)}
        for t in n.targets:
            if isinstance(t, ir.Index) and isinstance(t.obj, ir.Name) and not isinstance(t.index, ir.Const):
                key = self.key(t.index)
                if key is None:
                    continue
                if t.obj.id in names:  # target = target[key] = target[key] || {}: a step of the walk
                    self.descents.add((t.obj.id, key))
                elif not self._harmless(n.value, t.obj.id, key):
                    self.writes.append((n, t.obj.id, key))
        if isinstance(value, ir.BoolOp):
            value = value.values[0]
        got = self.read(value)
        if got is not None and got[0] in names:  # target = target[key]: walking a path
            self.descents.add(got)

    def _harmless(self, value: ir.Expr, obj: str, key: str) -> bool:
        """A write that cannot change Object.prototype even under "__proto__": a fresh empty object or array
        (that only replaces this object's own prototype), or the slot's own value kept (`x[k] || {}`)."""
        if isinstance(value, ir.DictLit | ir.Collection) and not (value.keys if isinstance(value, ir.DictLit)
                                                                  else value.elts):
            return True
        parts = value.values if isinstance(value, ir.BoolOp) else [value.body, value.orelse] \
            if isinstance(value, ir.IfExp) else []
        return bool(parts) and self.read(parts[0]) == (obj, key) and all(
            self.read(p) == (obj, key) or self._harmless(p, obj, key) for p in parts)

    def _call(self, n: ir.Call) -> None:
        fn = n.func
        method = fn.attr if isinstance(fn, ir.Attr) else ""
        args = [a for a in n.args if not isinstance(a, ir.Starred)]
        # own-property test of the destination: dst.hasOwnProperty(key), Object.hasOwn(dst, key),
        # Object.prototype.hasOwnProperty.call(dst, key)
        if method in _OWN_PROPERTY and len(args) == 1 and isinstance(fn, ir.Attr) and _name(fn.obj):
            self.guarded.add(f"own:{_name(fn.obj)}:{self.key(args[0])}")
            return
        if method in ("call", *_OWN_PROPERTY) and len(args) == 2 and _name(args[0]):
            self.guarded.add(f"own:{_name(args[0])}:{self.key(args[1])}")
            return
        if method in ("includes", "indexOf", "has") and len(args) == 1 and isinstance(fn, ir.Attr):
            key = self.key(args[0])
            if key is not None:
                listed = self.lists.get(fn.obj.id, set()) if isinstance(fn.obj, ir.Name) else _const_strs(fn.obj)
                self.blocked.setdefault(key, set()).update(listed)
            return
        callee = _name(fn)
        if callee is None:
            return
        if callee in self.recursive and not (callee in self.params and self._assigned_back(n)):
            # the descent of a recursive merge: dst[key] (or a local holding it) handed to a call that
            # can come back here, or the destination and the key handed on together
            # (only into a parameter: a function that writes into an object of its own, a fresh result,
            # changes nothing it was given)
            for a in args:
                got = self.read(a)
                if got is not None and got[0] in self.params:
                    self.descents.add(got)
            objs = [a.id for a in args if isinstance(a, ir.Name) and a.id in self.params]
            keys = [self.key(a) for a in args if isinstance(a, ir.Name)]
            self.descents.update((o, k) for o in objs for k in keys if k and o != k)
        elif len(args) == 1 and self.key(args[0]) is not None:
            self.guarded.add(f"fn:{self.key(args[0])}")  # a check function of the key: isSafeKey(key)

    def findings(self) -> list[ir.Stmt]:
        if self.instance_checked:
            return []
        out = []
        for stmt, obj, key in self.writes:
            if (obj, key) not in self.descents or obj in self.prototype_free or key in self.numeric:
                continue
            origin, hops = self.origins.get(key), 0
            while origin in self.origins and hops < 8:  # for (k of keys), keys = Object.keys(x)
                origin, hops = self.origins[origin], hops + 1
            if origin == obj:
                continue  # the object's own keys written back into it (x[k] = f(x[k])): nothing new is added
            if f"fn:{key}" in self.guarded or f"own:{obj}:{key}" in self.guarded:
                continue
            if _BLOCKED <= self.blocked.get(key, set()):
                continue
            out.append(stmt)
        return out


def check(module: ir.Module, display: str) -> list[Finding]:
    """Report prototype-polluting assignments in the module's named functions."""
    out: list[Finding] = []
    lines = module.lines
    nodes = list(_nodes(module.body))
    funcs = [n for n in nodes if isinstance(n, ir.Func) and not n.is_lambda]
    lists = {t.id: _const_strs(n.value) for n in nodes if isinstance(n, ir.Assign)
             and isinstance(n.value, ir.Collection) for t in n.targets if isinstance(t, ir.Name)}
    calls = {f.name: _calls(f) for f in funcs}
    seen: set[int] = set()
    for n in funcs:
        # itself, and the functions that call it (mutual recursion: copy -> copyAux -> copy)
        recursive = {n.name} | {g for g, called in calls.items() if n.name in called and g in calls.get(n.name, ())}
        for stmt in _Function(n, recursive, lists).findings():
            if id(stmt) in seen:
                continue  # a nested function's statement, reported once
            seen.add(id(stmt))
            sp = stmt.span
            snippet = lines[sp.line - 1].strip() if 0 < sp.line <= len(lines) else ""
            out.append(Finding(
                rule_id=RULE.id, severity=RULE.severity, confidence=RULE.confidence,
                message=f"{n.name}() assigns by a key it also descends through, with no check against "
                        "__proto__ / constructor: a source object such as parsed JSON can write to "
                        "Object.prototype.",
                location=Location(display, sp.line, sp.col, sp.end_line, sp.end_col), analyzer="sast",
                cwe=RULE.cwe, owasp=RULE.owasp, snippet=snippet, fix=RULE.doc.fix))
    return out


# --- lodash versions whose deep merges are fixed -------------------------------------------------
# lodash guarded merge/mergeWith (CVE-2018-16487, 4.17.11) and defaultsDeep (CVE-2019-10744, 4.17.12)
# against "__proto__" / "constructor" keys. A project whose package.json asks for lodash at 4.17.12 or
# later (every version its range allows) therefore merges input safely with these three functions; set /
# setWith / zipObjectDeep were fixed later (4.17.17-4.17.20) and are left to the taint rule as they are.
LODASH_MERGES_FIXED = (4, 17, 12)
_FIXED_LODASH_SINK = re.compile(r"\blodash(?:-es)?[./](?:merge|mergeWith|defaultsDeep)\(\)")


def _min_version(spec: str) -> tuple[int, ...] | None:
    """The lowest version a plain npm range allows: "4.17.12", "^4.17.12", "~4.17.12", ">=4.17.12".
    Anything else (unions, hyphen ranges, wildcards, tags, URLs) gives None."""
    m = re.fullmatch(r"\s*(?:\^|~|>=|=)?\s*v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?\s*", spec)
    return tuple(int(g) for g in m.groups()) if m else None


def declared_dependencies(source_path: str) -> dict[str, str]:
    """Dependencies named in the package.json nearest above a scanned file (read as data, never run)."""
    here = Path(source_path).resolve().parent
    for folder in (here, *here.parents):
        manifest = folder / "package.json"
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8", errors="replace"))
            except (OSError, ValueError):
                return {}
            deps: dict[str, str] = {}
            if isinstance(data, dict):
                for section in ("dependencies", "devDependencies", "peerDependencies"):
                    entries = data.get(section)
                    if isinstance(entries, dict):
                        deps.update({k: v for k, v in entries.items() if isinstance(v, str)})
            return deps
    return {}


def drop_fixed_lodash_merges(findings: list[Finding], source_path: str) -> list[Finding]:
    """Remove prototype-pollution findings at lodash merge / mergeWith / defaultsDeep when the project
    declares a lodash whose every allowed version has the fix."""
    if not any(f.rule_id == "javascript.prototype-pollution" and _FIXED_LODASH_SINK.search(f.message)
               for f in findings):
        return findings
    deps = declared_dependencies(source_path)
    if any(name in deps for name in ("lodash.merge", "lodash.mergewith", "lodash.defaultsdeep")):
        return findings  # the standalone packages (same callee names) have versions of their own
    versions = [_min_version(deps[name]) for name in ("lodash", "lodash-es") if name in deps]
    if not versions or any(v is None or v < LODASH_MERGES_FIXED for v in versions):
        return findings
    return [f for f in findings
            if not (f.rule_id == "javascript.prototype-pollution" and _FIXED_LODASH_SINK.search(f.message))]
