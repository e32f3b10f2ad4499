"""JavaScript / TypeScript front-end: lowers tree-sitter-javascript / -typescript trees to the IR.

Nothing here runs the scanned code. Conventions of the lowering (shared with the taint engine):

- `this` is the Name `self`, and every non-static method gets a leading `self` parameter; a class
  constructor is the method `__init__`; static methods carry the decorator Name `staticmethod`.
- `new X(...)` is a Call of X; `require('m')` stays a call (the rule data names the loader);
  `import x from 'm'` / `import * as x from 'm'` is Import('m', alias='x'), `import {a as b} from 'm'`
  is Import('m', names=[('a', 'b')]); a `node:` prefix on a built-in module name is dropped.
- `const f = (...) => ...` (a declarator whose value is a function) is a function definition `f`.
- Destructuring becomes one assignment per bound name, from Attr / Index of the source (through a
  temporary `$tmp<line>_<col>` when the source is not a plain name).
- `switch` is an if-chain on the discriminant; `a.includes(b)` is the comparison `b in a`;
  tagged templates are calls `tag([strings...], ...values)`.
- `===` / `!==` are `==` / `!=`; `&&` / `||` / `??` are BoolOps `and` / `or` / `or`.
- TypeScript types, interfaces, type aliases and declarations are dropped (Pass).
- JSX is Opaque over its expression children, except `dangerouslySetInnerHTML={{__html: x}}`,
  which is `Call(Name('$jsx_dangerouslySetInnerHTML'), [x])`.
- Anything not modelled becomes Opaque / OpaqueStmt, never an exception.
"""

from __future__ import annotations

import re

from tree_sitter import Node, Tree

from armur.ir import nodes as ir
from armur.lang import operators
from armur.lang.treesitter import joined_text, parse, text

JSX_HTML_SINK = "$jsx_dangerouslySetInnerHTML"
# `<Comp a={x} />` renders the component Comp with props {a: x}: Call(Name(JSX_COMPONENT), [Comp, props]).
JSX_COMPONENT = "$jsx_component"
# `<input onChange={h} />`: a handler on a DOM element, lowered as `$jsx_element.addEventListener('change', h)`
# (it receives an event whose target is that element).
JSX_ELEMENT = "$jsx_element"

_COMPARE = {"===": "==", "!==": "!=", "==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=",
            "in": "in"}
_BOOL = {"&&": "and", "||": "or", "??": "or"}
_ARITH = frozenset({"+", "-", "*", "/", "%", "**", "<<", ">>", ">>>", "&", "|", "^"})
_FUNC_TYPES = frozenset({"arrow_function", "function_expression", "function", "generator_function"})
_TYPE_ONLY = frozenset({"interface_declaration", "type_alias_declaration", "ambient_declaration",
                        "abstract_method_signature", "index_signature", "method_signature",
                        "property_signature", "module", "internal_module", "import_alias"})
_TS_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "non_null_expression", "type_assertion"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def span(n: Node) -> ir.Span:
    """IR span of a tree-sitter node."""
    return ir.Span(n.start_point[0] + 1, n.start_point[1] + 1, n.end_point[0] + 1, n.end_point[1] + 1)


def grammar_of(dialect: str) -> str:
    """Tree-sitter grammar name for a dialect: javascript, typescript or tsx."""
    return {"typescript": "typescript", "tsx": "tsx"}.get(dialect, "javascript")


def dialect_of(path: str) -> str:
    """Dialect for a file path: 'tsx' for .tsx, 'typescript' for .ts/.mts/.cts, else 'javascript'."""
    low = path.lower()
    if low.endswith(".tsx"):
        return "tsx"
    if low.endswith((".ts", ".mts", ".cts")):
        return "typescript"
    return "javascript"


def lower_source(path: str, source: str, tree: Tree | None = None, dialect: str = "javascript") -> ir.Module:
    """Parse (unless `tree` is given) and lower JavaScript/TypeScript source. Raises TooDeep for deep nesting."""
    if tree is None:
        tree = parse(grammar_of(dialect), source.encode("utf-8"))
    language = "javascript" if dialect == "javascript" else "typescript"
    return ir.Module(path, language, _Lowerer().block(tree.root_node), source.splitlines())


def decode_string(n: Node) -> str:
    """Value of a string literal node (escape sequences decoded)."""
    return joined_text(n, _unescape)


def _unescape(seq: str) -> str:
    body = seq[1:]
    if not body:
        return ""
    if body[0] in _ESCAPES and (body[0] != "0" or len(body) == 1):
        return _ESCAPES[body[0]]
    try:
        if body[0] == "x" and len(body) == 3:
            return chr(int(body[1:], 16))
        if body[0] == "u":
            hexa = body[2:-1] if body.startswith("u{") else body[1:]
            return chr(int(hexa, 16))
    except (ValueError, OverflowError):
        return seq
    if body[0] in "\r\n":
        return ""  # line continuation
    return body


def _number(s: str) -> int | float:
    s = s.replace("_", "").rstrip("n")
    try:
        low = s.lower()
        if low.startswith(("0x", "0o", "0b")):
            return int(low, 0)
        if low.isdigit():
            return int(low)
        return float(low)
    except ValueError:
        return 0


