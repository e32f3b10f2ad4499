"""The language-neutral intermediate representation.

Small and explicit: modules, classes and functions; a handful of statements; expressions.
Every node keeps its source span. Front-ends (one per language, in armur.lang) lower their
tree-sitter trees to these nodes; what a front-end does not model becomes an Opaque node,
which the analyses treat conservatively (taint flows through it).

The node set is meant for Python, JavaScript/TypeScript, Go, Rust, Solidity and Java:
- Call carries positional and keyword arguments (keywords are empty for languages without them);
- Format covers f-strings, template literals, Sprintf-style and format! macros;
- Func covers functions, methods, closures, lambdas and arrow functions (`is_lambda`);
- Loop covers for/while/for-in/for-of/range loops; Try covers try/catch/finally and Go's defer
  is lowered as an ExprStmt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Sequence
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """Source span: 1-based lines and columns."""

    line: int
    col: int
    end_line: int
    end_col: int


NOSPAN = Span(0, 0, 0, 0)


# ---- expressions -------------------------------------------------------------------------

@dataclass(slots=True, eq=False)
class Expr:
    """Base class of expressions."""

    span: Span


@dataclass(slots=True, eq=False)
class Name(Expr):
    """A variable reference."""

    id: str


@dataclass(slots=True, eq=False)
class Const(Expr):
    """A literal: str, bytes, int, float, bool or None."""

    value: Any


@dataclass(slots=True, eq=False)
class Attr(Expr):
    """Attribute or field access: obj.attr."""

    obj: Expr
    attr: str


@dataclass(slots=True, eq=False)
class Index(Expr):
    """Subscript obj[index]; slices are Slice nodes in `index`."""

    obj: Expr
    index: Expr


@dataclass(slots=True, eq=False)
class Slice(Expr):
    """A slice lower:upper:step (parts may be None)."""

    lower: Expr | None
    upper: Expr | None
    step: Expr | None


@dataclass(slots=True, eq=False)
class Keyword:
    """A keyword argument; name None means **mapping."""

    name: str | None
    value: Expr


@dataclass(slots=True, eq=False)
class Call(Expr):
    """A call: callee(args..., name=value...). Starred arguments are Starred nodes in args."""

    func: Expr
    args: list[Expr]
    keywords: list[Keyword] = field(default_factory=list)
    # `new F(...)` (JavaScript, Java, Solidity): a plain function called this way builds an object.
    is_new: bool = False


@dataclass(slots=True, eq=False)
class Starred(Expr):
    """*value in a call or a collection."""

    value: Expr


@dataclass(slots=True, eq=False)
class BinOp(Expr):
    """Binary arithmetic or string operation: + - * / % ** // << >> & | ^ @."""

    op: str
    left: Expr
    right: Expr


@dataclass(slots=True, eq=False)
class UnaryOp(Expr):
    """Unary operation: - + not ~."""

    op: str
    operand: Expr


@dataclass(slots=True, eq=False)
class BoolOp(Expr):
    """Short-circuit and / or over two or more operands."""

    op: str
    values: list[Expr]


@dataclass(slots=True, eq=False)
class Compare(Expr):
    """Comparison chain: left op1 c1 op2 c2 ... (ops: == != < <= > >= in not-in is is-not)."""

    left: Expr
    ops: list[str]
    comparators: list[Expr]


@dataclass(slots=True, eq=False)
class IfExp(Expr):
    """Conditional expression: body if test else orelse."""

    test: Expr
    body: Expr
    orelse: Expr


@dataclass(slots=True, eq=False)
class Format(Expr):
    """String interpolation (f-string, template literal): parts are Const strings and expressions."""

    parts: list[Expr]


@dataclass(slots=True, eq=False)
class Collection(Expr):
    """List, tuple or set literal (kind: 'list', 'tuple', 'set')."""

    kind: str
    elts: list[Expr]


@dataclass(slots=True, eq=False)
class DictLit(Expr):
    """Dictionary / object literal; a key None means **spread of the value."""

    keys: list[Expr | None]
    values: list[Expr]


@dataclass(slots=True, eq=False)
class Comprehension(Expr):
    """List/set/dict comprehension or generator: `elt` (and `value` for dicts) over generators."""

    kind: str  # 'list', 'set', 'dict', 'gen'
    elt: Expr
    value: Expr | None
    generators: list[tuple[Expr, Expr, list[Expr]]]  # (target, iterable, conditions)


@dataclass(slots=True, eq=False)
class Lambda(Expr):
    """An anonymous function expression."""

    func: Func


@dataclass(slots=True, eq=False)
class Await(Expr):
    """await / yield value: data flows through unchanged."""

    value: Expr | None


