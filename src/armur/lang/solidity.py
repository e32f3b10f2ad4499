"""Solidity front-end: lowers tree-sitter-solidity trees to the IR.

Nothing here runs or compiles the scanned code. Conventions of the lowering (read by
`armur.analysis.solidity`):

- `pragma solidity <range>` is OpaqueStmt('pragma', [Const('solidity <range>')]); imports are
  Import(path).
- A contract, interface, library or struct is a Class whose first decorator is Name(kind) ('contract',
  'abstract', 'interface', 'library', 'struct'); bases are Name (or Call when arguments are given).
- A state variable (or struct member) is an Assign to a Name whose `annotation` holds the declared
  type followed by its keywords (`mapping(address => uint) public`, `uint constant`); without an
  initialiser the value is Opaque('default').
- Functions, modifiers, constructors, fallback and receive functions are Func. Constructors are named
  'constructor', `fallback()` / `function()` 'fallback', `receive()` 'receive'. Decorators hold, in
  order, the kind Name ('function', 'modifier', 'constructor', 'fallback', 'receive', 'event'),
  visibility and mutability keywords as Names ('public', 'payable', 'view', 'virtual'...) and the
  modifier invocations as Name or Call (`onlyOwner`, `onlyRole(ADMIN)`). Parameter annotations are the
  type plus data location (`uint[] storage`). Named return values are Assigns of Opaque('returns')
  at the top of the body.
- Local declarations are Assigns with the type (and location) as annotation; no initialiser gives
  Opaque('default'); `(a, b) = ...` / `(bool ok, ) = ...` assign to a tuple Collection.
- `x++` / `x -= y` are augmented Assigns; `delete x` is Delete; `revert(...)`, `revert E(...)` and
  `throw` are Raise; `require` / `assert` stay calls; `emit E(a)` is OpaqueStmt('emit', [Call(E, a)]);
  `unchecked { ... }` is With([(Name('unchecked'), None)], body); inline assembly is
  OpaqueStmt('assembly', [Const(text)]); `_;` in a modifier is ExprStmt(Name('_')).
- `for (init; cond; update) body` is init, then Loop(test=cond, body=body + update).
- Call options `x.call{value: v, gas: g}(d)` and the old `x.call.value(v).gas(g)(d)` both become
  Call(Attr(x, 'call'), [d], keywords=[value=v, gas=g]). Type conversions `address(x)` are calls
  of the type name; `new T(...)` calls Name('new T'). `a && b` / `a || b` are BoolOps and / or, `!a`
  is UnaryOp not. Number literals with units (`1 ether`, `2 days`) are folded to integers.
- Anything not modelled becomes Opaque / OpaqueStmt (ERROR nodes included), never an exception.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from tree_sitter import Node, Tree

from armur.ir import nodes as ir
from armur.lang.treesitter import parse, text

_COMPARE = frozenset({"==", "!=", "<", "<=", ">", ">="})
_BOOL = {"&&": "and", "||": "or"}
_UNITS = {"wei": 1, "gwei": 10**9, "szabo": 10**12, "finney": 10**15, "ether": 10**18, "seconds": 1,
          "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800, "years": 31536000}
_KEYWORDS = frozenset({"public", "private", "internal", "external", "pure", "view", "payable", "constant",
                       "nonpayable", "virtual", "override", "immutable"})
_CALL_OPTIONS = frozenset({"value", "gas"})
_LOW_LEVEL = frozenset({"call", "delegatecall", "callcode", "staticcall"})
_PREC = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "|": 5, "^": 6, "&": 7,
         "<<": 8, ">>": 8, ">>>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10, "**": 11}
_POSTFIX = {"member_expression": "object", "array_access": "base", "call_expression": "function"}


def span(n: Node) -> ir.Span:
    """IR span of a tree-sitter node."""
    return ir.Span(n.start_point[0] + 1, n.start_point[1] + 1, n.end_point[0] + 1, n.end_point[1] + 1)


def lower_source(path: str, source: str, tree: Tree | None = None) -> ir.Module:
    """Parse (unless `tree` is given) and lower Solidity source. Raises TooDeep for deep nesting."""
    if tree is None:
        tree = parse("solidity", source.encode("utf-8"))
    return ir.Module(path, "solidity", _Lowerer().top(tree.root_node), source.splitlines())


def _kids(n: Node | None) -> list[Node]:
    if n is None:
        return []
    return [c for c in n.named_children if c.type != "comment"]


def _unwrap(n: Node) -> Node:
    """Skip the grammar's `expression` / `statement` wrapper nodes."""
    while n.type in ("expression", "statement") and n.named_child_count == 1:
        n = n.named_children[0]
    return n