class _Lowerer:
    def __init__(self) -> None:
        self.scope: list[str] = []
        # `const NAME = /regex/flags` in this file: NAME -> (pattern, flags), for checks written with it
        self.regex_consts: dict[str, tuple[str, str]] = {}

    # ---- helpers ----
    @staticmethod
    def tmp(n: Node, prefix: str = "$tmp") -> ir.Name:
        sp = span(n)
        return ir.Name(sp, f"{prefix}{sp.line}_{sp.col}")

    @staticmethod
    def kids(n: Node | None) -> list[Node]:
        if n is None:
            return []
        return [c for c in n.named_children if c.type not in ("comment", "html_comment")]

    # ---- statements ----
    def block(self, n: Node | None) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        if n is None:
            return out
        if n.type not in ("program", "statement_block", "class_body", "switch_body"):
            return self.stmts(n)
        for c in self.kids(n):
            out.extend(self.stmts(c))
        return out

    def stmts(self, n: Node) -> list[ir.Stmt]:
        """Lower one statement node to zero or more IR statements."""
        t = n.type
        sp = span(n)
        if t in ("comment", "empty_statement", "hash_bang_line", "html_comment"):
            return []
        if t == "statement_block":
            return self.block(n)
        if t == "expression_statement":
            kids = self.kids(n)
            if not kids:
                return []
            return self.expr_stmt(kids[0], sp)
        if t in ("lexical_declaration", "variable_declaration"):
            out: list[ir.Stmt] = []
            for d in self.kids(n):
                if d.type == "variable_declarator":
                    out.extend(self.declarator(d))
            return out
        if t in ("function_declaration", "generator_function_declaration", "function_signature"):
            if t == "function_signature":
                return [ir.Pass(sp, "declare")]
            return [self.func(n, text(n.child_by_field_name("name")))]
        if t in ("class_declaration", "abstract_class_declaration"):
            return [self.cls(n)]
        if t == "return_statement":
            kids = self.kids(n)
            return [ir.Return(sp, self.expr(kids[0]) if kids else None)]
        if t == "throw_statement":
            kids = self.kids(n)
            return [ir.Raise(sp, self.expr(kids[0]) if kids else None)]
        if t == "if_statement":
            return [self.if_stmt(n)]
        if t == "for_statement":
            return self.for_stmt(n)
        if t == "for_in_statement":
            return [self.for_in(n)]
        if t == "while_statement":
            return [ir.Loop(sp, None, None, self.expr(n.child_by_field_name("condition")),
                            self.block(n.child_by_field_name("body")))]
        if t == "do_statement":
            cond = self.expr(n.child_by_field_name("condition"))
            # The body runs at least once: the test never prunes it.
            return [ir.Loop(sp, None, None, ir.Opaque(cond.span, "do-while", [cond]),
                            self.block(n.child_by_field_name("body")))]
        if t == "try_statement":
            return [self.try_stmt(n)]
        if t == "switch_statement":
            return self.switch(n)
        if t in ("break_statement", "continue_statement"):
            return [ir.Pass(sp, t.split("_")[0])]
        if t == "debugger_statement":
            return [ir.Pass(sp)]
        if t == "labeled_statement":
            return self.block(n.child_by_field_name("body"))
        if t == "import_statement":
            return self.import_stmt(n)
        if t == "export_statement":
            return self.export_stmt(n)
        if t in _TYPE_ONLY or t == "enum_declaration":
            return [ir.Pass(sp, "type")]
        if t == "ERROR":
            return [ir.OpaqueStmt(sp, "error")]
        if t == "with_statement":
            return [ir.OpaqueStmt(sp, t, [self.expr(n.child_by_field_name("object"))])]
        return [ir.OpaqueStmt(sp, t, [self.expr(c) for c in self.kids(n) if c.type.endswith("expression")])]

    def expr_stmt(self, n: Node, sp: ir.Span) -> list[ir.Stmt]:
        t = n.type
        if t == "assignment_expression":
            return self.assignment(n, sp)
        if t == "augmented_assignment_expression":
            op = text(n.child_by_field_name("operator")).rstrip("=")
            left = n.child_by_field_name("left")
            if op in _BOOL:
                # x &&= v, x ||= v, x ??= v assign only when x is truthy / falsy / null: an if statement,
                # so that the value assigned and the one kept are told apart.
                cur = self.expr(left)
                test: ir.Expr = cur if op == "&&" else ir.UnaryOp(sp, "not", cur) if op == "||" \
                    else ir.Compare(sp, cur, ["=="], [ir.Const(sp, None)])
                return [ir.If(sp, test, [ir.Assign(sp, [self.target(left)],
                                                   self.expr(n.child_by_field_name("right")))], [])]
            return [ir.Assign(sp, [self.target(left)], self.expr(n.child_by_field_name("right")), op)]
        if t == "update_expression":
            arg = n.child_by_field_name("argument")
            op = "+" if "++" in text(n) else "-"
            return [ir.Assign(sp, [self.target(arg)], ir.Const(sp, 1), op)]
        if t in ("function_expression", "function") and n.child_by_field_name("name") is not None:
            return [self.func(n, text(n.child_by_field_name("name")))]
        if t == "parenthesized_expression":
            kids = self.kids(n)
            if len(kids) == 1 and kids[0].type == "assignment_expression":
                return self.assignment(kids[0], sp)
        if t == "unary_expression" and text(n.child_by_field_name("operator")) == "delete":
            return [ir.Delete(sp, [self.expr(n.child_by_field_name("argument"))])]
        return [ir.ExprStmt(sp, self.expr(n))]

    def assignment(self, n: Node, sp: ir.Span) -> list[ir.Stmt]:
        lefts: list[Node] = []
        cur: Node | None = n
        while cur is not None and cur.type == "assignment_expression":
            left = cur.child_by_field_name("left")
            if left is not None:
                lefts.append(left)
            cur = cur.child_by_field_name("right")
        value = self.expr(cur)
        if all(left.type not in ("object_pattern", "array_pattern") for left in lefts):
            return [ir.Assign(sp, [self.target(left) for left in lefts], value)]
        out: list[ir.Stmt] = []
        src: ir.Expr = value
        if not isinstance(value, ir.Name):
            src = self.tmp(n)
            out.append(ir.Assign(sp, [src], value))
        for left in lefts:
            out.extend(self.bind_pattern(left, src, sp))
        return out

    def declarator(self, d: Node) -> list[ir.Stmt]:
        sp = span(d)
        name = d.child_by_field_name("name")
        value = d.child_by_field_name("value")
        if name is None:
            return []
        if value is None:
            if name.type == "identifier":
                return [ir.Assign(sp, [ir.Name(span(name), text(name))], ir.Const(sp, None))]
            return []
        while value.type in _TS_WRAPPERS and value.named_children:
            value = value.named_children[0]
        if name.type == "identifier" and value.type in _FUNC_TYPES:
            return [self.func(value, text(name))]
        if name.type == "identifier":
            rx = regex_parts(value)
            decl = d.parent.child(0) if d.parent is not None and d.parent.child_count else None
            if rx is not None and decl is not None and decl.type == "const":
                self.regex_consts[text(name)] = rx
            return [ir.Assign(sp, [ir.Name(span(name), text(name))], self.expr(value))]
        v = self.expr(value)
        out: list[ir.Stmt] = []
        src: ir.Expr = v
        if not isinstance(v, ir.Name):
            src = self.tmp(d)
            out.append(ir.Assign(sp, [src], v))
        out.extend(self.bind_pattern(name, src, sp))
        return out

    def bind_pattern(self, pat: Node, src: ir.Expr, sp: ir.Span) -> list[ir.Stmt]:
        """Assignments binding the names of a destructuring pattern to parts of `src`."""
        t = pat.type
        if t in ("identifier", "shorthand_property_identifier_pattern"):
            return [ir.Assign(sp, [ir.Name(span(pat), text(pat))], src)]
        if t in ("member_expression", "subscript_expression"):
            return [ir.Assign(sp, [self.target(pat)], src)]
        if t == "assignment_pattern":
            left, right = pat.child_by_field_name("left"), pat.child_by_field_name("right")
            dflt = ir.BoolOp(span(pat), "or", [src, self.expr(right)])
            return self.bind_pattern(left, dflt, sp) if left is not None else []
        if t == "object_pattern":
            out: list[ir.Stmt] = []
            for c in self.kids(pat):
                if c.type == "shorthand_property_identifier_pattern":
                    out.append(ir.Assign(sp, [ir.Name(span(c), text(c))], ir.Attr(span(c), src, text(c))))
                elif c.type == "object_assignment_pattern":
                    left, right = c.child_by_field_name("left"), c.child_by_field_name("right")
                    if left is None:
                        continue
                    part: ir.Expr = ir.Attr(span(left), src, text(left))
                    part = ir.BoolOp(span(c), "or", [part, self.expr(right)])
                    out.extend(self.bind_pattern(left, part, sp))
                elif c.type == "pair_pattern":
                    key, value = c.child_by_field_name("key"), c.child_by_field_name("value")
                    if key is None or value is None:
                        continue
                    out.extend(self.bind_pattern(value, self.member_of(src, key), sp))
                elif c.type == "rest_pattern":
                    inner = self.kids(c)
                    if inner:
                        out.extend(self.bind_pattern(inner[0], src, sp))
            return out
        if t == "array_pattern":
            out = []
            i = 0
            for c in pat.children:
                if c.type == ",":
                    i += 1
                elif c.type == "rest_pattern":
                    inner = self.kids(c)
                    if inner:
                        rest = ir.Index(span(c), src, ir.Slice(span(c), ir.Const(span(c), i), None, None))
                        out.extend(self.bind_pattern(inner[0], rest, sp))
                elif c.is_named and c.type != "comment":
                    out.extend(self.bind_pattern(c, ir.Index(span(c), src, ir.Const(span(c), i)), sp))
            return out
        return [ir.OpaqueStmt(sp, t, [src])]

    def member_of(self, src: ir.Expr, key: Node) -> ir.Expr:
        sp = span(key)
        if key.type in ("property_identifier", "identifier"):
            return ir.Attr(sp, src, text(key))
        if key.type == "string":
            return ir.Attr(sp, src, decode_string(key))
        if key.type == "number":
            return ir.Index(sp, src, ir.Const(sp, _number(text(key))))
        if key.type == "computed_property_name":
            kids = self.kids(key)
            return ir.Index(sp, src, self.expr(kids[0] if kids else None))
        return ir.Index(sp, src, self.expr(key))

    def if_stmt(self, n: Node) -> ir.If:
        test = self.expr(n.child_by_field_name("condition"))
        body = self.block(n.child_by_field_name("consequence"))
        alt = n.child_by_field_name("alternative")
        orelse: list[ir.Stmt] = []
        if alt is not None:
            for c in self.kids(alt):
                orelse.extend(self.stmts(c))
        return ir.If(span(n), test, body, orelse)

    def for_stmt(self, n: Node) -> list[ir.Stmt]:
        sp = span(n)
        out: list[ir.Stmt] = []
        init = n.child_by_field_name("initializer")
        if init is not None and init.type != "empty_statement":
            if init.type in ("lexical_declaration", "variable_declaration"):
                out.extend(self.stmts(init))
            else:
                out.extend(self.expr_stmt(init, span(init)))
        cond = n.child_by_field_name("condition")
        test: ir.Expr = ir.Const(sp, True)
        if cond is not None and cond.type != "empty_statement":
            inner = cond.named_children[0] if cond.type == "expression_statement" and cond.named_children else cond
            test = self.expr(inner)
        body = self.block(n.child_by_field_name("body"))
        inc = n.child_by_field_name("increment")
        if inc is not None:
            body.extend(self.expr_stmt(inc, span(inc)))
        out.append(ir.Loop(sp, None, None, test, body))
        return out

    def for_in(self, n: Node) -> ir.Loop:
        sp = span(n)
        left = n.child_by_field_name("left")
        right = self.expr(n.child_by_field_name("right"))
        body = self.block(n.child_by_field_name("body"))
        target: ir.Expr
        if left is None:
            target = ir.Opaque(sp, "missing")
        elif left.type in ("identifier", "member_expression", "subscript_expression"):
            target = self.target(left)
        else:
            tmp = self.tmp(left, "$item")
            body = self.bind_pattern(left, tmp, span(left)) + body
            target = tmp
        return ir.Loop(sp, target, right, None, body)

    def try_stmt(self, n: Node) -> ir.Try:
        handlers: list[ir.Handler] = []
        h = n.child_by_field_name("handler")
        if h is not None:
            param = h.child_by_field_name("parameter")
            body = self.block(h.child_by_field_name("body"))
            name: str | None = None
            if param is not None and param.type == "identifier":
                name = text(param)
            elif param is not None:
                tmp = self.tmp(param, "$err")
                name = tmp.id
                body = self.bind_pattern(param, tmp, span(param)) + body
            handlers.append(ir.Handler(None, name, body))
        fin = n.child_by_field_name("finalizer")
        final = self.block(fin.child_by_field_name("body")) if fin is not None else []
        return ir.Try(span(n), self.block(n.child_by_field_name("body")), handlers, [], final)

    def switch(self, n: Node) -> list[ir.Stmt]:
        """`switch` as an if-chain on the discriminant (fall-through cases share the following bodies)."""
        sp = span(n)
        subject = self.expr(n.child_by_field_name("value"))
        tmp = self.tmp(n, "$switch")
        out: list[ir.Stmt] = [ir.Assign(sp, [tmp], subject)]
        cases = [c for c in self.kids(n.child_by_field_name("body")) if c.type in ("switch_case", "switch_default")]
        bodies: list[list[ir.Stmt]] = []
        ends: list[bool] = []
        for c in cases:
            stmts: list[ir.Stmt] = []
            for b in c.children_by_field_name("body"):
                stmts.extend(self.stmts(b))
            bodies.append(stmts)
            last = stmts[-1] if stmts else None
            ends.append(isinstance(last, ir.Return | ir.Raise) or (isinstance(last, ir.Pass) and last.kind == "break"))
        full: list[list[ir.Stmt]] = []
        for i in range(len(cases)):
            acc: list[ir.Stmt] = []
            for j in range(i, len(cases)):
                acc.extend(bodies[j])
                if ends[j]:
                    break
            full.append(acc)
        chain: list[ir.Stmt] = []
        for i, c in enumerate(cases):
            if c.type == "switch_default":
                chain = full[i]
        for i in reversed(range(len(cases))):
            c = cases[i]
            if c.type == "switch_default":
                continue
            test = ir.Compare(span(c), tmp, ["=="], [self.expr(c.child_by_field_name("value"))])
            chain = [ir.If(span(c), test, full[i], chain)]
        return out + chain

    def import_stmt(self, n: Node) -> list[ir.Stmt]:
        sp = span(n)
        src = n.child_by_field_name("source")
        clause = next((c for c in n.named_children if c.type == "import_clause"), None)
        req = next((c for c in n.named_children if c.type == "import_require_clause"), None)
        if req is not None:  # TypeScript: import x = require('m')
            ident = next((c for c in req.named_children if c.type == "identifier"), None)
            s = req.child_by_field_name("source")
            if ident is None or s is None:
                return [ir.OpaqueStmt(sp, "import")]
            call = ir.Call(sp, ir.Name(sp, "require"), [ir.Const(span(s), _module_name(decode_string(s)))])
            return [ir.Assign(sp, [ir.Name(span(ident), text(ident))], call)]
        if src is None or clause is None:
            return [ir.Pass(sp, "import")]
        module = _module_name(decode_string(src))
        out: list[ir.Stmt] = []
        names: list[tuple[str, str | None]] = []
        for c in clause.named_children:
            if c.type == "identifier":
                out.append(ir.Import(sp, module, text(c), []))
            elif c.type == "namespace_import":
                ident = next((k for k in c.named_children if k.type == "identifier"), None)
                if ident is not None:
                    out.append(ir.Import(sp, module, text(ident), []))
            elif c.type == "named_imports":
                for s in c.named_children:
                    if s.type == "import_specifier":
                        nm = s.child_by_field_name("name")
                        al = s.child_by_field_name("alias")
                        nm_text = decode_string(nm) if nm is not None and nm.type == "string" else text(nm)
                        names.append((nm_text, text(al) if al is not None else None))
        if names:
            out.append(ir.Import(sp, module, None, names))
        return out

    def export_stmt(self, n: Node) -> list[ir.Stmt]:
        """The exported declaration, followed by `Pass("export:a,b")` naming what the module exports
        (the taint engine's library-input source reads it)."""
        out = self._export_body(n)
        names = [s.name for s in out if isinstance(s, ir.Func | ir.Class)]
        names += [t.id for s in out if isinstance(s, ir.Assign) for t in s.targets if isinstance(t, ir.Name)]
        source = n.child_by_field_name("source")
        if source is not None and source.type == "string":
            # `export { a } from './a'`, `export * from './b'`: that module's exports are this one's
            return [ir.Pass(span(n), "export-from:" + decode_string(source))]
        clause = next((c for c in n.named_children if c.type == "export_clause"), None)
        if clause is not None and source is None:
            names += [text(spec.child_by_field_name("name")) for spec in clause.named_children
                      if spec.type == "export_specifier" and spec.child_by_field_name("name") is not None]
        names = [x for x in dict.fromkeys(names) if x.isidentifier()]
        if names:
            out = [s for s in out if not (isinstance(s, ir.Pass) and s.kind == "export")]
            out.append(ir.Pass(span(n), "export:" + ",".join(names)))
        return out

    def _export_body(self, n: Node) -> list[ir.Stmt]:
        sp = span(n)
        decl = n.child_by_field_name("declaration")
        if decl is not None:
            return self.stmts(decl)
        value = n.child_by_field_name("value")
        if value is not None:
            v = value
            while v.type in _TS_WRAPPERS and v.named_children:
                v = v.named_children[0]
            if v.type in _FUNC_TYPES:
                nm = v.child_by_field_name("name")
                return [self.func(v, text(nm) if nm is not None else "default")]
            if v.type in ("class", "class_declaration"):
                return [self.cls(v, "default")]
            return [ir.Assign(sp, [ir.Name(sp, "default")], self.expr(value))]
        for c in n.named_children:
            if c.type in ("function_declaration", "class_declaration", "generator_function_declaration",
                          "abstract_class_declaration", "lexical_declaration", "variable_declaration"):
                return self.stmts(c)
        return [ir.Pass(sp, "export")]

    # ---- functions and classes ----
    def params(self, n: Node | None) -> tuple[list[ir.Param], list[ir.Stmt], list[str]]:
        """Parameters, destructuring statements for pattern parameters, and TS parameter properties."""
        out: list[ir.Param] = []
        pre: list[ir.Stmt] = []
        props: list[str] = []
        if n is None:
            return out, pre, props
        items = [n] if n.type == "identifier" else self.kids(n)
        for i, p in enumerate(items):
            ann = ""
            default: ir.Expr | None = None
            t = p.type
            decos: list[ir.Expr] = []
            if t in ("required_parameter", "optional_parameter"):
                decos = [self.expr(k) for d in p.children if d.type == "decorator" for k in self.kids(d)[:1]]
                typ = p.child_by_field_name("type")
                ann = text(typ).lstrip(":").strip() if typ is not None else ""
                v = p.child_by_field_name("value")
                if v is not None:
                    default = self.expr(v)
                if any(c.type == "accessibility_modifier" or text(c) == "readonly" for c in p.children):
                    pat = p.child_by_field_name("pattern")
                    if pat is not None and pat.type == "identifier":
                        props.append(text(pat))
                pat2 = p.child_by_field_name("pattern")
                if pat2 is None:
                    continue
                p = pat2
                t = p.type
            if t == "assignment_pattern":
                default = self.expr(p.child_by_field_name("right"))
                left = p.child_by_field_name("left")
                if left is None:
                    continue
                p = left
                t = p.type
            if t == "identifier":
                out.append(ir.Param(text(p), default, "pos", ann, decos))
            elif t == "this":
                continue  # TypeScript `this:` parameter: a type only
            elif t == "rest_pattern":
                inner = self.kids(p)
                if inner and inner[0].type == "identifier":
                    out.append(ir.Param(text(inner[0]), None, "vararg", ann))
                elif inner:
                    name = f"$rest{i}"
                    out.append(ir.Param(name, None, "vararg", ann))
                    pre.extend(self.bind_pattern(inner[0], ir.Name(span(p), name), span(p)))
            elif t in ("object_pattern", "array_pattern"):
                name = f"$arg{i}"
                out.append(ir.Param(name, default, "pos", ann))
                pre.extend(self.bind_pattern(p, ir.Name(span(p), name), span(p)))
        return out, pre, props

    def func(self, n: Node, name: str, method: bool = False, static: bool = False) -> ir.Func:
        sp = span(n)
        name = name or "<anonymous>"
        self.scope.append(name)
        qual = ".".join(self.scope)
        pnode = n.child_by_field_name("parameters") or n.child_by_field_name("parameter")
        params, pre, props = self.params(pnode)
        body_node = n.child_by_field_name("body")
        body: list[ir.Stmt]
        if body_node is None:
            body = []
        elif body_node.type == "statement_block":
            body = self.block(body_node)
        else:
            value = self.expr(body_node)
            body = [ir.Return(value.span, value)]
        self.scope.pop()
        decorators: list[ir.Expr] = []
        if method:
            if static:
                decorators.append(ir.Name(sp, "staticmethod"))
            else:
                params.insert(0, ir.Param("self"))
        for p in props:
            pre.append(ir.Assign(sp, [ir.Attr(sp, ir.Name(sp, "self"), p)], ir.Name(sp, p)))
        is_async = any(c.type == "async" for c in n.children)
        return ir.Func(sp, name, params, pre + body, decorators, n.type == "arrow_function", is_async, qual)

    def cls(self, n: Node, name: str = "") -> ir.Class:
        name = name or text(n.child_by_field_name("name")) or "<class>"
        bases: list[ir.Expr] = []
        for c in n.named_children:
            if c.type == "class_heritage":
                for h in self.kids(c):
                    if h.type == "extends_clause":
                        v = h.child_by_field_name("value")
                        if v is not None:
                            bases.append(self.expr(v))
                    elif h.type != "implements_clause":
                        bases.append(self.expr(h))
        self.scope.append(name)
        qual = ".".join(self.scope)
        body: list[ir.Stmt] = []
        pending: list[ir.Expr] = []  # decorators (TypeScript) of the next member
        for m in self.kids(n.child_by_field_name("body")):
            if m.type == "decorator":
                pending.extend(self.expr(k) for k in self.kids(m)[:1])
                continue
            decos, pending = pending, []
            static = any(c.type == "static" for c in m.children)
            if m.type == "method_definition":
                mname = text(m.child_by_field_name("name"))
                if mname == "constructor":
                    mname = "__init__"
                f = self.func(m, mname, method=True, static=static)
                f.decorators.extend(decos)
                body.append(f)
            elif m.type in ("field_definition", "public_field_definition"):
                prop = m.child_by_field_name("property") or m.child_by_field_name("name")
                value = m.child_by_field_name("value")
                if prop is None or value is None:
                    continue
                if value.type in _FUNC_TYPES:
                    f = self.func(value, text(prop))
                    if value.type == "arrow_function" and not static:
                        f.params.insert(0, ir.Param("self"))
                    body.append(f)
                else:
                    body.append(ir.Assign(span(m), [ir.Name(span(prop), text(prop))], self.expr(value)))
        self.scope.pop()
        decorators = [self.expr(k) for d in n.children if d.type == "decorator" for k in self.kids(d)[:1]]
        parent = n.parent
        if parent is not None and parent.type == "export_statement":
            decorators += [self.expr(k) for d in parent.children if d.type == "decorator" for k in self.kids(d)[:1]]
        return ir.Class(span(n), name, bases, body, decorators, qual)

    # ---- targets ----
    def target(self, n: Node | None) -> ir.Expr:
        if n is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        while (n.type in _TS_WRAPPERS or n.type == "parenthesized_expression") and n.named_children:
            n = n.named_children[0]
        return self.expr(n)

    # ---- expressions ----
    def expr(self, n: Node | None) -> ir.Expr:
        if n is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        t = n.type
        sp = span(n)
        if t in ("identifier", "property_identifier", "shorthand_property_identifier", "private_property_identifier"):
            name = text(n)
            if name == "undefined":
                return ir.Const(sp, None)
            return ir.Name(sp, name)
        if t == "this":
            return ir.Name(sp, "self")
        if t == "super":
            return ir.Name(sp, "super")
        if t == "string":
            return ir.Const(sp, decode_string(n))
        if t == "template_string":
            return self.template(n)
        if t == "number":
            return ir.Const(sp, _number(text(n)))
        if t == "true":
            return ir.Const(sp, True)
        if t == "false":
            return ir.Const(sp, False)
        if t in ("null", "undefined"):
            return ir.Const(sp, None)
        if t == "member_expression":
            obj = n.child_by_field_name("object")
            prop = n.child_by_field_name("property")
            return ir.Attr(sp, self.expr(obj), text(prop))
        if t == "subscript_expression":
            return ir.Index(sp, self.expr(n.child_by_field_name("object")), self.expr(n.child_by_field_name("index")))
        if t == "call_expression":
            return self.call(n)
        if t == "new_expression":
            return ir.Call(sp, self.expr(n.child_by_field_name("constructor")),
                           self.args(n.child_by_field_name("arguments")), is_new=True)
        if t == "await_expression" or t == "yield_expression":
            kids = self.kids(n)
            return ir.Await(sp, self.expr(kids[0]) if kids else None)
        if t == "binary_expression":
            return self.binary(n)
        if t == "unary_expression":
            op = text(n.child_by_field_name("operator"))
            arg = self.expr(n.child_by_field_name("argument"))
            if op == "!":
                return ir.UnaryOp(sp, "not", arg)
            if op in ("-", "+", "~"):
                return ir.UnaryOp(sp, op, arg)
            if op == "void":
                return ir.Const(sp, None)
            if op == "typeof":
                return ir.Opaque(sp, op, [arg])  # a type name, never the data; the operand serves guards
            return ir.Opaque(sp, op)  # delete: a boolean
        if t == "update_expression":
            return ir.Opaque(sp, t, [self.expr(n.child_by_field_name("argument"))])
        if t == "ternary_expression":
            return ir.IfExp(sp, self.expr(n.child_by_field_name("condition")),
                            self.expr(n.child_by_field_name("consequence")),
                            self.expr(n.child_by_field_name("alternative")))
        if t == "parenthesized_expression":
            kids = self.kids(n)
            return self.expr(kids[0]) if kids else ir.Opaque(sp, "paren")
        if t == "sequence_expression":
            return ir.Opaque(sp, "sequence", [self.expr(c) for c in self.kids(n)])
        if t == "assignment_expression":
            left = n.child_by_field_name("left")
            value = self.expr(n.child_by_field_name("right"))
            if left is not None and left.type not in ("object_pattern", "array_pattern"):
                return ir.Opaque(sp, "walrus", [self.target(left), value])
            return ir.Opaque(sp, "assign", [value])
        if t == "augmented_assignment_expression":
            return ir.Opaque(sp, t, [self.expr(n.child_by_field_name("left")),
                                     self.expr(n.child_by_field_name("right"))])
        if t == "object":
            return self.obj(n)
        if t == "array":
            return ir.Collection(sp, "list", [self.expr(c) for c in self.kids(n)])
        if t == "spread_element":
            kids = self.kids(n)
            return ir.Starred(sp, self.expr(kids[0] if kids else None))
        if t in _FUNC_TYPES:
            nm = n.child_by_field_name("name")
            f = self.func(n, text(nm) if nm is not None else "<lambda>")
            f.is_lambda = True
            return ir.Lambda(sp, f)
        if t in _TS_WRAPPERS:
            kids = self.kids(n)
            return self.expr(kids[0]) if kids else ir.Opaque(sp, t)
        if t in ("jsx_element", "jsx_self_closing_element", "jsx_fragment"):
            return self.jsx(n)
        if t == "regex":
            return ir.Opaque(sp, "regex")
        if t == "class":
            return ir.Opaque(sp, "class")
        return ir.Opaque(sp, t, [self.expr(c) for c in self.kids(n) if c.is_named])

    def template(self, n: Node) -> ir.Expr:
        sp = span(n)
        parts: list[ir.Expr] = []
        for c in n.named_children:
            if c.type == "string_fragment":
                parts.append(ir.Const(span(c), text(c)))
            elif c.type == "escape_sequence":
                parts.append(ir.Const(span(c), _unescape(text(c))))
            elif c.type == "template_substitution":
                kids = self.kids(c)
                parts.append(self.expr(kids[0] if kids else None))
        if all(isinstance(p, ir.Const) for p in parts):
            return ir.Const(sp, "".join(str(p.value) for p in parts if isinstance(p, ir.Const)))
        return ir.Format(sp, parts)

    def binary(self, n: Node) -> ir.Expr:
        sp = span(n)
        op = text(n.child_by_field_name("operator"))
        left = self.expr(n.child_by_field_name("left"))
        right = self.expr(n.child_by_field_name("right"))
        if op in ("==", "===", "!=", "!=="):
            # `/[<>]/.exec(s) != null` is the lowered test itself (exec returns null when nothing matches)
            for tested, other in ((left, right), (right, left)):
                if isinstance(other, ir.Const) and other.value is None and isinstance(tested, ir.Compare | ir.BoolOp) \
                        and _is_exec_call(n.child_by_field_name("left" if tested is left else "right")):
                    return tested if op.startswith("!") else ir.UnaryOp(sp, "not", tested)
        return operators.binary(sp, op, left, right, _BOOL, _COMPARE, _ARITH)  # instanceof & co: opaque

    def args(self, n: Node | None) -> list[ir.Expr]:
        if n is None:
            return []
        if n.type == "template_string":
            return [self.expr(n)]
        return [self.expr(a) for a in self.kids(n)]

    def call(self, n: Node) -> ir.Expr:
        sp = span(n)
        fn_node = n.child_by_field_name("function")
        args_node = n.child_by_field_name("arguments")
        if fn_node is not None and fn_node.type == "import":
            fn: ir.Expr = ir.Name(span(fn_node), "require")
        else:
            fn = self.expr(fn_node)
        if args_node is not None and args_node.type == "template_string":
            # Tagged template: tag(strings, ...values).
            strings: list[ir.Expr] = []
            values: list[ir.Expr] = []
            for c in args_node.named_children:
                if c.type == "string_fragment":
                    strings.append(ir.Const(span(c), text(c)))
                elif c.type == "template_substitution":
                    kids = self.kids(c)
                    values.append(self.expr(kids[0] if kids else None))
            return ir.Call(sp, fn, [ir.Collection(span(args_node), "list", strings), *values])
        args = self.args(args_node)
        if isinstance(fn, ir.Index) and isinstance(fn.index, ir.Const) and _is_identifier(fn.index.value):
            fn = ir.Attr(fn.span, fn.obj, str(fn.index.value))  # o['html'](x) calls the method o.html
        elif isinstance(fn, ir.Index) and isinstance(fn.index, ir.IfExp) \
                and all(isinstance(b, ir.Const) and _is_identifier(b.value) for b in (fn.index.body, fn.index.orelse)):
            # o[c ? 'html' : 'text'](x) calls one of two methods
            idx = fn.index
            return ir.IfExp(sp, idx.test, ir.Call(sp, ir.Attr(fn.span, fn.obj, str(_const(idx.body))), args),
                            ir.Call(sp, ir.Attr(fn.span, fn.obj, str(_const(idx.orelse))), list(args)))
        if isinstance(fn, ir.Name) and fn.id == "require" and len(args) == 1 and isinstance(args[0], ir.Const) \
                and isinstance(args[0].value, str):
            args = [ir.Const(args[0].span, _module_name(args[0].value))]
        if isinstance(fn, ir.Attr) and fn.attr == "includes" and len(args) == 1 \
                and not isinstance(args[0], ir.Starred):
            return ir.Compare(sp, args[0], ["in"], [fn.obj])
        if isinstance(fn, ir.Attr) and len(args) in (1, 2):
            lowered = self.regex_call(sp, fn, args, fn_node, args_node)
            if lowered is not None:
                return lowered
        return ir.Call(sp, fn, args)

    def regex_call(self, sp: ir.Span, fn: ir.Attr, args: list[ir.Expr], fn_node: Node | None,
                   args_node: Node | None) -> ir.Expr | None:
        """`s.replace(/re/g, c)` deleting or escaping dangerous characters, as a synthetic sanitiser call;
        `/^\\d+$/.test(s)` / `s.match(/^\\w+$/)` / `/^..$/.exec(s)` (word characters only) as `s.isalnum()`."""
        arg_nodes = self.kids(args_node)
        if fn.attr in ("replace", "replaceAll") and len(args) == 2 and arg_nodes \
                and isinstance(args[1], ir.Const) and isinstance(args[1].value, str):
            rx = regex_parts(arg_nodes[0])
            if rx is None:
                return None
            out: ir.Expr = ir.Call(sp, fn, args)
            for name in replace_sanitisers(rx[0], rx[1], args[1].value, fn.attr == "replaceAll"):
                out = ir.Call(sp, ir.Name(sp, name), [out])
            return out
        if len(args) != 1 or isinstance(args[0], ir.Starred):
            return None
        if fn.attr in ("test", "exec") and fn_node is not None:
            rx = self.regex_of(fn_node.child_by_field_name("object"))
            subject = args[0]
        elif fn.attr == "match" and arg_nodes:
            rx = self.regex_of(arg_nodes[0])
            subject = fn.obj
        else:
            return None
        if rx is None:
            return None
        if whole_word_match(rx[0]):
            return ir.Call(sp, ir.Attr(sp, subject, "isalnum"), [])
        if whole_word_match(rx[0], SHELL_WORD_CHARS):
            # /^[\w\/:=-]+$/.test(s): nothing in s a shell would act on (a guard for commands only)
            return ir.Call(sp, ir.Name(sp, "$shell_word"), [subject])
        found = contains_any(rx[0])
        if found:
            # /[<>"']/.test(s): whether s holds any of those characters, written as `'<' in s or ...`
            tests: list[ir.Expr] = [ir.Compare(sp, ir.Const(sp, c), ["in"], [subject]) for c in found]
            return tests[0] if len(tests) == 1 else ir.BoolOp(sp, "or", tests)
        return None

    def regex_of(self, n: Node | None) -> tuple[str, str] | None:
        """A regex literal, or the name of a `const` holding one."""
        if n is not None and n.type == "identifier":
            return self.regex_consts.get(text(n))
        return regex_parts(n)

    def obj(self, n: Node) -> ir.DictLit:
        keys: list[ir.Expr | None] = []
        values: list[ir.Expr] = []
        for c in self.kids(n):
            if c.type == "pair":
                k = c.child_by_field_name("key")
                keys.append(self.key(k))
                values.append(self.expr(c.child_by_field_name("value")))
            elif c.type == "shorthand_property_identifier":
                keys.append(ir.Const(span(c), text(c)))
                values.append(ir.Name(span(c), text(c)))
            elif c.type == "spread_element":
                kids = self.kids(c)
                keys.append(None)
                values.append(self.expr(kids[0] if kids else None))
            elif c.type == "method_definition":
                nm = c.child_by_field_name("name")
                f = self.func(c, text(nm))
                f.is_lambda = True
                keys.append(self.key(nm))
                values.append(ir.Lambda(span(c), f))
        return ir.DictLit(span(n), keys, values)

    def key(self, k: Node | None) -> ir.Expr:
        if k is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        sp = span(k)
        if k.type in ("property_identifier", "identifier", "private_property_identifier"):
            return ir.Const(sp, text(k))
        if k.type == "string":
            return ir.Const(sp, decode_string(k))
        if k.type == "number":
            return ir.Const(sp, _number(text(k)))
        if k.type == "computed_property_name":
            kids = self.kids(k)
            return self.expr(kids[0] if kids else None)
        return self.expr(k)

    def jsx(self, n: Node) -> ir.Expr:
        """JSX: Opaque over the expressions inside; dangerouslySetInnerHTML becomes a sink call."""
        children: list[ir.Expr] = []
        stack = [n]
        while stack:
            cur = stack.pop()
            if cur.type in ("jsx_opening_element", "jsx_self_closing_element"):
                rendered = self.jsx_component(cur)
                if rendered is not None:
                    children.append(rendered)
            for c in reversed(cur.named_children):
                if c.type == "jsx_attribute":
                    kids = self.kids(c)
                    name = text(kids[0]) if kids else ""
                    value = next((k for k in kids[1:] if k.type == "jsx_expression"), None)
                    if value is None:
                        continue
                    inner = self.kids(value)
                    if name == "dangerouslySetInnerHTML":
                        html: ir.Expr
                        if inner and inner[0].type == "object":
                            pair = next((p for p in self.kids(inner[0]) if p.type == "pair"
                                         and text(p.child_by_field_name("key")).strip("'\"") == "__html"), None)
                            html = self.expr(pair.child_by_field_name("value")) if pair is not None else \
                                self.expr(inner[0])
                        else:
                            html = ir.Attr(span(value), self.expr(inner[0] if inner else None), "__html")
                        children.append(ir.Call(span(c), ir.Name(span(c), JSX_HTML_SINK), [html]))
                    elif inner and re.fullmatch(r"on[A-Z]\w*", name) and _dom_element_tag(cur):
                        sp = span(c)
                        children.append(ir.Call(sp, ir.Attr(sp, ir.Name(sp, JSX_ELEMENT), "addEventListener"),
                                                [ir.Const(sp, name[2:].lower()), self.expr(inner[0])]))
                    elif inner:
                        children.append(self.expr(inner[0]))
                elif c.type == "jsx_expression":
                    inner = self.kids(c)
                    if inner:
                        children.append(self.expr(inner[0]))
                elif c.type in ("jsx_element", "jsx_opening_element", "jsx_self_closing_element", "jsx_fragment"):
                    stack.append(c)
        children.reverse()
        return ir.Opaque(span(n), "jsx", children)

    def jsx_component(self, n: Node) -> ir.Expr | None:
        """`<Comp a={x} b="s" {...rest} />` with a component name (capitalised, or `ns.Comp`) as
        `$jsx_component(Comp, {a: x, b: "s", ...rest})`; lower-case names are DOM elements."""
        name = n.child_by_field_name("name")
        if name is None or not (name.type == "member_expression"
                                or name.type == "identifier" and text(name)[:1].isupper()):
            return None
        keys: list[ir.Expr | None] = []
        values: list[ir.Expr] = []
        for c in self.kids(n):
            if c.type == "jsx_attribute":
                kids = self.kids(c)
                if not kids:
                    continue
                keys.append(ir.Const(span(kids[0]), text(kids[0])))
                value = kids[1] if len(kids) > 1 else None
                if value is None:
                    values.append(ir.Const(span(c), True))  # <Comp disabled />
                elif value.type == "jsx_expression":
                    inner = self.kids(value)
                    values.append(self.expr(inner[0]) if inner else ir.Const(span(value), None))
                else:
                    values.append(self.expr(value))
            elif c.type == "jsx_expression":
                inner = self.kids(c)
                if inner and inner[0].type == "spread_element":
                    spread = self.kids(inner[0])
                    keys.append(None)
                    values.append(self.expr(spread[0] if spread else None))
        sp = span(n)
        return ir.Call(sp, ir.Name(sp, JSX_COMPONENT), [self.expr(name), ir.DictLit(sp, keys, values)])


