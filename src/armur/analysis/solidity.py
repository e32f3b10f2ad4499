"""Contract-level facts for the Solidity checks, computed on the lowered IR (nothing is compiled or run).

For each contract: its linearised bases (resolved in the file and the files it imports), state
variables, functions and modifiers; for each modifier what it checks (the caller's identity, a
re-entrancy lock); for each function its visibility, mutability and an ordered list of effects
(state reads, state writes, external calls, in statement order, with internal calls and modifier
bodies inlined a few levels deep). Small local dataflow helpers say which names derive from
parameters, msg.sender, tx.origin or block values. See docs/solidity.md for the conventions.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from armur.ir import nodes as ir
from armur.ir import walk as ir_walk

# ---- pragma ------------------------------------------------------------------------------

_VER = re.compile(r"(\^|~|>=|<=|>|<|=)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?")


def _vt(m: re.Match[str]) -> tuple[int, int, int]:
    return tuple(int(g) if g and g.isdigit() else 0 for g in m.groups()[1:])  # type: ignore[return-value]


def min_version(pragma: str) -> tuple[int, int, int] | None:
    """Lowest compiler version a `solidity <range>` pragma admits (None without a version)."""
    best: tuple[int, int, int] | None = None
    for alt in pragma.removeprefix("solidity").split("||"):
        low: tuple[int, int, int] | None = None
        for m in _VER.finditer(alt):
            op, v = m.group(1) or "=", _vt(m)
            if op in ("<", "<="):
                low = low or (0, 0, 0)
                continue
            if op == ">":
                v = (v[0], v[1], v[2] + 1)
            low = v if low is None or v > low else low
        if low is not None and (best is None or low < best):
            best = low
    return best


# ---- expression helpers ------------------------------------------------------------------

def walk(node: object) -> Iterator[ir.Expr]:
    """Every expression inside an expression or statement list, in source order (not into nested Funcs)."""
    return ir_walk.exprs(node, into_functions=False)


def is_attr(e: ir.Expr, obj: str, attr: str) -> bool:
    return isinstance(e, ir.Attr) and e.attr == attr and isinstance(e.obj, ir.Name) and e.obj.id == obj


def is_sender(e: ir.Expr) -> bool:
    """msg.sender, _msgSender(), payable(msg.sender), address(msg.sender)."""
    if is_attr(e, "msg", "sender"):
        return True
    if isinstance(e, ir.Call):
        if isinstance(e.func, ir.Name) and e.func.id in ("_msgSender", "msgSender") and not e.args:
            return True
        if isinstance(e.func, ir.Name) and e.func.id in ("payable", "address", "uint", "uint160", "uint256") \
                and len(e.args) == 1:
            return is_sender(e.args[0])
    return False


def is_origin(e: ir.Expr) -> bool:
    return is_attr(e, "tx", "origin")


def root_name(e: ir.Expr) -> str | None:
    """x for x, x[i], x.f, x[i].f[j]."""
    while isinstance(e, ir.Index | ir.Attr):
        e = e.obj
    return e.id if isinstance(e, ir.Name) else None


def callee_name(c: ir.Call) -> str:
    f = c.func
    if isinstance(f, ir.Name):
        return f.id
    if isinstance(f, ir.Attr):
        return f.attr
    return ""


BLOCK_ATTRS = frozenset({"timestamp", "number", "difficulty", "prevrandao", "coinbase", "gaslimit", "blockhash"})


def block_source(e: ir.Expr) -> str | None:
    """The block value an expression reads directly: 'timestamp', 'number', 'blockhash'..."""
    if isinstance(e, ir.Name) and e.id == "now":
        return "timestamp"
    if isinstance(e, ir.Attr) and isinstance(e.obj, ir.Name) and e.obj.id == "block" and e.attr in BLOCK_ATTRS:
        return e.attr
    if isinstance(e, ir.Call) and (callee_name(e) == "blockhash"
                                   and (isinstance(e.func, ir.Name) or is_attr(e.func, "block", "blockhash"))):
        return "blockhash"
    return None


LOW_LEVEL = frozenset({"call", "delegatecall", "callcode", "staticcall", "send"})
HASHES = frozenset({"keccak256", "sha3", "sha256", "ripemd160"})


def low_level(c: ir.Call) -> str | None:
    """'call' / 'delegatecall' / 'callcode' / 'staticcall' / 'send' for low-level calls (incl. the bare
    option form `x.call.value(v)` that never makes the call)."""
    f = c.func
    if isinstance(f, ir.Attr) and f.attr == "send" and len(c.args) != 1:
        return None  # e.g. ERC777 send(to, amount, data), not address.send(value)
    if isinstance(f, ir.Attr) and f.attr in LOW_LEVEL:
        return f.attr
    if isinstance(f, ir.Attr) and f.attr in ("value", "gas") and isinstance(f.obj, ir.Attr) and f.obj.attr in LOW_LEVEL:
        return f.obj.attr
    return None


def call_target(c: ir.Call) -> ir.Expr | None:
    f = c.func
    if isinstance(f, ir.Attr) and f.attr in ("value", "gas") and isinstance(f.obj, ir.Attr):
        return f.obj.obj
    return f.obj if isinstance(f, ir.Attr) else None


def keyword(c: ir.Call, name: str) -> ir.Expr | None:
    for k in c.keywords:
        if k.name == name:
            return k.value
    f = c.func
    if name == "value" and isinstance(f, ir.Attr) and f.attr == "value" and c.args:
        return c.args[0]  # bare x.call.value(v)
    return None


def text_of(e: ir.Expr | ir.Stmt, lines: list[str]) -> str:
    sp = e.span
    if not (0 < sp.line <= len(lines)):
        return ""
    if sp.line == sp.end_line:
        return lines[sp.line - 1][sp.col - 1:sp.end_col - 1]
    return lines[sp.line - 1][sp.col - 1:]


def names_in(node: object) -> set[str]:
    return {e.id for e in walk(node) if isinstance(e, ir.Name)}


# ---- the model ---------------------------------------------------------------------------

@dataclass(eq=False)
class StateVar:
    name: str
    type: str
    node: ir.Assign
    contract: str
    constant: bool

    @property
    def is_mapping(self) -> bool:
        return self.type.startswith("mapping")

    @property
    def is_array(self) -> bool:
        return self.type.split(" ")[0].endswith("]")


@dataclass(eq=False)
class Function:
    node: ir.Func
    contract: Contract
    kind: str  # function / modifier / constructor / fallback / receive
    visibility: str
    mutability: str
    modifiers: list[ir.Expr]

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def entry(self) -> bool:
        """Callable from outside: public/external (or default visibility before 0.5)."""
        return self.kind in ("function", "fallback", "receive") and self.visibility in ("public", "external")

    @property
    def read_only(self) -> bool:
        return self.mutability in ("view", "pure", "constant")

    @property
    def payable(self) -> bool:
        return self.mutability == "payable"

    def params(self) -> set[str]:
        return {p.name for p in self.node.params}


@dataclass(eq=False)
class Contract:
    name: str
    kind: str
    node: ir.Class
    module: SolModule
    base_names: list[str]
    state: dict[str, StateVar] = field(default_factory=dict)
    functions: list[Function] = field(default_factory=list)
    modifiers: dict[str, Function] = field(default_factory=dict)
    linear: list[Contract] = field(default_factory=list)  # self first, then bases (most derived first)

    # -- lookups through the inheritance chain --
    def all_state(self) -> dict[str, StateVar]:
        out: dict[str, StateVar] = {}
        for c in reversed(self.linear):
            out.update(c.state)
        return out

    def modifier(self, name: str) -> Function | None:
        for c in self.linear:
            if name in c.modifiers:
                return c.modifiers[name]
        return None

    def function(self, name: str) -> Function | None:
        for c in self.linear:
            for f in c.functions:
                if f.name == name and f.kind == "function":
                    return f
        return None

    def all_functions(self) -> list[Function]:
        seen: set[tuple[str, int]] = set()
        out: list[Function] = []
        for c in self.linear:
            for f in c.functions:
                key = (f.name, len(f.node.params))
                if f.kind in ("constructor",) and c is not self:
                    continue
                if key in seen and f.kind == "function":
                    continue
                seen.add(key)
                out.append(f)
        return out


class SolModule:
    """One lowered file: its pragma and contracts."""

    def __init__(self, display: str, module: ir.Module) -> None:
        self.display = display
        self.module = module
        self.lines = module.lines
        self.pragma = ""
        self.imports: list[str] = []
        self.contracts: dict[str, Contract] = {}
        self.visible: dict[str, Contract] = {}  # contracts of this file and the files it imports
        self.using_types: set[str] = set()  # types with `using Library for T`: their methods are library calls
        self.structs: set[str] = set()
        for st in module.body:
            if isinstance(st, ir.OpaqueStmt) and st.kind == "pragma" and st.exprs and isinstance(st.exprs[0], ir.Const):
                v = str(st.exprs[0].value)
                if v.startswith("solidity") and not self.pragma:
                    self.pragma = v
        self.version = min_version(self.pragma) if self.pragma else None
        for st in module.body:
            if isinstance(st, ir.Import):
                self.imports.append(st.module)
            elif isinstance(st, ir.Class):
                kind = st.decorators[0].id if st.decorators and isinstance(st.decorators[0], ir.Name) else "contract"
                if kind == "struct":
                    self.structs.add(st.name)
                else:
                    self.contracts[st.name] = self._contract(st, kind)
        self.visible = dict(self.contracts)

    def below(self, major: int, minor: int) -> bool:
        """True when the pragma admits a compiler older than major.minor (or there is no pragma)."""
        return self.version is None or self.version < (major, minor, 0)

    def _contract(self, cls: ir.Class, kind: str) -> Contract:
        bases = []
        for b in cls.bases:
            e = b.func if isinstance(b, ir.Call) else b
            if isinstance(e, ir.Name):
                bases.append(e.id.split(".")[-1])
        c = Contract(cls.name, kind, cls, self, bases)
        for st in cls.body:
            if isinstance(st, ir.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ir.Name):
                words = st.annotation.split()
                c.state[st.targets[0].id] = StateVar(st.targets[0].id, st.annotation, st, cls.name,
                                                     "constant" in words or "immutable" in words)
            elif isinstance(st, ir.Func):
                d = [x.id for x in st.decorators if isinstance(x, ir.Name)]
                kind_f = d[0] if d else "function"
                if kind_f == "event":
                    continue
                vis = next((w for w in d if w in ("public", "external", "internal", "private")), "")
                if not vis:
                    vis = "public" if kind_f in ("function", "fallback", "receive", "constructor") else "internal"
                mut = next((w for w in d if w in ("view", "pure", "constant", "payable")), "")
                mods = [x for x in st.decorators[1:] if not (isinstance(x, ir.Name) and x.id in _KEYWORDS)]
                if kind_f == "function" and st.name == cls.name:
                    kind_f = "constructor" if self._old_ctor_ok() else kind_f
                f = Function(st, c, kind_f, vis, mut, mods)
                if kind_f == "modifier":
                    c.modifiers[st.name] = f
                else:
                    c.functions.append(f)
            elif isinstance(st, ir.Class) and st.decorators and isinstance(st.decorators[0], ir.Name) \
                    and st.decorators[0].id == "struct":
                self.structs.add(st.name)
            elif isinstance(st, ir.OpaqueStmt) and st.kind == "using" and len(st.exprs) > 1:
                target = st.exprs[-1]
                if isinstance(target, ir.Name):
                    self.using_types.add(target.id.split(" ")[0])
        return c

    def _old_ctor_ok(self) -> bool:
        return self.below(0, 5)


_KEYWORDS = frozenset({"public", "private", "internal", "external", "pure", "view", "payable", "constant",
                       "nonpayable", "virtual", "override", "immutable"})


class SolProject:
    """The scan's Solidity files; contracts are resolved in a file and the files it imports."""

    def __init__(self, files: dict[str, str], sources: dict[str, str] | None = None) -> None:
        self.files = files
        self.sources = sources or {}
        self._mods: dict[str, SolModule | None] = {}
        self._by_path = {os.path.normpath(p): d for d, p in files.items()}
        self.deps: dict[str, str] = {}
        self._hashes: dict[str, str] = {}

    def reset_deps(self) -> None:
        self.deps = {}

    def add(self, display: str, module: ir.Module, text: str) -> SolModule:
        m = SolModule(display, module)
        self._mods[display] = m
        self._hashes[display] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return m

    def _load(self, display: str) -> SolModule | None:
        if display in self._mods:
            return self._mods[display]
        from armur.lang.solidity import lower_source  # lowering is this analysis's input

        self._mods[display] = None
        try:
            text = self.sources.get(display)
            if text is None:
                text = Path(self.files[display]).read_text(encoding="utf-8", errors="replace")
            if len(text) > 2_000_000:
                return None
            mod = lower_source(display, text)
        except Exception:  # noqa: BLE001 - an imported file that cannot be read or parsed resolves nothing
            return None
        m = SolModule(display, mod)
        self._mods[display] = m
        self._hashes[display] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return m

    def _imported(self, mod: SolModule, imp: str) -> str | None:
        here = self.files.get(mod.display, mod.display)
        cands = [os.path.normpath(os.path.join(os.path.dirname(here), imp))] if imp.startswith(".") else []
        for cand in cands:
            if cand in self._by_path:
                return self._by_path[cand]
        tail = imp.lstrip("./")  # package-style: "@openzeppelin/contracts/access/Ownable.sol", "forge-std/Test.sol"
        best: str | None = None
        for path, disp in self._by_path.items():
            p = path.replace(os.sep, "/")
            if p.endswith("/" + tail) or p == tail:
                return disp
            # remappings drop a folder ("@openzeppelin/contracts/" -> "lib/openzeppelin-contracts/contracts/")
            parts = tail.split("/")
            if best is None and len(parts) > 2 and p.endswith("/" + "/".join(parts[-3:])):
                best = disp
        return best

    def link(self, mod: SolModule) -> None:
        """Fill each contract's linearisation (self, then bases depth-first, right-most base first)."""
        visible: dict[str, Contract] = {}
        seen: set[str] = set()
        order = [mod]
        while order and len(seen) < 200:
            m = order.pop(0)
            if m.display in seen:
                continue
            seen.add(m.display)
            if m is not mod:
                self.deps[m.display] = self._hashes.get(m.display, "")
            for name, c in m.contracts.items():
                visible.setdefault(name, c)
            for imp in m.imports:
                d = self._imported(m, imp)
                if d is not None and d not in seen:
                    sm = self._load(d)
                    if sm is not None:
                        order.append(sm)
        mod.visible = visible
        for c in mod.contracts.values():
            c.linear = _linearise(c, visible)
            for b in c.linear[1:]:
                if not b.linear:
                    b.linear = _linearise(b, visible)


