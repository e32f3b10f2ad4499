"""Go front-end: lowers tree-sitter-go trees to the IR.

Nothing here runs the scanned code. Conventions of the lowering (shared with the taint engine and the
Go rule data in armur.rules.go_taint):

- `import "net/http"` is Import('net/http', alias='http'); a major-version suffix (`/v5`) is dropped
  from the path and from the default alias (`github.com/go-chi/chi/v5` is `github.com/go-chi/chi`,
  alias `chi`), so qualified names read `net/http.Request`, `os/exec.Command`.
- Types are named the same way: `*http.Request` is the annotation `net/http.Request` (pointers, slices
  of nothing else are stripped); a local type keeps its bare name. A type used as a value (the zero
  value of `var db *sql.DB`, a struct field) is the Attr `sql.DB`, which evaluates to that type.
- Methods are grouped per receiver type into a Class named after the type; the receiver is the
  leading parameter `self` (references to the receiver's name inside the method are `self`).
  A struct literal `T{a: x}` is the call `T(a=x)`; a literal of a library type `tls.Config{...}` is
  the call `tls.Config(InsecureSkipVerify=True, ...)`.
- Multiple results: `a, b := f()` assigns the call's value to `a` and an opaque value to the others
  (Go's second results are errors and ok-flags); `return x, err` returns `x`. Parallel assignments
  `a, b = x, y` assign pairwise.
- `&x`, `*x`, `x.(T)`, `string(x)`, `[]byte(x)` are `x`; numeric conversions `int32(x)` stay calls of
  the type name (so rules see them); `fmt.Sprintf` with a constant format is a Format whose numeric
  verbs (%d, %x...) are calls of `$fmt_number` (a number cannot carry an injection).
- `w.Header().Set("Content-Type", "<not html>")` is followed by `w = $plain_writer(w)`: writes to that
  writer no longer produce HTML.
- `switch` and `select` are if-chains; `go f()` / `defer f()` are calls; unknown syntax is Opaque.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from tree_sitter import Node, Tree

from armur.ir import nodes as ir
from armur.lang import operators
from armur.lang.treesitter import joined_text, parse, text

FMT_NUMBER = "$fmt_number"
FMT_QUOTE = "$fmt_quote"
# printf-style functions and methods (fmt, log, testing, common loggers): the format is the first
# argument, after the writer for the F- forms.
_PRINTF = frozenset({"Printf", "Sprintf", "Errorf", "Fprintf", "Fatalf", "Panicf", "Logf", "Infof", "Warnf",
                     "Warningf", "Debugf", "Tracef", "Skipf", "Exitf", "DPanicf"})
PLAIN_WRITER = "$plain_writer"
HTML_BODY = "$html_body"  # the body of a response sent with an HTML content type
NO_TAGS = "$no_tags"  # a string with every `<` replaced by text without one: it cannot open an HTML tag
NO_LINES = "$no_lines"  # a string with every line feed replaced by text without one: a single log line

_VERSION = re.compile(r"/v\d+$")
_COMPARE = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_BOOL = {"&&": "and", "||": "or"}
_ARITH = frozenset({"+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "a": "\a", "\\": "\\",
            "'": "'", '"': '"'}
NUMERIC_TYPES = frozenset({"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
                           "uint64", "uintptr", "float32", "float64", "byte", "rune", "complex64", "complex128"})
_STRINGISH = frozenset({"string", "[]byte", "[]rune"})
_NUM_VERBS = frozenset("dbocxXeEfFgGtUp")
_VERB = re.compile(r"%([-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?)([a-zA-Z%])")


def span(n: Node) -> ir.Span:
    """IR span of a tree-sitter node."""
    return ir.Span(n.start_point[0] + 1, n.start_point[1] + 1, n.end_point[0] + 1, n.end_point[1] + 1)


def _const_str(e: ir.Expr) -> str | None:
    return e.value if isinstance(e, ir.Const) and isinstance(e.value, str) else None


def normalise_import(path: str) -> str:
    """An import path without its major-version suffix (`github.com/labstack/echo/v4` -> `.../echo`)."""
    return _VERSION.sub("", path)


def default_alias(path: str) -> str:
    """The package name Go gives an import path by default (its last element, version suffix dropped)."""
    last = normalise_import(path).rsplit("/", 1)[-1]
    if last.startswith("go-"):
        last = last[3:]
    if "." in last:  # gopkg.in/yaml.v2 -> yaml
        last = last.split(".")[0]
    return last.replace("-", "_")


def imports_of(root: Node) -> dict[str, str]:
    """Local package name -> normalised import path for a file's imports (dot and blank imports left out)."""
    out: dict[str, str] = {}
    for decl in root.named_children:
        if decl.type != "import_declaration":
            continue
        for spec in _import_specs(decl):
            p = spec.child_by_field_name("path")
            if p is None:
                continue
            path = string_value(p)
            name = spec.child_by_field_name("name")
            alias = text(name) if name is not None else default_alias(path)
            if alias in ("_", "."):
                continue
            out[alias] = normalise_import(path)
    return out


def _import_specs(decl: Node) -> list[Node]:
    specs: list[Node] = []
    for c in decl.named_children:
        if c.type == "import_spec":
            specs.append(c)
        elif c.type == "import_spec_list":
            specs.extend(s for s in c.named_children if s.type == "import_spec")
    return specs


def string_value(n: Node) -> str:
    """Value of an interpreted or raw string literal."""
    if n.type == "raw_string_literal":
        t = text(n)
        return t[1:-1] if len(t) >= 2 else ""
    return joined_text(n, _unescape)


def _unescape(seq: str) -> str:
    body = seq[1:]
    if not body:
        return ""
    if body in _ESCAPES:
        return _ESCAPES[body]
    try:
        if body[0] in "xuU":
            return chr(int(body[1:], 16))
        if body[0] in "01234567":
            return chr(int(body, 8))
    except (ValueError, OverflowError):
        return seq
    return seq


def int_value(s: str) -> int | float:
    """Value of a Go integer or float literal (0600 is octal)."""
    s = s.replace("_", "").lower()
    try:
        if s.startswith(("0x", "0o", "0b")):
            return int(s, 0)
        if len(s) > 1 and s.startswith("0") and s.isdigit():
            return int(s, 8)
        if s.isdigit():
            return int(s)
        return float(s)
    except ValueError:
        return 0


def lower_source(path: str, source: str, tree: Tree | None = None) -> ir.Module:
    """Parse (unless `tree` is given) and lower Go source. Raises TooDeep for deep nesting."""
    if tree is None:
        tree = parse("go", source.encode("utf-8"))
    lw = _Lowerer(imports_of(tree.root_node))
    return ir.Module(path, "go", lw.source_file(tree.root_node), source.splitlines())


_PREDECLARED_TYPES = NUMERIC_TYPES | {"string", "bool", "error", "any"}


def _local_refs(fields: list[ir.Stmt]) -> list[str]:
    """Local types whose default instances a class's field defaults build (`Store()`)."""
    return [st.value.func.id for st in fields if isinstance(st, ir.Assign) and isinstance(st.value, ir.Call)
            and isinstance(st.value.func, ir.Name) and not st.value.args]