_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")


def _is_identifier(v: object) -> bool:
    return isinstance(v, str) and _IDENTIFIER.fullmatch(v) is not None


def _is_exec_call(n: Node | None) -> bool:
    """`re.exec(s)` (in parentheses or not)."""
    while n is not None and n.type == "parenthesized_expression" and n.named_children:
        n = n.named_children[0]
    fn = n.child_by_field_name("function") if n is not None and n.type == "call_expression" else None
    return fn is not None and fn.type == "member_expression" and text(fn.child_by_field_name("property")) == "exec"


def _dom_element_tag(n: Node) -> bool:
    """A JSX opening tag naming a DOM element (`<input>`, `<form>`), not a component."""
    name = n.child_by_field_name("name")
    return name is not None and name.type == "identifier" and text(name)[:1].islower()


def _const(e: ir.Expr) -> object:
    return e.value if isinstance(e, ir.Const) else None


def _module_name(m: str) -> str:
    return m[5:] if m.startswith("node:") else m


# ---- regular expression literals used as sanitisers and checks ------------------------------------
# `s.replace(/[./]/g, '')` and `/^\d+$/.test(s)` are common sanitisers and guards. The IR has no regular
# expressions, so the front-end reads the few literal shapes whose meaning is plain and lowers them to
# what the taint engine knows: a replace that deletes or escapes every dangerous character becomes a call
# of a synthetic sanitiser (`$strip_path(...)`, see javascript_taint.SANITIZERS), and a whole-string
# match against word characters only becomes an `isalnum()` check of the subject.