def _linearise(c: Contract, visible: dict[str, Contract]) -> list[Contract]:
    out: list[Contract] = []

    def visit(x: Contract, depth: int) -> None:
        if x in out or depth > 30:
            return
        out.append(x)
        for b in reversed(x.base_names):
            bc = visible.get(b)
            if bc is not None:
                visit(bc, depth + 1)

    visit(c, 0)
    return out


def unresolved_bases(c: Contract) -> bool:
    """Some base contract could not be found (its code is not in the scan)."""
    names = {x.name for x in c.linear}
    return any(b not in names for x in c.linear for b in x.base_names)


# ---- types -------------------------------------------------------------------------------

_PRIMITIVE = re.compile(r"^(address|bool|string|bytes\d*|byte|u?int\d*|u?fixed[\dx]*|function|mapping|var)\b")


def value_type(t: str) -> str:
    """Element type of a mapping or array type: mapping(a => T) -> T, T[] -> T."""
    t = t.strip()
    if t.startswith("mapping"):
        depth, i = 0, 0
        for i, ch in enumerate(t):  # noqa: B007 - i is read after the loop
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and ch == ")":
                break
        inner = t[t.find("(") + 1:i]
        return inner.split("=>", 1)[1].strip() if "=>" in inner else ""
    first = t.split(" ")[0]
    if first.endswith("]"):
        return first[:first.rfind("[")]
    return ""