def _top_level_vars(root: Node) -> set[str]:
    """Names of a file's package-level variables."""
    out: set[str] = set()
    for decl in root.named_children:
        if decl.type != "var_declaration":
            continue
        for c in decl.named_children:
            specs = [c] if c.type == "var_spec" else [s for s in c.named_children if s.type == "var_spec"] \
                if c.type == "var_spec_list" else []
            for spec in specs:
                out.update(text(x) for x in spec.children_by_field_name("name"))
    return out


_ANCHOR_START = ("^", "\\A")
_ANCHOR_END = ("$", "\\z")


def _validating_pattern(pat: str) -> bool:
    """Whether a regular expression, matched, pins the whole value to a small character set: anchored
    at both ends, no wildcard (`.` outside a class, `\\S`, `\\W`, `\\D`, negated classes), and not
    allowing both `.` and a path separator (which would let `../` through)."""
    if not pat.startswith(_ANCHOR_START) or not pat.endswith(_ANCHOR_END) or pat.endswith("\\$"):
        return False
    if "|" in pat or any(w in pat for w in ("\\S", "\\W", "\\D", "[^", "\\p", "\\P")):
        return False
    in_class = False
    esc = False
    for ch in pat:
        if esc:
            esc = False
            continue
        if ch == "\\":
            esc = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "." and not in_class:
            return False
    return not ("." in pat and ("/" in pat or "\\\\" in pat))


def _host_of(e: ir.Expr) -> ir.Expr:
    """In a condition, `u.Hostname()` is the check of `u.Host`."""
    if isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and e.func.attr == "Hostname" and not e.args:
        return ir.Attr(e.span, e.func.obj, "Host")
    if isinstance(e, ir.Compare):
        return ir.Compare(e.span, _host_of(e.left), e.ops, [_host_of(c) for c in e.comparators])
    return e


def _wrap_verb(verb: str, a: ir.Expr) -> ir.Expr:
    """A printf argument as its verb renders it: numbers for numeric verbs, a quoted literal for %q."""
    if verb in _NUM_VERBS:
        return ir.Call(a.span, ir.Name(a.span, FMT_NUMBER), [a])
    if verb == "q":
        return ir.Call(a.span, ir.Name(a.span, FMT_QUOTE), [a])
    return a


def _is_error_name(e: ir.Expr) -> bool:
    return isinstance(e, ir.Name) and (e.id == "err" or e.id.endswith("Err"))


def _membership(sp: ir.Span, op: str, vals: list[ir.Expr]) -> ir.Expr | None:
    """`x == "a" || x == "b"` is `x in ("a", "b")`; `x != "a" && x != "b"` is `x not in ("a", "b")`."""
    want = "==" if op == "or" else "!="
    subject: str | None = None
    consts: list[ir.Expr] = []
    for v in vals:
        if not (isinstance(v, ir.Compare) and v.ops == [want] and isinstance(v.left, ir.Name)
                and isinstance(v.comparators[0], ir.Const)):
            return None
        if subject is not None and v.left.id != subject:
            return None
        subject = v.left.id
        consts.append(v.comparators[0])
    if subject is None:
        return None
    return ir.Compare(sp, ir.Name(sp, subject), ["in" if op == "or" else "not-in"],
                      [ir.Collection(sp, "tuple", consts)])