_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_CLASS_ESCAPES = {"d": frozenset("0123456789"), "w": _WORD, "s": frozenset(" \t\n\r\f\v")}
_CHAR_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "f": "\f", "v": "\v", "0": "\0"}


def regex_parts(n: Node | None) -> tuple[str, str] | None:
    """(pattern, flags) of a regex literal node."""
    if n is None or n.type != "regex":
        return None
    pattern = next((text(c) for c in n.named_children if c.type == "regex_pattern"), None)
    flags = next((text(c) for c in n.named_children if c.type == "regex_flags"), "")
    return (pattern, flags) if pattern is not None else None


def _char_class(body: str) -> tuple[frozenset[str], bool] | None:
    """Members of a `[...]` class body (ASCII ranges expanded) and whether it is negated."""
    negated = body.startswith("^")
    if negated:
        body = body[1:]
    out: set[str] = set()
    i = 0
    prev: str | None = None
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            e = body[i + 1]
            i += 2
            if e in _CLASS_ESCAPES:
                out |= _CLASS_ESCAPES[e]
                prev = None
                continue
            if e.isalpha() and e not in _CHAR_ESCAPES:
                return None  # \S, \W, \p{..}, \u.. and the like: not modelled
            ch = _CHAR_ESCAPES.get(e, e)
        elif ch == "-" and prev is not None and i + 1 < len(body) and body[i + 1] != "\\":
            hi = body[i + 1]
            if ord(hi) < ord(prev) or ord(hi) - ord(prev) > 128:
                return None
            out |= {chr(c) for c in range(ord(prev), ord(hi) + 1)}
            i += 2
            prev = None
            continue
        else:
            i += 1
        out.add(ch)
        prev = ch
    return frozenset(out), negated


