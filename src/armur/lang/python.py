"""Python front-end: lowers a tree-sitter-python tree to the IR (armur.ir.nodes).

Nothing here imports, compiles or runs the scanned code. String literals are decoded with
ast.literal_eval, which only parses a literal. Constructs that are not modelled become Opaque
nodes (or OpaqueStmt), never an exception.
"""

from __future__ import annotations

import ast
from typing import Any

from functools import lru_cache
from typing import overload
from collections.abc import Sequence

from tree_sitter import Node, Query, QueryCursor, Tree

from armur.ir import nodes as ir
from armur.lang.treesitter import language, parse, text

_BOOL_OPS = {"and": "and", "or": "or"}


def span(n: Node) -> ir.Span:
    """IR span of a tree-sitter node."""
    return ir.Span(n.start_point[0] + 1, n.start_point[1] + 1, n.end_point[0] + 1, n.end_point[1] + 1)


def lower_source(path: str, source: str, tree: Tree | None = None) -> ir.Module:
    """Parse (unless `tree` is given) and lower Python source text. Raises TooDeep for deep nesting."""
    if tree is None:
        tree = parse("python", source.encode("utf-8"))
    return ir.Module(path, "python", _Lowerer().block(tree.root_node), source.splitlines())


class _LazyBody(Sequence[ir.Stmt]):
    """Top-level statements of a module, lowered on first access (a statement that lowers to several
    IR statements is wrapped in an always-true If)."""

    def __init__(self, nodes: list[Node], lowerer: _Lowerer) -> None:
        self._nodes = nodes
        self._low = lowerer
        self._done: list[ir.Stmt | None] = [None] * len(nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    @overload
    def __getitem__(self, i: int) -> ir.Stmt: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[ir.Stmt]: ...

    def __getitem__(self, i: int | slice) -> ir.Stmt | Sequence[ir.Stmt]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        got = self._done[i]
        if got is None:
            n = self._nodes[i]
            out = self._low.stmt(n)
            sp = span(n)
            if out is None:
                got = ir.Pass(sp)
            elif isinstance(out, list):
                got = out[0] if len(out) == 1 else ir.If(sp, ir.Const(sp, True), out, [])
            else:
                got = out
            self._done[i] = got
        return got


_NAME_PATTERNS = """
(function_definition name: (identifier) @n)
(class_definition name: (identifier) @n)
(assignment left: (identifier) @n)
(assignment left: (pattern_list (identifier) @n))
(assignment left: (subscript value: (identifier) @n))
(assignment left: (attribute object: (identifier) @n))
(augmented_assignment left: (identifier) @n)
(aliased_import alias: (identifier) @n)
(import_from_statement name: (dotted_name . (identifier) @n))
(import_statement name: (dotted_name . (identifier) @n))
(expression_statement (call function: (attribute object: (identifier) @n)))
(wildcard_import) @star
"""


@lru_cache(maxsize=1)
def _names_query() -> Query:
    return Query(language("python"), _NAME_PATTERNS)


def lower_lazily(path: str, source: str, tree: Tree | None = None) -> ir.Module:
    """Lower a module whose statements are needed one name at a time (an imported module).

    Parsing is done at once (in C); each top-level statement is lowered when first used. The
    module's `index` maps every name a top-level statement may bind to that statement.
    """
    if tree is None:
        tree = parse("python", source.encode("utf-8"))
    nodes = [c for c in tree.root_node.named_children if c.type != "comment"]
    index: dict[str, list[int]] = {}
    imported: set[str] = set()
    cursor = QueryCursor(_names_query())
    for i, n in enumerate(nodes):
        caps = cursor.captures(n)
        names = {text(x) for x in caps.get("n", [])}
        if caps.get("star"):
            names.add("*")
        for name in names:
            index.setdefault(name, []).append(i)
        if n.type in ("import_statement", "import_from_statement"):
            for c in n.named_children:
                if c.type in ("dotted_name", "relative_import"):
                    imported.add(text(c).lstrip(".").split(".")[0])
                    break
    return ir.Module(path, "python", _LazyBody(nodes, _Lowerer()), source.splitlines(), index, frozenset(imported))


class _Lowerer:
    def __init__(self) -> None:
        self.scope: list[str] = []

    # ---- statements ----
    def block(self, n: Node | None) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        if n is None:
            return out
        for c in n.named_children:
            if c.type == "comment":
                continue
            s = self.stmt(c)
            if s is not None:
                out.extend(s if isinstance(s, list) else [s])
        return out

    def stmt(self, n: Node) -> ir.Stmt | list[ir.Stmt] | None:
        t = n.type
        sp = span(n)
        if t == "expression_statement":
            kids = n.named_children
            if len(kids) == 1:
                return self.expr_stmt(kids[0], sp)
            return ir.ExprStmt(sp, ir.Collection(sp, "tuple", [self.expr(k) for k in kids]))
        if t == "return_statement":
            kids = n.named_children
            if not kids:
                return ir.Return(sp, None)
            return ir.Return(sp, self.expr(kids[0]) if len(kids) == 1 else
                             ir.Collection(sp, "tuple", [self.expr(k) for k in kids]))
        if t == "if_statement":
            return self.if_stmt(n)
        if t == "for_statement":
            return ir.Loop(sp, self.target(n.child_by_field_name("left")), self.expr(n.child_by_field_name("right")),
                           None, self.block(n.child_by_field_name("body")),
                           self._else(n.child_by_field_name("alternative")))
        if t == "while_statement":
            return ir.Loop(sp, None, None, self.expr(n.child_by_field_name("condition")),
                           self.block(n.child_by_field_name("body")), self._else(n.child_by_field_name("alternative")))
        if t == "try_statement":
            handlers: list[ir.Handler] = []
            orelse: list[ir.Stmt] = []
            final: list[ir.Stmt] = []
            for c in n.named_children:
                if c.type in ("except_clause", "except_group_clause"):
                    handlers.append(self.handler(c))
                elif c.type == "else_clause":
                    orelse = self.block(c.child_by_field_name("body"))
                elif c.type == "finally_clause":
                    final = self.block(next((k for k in c.named_children if k.type == "block"), None))
            return ir.Try(sp, self.block(n.child_by_field_name("body")), handlers, orelse, final)
        if t == "with_statement":
            items: list[tuple[ir.Expr, ir.Expr | None]] = []
            for c in n.named_children:
                if c.type == "with_clause":
                    items.extend(self.with_item(item) for item in c.named_children if item.type == "with_item")
            return ir.With(sp, items, self.block(n.child_by_field_name("body")))
        if t == "function_definition":
            return self.func(n, [])
        if t == "class_definition":
            return self.cls(n, [])
        if t == "decorated_definition":
            decos = [self.expr(d.named_children[0]) for d in n.named_children if d.type == "decorator"
                     and d.named_children]
            d = n.child_by_field_name("definition")
            if d is None:
                return None
            return self.func(d, decos) if d.type == "function_definition" else self.cls(d, decos)
        if t == "import_statement":
            out: list[ir.Stmt] = []
            for c in n.named_children:
                if c.type == "dotted_name":
                    out.append(ir.Import(sp, text(c), None, []))
                elif c.type == "aliased_import":
                    out.append(ir.Import(sp, text(c.child_by_field_name("name")), text(c.child_by_field_name("alias")),
                                         []))
            return out
        if t == "import_from_statement":
            return self.import_from(n)
        if t == "future_import_statement":
            return None
        if t == "raise_statement":
            kids = n.named_children
            return ir.Raise(sp, self.expr(kids[0]) if kids else None)
        if t in ("global_statement", "nonlocal_statement"):
            return ir.Global(sp, [text(c) for c in n.named_children if c.type == "identifier"])
        if t == "delete_statement":
            return ir.Delete(sp, [self.expr(c) for c in n.named_children])
        if t in ("pass_statement", "break_statement", "continue_statement"):
            return ir.Pass(sp, t.split("_")[0])
        if t == "assert_statement":
            kids = n.named_children
            return ir.Assert(sp, self.expr(kids[0])) if kids else None
        if t == "block":
            return self.block(n)
        if t == "match_statement":
            return self.match_stmt(n)
        if t in ("type_alias_statement", "print_statement", "exec_statement"):
            return ir.OpaqueStmt(sp, t, [self.expr(c) for c in n.named_children])
        if t == "ERROR":
            return ir.OpaqueStmt(sp, "error")
        return ir.OpaqueStmt(sp, t)

    def match_stmt(self, n: Node) -> list[ir.Stmt]:
        """Lower `match` to an if/elif chain on the subject (literal, union and wildcard patterns)."""
        sp = span(n)
        subject_node = n.child_by_field_name("subject")
        subject = self.expr(subject_node)
        tmp = ir.Name(sp, f"$match{sp.line}_{sp.col}")
        out: list[ir.Stmt] = [ir.Assign(sp, [tmp], subject)]
        blk = n.child_by_field_name("body")
        clauses = [c for c in (blk.named_children if blk is not None else []) if c.type == "case_clause"]
        chain: list[ir.Stmt] = []
        for case in reversed(clauses):
            body = self.block(case.child_by_field_name("consequence"))
            pats = [c for c in case.named_children if c.type == "case_pattern"]
            tests = [self.case_test(tmp, p) for p in pats]
            test: ir.Expr | None = None
            if tests and all(t is not None for t in tests):
                test = tests[0] if len(tests) == 1 else ir.BoolOp(span(case), "or", [t for t in tests if t])
            guard = case.child_by_field_name("guard")
            if guard is not None and guard.named_children:
                g = self.expr(guard.named_children[0])
                test = g if test is None or isinstance(test, ir.Const) and test.value is True else \
                    ir.BoolOp(span(case), "and", [test, g])
            if test is None:
                test = ir.Opaque(span(case), "case")
            if isinstance(test, ir.Const) and test.value is True:
                chain = body
            else:
                chain = [ir.If(span(case), test, body, chain)]
        return out + chain

    def case_test(self, subject: ir.Name, p: Node) -> ir.Expr | None:
        """Condition for one case pattern; Const(True) for a wildcard, None when not modelled."""
        kids = p.named_children
        if not kids:
            return ir.Const(span(p), True)  # `case _`
        k = kids[0]
        if k.type in ("string", "integer", "float", "true", "false", "none", "concatenated_string"):
            return ir.Compare(span(p), subject, ["=="], [self.expr(k)])
        if k.type == "union_pattern":
            alts = [ir.Compare(span(a), subject, ["=="], [self.expr(a)]) for a in k.named_children
                    if a.type in ("string", "integer", "float", "true", "false", "none")]
            if len(alts) == len(k.named_children):
                return ir.BoolOp(span(k), "or", list(alts))
            return None
        if k.type in ("identifier", "dotted_name") and text(k) == "_":
            return ir.Const(span(p), True)
        return None

    def expr_stmt(self, n: Node, sp: ir.Span) -> ir.Stmt:
        if n.type == "assignment":
            return self.assignment(n, sp)
        if n.type == "augmented_assignment":
            op = text(n.child_by_field_name("operator")).rstrip("=")
            left = n.child_by_field_name("left")
            right = n.child_by_field_name("right")
            return ir.Assign(sp, [self.target(left)], self.expr(right), op)
        return ir.ExprStmt(sp, self.expr(n))

    def assignment(self, n: Node, sp: ir.Span) -> ir.Stmt:
        targets: list[ir.Expr] = []
        cur: Node | None = n
        while cur is not None and cur.type == "assignment":
            targets.append(self.target(cur.child_by_field_name("left")))
            cur = cur.child_by_field_name("right")
        if cur is None:  # annotated declaration without value: x: int
            return ir.Pass(sp, "declare")
        value = self.expr(cur)
        return ir.Assign(sp, targets, value)

    def if_stmt(self, n: Node) -> ir.If:
        test = self.expr(n.child_by_field_name("condition"))
        body = self.block(n.child_by_field_name("consequence"))
        alts = [c for c in n.children if c.type in ("elif_clause", "else_clause")]
        orelse: list[ir.Stmt] = []
        # Build the elif chain from the end.
        for alt in reversed(alts):
            if alt.type == "else_clause":
                orelse = self.block(alt.child_by_field_name("body"))
            else:
                orelse = [ir.If(span(alt), self.expr(alt.child_by_field_name("condition")),
                                self.block(alt.child_by_field_name("consequence")), orelse)]
        return ir.If(span(n), test, body, orelse)

    def _else(self, n: Node | None) -> list[ir.Stmt]:
        if n is None:
            return []
        return self.block(n.child_by_field_name("body"))

    def handler(self, c: Node) -> ir.Handler:
        typ: ir.Expr | None = None
        name: str | None = None
        body: list[ir.Stmt] = []
        for k in c.named_children:
            if k.type == "block":
                body = self.block(k)
            elif k.type == "as_pattern":
                kids = k.named_children
                if kids:
                    typ = self.expr(kids[0])
                alias = k.child_by_field_name("alias")
                if alias is not None:
                    name = text(alias).strip()
                    if alias.named_children:
                        name = text(alias.named_children[0])
            elif typ is None and k.type != "comment":
                typ = self.expr(k)
        return ir.Handler(typ, name, body)

    def with_item(self, item: Node) -> tuple[ir.Expr, ir.Expr | None]:
        v = item.child_by_field_name("value")
        if v is None:
            return ir.Opaque(span(item), "with"), None
        if v.type == "as_pattern":
            kids = v.named_children
            alias = v.child_by_field_name("alias")
            target = None
            if alias is not None:
                target = self.target(alias.named_children[0] if alias.named_children else alias)
            return self.expr(kids[0]), target
        return self.expr(v), None

    def import_from(self, n: Node) -> ir.Import:
        mod_node = n.child_by_field_name("module_name")
        module = text(mod_node)
        level = 0
        if mod_node is not None and mod_node.type == "relative_import":
            prefix = next((c for c in mod_node.children if c.type == "import_prefix"), None)
            level = len(text(prefix)) if prefix is not None else 0
            dotted = next((c for c in mod_node.named_children if c.type == "dotted_name"), None)
            module = text(dotted)
        names: list[tuple[str, str | None]] = []
        for c in n.children_by_field_name("name"):
            if c.type == "dotted_name":
                names.append((text(c), None))
            elif c.type == "aliased_import":
                names.append((text(c.child_by_field_name("name")), text(c.child_by_field_name("alias"))))
        if any(c.type == "wildcard_import" for c in n.named_children):
            names.append(("*", None))
        return ir.Import(span(n), module, None, names, level)

    def params(self, n: Node | None) -> list[ir.Param]:
        out: list[ir.Param] = []
        if n is None:
            return out
        kwonly = False
        for p in n.named_children:
            t = p.type
            if t == "identifier":
                out.append(ir.Param(text(p), None, "kwonly" if kwonly else "pos"))
            elif t in ("typed_parameter",):
                inner = p.named_children[0] if p.named_children else None
                ann = text(p.child_by_field_name("type"))
                if inner is not None and inner.type == "list_splat_pattern":
                    out.append(ir.Param(text(inner).lstrip("*"), None, "vararg", ann))
                    kwonly = True
                elif inner is not None and inner.type == "dictionary_splat_pattern":
                    out.append(ir.Param(text(inner).lstrip("*"), None, "kwarg", ann))
                else:
                    out.append(ir.Param(text(inner), None, "kwonly" if kwonly else "pos", ann))
            elif t in ("default_parameter", "typed_default_parameter"):
                out.append(ir.Param(text(p.child_by_field_name("name")), self.expr(p.child_by_field_name("value")),
                                    "kwonly" if kwonly else "pos", text(p.child_by_field_name("type"))))
            elif t == "list_splat_pattern":
                out.append(ir.Param(text(p).lstrip("*"), None, "vararg"))
                kwonly = True
            elif t == "dictionary_splat_pattern":
                out.append(ir.Param(text(p).lstrip("*"), None, "kwarg"))
            elif t == "keyword_separator":
                kwonly = True
        return out

    def func(self, n: Node, decos: list[ir.Expr]) -> ir.Func:
        name = text(n.child_by_field_name("name"))
        self.scope.append(name)
        qual = ".".join(self.scope)
        body = self.block(n.child_by_field_name("body"))
        self.scope.pop()
        is_async = any(c.type == "async" for c in n.children)
        return ir.Func(span(n), name, self.params(n.child_by_field_name("parameters")), body, decos,
                       False, is_async, qual)

    def cls(self, n: Node, decos: list[ir.Expr]) -> ir.Class:
        name = text(n.child_by_field_name("name"))
        sup = n.child_by_field_name("superclasses")
        bases = [self.expr(c) for c in sup.named_children if c.type != "keyword_argument"] if sup is not None else []
        self.scope.append(name)
        qual = ".".join(self.scope)
        body = self.block(n.child_by_field_name("body"))
        self.scope.pop()
        return ir.Class(span(n), name, bases, body, decos, qual)

    # ---- targets ----
    def target(self, n: Node | None) -> ir.Expr:
        if n is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        t = n.type
        if t in ("pattern_list", "tuple_pattern", "list_pattern", "expression_list", "tuple", "list"):
            return ir.Collection(span(n), "tuple", [self.target(c) for c in n.named_children])
        if t in ("list_splat_pattern", "list_splat"):
            return ir.Starred(span(n), self.target(n.named_children[0]) if n.named_children else
                              ir.Opaque(span(n), "star"))
        if t == "parenthesized_expression" and n.named_children:
            return self.target(n.named_children[0])
        return self.expr(n)

    # ---- expressions ----
    def expr(self, n: Node | None) -> ir.Expr:
        if n is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        t = n.type
        sp = span(n)
        if t == "identifier":
            return ir.Name(sp, text(n))
        if t == "string":
            return self.string(n)
        if t == "concatenated_string":
            parts = [self.string(c) for c in n.named_children if c.type == "string"]
            if all(isinstance(p, ir.Const) for p in parts):
                vals = [p.value for p in parts if isinstance(p, ir.Const)]
                try:
                    return ir.Const(sp, "".join(vals) if all(isinstance(v, str) for v in vals) else b"".join(vals))
                except TypeError:
                    return ir.Opaque(sp, "string", [])
            flat: list[ir.Expr] = []
            for p in parts:
                flat.extend(p.parts if isinstance(p, ir.Format) else [p])
            return ir.Format(sp, flat)
        if t == "integer":
            return ir.Const(sp, _literal(text(n), 0))
        if t == "float":
            return ir.Const(sp, _literal(text(n), 0.0))
        if t == "true":
            return ir.Const(sp, True)
        if t == "false":
            return ir.Const(sp, False)
        if t == "none":
            return ir.Const(sp, None)
        if t == "attribute":
            return ir.Attr(sp, self.expr(n.child_by_field_name("object")), text(n.child_by_field_name("attribute")))
        if t == "subscript":
            subs = n.children_by_field_name("subscript")
            idx = self.expr(subs[0]) if len(subs) == 1 else ir.Collection(sp, "tuple", [self.expr(s) for s in subs])
            return ir.Index(sp, self.expr(n.child_by_field_name("value")), idx)
        if t == "slice":
            bounds: list[ir.Expr | None] = [None, None, None]
            i = 0
            for c in n.children:
                if c.type == ":":
                    i += 1
                elif c.is_named and i < 3:
                    bounds[i] = self.expr(c)
            return ir.Slice(sp, bounds[0], bounds[1], bounds[2])
        if t == "call":
            return self.call(n)
        if t == "binary_operator":
            return ir.BinOp(sp, text(n.child_by_field_name("operator")), self.expr(n.child_by_field_name("left")),
                            self.expr(n.child_by_field_name("right")))
        if t == "unary_operator":
            return ir.UnaryOp(sp, text(n.child_by_field_name("operator")), self.expr(n.child_by_field_name("argument")))
        if t == "not_operator":
            return ir.UnaryOp(sp, "not", self.expr(n.child_by_field_name("argument")))
        if t == "boolean_operator":
            op = _BOOL_OPS.get(text(n.child_by_field_name("operator")), "and")
            left, right = self.expr(n.child_by_field_name("left")), self.expr(n.child_by_field_name("right"))
            vals = (left.values if isinstance(left, ir.BoolOp) and left.op == op else [left]) + [right]
            return ir.BoolOp(sp, op, vals)
        if t == "comparison_operator":
            operands = [self.expr(c) for c in n.named_children]
            ops = [" ".join(text(o).split()) for o in n.children_by_field_name("operators")]
            if not ops:
                ops = [text(c) for c in n.children if not c.is_named]
            ops = [o.replace("not in", "not-in").replace("is not", "is-not") for o in ops]
            if len(operands) < 2:
                return ir.Opaque(sp, "compare", operands)
            return ir.Compare(sp, operands[0], ops[: len(operands) - 1], operands[1:])
        if t == "conditional_expression":
            kids = n.named_children
            if len(kids) == 3:
                return ir.IfExp(sp, self.expr(kids[1]), self.expr(kids[0]), self.expr(kids[2]))
            return ir.Opaque(sp, t, [self.expr(k) for k in kids])
        if t == "parenthesized_expression":
            kids = [k for k in n.named_children if k.type != "comment"]
            return self.expr(kids[0]) if kids else ir.Opaque(sp, "paren")
        if t in ("list", "tuple", "set", "expression_list", "pattern_list"):
            kind = {"list": "list", "set": "set"}.get(t, "tuple")
            return ir.Collection(sp, kind, [self.expr(c) for c in n.named_children if c.type != "comment"])
        if t == "dictionary":
            keys: list[ir.Expr | None] = []
            values: list[ir.Expr] = []
            for c in n.named_children:
                if c.type == "pair":
                    keys.append(self.expr(c.child_by_field_name("key")))
                    values.append(self.expr(c.child_by_field_name("value")))
                elif c.type == "dictionary_splat":
                    keys.append(None)
                    values.append(self.expr(c.named_children[0] if c.named_children else None))
            return ir.DictLit(sp, keys, values)
        if t in ("list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"):
            return self.comprehension(n)
        if t == "lambda":
            params = self.params(n.child_by_field_name("parameters"))
            body = self.expr(n.child_by_field_name("body"))
            f = ir.Func(sp, "<lambda>", params, [ir.Return(body.span, body)], [], True, False,
                        ".".join([*self.scope, "<lambda>"]))
            return ir.Lambda(sp, f)
        if t in ("await", "yield"):
            kids = [k for k in n.named_children if k.type != "comment"]
            return ir.Await(sp, self.expr(kids[0]) if kids else None)
        if t == "named_expression":
            # (name := value): evaluate to value; the binding is handled as an Opaque with both.
            return ir.Opaque(sp, "walrus", [self.expr(n.child_by_field_name("name")),
                                            self.expr(n.child_by_field_name("value"))])
        if t in ("list_splat", "dictionary_splat", "list_splat_pattern"):
            return ir.Starred(sp, self.expr(n.named_children[0] if n.named_children else None))
        if t == "keyword_argument":
            return self.expr(n.child_by_field_name("value"))
        if t == "ellipsis":
            return ir.Const(sp, ...)
        if t == "as_pattern":
            return self.expr(n.named_children[0] if n.named_children else None)
        return ir.Opaque(sp, t, [self.expr(c) for c in n.named_children if c.type != "comment"])

    def call(self, n: Node) -> ir.Expr:
        sp = span(n)
        fn = self.expr(n.child_by_field_name("function"))
        args_node = n.child_by_field_name("arguments")
        args: list[ir.Expr] = []
        kws: list[ir.Keyword] = []
        if args_node is not None and args_node.type == "generator_expression":
            args.append(self.comprehension(args_node))
        elif args_node is not None:
            for a in args_node.named_children:
                if a.type == "keyword_argument":
                    name = text(a.child_by_field_name("name"))
                    kws.append(ir.Keyword(name, self.expr(a.child_by_field_name("value"))))
                elif a.type == "dictionary_splat":
                    kws.append(ir.Keyword(None, self.expr(a.named_children[0] if a.named_children else None)))
                elif a.type == "list_splat":
                    args.append(ir.Starred(span(a), self.expr(a.named_children[0] if a.named_children else None)))
                elif a.type != "comment":
                    args.append(self.expr(a))
        return ir.Call(sp, fn, args, kws)

    def comprehension(self, n: Node) -> ir.Comprehension:
        sp = span(n)
        kind = {"list_comprehension": "list", "set_comprehension": "set", "dictionary_comprehension": "dict"}.get(
            n.type, "gen")
        body = n.child_by_field_name("body")
        elt: ir.Expr
        value: ir.Expr | None = None
        if body is not None and body.type == "pair":
            elt = self.expr(body.child_by_field_name("key"))
            value = self.expr(body.child_by_field_name("value"))
        else:
            elt = self.expr(body)
        gens: list[tuple[ir.Expr, ir.Expr, list[ir.Expr]]] = []
        for c in n.named_children:
            if c.type == "for_in_clause":
                gens.append((self.target(c.child_by_field_name("left")), self.expr(c.child_by_field_name("right")), []))
            elif c.type == "if_clause" and gens:
                gens[-1][2].append(self.expr(c.named_children[0] if c.named_children else None))
        return ir.Comprehension(sp, kind, elt, value, gens)

    def string(self, n: Node) -> ir.Expr:
        sp = span(n)
        interps = [c for c in n.named_children if c.type == "interpolation"]
        if not interps:
            raw = text(n)
            if "\\" not in raw and raw[:1] in ("'", '"'):
                # Plain literal without prefix or escapes: its value is the text between the quotes.
                q = 3 if raw[:3] in ("'''", '"""') and len(raw) >= 6 else 1
                return ir.Const(sp, raw[q:-q])
            try:
                value = ast.literal_eval(raw)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                value = "".join(text(c) for c in n.named_children if c.type == "string_content")
            return ir.Const(sp, value)
        parts: list[ir.Expr] = []
        for c in n.named_children:
            if c.type == "string_content":
                parts.append(ir.Const(span(c), text(c)))
            elif c.type == "escape_sequence":
                try:
                    parts.append(ir.Const(span(c), ast.literal_eval('"' + text(c) + '"')))
                except (ValueError, SyntaxError):
                    parts.append(ir.Const(span(c), text(c)))
            elif c.type == "interpolation":
                e = c.child_by_field_name("expression")
                parts.append(self.expr(e))
        return ir.Format(sp, parts)


def _literal(s: str, default: Any) -> Any:
    try:
        return ast.literal_eval(s)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return default