class _Lowerer:
    def __init__(self, imports: dict[str, str]) -> None:
        self.imports = imports
        self.scope: list[str] = []
        self.recv: str | None = None
        # Block scopes of the function being lowered (innermost last): name -> lowered name. A name
        # declared again in an inner block (`x := ...` shadowing an outer x) is lowered as `x$<line>`
        # for the rest of that block, so the outer variable keeps its value.
        self.blocks: list[dict[str, str]] = []
        self.embedded: dict[str, list[str]] = {}  # struct -> local types embedded in it
        self.embedded_lib: dict[str, list[ir.Expr]] = {}  # struct -> library types embedded in it
        # `rel, err := filepath.Rel(base, target)` in the function being lowered: rel -> target
        self.rel_of: dict[str, ir.Expr] = {}
        self.package_vars: set[str] = set()
        # `v, ok := m[k]` in the function being lowered: ok -> `k in m`, for conditions on ok
        self.bool_of: dict[str, ir.Expr] = {}
        # variables bound to `regexp.MustCompile("<constant>")`: name -> pattern
        self.regex_of: dict[str, str] = {}

    @contextmanager
    def block_scope(self) -> Iterator[None]:
        """A block's own scope for the names declared while lowering it."""
        self.blocks.append({})
        try:
            yield
        finally:
            self.blocks.pop()

    def declare(self, name: str, line: int) -> None:
        """Declare a local in the innermost block (a fresh name when it shadows an outer one)."""
        if not self.blocks or name == "_" or name in self.blocks[-1]:
            return
        outer = any(name in b for b in self.blocks[:-1])
        self.blocks[-1][name] = f"{name}${line}" if outer else name

    def resolve(self, name: str) -> str:
        for b in reversed(self.blocks):
            if name in b:
                return b[name]
        return name

    @staticmethod
    def kids(n: Node | None) -> list[Node]:
        if n is None:
            return []
        return [c for c in n.named_children if c.type != "comment"]

    # ---- types ----
    def type_name(self, n: Node | None) -> str:
        """Qualified name of a type node: `*http.Request` -> `net/http.Request`, `[]byte` -> `[]byte`."""
        if n is None:
            return ""
        t = n.type
        if t in ("pointer_type", "parenthesized_type"):
            kids = self.kids(n)
            return self.type_name(kids[-1]) if kids else ""
        if t == "qualified_type":
            pkg = text(n.child_by_field_name("package"))
            name = text(n.child_by_field_name("name"))
            return f"{self.imports.get(pkg, pkg)}.{name}"
        if t == "generic_type":
            return self.type_name(n.child_by_field_name("type"))
        return text(n)

    def type_value(self, n: Node | None, sp: ir.Span) -> ir.Expr:
        """The zero value of a declared type, as an expression the engine can type."""
        if n is None:
            return ir.Const(sp, None)
        while n.type in ("pointer_type", "parenthesized_type") and self.kids(n):
            n = self.kids(n)[-1]
        t = n.type
        if t == "qualified_type":
            pkg = n.child_by_field_name("package")
            return ir.Attr(sp, ir.Name(span(pkg) if pkg else sp, text(pkg)), text(n.child_by_field_name("name")))
        if t == "type_identifier":
            name = text(n)
            if name == "string":
                return ir.Const(sp, "")
            if name in NUMERIC_TYPES:
                return ir.Const(sp, 0)
            if name == "bool":
                return ir.Const(sp, False)
            if name not in _PREDECLARED_TYPES:
                return ir.Call(sp, ir.Name(span(n), name), [])  # a type of the package: an instance
            return ir.Opaque(sp, "zero", [])
        if t in ("slice_type", "array_type"):
            return ir.Collection(sp, "list", [])
        if t == "map_type":
            return ir.DictLit(sp, [], [])
        return ir.Opaque(sp, "zero", [])

    # ---- file ----
    def source_file(self, root: Node) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        methods: dict[str, list[ir.Func]] = {}
        structs: dict[str, tuple[Node, list[ir.Stmt]]] = {}
        order: list[str] = []
        inits: list[str] = []
        self.package_vars = _top_level_vars(root)
        self.regex_of = self._top_level_regexes(root)
        for c in self.kids(root):
            t = c.type
            if t == "import_declaration":
                out.extend(self.import_decl(c))
            elif t == "function_declaration":
                fname = text(c.child_by_field_name("name"))
                if fname == "init":
                    # a file may have several init functions: each is kept, and all run after the
                    # package variables are initialised (the module's last statements)
                    fname = f"init${len(inits)}" if inits else "init"
                    inits.append(fname)
                out.append(self.func(c, fname))
            elif t == "method_declaration":
                recv_type, f = self.method(c)
                methods.setdefault(recv_type, []).append(f)
                if recv_type not in order:
                    order.append(recv_type)
            elif t == "type_declaration":
                for spec in self.kids(c):
                    if spec.type != "type_spec":
                        continue
                    name = text(spec.child_by_field_name("name"))
                    typ = spec.child_by_field_name("type")
                    if typ is not None and typ.type == "struct_type":
                        structs[name] = (spec, self.struct_fields(typ, name))
                        if name not in order:
                            order.append(name)
            elif t in ("var_declaration", "const_declaration"):
                out.extend(self.var_decl(c))
            elif t in ("package_clause", "comment"):
                continue
            elif t == "ERROR":
                out.append(ir.OpaqueStmt(span(c), "error"))
            else:
                out.extend(self.stmts(c))
        # A class whose fields hold values of another local type comes after that type's class, so
        # the field's default instance can be built when the module runs top to bottom.
        deps = {name: [d for d in _local_refs(structs.get(name, (None, []))[1]) if d in order and d != name]
                for name in order}
        placed: list[str] = []
        visiting: set[str] = set()

        def place(name: str) -> None:
            if name in placed or name in visiting:
                return
            visiting.add(name)
            for d in deps.get(name, []):
                place(d)
            placed.append(name)

        for name in order:
            place(name)
        for name in placed:
            node, fields = structs.get(name, (None, []))
            ms = methods.get(name, [])
            sp = span(node) if node is not None else ms[0].span
            bases: list[ir.Expr] = [ir.Name(sp, e) for e in self.embedded.get(name, [])]
            bases.extend(self.embedded_lib.get(name, []))
            out.append(ir.Class(sp, name, bases, [*fields, *ms], [], name))
        out.extend(ir.ExprStmt(ir.NOSPAN, ir.Call(ir.NOSPAN, ir.Name(ir.NOSPAN, f), [])) for f in inits)
        return out

    def struct_fields(self, st: Node, owner: str = "") -> list[ir.Stmt]:
        """Class-level defaults for struct fields, so methods on them resolve: a field of a library
        type (`db *sql.DB`) holds that type; a field of a type of the package (`store *Store`,
        `svc Service`) holds an instance of its class, `Store()`. An embedded local type (`*Base`)
        is also a base of the class: its methods are promoted."""
        out: list[ir.Stmt] = []
        for fl in self.kids(st):
            if fl.type != "field_declaration_list":
                continue
            for fd in self.kids(fl):
                if fd.type != "field_declaration":
                    continue
                typ = fd.child_by_field_name("type")
                inner = typ
                while inner is not None and inner.type == "pointer_type" and self.kids(inner):
                    inner = self.kids(inner)[-1]
                if inner is not None and inner.type == "generic_type":
                    inner = inner.child_by_field_name("type")
                if inner is None:
                    continue
                names = fd.children_by_field_name("name")
                if inner.type == "type_identifier":
                    tname = text(inner)
                    if tname in _PREDECLARED_TYPES:
                        continue
                    if not names and owner:
                        self.embedded.setdefault(owner, []).append(tname)
                    for nm in names or [inner]:
                        sp = span(nm)
                        out.append(ir.Assign(sp, [ir.Name(sp, text(nm))], ir.Call(sp, ir.Name(span(inner), tname), [])))
                    continue
                if inner.type != "qualified_type":
                    continue
                if not names:  # embedded library type: the field is named after the type
                    fname = inner.child_by_field_name("name")
                    if fname is not None:
                        sp = span(fname)
                        out.append(ir.Assign(sp, [ir.Name(sp, text(fname))], self.type_value(typ, sp)))
                        if owner:  # and a base of the class: its fields and methods are promoted
                            self.embedded_lib.setdefault(owner, []).append(self.type_value(typ, sp))
                for nm in names:
                    sp = span(nm)
                    out.append(ir.Assign(sp, [ir.Name(sp, text(nm))], self.type_value(typ, sp)))
        return out

    def import_decl(self, n: Node) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for spec in _import_specs(n):
            p = spec.child_by_field_name("path")
            if p is None:
                continue
            path = string_value(p)
            name = spec.child_by_field_name("name")
            alias = text(name) if name is not None else default_alias(path)
            if alias == "_":
                continue
            if alias == ".":
                out.append(ir.Import(span(spec), normalise_import(path), None, [("*", None)]))
                continue
            out.append(ir.Import(span(spec), normalise_import(path), alias, []))
        return out

    def var_decl(self, n: Node) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        specs: list[Node] = []
        for c in self.kids(n):
            if c.type in ("var_spec", "const_spec"):
                specs.append(c)
            elif c.type in ("var_spec_list", "const_spec_list"):
                specs.extend(s for s in self.kids(c) if s.type in ("var_spec", "const_spec"))
        for spec in specs:
            sp = span(spec)
            for x in spec.children_by_field_name("name"):
                self.declare(text(x), x.start_point[0] + 1)
            names: list[ir.Expr] = [self.expr(x) for x in spec.children_by_field_name("name")]
            typ = spec.child_by_field_name("type")
            value = spec.child_by_field_name("value")
            if value is None:
                for nm in names:
                    zero = self.type_value(typ, sp) if typ is not None else ir.Opaque(sp, "iota", [])
                    out.append(ir.Assign(sp, [nm], zero))
                continue
            out.extend(self.assign_lists(names, self.kids(value), sp, typ))
        return out

    # ---- statements ----
    def block(self, n: Node | None) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        if n is None:
            return out
        if n.type == "block":
            with self.block_scope():
                for c in self.kids(n):
                    out.extend(self.block(c) if c.type == "statement_list" else self.stmts(c))
            return out
        if n.type == "statement_list":
            for c in self.kids(n):
                out.extend(self.stmts(c))
            return out
        return self.stmts(n)

    def stmts(self, n: Node) -> list[ir.Stmt]:
        t = n.type
        sp = span(n)
        if t in ("comment", "empty_statement"):
            return []
        if t in ("block", "statement_list"):
            return self.block(n)
        if t == "expression_statement":
            kids = self.kids(n)
            if not kids:
                return []
            e = self.expr(kids[0])
            out: list[ir.Stmt] = [ir.ExprStmt(sp, e)]
            out.extend(self._content_type(kids[0], sp))
            return out
        if t in ("short_var_declaration", "assignment_statement"):
            return self.assignment(n)
        if t in ("inc_statement", "dec_statement"):
            kids = self.kids(n)
            if not kids:
                return []
            return [ir.Assign(sp, [self.expr(kids[0])], ir.Const(sp, 1), "+" if t == "inc_statement" else "-")]
        if t in ("var_declaration", "const_declaration"):
            return self.var_decl(n)
        if t == "type_declaration":
            return [ir.Pass(sp, "type")]
        if t == "return_statement":
            kids = self.kids(n)
            if not kids:
                return [ir.Return(sp, None)]
            vals = self.kids(kids[0]) if kids[0].type == "expression_list" else kids
            return [ir.Return(sp, self.expr(vals[0]) if vals else None)]
        if t == "if_statement":
            return self.if_stmt(n)
        if t == "for_statement":
            return self.for_stmt(n)
        if t in ("expression_switch_statement", "type_switch_statement"):
            return self.switch(n)
        if t == "select_statement":
            return self.select(n)
        if t in ("go_statement", "defer_statement"):
            kids = self.kids(n)
            return [ir.ExprStmt(sp, self.expr(kids[0]))] if kids else []
        if t in ("break_statement", "continue_statement"):
            return [ir.Pass(sp, t.split("_")[0])]
        if t in ("goto_statement", "fallthrough_statement"):
            return [ir.Pass(sp, t.split("_")[0])]
        if t == "labeled_statement":
            out2: list[ir.Stmt] = []
            for c in self.kids(n):
                if c.type != "label_name":
                    out2.extend(self.stmts(c))
            return out2
        if t == "send_statement":
            return [ir.OpaqueStmt(sp, "send", [self.expr(c) for c in self.kids(n)])]
        if t == "function_declaration":
            return [self.func(n, text(n.child_by_field_name("name")))]
        if t == "ERROR":
            return [ir.OpaqueStmt(sp, "error")]
        if t.endswith("expression") or t in ("identifier", "call_expression"):
            return [ir.ExprStmt(sp, self.expr(n))]
        return [ir.OpaqueStmt(sp, t, [])]

    def _content_type(self, call: Node, sp: ir.Span) -> list[ir.Stmt]:
        """`w.Header().Set("Content-Type", "application/json")`: later writes to w are not HTML."""
        if call.type != "call_expression":
            return []
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) not in (
                "Set", "Add"):
            return []
        hdr = fn.child_by_field_name("operand")
        if hdr is None or hdr.type != "call_expression":
            return []
        hfn = hdr.child_by_field_name("function")
        if hfn is None or hfn.type != "selector_expression" or text(hfn.child_by_field_name("field")) != "Header":
            return []
        writer = hfn.child_by_field_name("operand")
        args = self.kids(call.child_by_field_name("arguments"))
        if writer is None or writer.type != "identifier" or len(args) != 2:
            return []
        if args[0].type not in ("interpreted_string_literal", "raw_string_literal") or \
                string_value(args[0]).lower() != "content-type":
            return []
        if args[1].type not in ("interpreted_string_literal", "raw_string_literal") or \
                "html" in string_value(args[1]).lower():
            return []
        w = self.expr(writer)
        return [ir.Assign(sp, [w], ir.Call(sp, ir.Name(sp, PLAIN_WRITER), [self.expr(writer)]))]

    def assignment(self, n: Node) -> list[ir.Stmt]:
        sp = span(n)
        left = n.child_by_field_name("left")
        right = n.child_by_field_name("right")
        lefts = self.kids(left) if left is not None and left.type == "expression_list" else \
            ([left] if left is not None else [])
        rights = self.kids(right) if right is not None and right.type == "expression_list" else \
            ([right] if right is not None else [])
        op_node = n.child_by_field_name("operator")
        op = text(op_node) if op_node is not None else next(
            (text(c) for c in n.children if not c.is_named and text(c).endswith("=")), "=")
        if op == ":=" and self.blocks:
            # the values are evaluated before the new variables exist (`x := x + 1` reads the outer x)
            saved = dict(self.blocks[-1])
            for x in lefts:
                if x.type == "identifier":
                    self.declare(text(x), x.start_point[0] + 1)
            targets = [self.expr(x) for x in lefts]
            declared = self.blocks[-1]
            self.blocks[-1] = saved
            out = self.assign_lists(targets, rights, sp, None)
            self.blocks[-1] = declared
            return out
        targets = [self.expr(x) for x in lefts]
        if op not in ("=", ":="):
            bop = op[:-1]
            if len(targets) == 1 and len(rights) == 1:
                return [ir.Assign(sp, targets, self.expr(rights[0]), bop if bop in _ARITH else "+")]
            return [ir.OpaqueStmt(sp, "assign", [self.expr(r) for r in rights])]
        return self.assign_lists(targets, rights, sp, None)

    def assign_lists(self, targets: list[ir.Expr], rights: list[Node], sp: ir.Span,
                     typ: Node | None) -> list[ir.Stmt]:
        if targets and len(rights) == 1 and isinstance(targets[0], ir.Name):
            self._note_rel(targets[0].id, rights[0])
        for t in targets:
            if isinstance(t, ir.Name):
                self.bool_of.pop(t.id, None)
        if len(targets) == 1 and len(rights) == 1 and isinstance(targets[0], ir.Name):
            pat = self._compiled_pattern(rights[0])
            if pat is not None:
                self.regex_of[targets[0].id] = pat
        if len(targets) == 2 and len(rights) == 1 and isinstance(targets[1], ir.Name) \
                and rights[0].type == "index_expression":
            # `v, ok := m[k]`: ok says whether k is a key of m
            r = rights[0]
            self.bool_of[targets[1].id] = ir.Compare(span(r), self.expr(r.child_by_field_name("index")), ["in"],
                                                     [self.expr(r.child_by_field_name("operand"))])
        if not targets:
            return [ir.ExprStmt(sp, self.expr(r)) for r in rights]
        if len(rights) == len(targets):
            vals = [self.expr(r) for r in rights]
            if len(targets) == 1:
                if _is_error_name(targets[0]) and isinstance(vals[0], ir.Call):
                    # `err = cmd.Run()`: an error value, not the data the call worked on.
                    return [ir.ExprStmt(sp, vals[0]), ir.Assign(sp, targets, ir.Opaque(sp, "error", []))]
                return [ir.Assign(sp, targets, vals[0])]
            return [ir.Assign(sp, [ir.Collection(sp, "tuple", targets)], ir.Collection(sp, "tuple", vals))]
        if len(rights) == 1:
            # a, err := f(); v, ok := m[k]; v, ok := x.(T); v, ok := <-ch
            out: list[ir.Stmt] = [ir.Assign(sp, [targets[0]], self.expr(rights[0]))]
            if _is_error_name(targets[0]):
                out = [ir.ExprStmt(sp, self.expr(rights[0])), ir.Assign(sp, [targets[0]], ir.Opaque(sp, "error", []))]
            for t in targets[1:]:
                out.append(ir.Assign(sp, [t], ir.Opaque(sp, "result", [])))
            return out
        return [ir.OpaqueStmt(sp, "assign", [self.expr(r) for r in rights])]

    def if_stmt(self, n: Node) -> list[ir.Stmt]:
        with self.block_scope():
            return self._if_stmt(n)

    def _if_stmt(self, n: Node) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        init = n.child_by_field_name("initializer")
        if init is not None:
            out.extend(self.stmts(init))
        test = self.cond(n.child_by_field_name("condition"))
        body = self.block(n.child_by_field_name("consequence"))
        alt = n.child_by_field_name("alternative")
        orelse = self.block(alt) if alt is not None else []
        out.append(ir.If(span(n), test, body, orelse))
        return out

    def for_stmt(self, n: Node) -> list[ir.Stmt]:
        with self.block_scope():
            clause = next((c for c in self.kids(n) if c.type == "range_clause"), None)
            if clause is not None and any(not c.is_named and text(c) == ":=" for c in clause.children):
                left = clause.child_by_field_name("left")
                for x in self.kids(left):
                    if x.type == "identifier":
                        self.declare(text(x), x.start_point[0] + 1)
            return self._for_stmt(n)

    def _for_stmt(self, n: Node) -> list[ir.Stmt]:
        sp = span(n)
        init0 = next((c for c in self.kids(n) if c.type == "for_clause"), None)
        init_node = init0.child_by_field_name("initializer") if init0 is not None else None
        pre = self.stmts(init_node) if init_node is not None else []
        body = self.block(n.child_by_field_name("body"))
        clause = next((c for c in self.kids(n) if c.type in ("for_clause", "range_clause")), None)
        if clause is None:
            cond = next((c for c in self.kids(n) if c.type != "block"), None)
            test = self.expr(cond) if cond is not None else ir.Const(sp, True)
            return [ir.Loop(sp, None, None, test, body)]
        if clause.type == "range_clause":
            left = clause.child_by_field_name("left")
            right = self.expr(clause.child_by_field_name("right"))
            names = self.kids(left) if left is not None else []
            target: ir.Expr | None
            if not names:
                target = None
            elif len(names) == 1:
                target = self.expr(names[0])
            else:
                target = ir.Collection(sp, "tuple", [self.expr(x) for x in names])
            return [ir.Loop(sp, target, right, None, body)]
        out: list[ir.Stmt] = list(pre)
        cond = clause.child_by_field_name("condition")
        test2: ir.Expr = self.expr(cond) if cond is not None else ir.Const(sp, True)
        upd = clause.child_by_field_name("update")
        if upd is not None:
            body.extend(self.stmts(upd))
        out.append(ir.Loop(sp, None, None, test2, body))
        return out

    def switch(self, n: Node) -> list[ir.Stmt]:
        with self.block_scope():
            return self._switch(n)

    def _switch(self, n: Node) -> list[ir.Stmt]:
        sp = span(n)
        out: list[ir.Stmt] = []
        init = n.child_by_field_name("initializer")
        if init is not None:
            out.extend(self.stmts(init))
        value = n.child_by_field_name("value")
        subject: ir.Expr | None = None
        if n.type == "type_switch_statement":
            alias = n.child_by_field_name("alias")
            val = self.expr(value)
            if alias is not None:
                out.extend(ir.Assign(sp, [self.expr(a)], val)
                           for a in (self.kids(alias) if alias.type == "expression_list" else [alias]))
            else:
                out.append(ir.ExprStmt(sp, val))
        elif value is not None:
            subject = ir.Name(sp, f"$switch{sp.line}_{sp.col}")
            out.append(ir.Assign(sp, [subject], self.expr(value)))
        chain: list[ir.Stmt] = []
        cases: list[tuple[ir.Expr, list[ir.Stmt]]] = []
        for c in self.kids(n):
            if c.type in ("default_case",):
                chain = self._case_body(c)
            elif c.type in ("expression_case", "type_case"):
                test: ir.Expr
                vals_node = c.child_by_field_name("value")
                vals = self.kids(vals_node) if vals_node is not None and vals_node.type == "expression_list" else \
                    ([vals_node] if vals_node is not None else [])
                if c.type == "type_case" or not vals:
                    test = ir.Opaque(span(c), "case", [])
                elif subject is None:
                    tests = [self.expr(v) for v in vals]
                    test = tests[0] if len(tests) == 1 else ir.BoolOp(span(c), "or", tests)
                else:
                    cmps: list[ir.Expr] = [ir.Compare(span(v), subject, ["=="], [self.expr(v)]) for v in vals]
                    test = cmps[0] if len(cmps) == 1 else ir.BoolOp(span(c), "or", cmps)
                cases.append((test, self._case_body(c)))
        for test, body in reversed(cases):
            chain = [ir.If(sp, test, body, chain)]
        return out + chain

    def _case_body(self, c: Node) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        with self.block_scope():
            for k in self.kids(c):
                if k.type in ("statement_list", "block"):
                    out.extend(self.block(k))
        return out

    def select(self, n: Node) -> list[ir.Stmt]:
        sp = span(n)
        chain: list[ir.Stmt] = []
        cases: list[tuple[Node, list[ir.Stmt]]] = []
        for c in self.kids(n):
            if c.type == "communication_case":
                comm = c.child_by_field_name("communication")
                pre = self.stmts(comm) if comm is not None else []
                cases.append((c, pre + self._case_body(c)))
            elif c.type == "default_case":
                chain = self._case_body(c)
        for c, body in reversed(cases):
            chain = [ir.If(span(c), ir.Opaque(span(c), "select", []), body, chain)]
        return chain or [ir.Pass(sp)]

    # ---- functions ----
    def params(self, n: Node | None) -> list[ir.Param]:
        out: list[ir.Param] = []
        if n is None:
            return out
        for i, p in enumerate(self.kids(n)):
            if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            ann = self.type_name(p.child_by_field_name("type"))
            kind = "vararg" if p.type == "variadic_parameter_declaration" else "pos"
            names = p.children_by_field_name("name")
            if not names:
                out.append(ir.Param(f"$p{i}", None, kind, ann))
            out.extend(ir.Param(text(nm), None, kind, ann) for nm in names)
        return out

    def func(self, n: Node, name: str, recv: tuple[str, str] | None = None) -> ir.Func:
        sp = span(n)
        name = name or "<func>"
        self.scope.append(name)
        qual = ".".join(self.scope)
        params = self.params(n.child_by_field_name("parameters"))
        saved = self.recv
        if recv is not None:
            self.recv = recv[0] if recv[0] not in ("", "_") else None
            params.insert(0, ir.Param("self", None, "pos", recv[1]))
        elif n.type == "func_literal":
            pass  # a closure keeps the enclosing method's receiver
        else:
            self.recv = None
        saved_blocks, saved_rel, saved_bool = self.blocks, self.rel_of, self.bool_of
        self.rel_of = dict(self.rel_of) if n.type == "func_literal" else {}
        self.bool_of = dict(self.bool_of) if n.type == "func_literal" else {}
        # a function literal sees the blocks around it; a declared function starts afresh
        self.blocks = [*self.blocks] if n.type == "func_literal" else []
        self.blocks.append({p.name: p.name for p in params if p.name != "self"})
        body = self.block(n.child_by_field_name("body"))
        if recv is None and n.type == "function_declaration" and len(self.scope) == 1 and \
                name.split("$")[0] == "init" and self.package_vars:
            # init sets package variables: its assignments to them are the package's
            body.insert(0, ir.Global(sp, sorted(self.package_vars)))
        self.blocks, self.rel_of, self.bool_of = saved_blocks, saved_rel, saved_bool
        self.recv = saved
        self.scope.pop()
        return ir.Func(sp, name, params, body, [], n.type == "func_literal", False, qual)

    def method(self, n: Node) -> tuple[str, ir.Func]:
        recv_list = n.child_by_field_name("receiver")
        rname, rtype = "", ""
        for p in self.kids(recv_list):
            if p.type == "parameter_declaration":
                nm = p.child_by_field_name("name")
                rname = text(nm) if nm is not None else ""
                rtype = self.type_name(p.child_by_field_name("type"))
                break
        rtype = rtype.split("[")[0]
        self.scope.append(rtype)
        f = self.func(n, text(n.child_by_field_name("name")), (rname, rtype))
        self.scope.pop()
        return rtype, f

    # ---- expressions ----
    def expr(self, n: Node | None) -> ir.Expr:
        if n is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        t = n.type
        sp = span(n)
        if t in ("identifier", "field_identifier", "package_identifier", "type_identifier"):
            name = text(n)
            if name == "nil":
                return ir.Const(sp, None)
            if name == "true":
                return ir.Const(sp, True)
            if name == "false":
                return ir.Const(sp, False)
            mapped = self.resolve(name)
            if mapped != name:
                return ir.Name(sp, mapped)
            if self.recv is not None and name == self.recv:
                return ir.Name(sp, "self")
            return ir.Name(sp, name)
        if t == "nil":
            return ir.Const(sp, None)
        if t == "true":
            return ir.Const(sp, True)
        if t == "false":
            return ir.Const(sp, False)
        if t == "iota":
            return ir.Opaque(sp, "iota")
        if t in ("interpreted_string_literal", "raw_string_literal"):
            return ir.Const(sp, string_value(n))
        if t == "rune_literal":
            inner = text(n)[1:-1]
            return ir.Const(sp, _unescape(inner) if inner.startswith("\\") else inner)
        if t in ("int_literal", "float_literal", "imaginary_literal"):
            return ir.Const(sp, int_value(text(n)) if t != "imaginary_literal" else 0)
        if t == "selector_expression":
            return ir.Attr(sp, self.expr(n.child_by_field_name("operand")), text(n.child_by_field_name("field")))
        if t == "index_expression":
            return ir.Index(sp, self.expr(n.child_by_field_name("operand")), self.expr(n.child_by_field_name("index")))
        if t == "slice_expression":
            s = ir.Slice(sp, *(self.expr(n.child_by_field_name(f)) if n.child_by_field_name(f) is not None else None
                               for f in ("start", "end", "capacity")))
            return ir.Index(sp, self.expr(n.child_by_field_name("operand")), s)
        if t == "call_expression":
            return self.call(n)
        if t == "parenthesized_expression":
            kids = self.kids(n)
            return self.expr(kids[0]) if kids else ir.Opaque(sp, "paren")
        if t == "unary_expression":
            op = text(n.child_by_field_name("operator"))
            arg = self.expr(n.child_by_field_name("operand"))
            if op in ("&", "*"):
                return arg
            if op == "!":
                return ir.UnaryOp(sp, "not", arg)
            if op in ("-", "+"):
                return ir.UnaryOp(sp, op, arg)
            if op == "^":
                return ir.UnaryOp(sp, "~", arg)
            return ir.Opaque(sp, op, [arg])  # <-ch
        if t == "binary_expression":
            return self.binary(n)
        if t in ("type_assertion_expression",):
            return self.expr(n.child_by_field_name("operand"))
        if t == "type_conversion_expression":
            typ = self.type_name(n.child_by_field_name("type"))
            operand = self.expr(n.child_by_field_name("operand"))
            if typ in NUMERIC_TYPES:
                return ir.Call(sp, ir.Name(sp, typ), [operand])
            return operand
        if t == "composite_literal":
            return self.composite(n)
        if t == "literal_value":
            return self.literal_value(n, None)
        if t == "func_literal":
            f = self.func(n, "<lambda>")
            f.is_lambda = True
            return ir.Lambda(sp, f)
        if t in ("qualified_type", "pointer_type", "slice_type", "map_type", "array_type", "generic_type",
                 "struct_type", "interface_type", "function_type", "channel_type"):
            return ir.Opaque(sp, "type")
        if t == "ERROR":
            return ir.Opaque(sp, "error", [])
        return ir.Opaque(sp, t, [self.expr(c) for c in self.kids(n)])

    def cond(self, n: Node | None) -> ir.Expr:
        """An if condition, lowered so that the engine sees the checks it means:

        - `m[k]` in a boolean position (a `map[string]bool` allow-list) is `k in m`, and so is the
          `ok` of an earlier `_, ok := m[k]`;
        - `u.Hostname()` is `u.Host` (the same host check);
        - `strings.HasPrefix(x, "/") && !strings.HasPrefix(x, "//")` (or its negation with `||`)
          says that x is a local path: its host is empty, written `x.Host in ("",)`.
        """
        if n is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        t = n.type
        sp = span(n)
        if t == "parenthesized_expression":
            kids = self.kids(n)
            return self.cond(kids[0]) if kids else ir.Opaque(sp, "paren")
        if t == "unary_expression" and text(n.child_by_field_name("operator")) == "!":
            return ir.UnaryOp(sp, "not", self.cond(n.child_by_field_name("operand")))
        if t == "binary_expression" and text(n.child_by_field_name("operator")) in _BOOL:
            bop = _BOOL[text(n.child_by_field_name("operator"))]
            left = self.cond(n.child_by_field_name("left"))
            right = self.cond(n.child_by_field_name("right"))
            vals = (left.values if isinstance(left, ir.BoolOp) and left.op == bop else [left]) + [right]
            member = _membership(sp, bop, vals)
            if member is not None:
                return member
            return ir.BoolOp(sp, bop, self._local_path_check(bop, vals))
        if t == "index_expression":
            return ir.Compare(sp, _host_of(self.expr(n.child_by_field_name("index"))), ["in"],
                              [self.expr(n.child_by_field_name("operand"))])
        if t == "identifier" and self.resolve(text(n)) in self.bool_of:
            return self.bool_of[self.resolve(text(n))]
        e = self.expr(n)
        return self._regex_check(e) or _host_of(e)

    def _compiled_pattern(self, n: Node) -> str | None:
        """The constant pattern of `regexp.MustCompile("...")` / `regexp.Compile("...")`."""
        if n.type != "call_expression":
            return None
        fn = n.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            return None
        pkg = fn.child_by_field_name("operand")
        if pkg is None or self.imports.get(text(pkg)) != "regexp" or \
                text(fn.child_by_field_name("field")) not in ("MustCompile", "Compile"):
            return None
        args = self.kids(n.child_by_field_name("arguments"))
        if len(args) == 1 and args[0].type in ("interpreted_string_literal", "raw_string_literal"):
            return string_value(args[0])
        return None

    def _top_level_regexes(self, root: Node) -> dict[str, str]:
        out: dict[str, str] = {}
        for decl in root.named_children:
            if decl.type != "var_declaration":
                continue
            for c in decl.named_children:
                specs = [c] if c.type == "var_spec" else [x for x in c.named_children if x.type == "var_spec"] \
                    if c.type == "var_spec_list" else []
                for spec in specs:
                    names = spec.children_by_field_name("name")
                    value = spec.child_by_field_name("value")
                    vals = self.kids(value) if value is not None else []
                    if len(names) == 1 and len(vals) == 1:
                        pat = self._compiled_pattern(vals[0])
                        if pat is not None:
                            out[text(names[0])] = pat
        return out

    def _regex_check(self, e: ir.Expr) -> ir.Expr | None:
        """`re.MatchString(x)` (re compiled from a constant) or `regexp.MatchString("...", x)` with a
        pattern that pins the whole value to a character set: an allow-list check of x, lowered as
        membership (see _validating_pattern)."""
        if not (isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and isinstance(e.func.obj, ir.Name)):
            return None
        m, obj = e.func.attr, e.func.obj.id
        pat: str | None = None
        subject: ir.Expr | None = None
        if m in ("MatchString", "Match") and len(e.args) == 1 and self.resolve(obj) in self.regex_of \
                and obj not in self.imports:
            pat, subject = self.regex_of[self.resolve(obj)], e.args[0]
        elif m == "MatchString" and self.imports.get(obj) == "regexp" and len(e.args) == 2 \
                and isinstance(e.args[0], ir.Const) and isinstance(e.args[0].value, str):
            pat, subject = e.args[0].value, e.args[1]
        if pat is None or subject is None or not isinstance(subject, ir.Name) or not _validating_pattern(pat):
            return None
        return ir.Compare(e.span, subject, ["in"], [ir.Collection(e.span, "tuple", [ir.Const(e.span, pat)])])

    def _prefix_of(self, e: ir.Expr) -> tuple[str, str] | None:
        """(variable, constant prefix) of `strings.HasPrefix(variable, "prefix")`."""
        if isinstance(e, ir.Call) and isinstance(e.func, ir.Attr) and e.func.attr == "HasPrefix" \
                and isinstance(e.func.obj, ir.Name) and self.imports.get(e.func.obj.id) == "strings" \
                and len(e.args) == 2 and isinstance(e.args[0], ir.Name) and isinstance(e.args[1], ir.Const) \
                and isinstance(e.args[1].value, str):
            return e.args[0].id, e.args[1].value
        return None

    def _local_path_check(self, bop: str, vals: list[ir.Expr]) -> list[ir.Expr]:
        """Rewrite `HasPrefix(x, "/") && !HasPrefix(x, "//")` (`and`) or `!HasPrefix(x, "/") ||
        HasPrefix(x, "//")` (`or`) into an empty-host check of x (see cond)."""
        single: dict[str, int] = {}
        double: set[str] = set()
        for i, v in enumerate(vals):
            pos = bop == "and"
            inner = v
            if isinstance(v, ir.UnaryOp) and v.op == "not":
                inner, pos = v.operand, not pos
            pre = self._prefix_of(inner)
            if pre is None:
                continue
            if pre[1] == "/" and pos:
                single[pre[0]] = i
            elif pre[1] == "//" and not pos:
                double.add(pre[0])
        out = list(vals)
        for x, i in single.items():
            if x in double:
                sp = vals[i].span
                local = ir.Compare(sp, ir.Attr(sp, ir.Name(sp, x), "Host"), ["in"],
                                   [ir.Collection(sp, "tuple", [ir.Const(sp, "")])])
                out[i] = local if bop == "and" else ir.UnaryOp(sp, "not", local)
        return out

    def binary(self, n: Node) -> ir.Expr:
        sp = span(n)
        op = text(n.child_by_field_name("operator"))
        left = self.expr(n.child_by_field_name("left"))
        right = self.expr(n.child_by_field_name("right"))
        e = operators.binary(sp, op, left, right, _BOOL, _COMPARE, _ARITH)  # &^: opaque
        if isinstance(e, ir.BoolOp) and op in _BOOL:
            return _membership(sp, e.op, e.values) or e
        return e

    def args(self, n: Node | None) -> list[ir.Expr]:
        out: list[ir.Expr] = []
        if n is None:
            return out
        kids = self.kids(n)
        variadic = any(not c.is_named and text(c) == "..." for c in n.children)
        for i, a in enumerate(kids):
            if a.type in ("slice_type", "map_type", "array_type", "pointer_type", "qualified_type",
                          "channel_type", "type_identifier", "interface_type", "struct_type", "function_type"):
                # make([]T, n), new(T): the type argument carries no data
                out.append(ir.Opaque(span(a), "type"))
                continue
            if a.type == "variadic_argument" and a.named_children:
                # f(xs...) as tree-sitter-go spells it now: the elements of xs as the last arguments
                out.append(ir.Starred(span(a), self.expr(a.named_children[0])))
                continue
            e = self.expr(a)
            if variadic and i == len(kids) - 1:
                e = ir.Starred(span(a), e)
            out.append(e)
        return out

    def call(self, n: Node) -> ir.Expr:
        sp = span(n)
        fn_node = n.child_by_field_name("function")
        args = self.args(n.child_by_field_name("arguments"))
        if fn_node is not None and fn_node.type == "selector_expression":
            pkg = fn_node.child_by_field_name("operand")
            field = text(fn_node.child_by_field_name("field"))
            if pkg is not None and pkg.type == "identifier" and self.imports.get(text(pkg)) == "fmt" \
                    and field in ("Sprintf", "Errorf") and args and isinstance(args[0], ir.Const) \
                    and isinstance(args[0].value, str) and not any(isinstance(a, ir.Starred) for a in args):
                fmt = self.sprintf(args[0].value, args[1:], sp)
                if fmt is not None:
                    return fmt
            if field in _PRINTF:
                at = 1 if field == "Fprintf" else 0  # not Fatalf
                if field == "Logf" and len(args) >= 2 and _const_str(args[0]) is None and _const_str(args[1]):
                    at = 1  # logrus' Logf(level, format, ...)
                args = self.printf_args(args, at)
            if pkg is not None and pkg.type == "identifier" and field == "Contains" and len(args) == 2 \
                    and self.imports.get(text(pkg)) == "slices":
                return ir.Compare(sp, _host_of(args[1]), ["in"], [args[0]])  # membership in a list
            if pkg is not None and pkg.type == "identifier" and self.imports.get(text(pkg)) == "strings" \
                    and field in ("ReplaceAll", "Replace") and len(args) >= 3 and _const_str(args[1]) == "<" \
                    and (repl := _const_str(args[2])) is not None and "<" not in repl:
                # strings.ReplaceAll(x, "<", "&lt;"): markup cannot start in the result (HTML escaping)
                return ir.Call(sp, ir.Name(sp, NO_TAGS), [ir.Call(sp, self.expr(fn_node), args)])
            if pkg is not None and pkg.type == "identifier" and self.imports.get(text(pkg)) == "strings" \
                    and field in ("ReplaceAll", "Replace") and len(args) >= 3 \
                    and _const_str(args[1]) in ("\n", "\r\n") and (repl := _const_str(args[2])) is not None \
                    and "\n" not in repl:
                # strings.ReplaceAll(x, "\n", ""): the result cannot start a second log line
                return ir.Call(sp, ir.Name(sp, NO_LINES), [ir.Call(sp, self.expr(fn_node), args)])
            if pkg is not None and pkg.type == "identifier" and self.rel_of:
                checked = self._rel_check(pkg, field, args, sp)
                if checked is not None:
                    return checked
        if fn_node is not None and fn_node.type == "identifier" and text(fn_node) == "new":
            targs = self.kids(n.child_by_field_name("arguments")) if n.child_by_field_name("arguments") else []
            if len(targs) == 1:
                return self.type_value(targs[0], sp)  # new(T): a zero T, an instance for a type of the package
        if fn_node is not None and fn_node.type == "parenthesized_expression":
            kids = self.kids(fn_node)
            if kids and kids[0].type in ("pointer_type", "qualified_type", "slice_type", "type_identifier"):
                return args[0] if args else ir.Opaque(sp, "conversion")  # (*T)(x)
        fn = self.expr(fn_node)
        if isinstance(fn, ir.Name) and fn.id in ("string",) and len(args) == 1:
            return args[0]
        ctype = args[1].value if len(args) == 3 and isinstance(args[1], ir.Const) else None
        if isinstance(fn, ir.Attr) and fn.attr in ("Data", "Blob") and isinstance(ctype, str) \
                and "html" in ctype.lower():
            # gin's c.Data / echo's c.Blob with an HTML content type: the body is markup
            args = [args[0], args[1], ir.Call(args[2].span, ir.Name(args[2].span, HTML_BODY), [args[2]])]
        return ir.Call(sp, fn, args)

    def _note_rel(self, name: str, right: Node) -> None:
        """Remember `name := filepath.Rel(base, target)` (target a variable), forget other bindings."""
        self.rel_of.pop(name, None)
        if right.type != "call_expression":
            return
        fn = right.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            return
        pkg = fn.child_by_field_name("operand")
        if pkg is None or self.imports.get(text(pkg)) != "path/filepath" or \
                text(fn.child_by_field_name("field")) != "Rel":
            return
        args = self.kids(right.child_by_field_name("arguments"))
        if len(args) == 2:
            target = self.expr(args[1])
            if isinstance(target, ir.Name):
                self.rel_of[name] = target

    def _rel_check(self, pkg: Node, field: str, args: list[ir.Expr], sp: ir.Span) -> ir.Expr | None:
        """`strings.HasPrefix(rel, "..")` on `rel := filepath.Rel(base, target)`: the target
        escapes the base exactly when it holds; lowered as the `..` checks of both, which the engine
        reads as a containment check in the branch where they fail."""
        if field != "HasPrefix" or self.imports.get(text(pkg)) != "strings" or len(args) != 2:
            return None
        rel, pre = args
        while isinstance(pre, ir.BinOp) and pre.op == "+":
            pre = pre.left
        if not (isinstance(rel, ir.Name) and rel.id in self.rel_of and isinstance(pre, ir.Const)
                and isinstance(pre.value, str) and pre.value.startswith("..")):
            return None
        contains = ir.Attr(sp, ir.Name(span(pkg), text(pkg)), "Contains")
        return ir.BoolOp(sp, "or", [ir.Call(sp, contains, [rel, ir.Const(sp, "..")]),
                                    ir.Call(sp, contains, [self.rel_of[rel.id], ir.Const(sp, "..")])])

    @staticmethod
    def printf_args(args: list[ir.Expr], at: int) -> list[ir.Expr]:
        """Arguments of a printf-style call with a constant format, each wrapped by what its verb makes of it."""
        fmt = args[at] if len(args) > at else None
        if not isinstance(fmt, ir.Const) or not isinstance(fmt.value, str) \
                or any(isinstance(a, ir.Starred) for a in args):
            return args
        out = list(args)
        i = at + 1
        for m in _VERB.finditer(fmt.value):
            verb = m.group(2)
            if verb == "%":
                continue
            if "*" in m.group(1) or i >= len(out):
                break
            out[i] = _wrap_verb(verb, out[i])
            i += 1
        return out

    def sprintf(self, fmt: str, args: list[ir.Expr], sp: ir.Span) -> ir.Expr | None:
        """fmt.Sprintf with a constant format as a Format; numeric verbs wrap their argument."""
        parts: list[ir.Expr] = []
        pos = 0
        i = 0
        for m in _VERB.finditer(fmt):
            if m.start() > pos:
                parts.append(ir.Const(sp, fmt[pos:m.start()]))
            pos = m.end()
            verb = m.group(2)
            if verb == "%":
                parts.append(ir.Const(sp, "%"))
                continue
            if "*" in m.group(1) or "[" in m.group(0):
                return None
            if i >= len(args):
                parts.append(ir.Const(sp, f"%!{verb}(MISSING)"))
                continue
            a = args[i]
            i += 1
            parts.append(_wrap_verb(verb, a))
        if pos < len(fmt):
            parts.append(ir.Const(sp, fmt[pos:]))
        parts.extend(args[i:])  # extra arguments are printed too (%!(EXTRA ...))
        if all(isinstance(p, ir.Const) for p in parts):
            return ir.Const(sp, "".join(str(p.value) for p in parts if isinstance(p, ir.Const)))
        return ir.Format(sp, parts)

    def composite(self, n: Node) -> ir.Expr:
        sp = span(n)
        typ = n.child_by_field_name("type")
        body = n.child_by_field_name("body")
        return self.literal_value(body, typ, sp)

    def literal_value(self, body: Node | None, typ: Node | None, sp: ir.Span | None = None) -> ir.Expr:
        sp = sp or (span(body) if body is not None else ir.NOSPAN)
        elems = self.kids(body)
        inner = typ
        while inner is not None and inner.type in ("pointer_type", "generic_type") and self.kids(inner):
            inner = self.kids(inner)[0] if inner.type == "generic_type" else self.kids(inner)[-1]
        keyed = [e for e in elems if e.type == "keyed_element"]
        if inner is not None and inner.type == "map_type" or (inner is None and keyed and len(keyed) == len(elems)
                                                             and not self._struct_keys(keyed)):
            keys: list[ir.Expr | None] = []
            values: list[ir.Expr] = []
            for e in keyed:
                k, v = self._kv(e)
                keys.append(self.elem(k))
                values.append(self.elem(v))
            return ir.DictLit(sp, keys, values)
        if inner is not None and inner.type in ("qualified_type", "type_identifier"):
            fn: ir.Expr
            if inner.type == "qualified_type":
                pkg = inner.child_by_field_name("package")
                fn = ir.Attr(span(inner), ir.Name(span(pkg) if pkg else sp, text(pkg)),
                             text(inner.child_by_field_name("name")))
            else:
                fn = ir.Name(span(inner), text(inner))
            kws: list[ir.Keyword] = []
            pos: list[ir.Expr] = []
            for e in elems:
                if e.type == "keyed_element":
                    k, v = self._kv(e)
                    kt = self.elem_node(k)
                    if kt is not None and kt.type in ("identifier", "field_identifier"):
                        kws.append(ir.Keyword(text(kt), self.elem(v)))
                    else:
                        pos.append(self.elem(v))
                else:
                    pos.append(self.elem(e))
            return ir.Call(sp, fn, pos, kws)
        vals: list[ir.Expr] = []
        for e in elems:
            if e.type == "keyed_element":
                _, v = self._kv(e)
                vals.append(self.elem(v))
            else:
                vals.append(self.elem(e))
        return ir.Collection(sp, "list", vals)

    @staticmethod
    def _kv(e: Node) -> tuple[Node | None, Node | None]:
        k = e.child_by_field_name("key")
        v = e.child_by_field_name("value")
        if k is None or v is None:
            kids = [c for c in e.named_children if c.type != "comment"]
            k = kids[0] if kids else None
            v = kids[1] if len(kids) > 1 else None
        return k, v

    def _struct_keys(self, keyed: list[Node]) -> bool:
        for e in keyed:
            k, _ = self._kv(e)
            kn = self.elem_node(k)
            if kn is None or kn.type not in ("identifier", "field_identifier"):
                return False
        return False  # without a type, identifier keys are variables of a map literal too

    @staticmethod
    def elem_node(n: Node | None) -> Node | None:
        if n is not None and n.type == "literal_element":
            kids = [c for c in n.named_children if c.type != "comment"]
            return kids[0] if kids else None
        return n

    def elem(self, n: Node | None) -> ir.Expr:
        inner = self.elem_node(n)
        if inner is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        if inner.type == "literal_value":
            return self.literal_value(inner, None)
        return self.expr(inner)