def _number(s: str) -> int | float:
    s = s.replace("_", "")
    try:
        if s.lower().startswith("0x"):
            return int(s, 16)
        d = Decimal(s)
        return int(d) if d == d.to_integral_value() else float(d)
    except (ValueError, InvalidOperation):
        return 0


def _op_of(n: Node) -> str:
    for c in n.children:
        if not c.is_named:
            return text(c).strip()
    return ""


def _string_value(n: Node) -> str:
    out = []
    for c in n.named_children:
        if c.type == "string":
            t = text(c)
            out.append(t[1:-1] if len(t) >= 2 and t[0] in "\"'" else t)
    return "".join(out) if out else text(n).strip("\"'")


class _Lowerer:
    def __init__(self) -> None:
        self._subst: dict[tuple[int, int, str], Node] = {}

    # ---- top level ----
    def top(self, root: Node) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for c in _kids(root):
            out.extend(self.member(c))
        return out

    def member(self, n: Node) -> list[ir.Stmt]:
        """A source-unit or contract-body item."""
        t, sp = n.type, span(n)
        if t == "pragma_directive":
            return [ir.OpaqueStmt(sp, "pragma", [ir.Const(sp, " ".join(text(n).rstrip(";").split()[1:]))])]
        if t == "import_directive":
            src = n.child_by_field_name("source")
            mod = _string_value(src) if src is not None and src.type == "string" else ""
            if src is not None and src.type == "string":
                mod = text(src)[1:-1]
            return [ir.Import(sp, mod, None, [])]
        if t in ("contract_declaration", "interface_declaration", "library_declaration"):
            return [self.contract(n)]
        if t == "struct_declaration":
            body = n.child_by_field_name("body")
            members: list[ir.Stmt] = []
            for m in _kids(body):
                if m.type == "struct_member":
                    nm = m.child_by_field_name("name")
                    members.append(ir.Assign(span(m), [ir.Name(span(nm or m), text(nm))],
                                             ir.Opaque(span(m), "default"),
                                             annotation=text(m.child_by_field_name("type"))))
            return [ir.Class(sp, text(n.child_by_field_name("name")), [], members, [ir.Name(sp, "struct")])]
        if t == "state_variable_declaration":
            return [self.state_var(n)]
        if t in ("function_definition", "modifier_definition", "constructor_definition",
                 "fallback_receive_definition"):
            return [self.func(n)]
        if t == "event_definition":
            params = [ir.Param(text(p.child_by_field_name("name")) or f"_{i}",
                               annotation=text(p.child_by_field_name("type")))
                      for i, p in enumerate(c for c in _kids(n) if c.type == "event_parameter")]
            return [ir.Func(sp, text(n.child_by_field_name("name")), params, [], [ir.Name(sp, "event")])]
        if t == "using_directive":
            return [ir.OpaqueStmt(sp, "using", [ir.Name(span(c), text(c)) for c in _kids(n)])]
        if t in ("enum_declaration", "error_declaration", "user_defined_type_definition", "comment"):
            return [ir.Pass(sp, t.split("_")[0])]
        return [ir.OpaqueStmt(sp, t, [])]

    def contract(self, n: Node) -> ir.Class:
        sp = span(n)
        kind = {"interface_declaration": "interface", "library_declaration": "library"}.get(n.type, "contract")
        if kind == "contract" and any(not c.is_named and c.type == "abstract" for c in n.children):
            kind = "abstract"
        bases: list[ir.Expr] = []
        for c in _kids(n):
            if c.type == "inheritance_specifier":
                anc = c.child_by_field_name("ancestor")
                name = ir.Name(span(anc or c), text(anc))
                args = [self.expr(a) for a in c.children_by_field_name("ancestor_arguments") if a.is_named]
                bases.append(ir.Call(span(c), name, args) if args else name)
        body: list[ir.Stmt] = []
        for c in _kids(n.child_by_field_name("body")):
            body.extend(self.member(c))
        return ir.Class(sp, text(n.child_by_field_name("name")), bases, body, [ir.Name(sp, kind)])

    def state_var(self, n: Node) -> ir.Assign:
        sp = span(n)
        nm = n.child_by_field_name("name")
        typ = text(n.child_by_field_name("type"))
        words = [text(c) for c in n.children if text(c) in _KEYWORDS or c.type == "visibility"]
        val = n.child_by_field_name("value")
        value = self.expr(val) if val is not None else ir.Opaque(sp, "default")
        return ir.Assign(sp, [ir.Name(span(nm or n), text(nm))], value, annotation=" ".join([typ, *words]))

    def func(self, n: Node) -> ir.Func:
        sp = span(n)
        t = n.type
        if t == "modifier_definition":
            kind, name = "modifier", text(n.child_by_field_name("name"))
        elif t == "constructor_definition":
            kind = name = "constructor"
        elif t == "fallback_receive_definition":
            kind = name = "receive" if text(n).lstrip().startswith("receive") else "fallback"
        else:
            kind, name = "function", text(n.child_by_field_name("name"))
        decos: list[ir.Expr] = [ir.Name(sp, kind)]
        params: list[ir.Param] = []
        returns: list[ir.Stmt] = []
        for c in _kids(n):
            if c.type == "parameter":
                params.append(self.param(c, len(params)))
            elif c.type in ("visibility", "state_mutability", "virtual", "override_specifier"):
                decos.append(ir.Name(span(c), text(c).split("(")[0].strip()))
            elif c.type == "modifier_invocation":
                ids = [k for k in _kids(c) if k.type == "identifier"]
                mname = ".".join(text(k) for k in ids) or text(c).split("(")[0].strip()
                args = [self.expr(a) for a in _kids(c) if a.type == "call_argument"]
                if not args and "(" in text(c) and not ids:
                    args = []
                decos.append(ir.Call(span(c), ir.Name(span(c), mname), args) if args else ir.Name(span(c), mname))
            elif c.type == "return_type_definition":
                for p in _kids(c):
                    pn = p.child_by_field_name("name")
                    if p.type == "parameter" and pn is not None:
                        returns.append(ir.Assign(span(p), [ir.Name(span(pn), text(pn))], ir.Opaque(span(p), "returns"),
                                                 annotation=self.param(p, 0).annotation))
        decos.extend(ir.Name(span(c), c.type) for c in n.children if not c.is_named and c.type in _KEYWORDS)
        body_node = n.child_by_field_name("body")
        body = returns + (self.block(body_node) if body_node is not None else [])
        return ir.Func(sp, name or kind, params, body, decos)

    def param(self, p: Node, i: int) -> ir.Param:
        nm = p.child_by_field_name("name")
        typ = text(p.child_by_field_name("type"))
        loc = [text(c) for c in p.children if not c.is_named and c.type in ("storage", "memory", "calldata")]
        return ir.Param(text(nm) if nm is not None else f"_{i}", annotation=" ".join([typ, *loc]))

    # ---- statements ----
    def block(self, n: Node | None) -> list[ir.Stmt]:
        if n is None:
            return []
        n = _unwrap(n)
        if n.type in ("function_body", "block_statement") and not self._is_unchecked(n):
            out: list[ir.Stmt] = []
            for c in _kids(n):
                out.extend(self.stmts(c))
            return out
        return self.stmts(n)

    @staticmethod
    def _is_unchecked(n: Node) -> bool:
        return n.type == "block_statement" and any(c.type == "unchecked" for c in n.children)

    def stmts(self, n: Node) -> list[ir.Stmt]:
        n = _unwrap(n)
        t, sp = n.type, span(n)
        if t == "block_statement":
            if self._is_unchecked(n):
                inner: list[ir.Stmt] = []
                for c in _kids(n):
                    if c.type != "unchecked":
                        inner.extend(self.stmts(c))
                return [ir.With(sp, [(ir.Name(sp, "unchecked"), None)], inner)]
            return self.block(n)
        if t == "expression_statement":
            kids = _kids(n)
            return self.expr_stmt(kids[0], sp) if kids else []
        if t == "variable_declaration_statement":
            return [self.declaration(n)]
        if t == "if_statement":
            bodies = n.children_by_field_name("body")
            return [ir.If(sp, self.expr(n.child_by_field_name("condition")),
                          self.block(bodies[0]) if bodies else [],
                          self.block(bodies[1]) if len(bodies) > 1 else [])]
        if t == "for_statement":
            out: list[ir.Stmt] = []
            init = n.child_by_field_name("initial")
            if init is not None:
                out.extend(self.stmts(init))
            cond = n.child_by_field_name("condition")
            test: ir.Expr = ir.Const(sp, True)
            if cond is not None:
                ck = _kids(cond) if cond.type == "expression_statement" else [cond]
                if ck:
                    test = self.expr(ck[0])
            body = self.block(n.child_by_field_name("body"))
            upd = n.child_by_field_name("update")
            if upd is not None:
                body.extend(self.expr_stmt(upd, span(upd)))
            out.append(ir.Loop(sp, None, None, test, body))
            return out
        if t == "while_statement":
            return [ir.Loop(sp, None, None, self.expr(n.child_by_field_name("condition")),
                            self.block(n.child_by_field_name("body")))]
        if t == "do_while_statement":
            body_nodes = [c for c in _kids(n) if c.type in ("statement", "block_statement")]
            cond_nodes = [c for c in _kids(n) if c not in body_nodes]
            dtest = self.expr(cond_nodes[-1]) if cond_nodes else ir.Const(sp, True)
            return [ir.Loop(sp, None, None, ir.Opaque(dtest.span, "do-while", [dtest]),
                            self.block(body_nodes[0]) if body_nodes else [])]
        if t == "return_statement":
            kids = _kids(n)
            return [ir.Return(sp, self.expr(kids[0]) if kids else None)]
        if t == "revert_statement":
            kids = _kids(n)
            return [ir.Raise(sp, ir.Call(sp, ir.Name(sp, "revert"), [self.expr(k) for k in kids]))]
        if t == "emit_statement":
            name = n.child_by_field_name("name")
            args = [self.expr(a) for a in _kids(n) if a.type == "call_argument"]
            callee = self.expr(name) if name is not None else ir.Name(sp, "?")
            return [ir.OpaqueStmt(sp, "emit", [ir.Call(sp, callee, args)])]
        if t in ("break_statement", "continue_statement"):
            return [ir.Pass(sp, t.split("_")[0])]
        if t == "assembly_statement":
            return [ir.OpaqueStmt(sp, "assembly", [ir.Const(sp, text(n)[:4000])])]
        if t == "try_statement":
            kids = _kids(n)
            head = [self.expr(k) for k in kids[:1] if k.type == "expression"]
            tbody: list[ir.Stmt] = [ir.ExprStmt(sp, e) for e in head]
            handlers: list[ir.Handler] = []
            for k in kids[1:]:
                if k.type == "block_statement":
                    tbody.extend(self.block(k))
                elif k.type == "catch_clause":
                    blk = [b for b in _kids(k) if b.type == "block_statement"]
                    handlers.append(ir.Handler(None, None, self.block(blk[0]) if blk else []))
            return [ir.Try(sp, tbody, handlers, [], [])]
        if t in ("comment", "placeholder"):
            return []
        if t in ("function_definition", "modifier_definition", "contract_declaration", "struct_declaration"):
            return self.member(n)
        exprs = [self.expr(c) for c in _kids(n) if c.type == "expression" or c.type.endswith("_expression")]
        return [ir.OpaqueStmt(sp, t, exprs)]

    def declaration(self, n: Node) -> ir.Stmt:
        sp = span(n)
        val = n.child_by_field_name("value")
        value: ir.Expr = self.expr(val) if val is not None else ir.Opaque(sp, "default")
        decls = [c for c in _kids(n) if c.type in ("variable_declaration", "variable_declaration_tuple")]
        if not decls:
            return ir.OpaqueStmt(sp, "declaration", [value])
        d = decls[0]
        if d.type == "variable_declaration_tuple":
            names: list[ir.Expr] = []
            for v in _kids(d):
                if v.type == "variable_declaration":
                    nm = v.child_by_field_name("name")
                    names.append(ir.Name(span(v), text(nm)))
                elif v.type == "identifier":
                    names.append(ir.Name(span(v), text(v)))
            return ir.Assign(sp, [ir.Collection(span(d), "tuple", names)], value)
        nm = d.child_by_field_name("name")
        typ = text(d.child_by_field_name("type")) or "var"
        loc = [text(c) for c in d.children if not c.is_named and c.type in ("storage", "memory", "calldata")]
        return ir.Assign(sp, [ir.Name(span(nm or d), text(nm))], value, annotation=" ".join([typ, *loc]))

    def expr_stmt(self, n: Node, sp: ir.Span) -> list[ir.Stmt]:
        n = _unwrap(n)
        t = n.type
        if t == "assignment_expression":
            return [ir.Assign(sp, [self.expr(n.child_by_field_name("left"))],
                              self.expr(n.child_by_field_name("right")))]
        if t == "augmented_assignment_expression":
            op = _op_of(n).rstrip("=")
            return [ir.Assign(sp, [self.expr(n.child_by_field_name("left"))],
                              self.expr(n.child_by_field_name("right")), op=op)]
        if t == "update_expression":
            arg = n.child_by_field_name("argument")
            op = "+" if "++" in text(n) else "-"
            target = self.expr(arg) if arg is not None else ir.Opaque(sp, "update")
            return [ir.Assign(sp, [target], ir.Const(sp, 1), op=op)]
        if t == "identifier" and text(n) == "throw":
            return [ir.Raise(sp, None)]
        e = self.expr(n)
        if isinstance(e, ir.Opaque) and e.kind == "delete":
            return [ir.Delete(sp, list(e.children))]
        if isinstance(e, ir.Call) and isinstance(e.func, ir.Name) and e.func.id == "revert":
            return [ir.Raise(sp, e)]
        return [ir.ExprStmt(sp, e)]

    # ---- expressions ----
    def _base(self, n: Node) -> Node | None:
        """The object of a postfix node, after the substitutions of _push_down."""
        b = n.child_by_field_name(_POSTFIX[n.type])
        if b is None:
            return None
        b = _unwrap(b)
        for _ in range(64):
            nxt = self._subst.get((b.start_byte, b.end_byte, b.type))
            if nxt is None:
                break
            b = nxt
        return b

    def expr(self, n: Node | None) -> ir.Expr:
        if n is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        n = _unwrap(n)
        t, sp = n.type, span(n)
        base_node: Node | None = None
        if t in _POSTFIX:
            root: Node | None = n
            while root is not None and root.type in _POSTFIX:
                root = self._base(root)
            if root is not None and root.type == "binary_expression":
                return self._binary(n)
            if root is not None and root.type in ("unary_expression", "ternary_expression"):
                return self._push_down(n, root)
            base_node = self._base(n)
        if t == "identifier":
            return ir.Name(sp, text(n))
        if t == "member_expression":
            prop = n.child_by_field_name("property")
            obj = self.expr(base_node)
            return ir.Attr(_from(obj, sp), obj, text(prop))
        if t == "array_access":
            base = self.expr(base_node)
            idx = n.child_by_field_name("index")
            sp = _from(base, sp)
            return ir.Index(sp, base, self.expr(idx)) if idx is not None else ir.Opaque(sp, "type", [base])
        if t == "slice_access":
            kids = _kids(n)
            return ir.Index(sp, self.expr(kids[0]) if kids else ir.Opaque(sp, "?"),
                            ir.Slice(sp, self.expr(kids[1]), self.expr(kids[2]), None) if len(kids) == 3
                            else ir.Opaque(sp, "slice", [self.expr(k) for k in kids[1:]]))
        if t == "binary_expression":
            return self._binary(n)
        if t == "unary_expression":
            op = _op_of(n)
            kids = _kids(n)
            operand = self.expr(kids[0]) if kids else ir.Opaque(sp, "?")
            if op == "delete":
                return ir.Opaque(sp, "delete", [operand])
            return ir.UnaryOp(sp, "not" if op == "!" else op, operand)
        if t == "update_expression":
            return ir.Opaque(sp, "update", [self.expr(c) for c in _kids(n)])
        if t in ("assignment_expression", "augmented_assignment_expression"):
            return ir.Opaque(sp, "assign", [self.expr(n.child_by_field_name("left")),
                                            self.expr(n.child_by_field_name("right"))])
        if t == "ternary_expression":
            kids = _kids(n)
            if len(kids) == 3:
                return ir.IfExp(sp, self.expr(kids[0]), self.expr(kids[1]), self.expr(kids[2]))
        if t == "parenthesized_expression":
            kids = _kids(n)
            return self.expr(kids[0]) if len(kids) == 1 else ir.Collection(sp, "tuple", [self.expr(k) for k in kids])
        if t == "tuple_expression":
            kids = _kids(n)
            if len(kids) == 1:
                return self.expr(kids[0])
            return ir.Collection(sp, "tuple", [self.expr(k) for k in kids])
        if t == "inline_array_expression":
            return ir.Collection(sp, "list", [self.expr(k) for k in _kids(n)])
        if t == "number_literal":
            kids = _kids(n)
            unit = _UNITS.get(text(kids[-1]), 1) if kids and kids[-1].type == "number_unit" else 1
            num = _number(text(n).split()[0])
            return ir.Const(sp, num * unit if isinstance(num, int) else num)
        if t == "string_literal":
            return ir.Const(sp, _string_value(n))
        if t in ("hex_string_literal", "unicode_string_literal"):
            return ir.Const(sp, text(n))
        if t == "boolean_literal":
            return ir.Const(sp, text(n) == "true")
        if t == "call_expression":
            return self.call(n, base_node)
        if t == "type_cast_expression":
            kids = _kids(n)
            typ = text(kids[0]) if kids else "?"
            return ir.Call(sp, ir.Name(span(kids[0]) if kids else sp, typ),
                           [self.expr(a) for a in kids[1:] if a.type == "call_argument"])
        if t == "payable_conversion_expression":
            return ir.Call(sp, ir.Name(sp, "payable"), [self.expr(a) for a in _kids(n) if a.type == "call_argument"])
        if t == "new_expression":
            nm = n.child_by_field_name("name")
            return ir.Name(sp, f"new {text(nm) if nm is not None else '?'}")
        if t == "call_argument":
            kids = _kids(n)
            return self.expr(kids[0]) if len(kids) == 1 else ir.Opaque(sp, "arguments", [self.expr(k) for k in kids])
        if t in ("primitive_type", "user_defined_type", "type_name"):
            return ir.Name(sp, text(n))
        if t == "struct_expression":
            tnode = n.child_by_field_name("type")
            return ir.Opaque(sp, "call-options", [self.expr(tnode)] + [self.expr(v) for v in _kids(n)[1:]])
        if t == "struct_field_assignment":
            return self.expr(n.child_by_field_name("value"))
        return ir.Opaque(sp, t, [self.expr(c) for c in _kids(n)])

    def _restore(self, key: tuple[int, int, str], prev: Node | None) -> None:
        if prev is None:
            self._subst.pop(key, None)
        else:
            self._subst[key] = prev

    def _flatten(self, x: Node | None) -> list[object]:
        """Operands (IR) and operators (str) of a chain of binary operations, left to right; a postfix
        operation the grammar hung on a whole binary expression is applied to its last operand."""
        if x is None:
            return [ir.Opaque(ir.NOSPAN, "missing")]
        x = _unwrap(x)
        if x.type == "binary_expression":
            return [*self._flatten(x.child_by_field_name("left")), _op_of(x),
                    *self._flatten(x.child_by_field_name("right"))]
        if x.type in _POSTFIX:
            root: Node | None = x
            while root is not None and root.type in _POSTFIX:
                root = self._base(root)
            if root is not None and root.type == "binary_expression":
                items = self._flatten(root.child_by_field_name("left"))
                rnode = root.child_by_field_name("right")
                if rnode is None:
                    return [*items, _op_of(root), ir.Opaque(span(root), "missing")]
                right = _unwrap(rnode)
                key = (root.start_byte, root.end_byte, root.type)
                prev = self._subst.get(key)
                self._subst[key] = right
                try:
                    last = self.expr(x)
                finally:
                    self._restore(key, prev)
                return [*items, _op_of(root), last]
        return [self.expr(x)]

    def _binary(self, n: Node) -> ir.Expr:
        """Rebuild a binary chain with Solidity's operator precedence (the grammar's is not reliable)."""
        items = self._flatten(n)
        pos = 0

        def parse(min_prec: int) -> ir.Expr:
            nonlocal pos
            left = items[pos]
            pos += 1
            assert isinstance(left, ir.Expr)
            while pos < len(items):
                op = str(items[pos])
                prec = _PREC.get(op, 0)
                if prec < min_prec:
                    break
                pos += 1
                right = parse(prec if op == "**" else prec + 1)
                sp = ir.Span(left.span.line, left.span.col, right.span.end_line, right.span.end_col)
                if op in _COMPARE:
                    left = ir.Compare(sp, left, [op], [right])
                elif op in _BOOL:
                    left = ir.BoolOp(sp, _BOOL[op], [left, right])
                else:
                    left = ir.BinOp(sp, op, left, right)
            return left

        if len(items) % 2 == 0 or any(not isinstance(items[i], ir.Expr) for i in range(0, len(items), 2)):
            return ir.Opaque(span(n), "binary", [x for x in items if isinstance(x, ir.Expr)])
        return parse(0)

    def _push_down(self, n: Node, b: Node) -> ir.Expr:
        """The grammar gives `a + b[i]`, `!a[i]`, `a == B(x).f()` the shape `(a + b)[i]`, `(!a)[i]`,
        `(a == B(x)).f()`: apply the postfix chain `n` (down to `b`) to the operand it belongs to instead."""
        sp = span(n)
        kids = _kids(b)
        if b.type == "binary_expression":
            operand = b.child_by_field_name("right")
        elif b.type == "ternary_expression" and len(kids) == 3:
            operand = kids[2]
        elif b.type == "unary_expression" and kids:
            operand = kids[-1]
        else:
            return ir.Opaque(sp, n.type, [self.expr(k) for k in _kids(n)])
        if operand is None:
            return ir.Opaque(sp, n.type, [])
        key = (b.start_byte, b.end_byte, b.type)
        prev = self._subst.get(key)
        self._subst[key] = _unwrap(operand)
        try:
            inner = self.expr(n)
        finally:
            self._restore(key, prev)
        if b.type == "binary_expression":
            op = _op_of(b)
            left = self.expr(b.child_by_field_name("left"))
            if op in _COMPARE:
                return ir.Compare(sp, left, [op], [inner])
            if op in _BOOL:
                return ir.BoolOp(sp, _BOOL[op], [left, inner])
            return ir.BinOp(sp, op, left, inner)
        if b.type == "ternary_expression":
            return ir.IfExp(sp, self.expr(kids[0]), self.expr(kids[1]), inner)
        op = _op_of(b)
        if op == "delete":
            return ir.Opaque(sp, "delete", [inner])
        return ir.UnaryOp(sp, "not" if op == "!" else op, inner)

    def call(self, n: Node, fn: Node | None = None) -> ir.Expr:
        sp = span(n)
        fn = fn if fn is not None else n.child_by_field_name("function")
        fnode = _unwrap(fn) if fn is not None else None
        args: list[ir.Expr] = []
        keywords: list[ir.Keyword] = []
        for a in _kids(n):
            if a.type != "call_argument":
                continue
            inner = _kids(a)
            if inner and inner[0].type == "call_struct_argument":
                for s in inner:
                    nm = s.child_by_field_name("name")
                    kname = text(nm) if nm is not None else (text(_kids(s)[0]) if _kids(s) else "?")
                    kval = s.child_by_field_name("value") or (_kids(s)[-1] if _kids(s) else None)
                    keywords.append(ir.Keyword(kname, self.expr(kval)))
            else:
                args.extend(self.expr(k) for k in inner)
        if fnode is not None and fnode.type == "struct_expression":
            # x.call{value: v, gas: g}(data)
            typ = fnode.child_by_field_name("type")
            func = self.expr(typ)
            sp = _from(func, sp)
            for fa in _kids(fnode):
                if fa.type == "struct_field_assignment":
                    nm = fa.child_by_field_name("name")
                    keywords.append(ir.Keyword(text(nm), self.expr(fa.child_by_field_name("value"))))
            return ir.Call(sp, func, args, keywords)
        func = self.expr(fn)
        sp = _from(func, sp)
        # x.call.value(v).gas(g)(data): fold the option calls into keywords of the final call.
        opts: list[ir.Keyword] = []
        while (isinstance(func, ir.Call) and isinstance(func.func, ir.Attr) and func.func.attr in _CALL_OPTIONS
               and _is_low_level_chain(func.func.obj)):
            opts[:0] = [ir.Keyword(func.func.attr, func.args[0] if func.args else ir.Const(func.span, None))]
            func = func.func.obj
        if opts and isinstance(func, ir.Attr):
            return ir.Call(sp, func, args, opts + keywords)
        return ir.Call(sp, func, args, keywords)


def _from(first: ir.Expr, sp: ir.Span) -> ir.Span:
    """A postfix node's span starts where its object does (which differs from the tree's span when the
    node was moved onto the last operand of a binary expression)."""
    if first.span.line == 0:
        return sp
    return ir.Span(first.span.line, first.span.col, sp.end_line, sp.end_col)


def _is_low_level_chain(e: ir.Expr) -> bool:
    """x.call / x.delegatecall, possibly followed by more .value(..) / .gas(..) option calls."""
    while isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and e.func.attr in _CALL_OPTIONS:
        e = e.func.obj
    return isinstance(e, ir.Attr) and e.attr in _LOW_LEVEL