def _alternatives(pattern: str) -> list[str] | None:
    """Top-level `|` alternatives of a pattern without groups; None when it has groups."""
    alts, cur, i, depth = [], "", 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            cur += pattern[i:i + 2]
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
        elif ch in "()" and not depth:
            return None
        if ch == "|" and not depth:
            alts.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    alts.append(cur)
    return alts


def _one_class(body: str) -> bool:
    """Whether a pattern is exactly one `[...]` character class (escaped brackets inside allowed)."""
    plain = re.sub(r"\\.", "", body)
    return plain.startswith("[") and plain.endswith("]") and plain.count("[") == 1 and plain.count("]") == 1


def _literal(alt: str) -> str | None:
    """The text an alternative made of plain and escaped characters matches; None for anything else."""
    out, i = "", 0
    while i < len(alt):
        ch = alt[i]
        if ch == "\\" and i + 1 < len(alt):
            e = alt[i + 1]
            if e in _CLASS_ESCAPES or (e.isalnum() and e not in _CHAR_ESCAPES):
                return None
            out += _CHAR_ESCAPES.get(e, e)
            i += 2
            continue
        if ch in ".^$*+?{}[]()|":
            return None
        out += ch
        i += 1
    return out or None


# A leading run of '..' segments: ^(\.\.(\/|\\|$))+ , (\.\.[\/\\])+ , (?:\.\.\/)* ... (group, then + or *).
_DOTDOT_RUN = re.compile(r"^\^?\((?:\?:)?\\\.\\\.(?P<sep>.+)\)[+*]$")