@dataclass(slots=True, eq=False)
class Opaque(Expr):
    """A construct the front-end does not model. Taint of any child flows to it."""

    kind: str
    children: list[Expr] = field(default_factory=list)


# ---- statements --------------------------------------------------------------------------

@dataclass(slots=True, eq=False)
class Stmt:
    """Base class of statements."""

    span: Span


@dataclass(slots=True, eq=False)
class Assign(Stmt):
    """targets = value; with op set, an augmented assignment (target op= value).

    `annotation` is the declared type when the statement declares its target (a typed local or a
    contract's state variable), as the source spells it; empty when the front-end does not record it.
    """

    targets: list[Expr]
    value: Expr
    op: str | None = None
    annotation: str = ""


@dataclass(slots=True, eq=False)
class ExprStmt(Stmt):
    """An expression evaluated for its effect."""

    expr: Expr


@dataclass(slots=True, eq=False)
class Return(Stmt):
    """return [value]."""

    value: Expr | None


@dataclass(slots=True, eq=False)
class If(Stmt):
    """if test: body else: orelse."""

    test: Expr
    body: list[Stmt]
    orelse: list[Stmt]


@dataclass(slots=True, eq=False)
class Loop(Stmt):
    """for target in iter (iter set) or while test (test set)."""

    target: Expr | None
    iter: Expr | None
    test: Expr | None
    body: list[Stmt]
    orelse: list[Stmt] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Handler:
    """One except/catch clause."""

    type: Expr | None
    name: str | None
    body: list[Stmt]


@dataclass(slots=True, eq=False)
class Try(Stmt):
    """try/except/else/finally."""

    body: list[Stmt]
    handlers: list[Handler]
    orelse: list[Stmt]
    finalbody: list[Stmt]


@dataclass(slots=True, eq=False)
class With(Stmt):
    """with ctx as target: body (one item per context manager)."""

    items: list[tuple[Expr, Expr | None]]
    body: list[Stmt]


@dataclass(slots=True, eq=False)
class Raise(Stmt):
    """raise / throw."""

    value: Expr | None


@dataclass(slots=True, eq=False)
class Import(Stmt):
    """import module [as alias] / from module import name [as alias].

    `module` is the dotted module path; `level` counts leading dots of a relative import;
    `names` is empty for `import module`, else (name, alias) pairs ('*' for a star import).
    """

    module: str
    alias: str | None
    names: list[tuple[str, str | None]]
    level: int = 0


@dataclass(slots=True, eq=False)
class Global(Stmt):
    """global / nonlocal declarations."""

    names: list[str]


@dataclass(slots=True, eq=False)
class Delete(Stmt):
    """del targets."""

    targets: list[Expr]


@dataclass(slots=True, eq=False)
class Pass(Stmt):
    """A statement with no data flow effect (pass, break, continue, assert handled separately)."""

    kind: str = "pass"


@dataclass(slots=True, eq=False)
class Assert(Stmt):
    """assert test."""

    test: Expr


@dataclass(slots=True, eq=False)
class OpaqueStmt(Stmt):
    """A statement the front-end does not model; its expressions are still evaluated."""

    kind: str
    exprs: list[Expr] = field(default_factory=list)


# ---- definitions -------------------------------------------------------------------------

@dataclass(slots=True, eq=False)
class Param:
    """A formal parameter. kind: 'pos', 'vararg' (*args), 'kwarg' (**kwargs), 'kwonly'."""

    name: str
    default: Expr | None = None
    kind: str = "pos"
    annotation: str = ""
    # Decorators / annotations on the parameter itself (TypeScript `@Query('q') q`, Java
    # `@RequestParam String q`): frameworks use them to say where the value comes from.
    decorators: list[Expr] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Func(Stmt):
    """A function, method, closure or lambda."""

    name: str
    params: list[Param]
    body: list[Stmt]
    decorators: list[Expr] = field(default_factory=list)
    is_lambda: bool = False
    is_async: bool = False
    qualname: str = ""


@dataclass(slots=True, eq=False)
class Class(Stmt):
    """A class (or struct / contract) definition."""

    name: str
    bases: list[Expr]
    body: list[Stmt]
    decorators: list[Expr] = field(default_factory=list)
    qualname: str = ""


@dataclass(slots=True, eq=False)
class Module:
    """One source file."""

    path: str
    language: str
    body: Sequence[Stmt]
    lines: list[str] = field(default_factory=list)
    # Front-ends may lower a module lazily (statements on first use); they then provide the names
    # each top-level statement binds (name -> statement indexes) and the modules it imports.
    index: dict[str, list[int]] | None = None
    imported: frozenset[str] = frozenset()