class Scope:
    """Types and storage aliases of the names visible in one function."""

    def __init__(self, contract: Contract, fn: Function | None) -> None:
        self.contract = contract
        self.state = contract.all_state()
        self.types: dict[str, str] = {n: v.type for n, v in self.state.items()}
        self.locals: set[str] = set()
        self.params: set[str] = set()
        self.alias: dict[str, str] = {}  # storage pointer local -> state variable
        self.structs: dict[str, dict[str, str]] = {}
        for c in contract.linear:
            for st in c.node.body:
                if isinstance(st, ir.Class):
                    self.structs[st.name] = {a.targets[0].id: a.annotation for a in st.body
                                             if isinstance(a, ir.Assign) and isinstance(a.targets[0], ir.Name)}
        for st in contract.module.module.body:
            if isinstance(st, ir.Class) and st.decorators and isinstance(st.decorators[0], ir.Name) \
                    and st.decorators[0].id == "struct":
                self.structs[st.name] = {a.targets[0].id: a.annotation for a in st.body
                                         if isinstance(a, ir.Assign) and isinstance(a.targets[0], ir.Name)}
        if fn is not None:
            self.enter(fn.node)

    def enter(self, f: ir.Func) -> None:
        for p in f.params:
            self.types[p.name] = p.annotation
            self.locals.add(p.name)
            self.params.add(p.name)
        for st in walk_stmts(f.body):
            if isinstance(st, ir.Assign) and st.annotation and st.op is None:
                for t in st.targets:
                    if isinstance(t, ir.Name):
                        self.types[t.id] = st.annotation
                        self.locals.add(t.id)
                        r = root_name(st.value)
                        scalar = st.annotation.split()[0] in ("uint", "uint256", "address", "bool")
                        if "storage" in st.annotation.split() or (r and self.is_state(r) and not scalar):
                            if r and self.is_state(r):
                                self.alias[t.id] = r
            elif isinstance(st, ir.Assign) and isinstance(st.targets[0], ir.Collection):
                for t in st.targets[0].elts:
                    if isinstance(t, ir.Name):
                        self.locals.add(t.id)

    def is_state(self, name: str) -> bool:
        return name in self.state and name not in self.locals

    def state_root(self, e: ir.Expr) -> str | None:
        r = root_name(e)
        if r is None:
            return None
        if r in self.alias:
            return self.alias[r]
        return r if self.is_state(r) else None

    def type_of(self, e: ir.Expr) -> str:
        if isinstance(e, ir.Name):
            return self.types.get(e.id, "")
        if isinstance(e, ir.Index):
            return value_type(self.type_of(e.obj))
        if isinstance(e, ir.Attr):
            base = self.type_of(e.obj).split(" ")[0]
            return self.structs.get(base, {}).get(e.attr, "")
        if isinstance(e, ir.Call) and isinstance(e.func, ir.Name) and len(e.args) == 1:
            return e.func.id
        return ""

    def is_contract_type(self, t: str) -> bool:
        first = t.split(" ")[0] if t else ""
        if not first or _PRIMITIVE.match(first) or first.endswith("]") or first in self.structs:
            return False
        if "." in first or first in self.contract.module.using_types:
            return False  # Library.Struct, or a type whose methods come from `using L for T`
        known = self.contract.module.visible.get(first)
        if known is not None:
            return known.kind not in ("library",)
        if not first[:1].isalpha():
            return False
        for c in self.contract.linear:
            if first == c.name:
                return True
        known = self.contract.module.contracts.get(first)
        if known is not None:
            return known.kind != "library"
        return first[:1].isupper()