def _strips_leading_dotdot(pattern: str, replacement: str) -> bool:
    """Whether `p.replace(/pattern/, replacement)` deletes the leading run of `../` (and `..\\`) segments:
    on a normalised path, the only place '..' can be. Both separators must be covered (normalize turns
    '/' into '\\' on Windows)."""
    m = _DOTDOT_RUN.match(pattern)
    if m is None or replacement:
        return False
    sep = m.group("sep")
    return "/" in sep and "\\\\" in sep and not any(c in sep.replace("\\\\", "").replace("\\/", "")
                                                       for c in ".*+?")


def replace_sanitisers(pattern: str, flags: str, replacement: str, every: bool) -> list[str]:
    """Synthetic sanitiser names for `s.replace(/pattern/flags, replacement)`: which dangerous characters
    (or sequences) the replace removes or escapes everywhere in the string."""
    if _strips_leading_dotdot(pattern, replacement):
        return ["$strip_leading_dotdot"]
    if "g" not in flags and not every:
        return []
    alts = _alternatives(pattern)
    if not alts:
        return []
    chars: set[str] = set()
    seqs: set[str] = set()
    for alt in alts:
        quant = alt.endswith("+") and not alt.endswith("\\+")
        body = alt[:-1] if quant else alt
        if _one_class(body):
            got = _char_class(body[1:-1])
            if got is None:
                return []
            members, negated = got
            if negated:
                # everything but a few word characters is deleted
                if replacement == "" and members <= _WORD | {"-", " "} and len(alts) == 1:
                    return ["$keep_word_chars"]
                return []
            chars |= members
            continue
        lit = _literal(alt)
        if lit is None:
            return []
        if len(lit) == 1:
            chars.add(lit)
        else:
            seqs.add(lit)
    out = []
    # Without '/' no directory can be named (deleting only dots still leaves absolute paths).
    if "/" in chars and "/" not in replacement:
        out.append("$strip_path")
    elif ("." in chars or ".." in seqs) and "." not in replacement:
        out.append("$strip_dotdot")  # no '..' left anywhere; the path may still be absolute
    if "<" in chars and "<" not in replacement:
        out.append("$strip_markup")
    if {"\n", "\r"} <= chars and not {"\n", "\r"} & set(replacement):
        out.append("$strip_newlines")
    return out