def walk_stmts(body: list[ir.Stmt]) -> Iterator[ir.Stmt]:
    """Statements in source order, nested blocks included (not nested functions)."""
    stack: list[ir.Stmt] = list(reversed(body))
    while stack:
        s = stack.pop()
        yield s
        kids: list[ir.Stmt] = []
        if isinstance(s, ir.If):
            kids = s.body + s.orelse
        elif isinstance(s, ir.Loop | ir.With):
            kids = list(s.body)
        elif isinstance(s, ir.Try):
            kids = s.body + [x for h in s.handlers for x in h.body] + s.finalbody
        stack.extend(reversed(kids))


_MEMO: dict[tuple[str, int], tuple[list[ir.Stmt], list]] = {}  # type: ignore[type-arg]


def clear_memo() -> None:
    """Forget the per-body caches (call once per analysed file)."""
    _MEMO.clear()
    _SCOPES.clear()


_SCOPES: dict[tuple[int, int], tuple[object, object, Scope]] = {}


def scope_for(contract: Contract, fn: Function | None) -> Scope:
    """Scope(contract, fn), built once per file."""
    key = (id(contract), id(fn))
    hit = _SCOPES.get(key)
    if hit is None or hit[0] is not contract or hit[1] is not fn:
        hit = (contract, fn, Scope(contract, fn))
        _SCOPES[key] = hit
    return hit[2]


def _per_body(tag: str, body: list[ir.Stmt], compute: Callable[[list[ir.Stmt]], Iterable[Any]]) -> list[Any]:
    """list(compute(body)), computed once per function body and file."""
    key = (tag, id(body))
    hit = _MEMO.get(key)
    if hit is None or hit[0] is not body:
        hit = (body, list(compute(body)))
        _MEMO[key] = hit
    return hit[1]


def body_exprs(body: list[ir.Stmt]) -> list[ir.Expr]:
    """walk(body) as a list, computed once per function body and file."""
    return _per_body("exprs", body, walk)


def conditions(body: list[ir.Stmt]) -> list[tuple[ir.Expr, ir.Stmt]]:
    """Branch conditions: require/assert arguments, if and loop tests, ternary tests (cached per body)."""
    return _per_body("conds", body, _conditions)


def _conditions(body: list[ir.Stmt]) -> Iterator[tuple[ir.Expr, ir.Stmt]]:
    for st in walk_stmts(body):
        if isinstance(st, ir.If):
            yield st.test, st
        elif isinstance(st, ir.Loop) and st.test is not None:
            yield st.test, st
        exprs = [] if isinstance(st, ir.If | ir.Loop | ir.With | ir.Try) else [st]
        for e in walk(exprs):
            if isinstance(e, ir.Call) and isinstance(e.func, ir.Name) and e.func.id in ("require", "assert") \
                    and e.args:
                yield e.args[0], st
            elif isinstance(e, ir.IfExp):
                yield e.test, st


# ---- effects -----------------------------------------------------------------------------

@dataclass(eq=False)
class Effect:
    kind: str  # read / write / call
    var: str = ""
    span: ir.Span = ir.NOSPAN
    call: ir.Call | None = None
    call_kind: str = ""  # value-call / call / external / delegatecall / transfer / send
    in_loop: bool = False
    via: str = ""  # 'modifier X' / 'function f' when inlined
    op: str = ""  # for writes: the augmented operator ('+', '-', ...) or '' for a plain store
    from_param: bool = False  # for writes: the stored value mentions a parameter of its function
    in_cond: bool = False  # for reads: inside a require/assert condition (a revert if it fails)


def call_kind(c: ir.Call, scope: Scope) -> str:
    """How a call leaves the contract: '' (it does not), or the kind of external call."""
    ll = low_level(c)
    if ll == "send":
        return "send"
    if ll in ("call",):
        v = keyword(c, "value")
        return "value-call" if v is not None and not (isinstance(v, ir.Const) and v.value == 0) else "call"
    if ll in ("delegatecall", "callcode"):
        return "delegatecall"
    if ll == "staticcall":
        return ""
    f = c.func
    if not isinstance(f, ir.Attr):
        return ""
    obj = f.obj
    if isinstance(obj, ir.Name) and obj.id in ("this", "super", "msg", "block", "abi", "tx", "string", "bytes"):
        return "external" if obj.id == "this" else ""
    if f.attr == "transfer" and len(c.args) == 1 and not scope.is_contract_type(scope.type_of(obj)):
        return "transfer"
    if f.attr in ("push", "pop", "length", "add", "sub", "mul", "div", "mod", "encode", "encodePacked"):
        return ""
    if isinstance(obj, ir.Name) and (obj.id in scope.contract.module.contracts and
                                     scope.contract.module.contracts[obj.id].kind == "library"):
        return ""
    t = obj.func.id if isinstance(obj, ir.Call) and isinstance(obj.func, ir.Name) and len(obj.args) == 1 else \
        scope.type_of(obj)
    if not scope.is_contract_type(t):
        return ""
    target = scope.contract.module.visible.get(t.split(" ")[0]) or scope.contract.module.contracts.get(
        t.split(" ")[0])
    if target is not None:
        decl = [fn for b in (target.linear or [target]) for fn in b.functions if fn.name == f.attr]
        if decl and all(fn.read_only for fn in decl) and not scope.contract.module.below(0, 5):
            return ""  # view/pure functions are called with STATICCALL from 0.5 on: they cannot write state
    return "external"


class Effects:
    """Ordered state reads, writes and external calls of a function, modifiers and internal calls inlined."""

    MAX_DEPTH = 3

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self._cache: dict[int, list[Effect]] = {}

    def of(self, fn: Function) -> list[Effect]:
        key = id(fn)
        if key not in self._cache:
            self._cache[key] = []  # recursion guard
            self._cache[key] = self._function(fn, 0)
        return self._cache[key]

    def _function(self, fn: Function, depth: int) -> list[Effect]:
        scope = scope_for(self.contract, fn)
        out: list[Effect] = []
        post: list[list[Effect]] = []
        for m in fn.modifiers:
            name = m.func.id if isinstance(m, ir.Call) and isinstance(m.func, ir.Name) else (
                m.id if isinstance(m, ir.Name) else "")
            mod = self.contract.modifier(name)
            if mod is None:
                continue
            mscope = scope_for(self.contract, mod)
            pre_st, post_st = split_placeholder(mod.node.body)
            pre = self._stmts(pre_st, mscope, depth + 1, False)
            after = self._stmts(post_st, mscope, depth + 1, False)
            for e in pre + after:
                e.span, e.via = m.span, f"modifier {name}"
            out.extend(pre)
            post.insert(0, after)
        out.extend(self._stmts(fn.node.body, scope, depth, False))
        for p in post:
            out.extend(p)
        return out

    def _stmts(self, body: list[ir.Stmt], scope: Scope, depth: int, in_loop: bool) -> list[Effect]:
        out: list[Effect] = []
        for st in body:
            if isinstance(st, ir.Assign):
                out.extend(self._expr(st.value, scope, depth, in_loop))
                for t in st.targets:
                    for tt in (t.elts if isinstance(t, ir.Collection) else [t]):
                        if isinstance(tt, ir.Index | ir.Attr):
                            out.extend(self._expr(tt.index if isinstance(tt, ir.Index) else tt.obj, scope, depth,
                                                  in_loop))
                        var = scope.state_root(tt) if not (st.annotation and isinstance(tt, ir.Name)) else None
                        if var:
                            if st.op:
                                out.append(Effect("read", var, st.span, in_loop=in_loop))
                            op = st.op or ""
                            v = st.value
                            if not op and isinstance(v, ir.Call) and isinstance(v.func, ir.Attr) and \
                                    v.func.attr in ("add", "sub") and scope.state_root(v.func.obj) == var:
                                op = "+" if v.func.attr == "add" else "-"  # x = x.add(v): SafeMath
                            out.append(Effect("write", var, st.span, in_loop=in_loop, op=op,
                                              from_param=bool(names_in(st.value) & scope.params)))
            elif isinstance(st, ir.Delete):
                for t in st.targets:
                    var = scope.state_root(t)
                    if var:
                        out.append(Effect("write", var, st.span, in_loop=in_loop))
            elif isinstance(st, ir.If):
                out.extend(self._expr(st.test, scope, depth, in_loop))
                out.extend(self._stmts(st.body, scope, depth, in_loop))
                out.extend(self._stmts(st.orelse, scope, depth, in_loop))
            elif isinstance(st, ir.Loop):
                if st.test is not None:
                    out.extend(self._expr(st.test, scope, depth, True))
                out.extend(self._stmts(st.body, scope, depth, True))
            elif isinstance(st, ir.With):
                out.extend(self._stmts(st.body, scope, depth, in_loop))
            elif isinstance(st, ir.Try):
                out.extend(self._stmts(st.body, scope, depth, in_loop))
                for h in st.handlers:
                    out.extend(self._stmts(h.body, scope, depth, in_loop))
            elif isinstance(st, ir.ExprStmt):
                out.extend(self._expr(st.expr, scope, depth, in_loop))
            elif isinstance(st, ir.Return | ir.Raise) and st.value is not None:
                out.extend(self._expr(st.value, scope, depth, in_loop))
            elif isinstance(st, ir.OpaqueStmt) and st.kind != "assembly":
                for e in st.exprs:
                    out.extend(self._expr(e, scope, depth, in_loop))
        return out

    def _expr(self, e: ir.Expr, scope: Scope, depth: int, in_loop: bool) -> list[Effect]:
        out: list[Effect] = []
        if isinstance(e, ir.Name):
            var = scope.alias.get(e.id) or (e.id if scope.is_state(e.id) else None)
            if var:
                out.append(Effect("read", var, e.span, in_loop=in_loop))
            return out
        if isinstance(e, ir.Call):
            guard = isinstance(e.func, ir.Name) and e.func.id in ("require", "assert")
            for a in [*e.args, *(k.value for k in e.keywords)]:
                sub_effects = self._expr(a, scope, depth, in_loop)
                # a guard re-reads state; require(token.transfer(...)) is an interaction, not a check
                checks = guard and not any(x.kind == "call" for x in sub_effects)
                out.extend(_as_cond(sub_effects) if checks else sub_effects)
            if isinstance(e.func, ir.Attr):
                out.extend(self._expr(e.func.obj, scope, depth, in_loop))
                if e.func.attr in ("push", "pop"):
                    var = scope.state_root(e.func.obj)
                    if var:
                        out.append(Effect("write", var, e.span, in_loop=in_loop))
            kind = call_kind(e, scope)
            if kind:
                out.append(Effect("call", "", e.span, e, kind, in_loop))
                return out
            target = self._internal(e)
            if target is not None and depth < self.MAX_DEPTH:
                lib = target.contract.kind == "library"
                sub = self._stmts(target.node.body, scope_for(target.contract if lib else self.contract, target),
                                  depth + 1, in_loop)
                for s in sub:
                    if lib and s.kind != "call":
                        continue
                    out.append(Effect(s.kind, s.var, e.span, s.call, "external" if lib else s.call_kind,
                                      in_loop or s.in_loop, f"function {target.name}", s.op, s.from_param,
                                      s.in_cond))
            return out
        if isinstance(e, ir.Opaque) and e.kind in ("assign", "update", "delete"):
            for c in e.children[1:]:
                out.extend(self._expr(c, scope, depth, in_loop))
            if e.children:
                var = scope.state_root(e.children[0])
                if var:
                    if e.kind != "assign":
                        out.append(Effect("read", var, e.span, in_loop=in_loop))
                    out.append(Effect("write", var, e.span, in_loop=in_loop))
            return out
        for name in getattr(type(e), "__slots__", ()):
            v = getattr(e, name, None)
            if isinstance(v, ir.Expr):
                out.extend(self._expr(v, scope, depth, in_loop))
            elif isinstance(v, list):
                for x in v:
                    if isinstance(x, ir.Expr):
                        out.extend(self._expr(x, scope, depth, in_loop))
                    elif isinstance(x, ir.Keyword):
                        out.extend(self._expr(x.value, scope, depth, in_loop))
        return out

    def _internal(self, c: ir.Call) -> Function | None:
        f = c.func
        if isinstance(f, ir.Name):
            return self.contract.function(f.id)
        if isinstance(f, ir.Attr) and isinstance(f.obj, ir.Name):
            if f.obj.id == "super":
                for b in self.contract.linear[1:]:
                    for fn in b.functions:
                        if fn.name == f.attr:
                            return fn
            lib = self.contract.module.contracts.get(f.obj.id)
            if lib is None:
                for b in self.contract.linear:
                    if b.name == f.obj.id:
                        lib = b
            if lib is not None and lib.kind == "library":
                for fn in lib.functions:
                    if fn.name == f.attr and len(fn.node.params) == len(c.args):
                        return fn
        return None