def contains_any(pattern: str) -> list[str]:
    """The characters an unanchored one-character pattern looks for (`[<>"']`, `<|>`, `\\.\\.`-free),
    in order; empty when the pattern is anything else."""
    alts = _alternatives(pattern)
    if not alts:
        return []
    out: list[str] = []
    for alt in alts:
        body = alt[:-1] if alt.endswith("+") and not alt.endswith("\\+") else alt
        if _one_class(body):
            got = _char_class(body[1:-1])
            if got is None or got[1] or len(got[0]) > 16:
                return []
            out.extend(sorted(got[0]))
            continue
        lit = _literal(body)
        if lit is None or len(lit) != 1:
            return []
        out.append(lit)
    return list(dict.fromkeys(out))


# Characters a POSIX shell or cmd.exe gives no meaning to inside a word.
SHELL_WORD_CHARS = _WORD | frozenset("-./:=+,@%")


def whole_word_match(pattern: str, allowed: frozenset[str] = _WORD | {"-"}) -> bool:
    """Whether `^...$` admits only word characters and '-' (a number, an identifier, a UUID), or only
    the `allowed` characters."""
    if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
        return False
    body, i = pattern[1:-1], 0
    if not body:
        return False
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            e = body[i + 1]
            if e not in ("d", "w", "-", "_") and not (e in allowed and not e.isalnum()):
                return False
            i += 2
        elif ch == "[":
            end = body.find("]", i + 1)
            got = _char_class(body[i + 1:end]) if end > 0 else None
            if got is None or got[1] or not got[0] <= allowed:
                return False
            i = end + 1
        elif ch in allowed and ch not in "./+":
            i += 1
        else:
            return False
        # an optional quantifier after the atom
        if i < len(body) and body[i] in "+*?":
            i += 1
        elif i < len(body) and body[i] == "{":
            end = body.find("}", i)
            if end < 0 or not re.fullmatch(r"\d+(,\d*)?", body[i + 1:end]):
                return False
            i = end + 1
    return True