def _as_cond(effects: list[Effect]) -> list[Effect]:
    for x in effects:
        if x.kind == "read":
            x.in_cond = True
    return effects


def split_placeholder(body: list[ir.Stmt]) -> tuple[list[ir.Stmt], list[ir.Stmt]]:
    """A modifier's statements before and after its `_;` (top level)."""
    for i, st in enumerate(body):
        if isinstance(st, ir.ExprStmt) and isinstance(st.expr, ir.Name) and st.expr.id == "_":
            return body[:i], body[i + 1:]
    return body, []


# ---- access control and locks ------------------------------------------------------------

# Guards whose code may be outside the scan (an unresolved base or library), recognised by their API.
GUARD_HELPER = re.compile(r"^_*(require|check|only|verify|enforce|ensure|assert|auth)[A-Z_]")
SELF_CHECKING_GUARDS = frozenset({"_checkOwner", "_checkRole", "_onlyOwner"})
CALLER_VERIFYING_LIBRARY_FUNCTIONS = frozenset({"verifyCallback"})


class Guards:
    """What a contract's modifiers and functions check about the caller."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self._mod: dict[str, tuple[bool, bool]] = {}
        self.state = contract.all_state()

    def role_map(self, e: ir.Expr) -> bool:
        """m[...] where m is a state mapping to bool or address (membership / ownership records)."""
        r = root_name(e.obj) if isinstance(e, ir.Index) else None
        sv = self.state.get(r) if r else None
        return sv is not None and value_type(sv.type).split(" ")[0] in ("bool", "address")

    def sender_check_expr(self, cond: ir.Expr, senders: set[str], strict: bool = False) -> bool:
        """A condition that decides on the caller's identity (not only on their balance). `strict`: only
        contract-wide roles count (a scalar owner/admin variable, a role mapping, a getter), not the
        owner field of one record."""
        def snd(x: ir.Expr) -> bool:
            return is_sender(x) or is_origin(x) or (isinstance(x, ir.Name) and x.id in senders)

        def role(x: ir.Expr) -> bool:
            if not strict or isinstance(x, ir.Call):
                return True
            if isinstance(x, ir.Name):
                sv = self.state.get(x.id)
                return sv is None or not (sv.is_mapping or sv.is_array)
            return isinstance(x, ir.Index) and self.role_map(x)

        top = cond.operand if isinstance(cond, ir.UnaryOp) and cond.op == "not" else cond
        for e in walk(cond):
            if isinstance(e, ir.Compare) and e.ops and e.ops[0] in ("==", "!="):
                sides = [e.left, *e.comparators]
                if any(snd(s) for s in sides) and not all(snd(s) for s in sides) and \
                        not any(isinstance(s, ir.Const) for s in sides) and all(role(s) for s in sides if not snd(s)):
                    return True
                if any(isinstance(s, ir.Index) and snd(s.index) and (self.role_map(s) or not strict and not any(
                        isinstance(o, ir.Const) and not isinstance(o.value, bool) for o in sides)) for s in sides):
                    return True
            if isinstance(e, ir.Index) and snd(e.index) and (e is top or (isinstance(top, ir.BoolOp) and e in
                                                                            top.values)):
                return True
            if isinstance(e, ir.Call) and any(snd(a) for a in e.args) and (
                    e is top or (isinstance(top, ir.BoolOp) and e in top.values)):
                return True
        return False

    def body_checks_sender(self, body: list[ir.Stmt], senders: set[str], depth: int = 0, strict: bool = False
                           ) -> bool:
        senders = set(senders)
        looked_up: set[str] = set()
        for st in walk_stmts(body):
            if isinstance(st, ir.Assign) and st.annotation and (is_sender(st.value) or (
                    isinstance(st.value, ir.Name) and st.value.id in senders)):
                senders |= {t.id for t in st.targets if isinstance(t, ir.Name)}
            elif isinstance(st, ir.Assign) and st.annotation and isinstance(st.value, ir.Index) and \
                    (is_sender(st.value.index) or (isinstance(st.value.index, ir.Name) and
                                                   st.value.index.id in senders)) and \
                    self._membership_map(root_name(st.value.obj)):
                looked_up |= {t.id for t in st.targets if isinstance(t, ir.Name)}
        for cond, _st in conditions(body):
            if self.sender_check_expr(cond, senders, strict):
                return True
            if depth < 3 and self._check_helper(cond, senders, depth, strict):
                return True
            # `uint idx = m_ownerIndex[uint(msg.sender)]; if (idx == 0) return;`: membership by index
            if looked_up and any(isinstance(e, ir.Compare) and any(isinstance(x, ir.Name) and x.id in looked_up
                                                                   for x in [e.left, *e.comparators])
                                 for e in walk(cond)):
                return True
        if depth >= 3:
            return False
        for st in walk_stmts(body):
            here: list[ir.Expr | ir.Stmt] = [st] if not isinstance(st, ir.If | ir.Loop | ir.With | ir.Try) else (
                [st.test] if isinstance(st, ir.If | ir.Loop) and st.test is not None else [])
            for e in walk(here):
                if isinstance(e, ir.Call) and self._outside_guard(e, senders):
                    return True
                if isinstance(e, ir.Call) and isinstance(e.func, ir.Name):
                    fn = self.contract.function(e.func.id)
                    if fn is None or fn.node is None:
                        continue
                    inner = {p.name for p, a in zip(fn.node.params, e.args, strict=False)
                             if is_sender(a) or (isinstance(a, ir.Name) and a.id in senders)}
                    if self.body_checks_sender(fn.node.body, inner, depth + 1, strict):
                        return True
        return False

    def _check_helper(self, cond: ir.Expr, senders: set[str], depth: int, strict: bool) -> bool:
        """`require(isOwner())` / `require(isMaster() || isOwner())`: the condition is (one arm of) a call
        to a function of the contract whose returned value is a caller check (`return msg.sender ==
        _owner;`)."""
        if depth >= 3:
            return False
        top = cond.operand if isinstance(cond, ir.UnaryOp) and cond.op == "not" else cond
        arms = top.values if isinstance(top, ir.BoolOp) else [top]
        for e in arms:
            if not (isinstance(e, ir.Call) and isinstance(e.func, ir.Name)):
                continue
            fn = self.contract.function(e.func.id)
            if fn is None or fn.node is None:
                continue
            inner = {p.name for p, a in zip(fn.node.params, e.args, strict=False)
                     if is_sender(a) or (isinstance(a, ir.Name) and a.id in senders)}
            rets = [st.value for st in walk_stmts(fn.node.body) if isinstance(st, ir.Return) and st.value is not None]
            if rets and all(self.sender_check_expr(r, inner, strict) or self._check_helper(r, inner, depth + 1, strict)
                            for r in rets):
                return True
        return False

    def _outside_guard(self, c: ir.Call, senders: set[str]) -> bool:
        """A call to a guard whose code is not in the scan: a helper named like a check (`requireOwner`,
        `_checkRole`, `onlyAdmin`, ...) that is given the caller, OpenZeppelin's `_checkOwner()` /
        `_checkRole(role)` (they read `_msgSender()` themselves), or a library's `verifyCallback(...)`
        (Uniswap's CallbackValidation: it requires msg.sender to be the pool). Like a modifier that is
        nowhere in the scanned code, it gets the benefit of the doubt."""
        f = c.func
        if isinstance(f, ir.Attr):
            lib = self.contract.module.contracts.get(f.obj.id) if isinstance(f.obj, ir.Name) else None
            return f.attr in CALLER_VERIFYING_LIBRARY_FUNCTIONS and (lib is None or not lib.functions)
        if not isinstance(f, ir.Name) or self.contract.function(f.id) is not None:
            return False
        if f.id in SELF_CHECKING_GUARDS:
            return True
        gives_caller = any(is_sender(a) or (isinstance(a, ir.Name) and a.id in senders) for a in c.args)
        return gives_caller and GUARD_HELPER.match(f.id) is not None

    def modifier_facts(self, name: str, strict: bool = False) -> tuple[bool, bool] | None:
        """(checks the caller, is a re-entrancy lock) of a modifier, None when its code is not in the scan."""
        key = f"{name}/{strict}"
        if key in self._mod:
            return self._mod[key]
        mod = self.contract.modifier(name)
        if mod is None:
            return None
        self._mod[key] = (False, False)
        checks = self.body_checks_sender(mod.node.body, set(), strict=strict)
        self._mod[key] = (checks, self._is_lock(mod))
        return self._mod[key]

    def _is_lock(self, mod: Function) -> bool:
        pre, post = split_placeholder(mod.node.body)
        pre, post = self._inline(pre), self._inline(post)
        scope = scope_for(self.contract, mod)
        cond_vars = {scope.state_root(e) for c, _ in conditions(pre) for e in walk(c) if isinstance(e, ir.Name)}
        w_pre = {scope.state_root(t) for s in walk_stmts(pre) if isinstance(s, ir.Assign) for t in s.targets}
        w_post = {scope.state_root(t) for s in walk_stmts(post) if isinstance(s, ir.Assign) for t in s.targets}
        return bool((cond_vars & w_pre & w_post) - {None})

    def _inline(self, body: list[ir.Stmt]) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for st in body:
            if isinstance(st, ir.ExprStmt) and isinstance(st.expr, ir.Call) and isinstance(st.expr.func, ir.Name):
                fn = self.contract.function(st.expr.func.id)
                if fn is not None and not st.expr.args:
                    out.extend(fn.node.body)
                    continue
            out.append(st)
        return out

    def protected(self, fn: Function, strict: bool = False) -> bool:
        """The function checks who calls it (a modifier that does, an unknown modifier, or its own check)."""
        for m in fn.modifiers:
            name = m.func.id if isinstance(m, ir.Call) and isinstance(m.func, ir.Name) else (
                m.id if isinstance(m, ir.Name) else "")
            facts = self.modifier_facts(name, strict)
            if facts is None:
                # A modifier that is nowhere in the scanned code: give it the benefit of the doubt.
                return "reentr" not in name.lower()
            if facts[0]:
                return True
        return self.body_checks_sender(fn.node.body, set(), strict=strict)

    def locked(self, fn: Function) -> bool:
        """A re-entrancy lock guards the function (a lock modifier or an unknown modifier named like one)."""
        for m in fn.modifiers:
            name = m.func.id if isinstance(m, ir.Call) and isinstance(m.func, ir.Name) else (
                m.id if isinstance(m, ir.Name) else "")
            facts = self.modifier_facts(name)
            if facts is None and "reentr" in name.lower():
                return True
            if facts is not None and facts[1]:
                return True
        return False

    def privileged_vars(self) -> set[str]:
        """State variables that decide who may call something (compared with or indexed by the caller)."""
        out: set[str] = set()
        bodies = [f.node.body for c in self.contract.linear for f in [*c.functions, *c.modifiers.values()]]
        state = self.contract.all_state()
        for body in bodies:
            for cond, _ in conditions(body):
                for e in walk(cond):
                    if isinstance(e, ir.Compare) and e.ops[0] in ("==", "!="):
                        sides = [e.left, *e.comparators]
                        if any(is_sender(s) or is_origin(s) for s in sides):
                            for s in sides:
                                r = root_name(s) if not isinstance(s, ir.Call) else (
                                    _getter_var(self.contract, s))
                                if r in state and not is_sender(s) and not state[r].is_mapping \
                                        and not state[r].is_array:
                                    out.add(r)
                    if isinstance(e, ir.Index) and (is_sender(e.index) or is_origin(e.index)):
                        r = root_name(e.obj)
                        if r in state and self.role_map(e):
                            out.add(r)
                    if isinstance(e, ir.Call) and isinstance(e.func, ir.Name):
                        out |= self._helper_lookups(e, state)
        return out

    def _membership_map(self, name: str | None) -> bool:
        """A state mapping that records membership or a position (set to constants or indexes), not an
        amount: no function adds to or subtracts from its entries."""
        sv = self.state.get(name) if name else None
        if sv is None or not sv.is_mapping:
            return False
        for c in self.contract.linear:
            for f in c.functions:
                for st in walk_stmts(f.node.body):
                    if isinstance(st, ir.Assign) and any(root_name(t) == name for t in st.targets) and (
                            st.op in ("+", "-") or any(isinstance(e, ir.Call) and isinstance(e.func, ir.Attr)
                                                       and e.func.attr in ("add", "sub") for e in walk(st.value))
                            or any(root_name(x) == name for x in walk(st.value) if isinstance(x, ir.Index))):
                        return False
        return True

    def _helper_lookups(self, call: ir.Call, state: dict[str, StateVar]) -> set[str]:
        """isOwner(msg.sender) in a condition, where the helper looks its argument up in a state mapping
        (`return m_ownerIndex[uint(_addr)] > 0;`): that mapping decides who may call, whatever its value
        type (Parity's wallet keeps owner indexes)."""
        callee = self.contract.function(call.func.id) if isinstance(call.func, ir.Name) else None
        if callee is None or callee.kind != "function":
            return set()
        names = {p.name for p, a in zip(callee.node.params, call.args, strict=False)
                 if is_sender(a) or is_origin(a)}
        out: set[str] = set()
        for x in walk(callee.node.body):
            if isinstance(x, ir.Index):
                idx = x.index
                while isinstance(idx, ir.Call) and isinstance(idx.func, ir.Name) and len(idx.args) == 1 and \
                        idx.func.id in ("uint", "uint160", "uint256", "address", "payable"):
                    idx = idx.args[0]
                r = root_name(x.obj)
                if isinstance(idx, ir.Name) and idx.id in names and r in state and self._membership_map(r):
                    out.add(r)
        return out


def _getter_var(contract: Contract, c: ir.Call) -> str | None:
    """owner() -> _owner when the function just returns a state variable."""
    if not isinstance(c.func, ir.Name) or c.args:
        return None
    fn = contract.function(c.func.id)
    if fn is None:
        return c.func.id if c.func.id in contract.all_state() else None
    rets = [s for s in fn.node.body if isinstance(s, ir.Return) and s.value is not None]
    if len(rets) == 1:
        return root_name(rets[0].value)  # type: ignore[arg-type]
    return None
