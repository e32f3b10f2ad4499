"""Rust front-end: lowers tree-sitter-rust trees to the IR.

Nothing here runs or expands the scanned code. Conventions of the lowering (shared with the taint
engine and armur.rules.rust_taint):

- Paths use `.`: `std::fs::read` is Attr(Attr(Name std, fs), read). `use a::b::C;` is
  Import('a.b', names=[('C', None)]); `use a::b;` binds `b`; `use a::{self, x as y}` both. The first
  segment of any path that nothing in the file binds (`reqwest::get`, `std::env::var`) gets an
  implicit `import <crate>` at the top of the module, so it resolves to the crate's name.
- Rust is expression-oriented. A block's tail expression is returned (function bodies) or assigned
  to a temporary `$v<line>_<col>` when an `if` / `match` / block is used as a value; the statements
  of such constructs are hoisted before the statement that uses them.
- `match` is an if-chain on the scrutinee: literal patterns are equality tests (so allow-lists and
  constant folding work); other patterns are opaque tests; bindings are assignments from the
  scrutinee (`Some(x)`, `Ok(x)`, `Query(x)` bind x to the whole value: wrappers pass data through).
  `if let` / `while let` bind the same way. `panic!`-like macros end a branch (Raise).
- `impl T` / `impl Trait for T` blocks of one type are merged into one Class `T` (methods with a
  `self` parameter get `self`; associated functions are static). `Self` is the impl's type. Inline
  `mod m { ... }` is a Class `m` of static functions. `#[cfg(test)]` modules and `#[test]`
  functions are not lowered (test code is not part of what ships).
- `?`, `&`, `&mut`, `*`, `as` casts and parentheses pass the value through; `.await` is Await.
- `format!`-family macros (format, print*, write*, panic, concat, vec, format_args, anyhow...) are
  parsed from their token trees into a Format over their arguments (`{name}` captures included);
  `write!(w, ...)` is `w.push_str(Format)`; other macros are Opaque over the identifiers they use.
- A `let` or parameter typed with a number, bool or char, and `.parse::<number>()`, go through
  `$numeric(...)`, which the rule data treats as a sanitiser: such a value cannot carry text.
- Parameter annotations are normalised for the rule data: references, `mut`, lifetimes and `dyn`
  dropped, `::` as `.`, generics in brackets: `&web::Query<Params>` is `web.Query[Params]`.
- Functions registered as request handlers (named in `get(h)`, `post(h)`, `.to(h)`, `.route(..)`
  calls, or carrying a route attribute such as `#[get("/x/<name>")]`) get the decorator
  Name('$handler'); a route attribute's path also yields `$request_params('name', ...)` naming the
  parameters the framework fills from the URL, query or body (Rocket `<name>`, actix `{name}`).
- Closures handed to warp's `.map` / `.and_then` / `.then` on a filter chain receive what the
  filters extracted: their parameters are rebound to `warp.filter(param)`.
- Anything not modelled becomes Opaque / OpaqueStmt over its sub-expressions, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, partial

from tree_sitter import Node, Parser, Tree

from armur.ir import nodes as ir
from armur.lang import operators
from armur.lang.treesitter import language, parse, text

NUMERIC_TYPES = frozenset({"i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128",
                           "usize", "f32", "f64", "bool", "char"})
NUMERIC = "$numeric"
HANDLER = "$handler"
REQUEST_PARAMS = "$request_params"
CHECKS_HOST = "$checks_host"
PATH_SEGMENTS = "$path_segments"
ESCAPED_TEMPLATE = "$escaped_template"
# Template engines whose derived templates escape HTML by default: askama (and its fork rinja) for
# templates with an HTML-like extension, sailfish for every `<%= %>` unless escaping is turned off.
_TEMPLATE_CRATES = ("askama", "rinja", "sailfish")
_HTML_TEMPLATE_EXT = re.compile(r'(?:path|ext)\s*=\s*"[^"]*\b(?:html|htm|xml|svg)(?:\.(?:j2|jinja|jinja2))?"')
_NO_ESCAPE = re.compile(r'escape\s*=\s*(?:"none"|false)')

# Types that only wrap, share or lock a value: a field or state of such a type is typed by its content.
_TYPE_WRAPPERS = frozenset({"Arc", "Rc", "Box", "Mutex", "RwLock", "RefCell", "Cell", "Option", "OnceCell",
                            "OnceLock", "State", "Data", "Extension", "ManuallyDrop", "Pin", "Weak"})
# Plain data: holding one gives no methods worth typing.
_DATA_TYPES = frozenset({"String", "str", "Vec", "HashMap", "HashSet", "BTreeMap", "BTreeSet", "VecDeque",
                         "Cow", "Bytes", "Duration", "Instant", "SystemTime", "u8", "Uuid", "Value", "AtomicUsize",
                         "AtomicBool", "AtomicU64", "AtomicI64", "PhantomData", "Self"})
# Types warp filters extract request data as (query maps, bodies, paths, headers).
_REQUEST_DATA_TYPES = frozenset({"String", "str", "HashMap", "BTreeMap", "Bytes", "FullPath", "HeaderMap", "Value",
                                 "Vec", "FormData"})
# Extractors of application state (never request data): axum State / Extension, actix web::Data,
# Rocket &State. A parameter of such a type holds a value of the type it wraps.
_STATE_EXTRACTORS = frozenset({"State", "Data", "Extension"})

_COMPARE = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_BOOL = {"&&": "and", "||": "or"}
_ARITH = frozenset({"+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^"})
_FORMAT_MACROS = frozenset({"format", "format_args", "print", "println", "eprint", "eprintln", "panic",
                            "write", "writeln", "anyhow", "bail", "concat", "unreachable", "todo",
                            "unimplemented", "const_format"})
_PANIC_MACROS = frozenset({"panic", "unreachable", "todo", "unimplemented", "bail"})
_PRINT_MACROS = frozenset({"print", "println", "eprint", "eprintln"})
_ROUTE_FUNCS = frozenset({"get", "post", "put", "delete", "patch", "head", "options", "any", "trace", "to",
                          "route", "get_service", "post_service", "handler_fn", "service_fn", "fallback"})
_ROUTE_ATTRS = frozenset({"get", "post", "put", "delete", "patch", "head", "options", "route", "catch"})
_WARP_CLOSURE_METHODS = frozenset({"map", "and_then", "then", "untuple_one"})
_VALUE_VIEWS = frozenset({"as_str", "as_ref", "to_string", "to_owned", "as_bytes", "clone", "as_path", "as_deref"})
_BLOCKISH = frozenset({"if_expression", "match_expression", "block", "unsafe_block", "async_block",
                       "loop_expression", "while_expression", "for_expression", "const_block", "try_block"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"'}
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_ROUTE_PARAM = re.compile(r"<([A-Za-z_]\w*)(?:\.\.)?>|\{([A-Za-z_]\w*)(?::[^}]*)?\}")


def lower_source(path: str, source: str, tree: Tree | None = None) -> ir.Module:
    """Parse (unless `tree` is given) and lower Rust source. Raises TooDeep for deep nesting."""
    if tree is None:
        tree = parse("rust", source.encode("utf-8"))
    lw = _Lowerer()
    body = lw.module(tree.root_node)
    return ir.Module(path, "rust", body, source.splitlines())


def normalise_type(t: str) -> str:
    """`&'a mut web::Query<HashMap<String, String>>` -> `web.Query[HashMap[String,String]]`."""
    t = re.sub(r"'\w+\s*,?", "", t)
    t = re.sub(r"\b(mut|dyn|impl)\s+", "", t)
    t = t.replace("&", "").replace("::", ".").replace("<", "[").replace(">", "]")
    return re.sub(r"\s+", "", t)


@cache
def _parser() -> Parser:
    return Parser(language("rust"))


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt == "x" and i + 3 < len(body) + 1:
            try:
                out.append(chr(int(body[i + 2:i + 4], 16)))
            except ValueError:
                out.append(body[i:i + 4])
            i += 4
        elif nxt == "u" and body[i + 2:i + 3] == "{":
            end = body.find("}", i)
            try:
                out.append(chr(int(body[i + 3:end], 16)))
            except (ValueError, OverflowError):
                out.append(body[i:end + 1])
            i = end + 1 if end > 0 else len(body)
        elif nxt == "\n":
            i += 2
            while i < len(body) and body[i] in " \t\r\n":
                i += 1
        else:
            out.append(body[i:i + 2])
            i += 2
    return "".join(out)


def string_value(n: Node) -> str | bytes:
    """Value of a string, raw string, byte string or char literal node."""
    raw = text(n)
    is_bytes = raw.startswith("b")
    if n.type == "raw_string_literal":
        m = re.match(r'^b?r(#*)"(.*)"\1$', raw, re.S)
        val = m.group(2) if m else raw
    elif n.type == "char_literal":
        val = _unescape(raw.lstrip("b")[1:-1])
    else:
        inner = raw[raw.find('"') + 1:-1] if '"' in raw else raw
        val = _unescape(inner)
    return val.encode("utf-8", "replace") if is_bytes and n.type != "char_literal" else val


def _number(s: str) -> int | float:
    s = s.replace("_", "")
    s = re.sub(r"(i8|i16|i32|i64|i128|isize|u8|u16|u32|u64|u128|usize|f32|f64)$", "", s)
    try:
        low = s.lower()
        if low.startswith(("0x", "0o", "0b")):
            return int(low, 0)
        return int(low) if low.isdigit() else float(low)
    except ValueError:
        return 0


class _Lowerer:
    def __init__(self, row_off: int = 0, col_shift: int = 0, parent: _Lowerer | None = None) -> None:
        self.row_off = row_off
        self.col_shift = col_shift
        self.pre: list[ir.Stmt] = []
        self.self_type: list[str] = parent.self_type if parent else []
        self.scope: list[str] = parent.scope if parent else []
        self.bound: set[str] = parent.bound if parent else set()  # names bound at module level
        self.roots: set[str] = parent.roots if parent else set()  # path roots needing an implicit import
        self.handler_names: set[str] = parent.handler_names if parent else set()
        self.funcs: dict[str, list[ir.Func]] = parent.funcs if parent else {}
        # Field names that every struct of the file declares with a number type: reading them
        # yields a number whatever the object (`q.limit` of `struct Search { limit: u32 }`).
        self.numeric_fields: set[str] = parent.numeric_fields if parent else set()
        # Declared types: struct name -> its (field name node, field type node) pairs, `type X = ...`
        # aliases, and types imported from other modules of the crate (`use crate::state::AppState`).
        self.structs: dict[str, list[tuple[Node, Node]]] = parent.structs if parent else {}
        self.aliases: dict[str, Node] = parent.aliases if parent else {}
        self.crate_types: set[str] = parent.crate_types if parent else set()
        # Structs deriving Deserialize (request bodies and queries), and functions handed to a warp
        # filter chain by name (`.and_then(handler)`).
        self.deserialized: set[str] = parent.deserialized if parent else set()
        self.warp_handlers: set[str] = parent.warp_handlers if parent else set()
        # Structs deriving an HTML-escaping template (askama / rinja / sailfish): building one escapes
        # the values put into it.
        self.escaping_templates: set[str] = parent.escaping_templates if parent else set()

    # ---- spans ----
    def span(self, n: Node) -> ir.Span:
        (r0, c0), (r1, c1) = n.start_point, n.end_point
        return ir.Span(r0 + 1 + self.row_off, c0 + 1 + (self.col_shift if r0 == 0 else 0),
                       r1 + 1 + self.row_off, c1 + 1 + (self.col_shift if r1 == 0 else 0))

    def tmp(self, n: Node, prefix: str = "$v") -> ir.Name:
        sp = self.span(n)
        return ir.Name(sp, f"{prefix}{sp.line}_{sp.col}")

    @staticmethod
    def kids(n: Node | None) -> list[Node]:
        if n is None:
            return []
        return [c for c in n.named_children if c.type not in ("line_comment", "block_comment")]

    # ---- module and items ----
    def module(self, root: Node) -> list[ir.Stmt]:
        self._collect_bound(root)
        body = self.items(root)
        # Route registrations seen anywhere in the file mark the functions they name as handlers.
        for name in self.handler_names:
            for f in self.funcs.get(name, ()):
                if not any(isinstance(d, ir.Name) and d.id == HANDLER for d in f.decorators):
                    f.decorators.append(ir.Name(f.span, HANDLER))
        # A function handed to a warp filter chain by name receives what the filters extracted:
        # its parameters of request-data types (deserialised structs, strings, maps, bodies) are
        # request data; the others (clients, pools, state) come from `warp::any().map(..)` filters.
        for name in self.warp_handlers:
            for f in self.funcs.get(name, ()):
                rebinds: list[ir.Stmt] = [
                    ir.Assign(f.span, [ir.Name(f.span, p.name)],
                              ir.Call(f.span, ir.Attr(f.span, ir.Name(f.span, "warp"), "filter"),
                                      [ir.Name(f.span, p.name)]))
                    for p in f.params if self._request_typed(p.annotation)]
                if rebinds:
                    self.roots.add("warp")
                    f.body[:0] = rebinds
        imports: list[ir.Stmt] = [
            ir.Import(ir.NOSPAN, r[1:], r, []) if r.startswith("$") else ir.Import(ir.NOSPAN, r, None, [])
            for r in sorted(self.roots - self.bound)]
        return imports + body

    def _request_typed(self, ann: str) -> bool:
        base = ann.split("[", 1)[0]
        return base in self.deserialized or base.rsplit(".", 1)[-1] in _REQUEST_DATA_TYPES

    def _collect_bound(self, root: Node) -> None:
        fields: dict[str, bool] = {}
        derives = attributes = ""
        templates: list[str] = []
        for c in root.named_children:
            if c.type == "attribute_item":
                derives += text(c) if "derive" in text(c) else ""
                attributes += text(c)
                continue
            pending, derives = derives, ""
            attrs, attributes = attributes, ""
            if c.type in ("struct_item", "enum_item") and "Deserialize" in pending:
                nm = c.child_by_field_name("name")
                if nm is not None:
                    self.deserialized.add(text(nm))
            if c.type == "struct_item" and re.search(r"\bTemplate(?:Once|Simple)?\b", pending) \
                    and not _NO_ESCAPE.search(attrs) \
                    and ("TemplateOnce" in pending or "TemplateSimple" in pending or _HTML_TEMPLATE_EXT.search(attrs)):
                nm = c.child_by_field_name("name")
                if nm is not None:
                    templates.append(text(nm))
            if c.type == "struct_item":
                body = c.child_by_field_name("body")
                for fd in self.kids(body) if body is not None and body.type == "field_declaration_list" else []:
                    fname, ftype = fd.child_by_field_name("name"), fd.child_by_field_name("type")
                    if fname is None or ftype is None:
                        continue
                    ty = normalise_type(text(ftype))
                    if ty.startswith("Option[") and ty.endswith("]"):
                        ty = ty[7:-1]
                    key = text(fname)
                    fields[key] = fields.get(key, True) and ty in NUMERIC_TYPES
                    self.structs.setdefault(text(c.child_by_field_name("name")), []).append((fname, ftype))
            elif c.type == "type_item":
                alias_name, alias_type = c.child_by_field_name("name"), c.child_by_field_name("type")
                if alias_name is not None and alias_type is not None:
                    self.aliases[text(alias_name)] = alias_type
        self.numeric_fields.update(k for k, numeric in fields.items() if numeric)
        if templates and any(c.type == "use_declaration" and any(t in text(c) for t in _TEMPLATE_CRATES)
                             for c in root.named_children):
            self.escaping_templates.update(templates)
        for c in root.named_children:
            if c.type == "use_declaration":
                for st in self.use(c):
                    if isinstance(st, ir.Import):
                        if st.names:
                            self.bound.update(a or n for n, a in st.names if n != "*")
                            if st.module.split(".")[0] in ("crate", "super", "self"):
                                self.crate_types.update(a or n for n, a in st.names if n[:1].isupper())
                        else:
                            self.bound.add(st.alias or st.module)
            elif c.type in ("function_item", "struct_item", "enum_item", "mod_item", "trait_item", "union_item",
                            "const_item", "static_item", "type_item"):
                nm = c.child_by_field_name("name")
                if nm is not None:
                    self.bound.add(text(nm))

    def attributed(self, n: Node) -> Iterator[tuple[Node, list[Node]]]:
        """The items of a list with the attributes written before each; test-only items are left out."""
        attrs: list[Node] = []
        for c in self.kids(n):
            if c.type == "attribute_item":
                attrs.append(c)
                continue
            pending, attrs = attrs, []
            if not _is_test(pending):
                yield c, pending

    def items(self, n: Node) -> list[ir.Stmt]:
        """Lower the items of a source file, module or declaration list."""
        out: list[ir.Stmt] = []
        classes: dict[str, ir.Class] = {}
        for c, pending in self.attributed(n):
            t = c.type
            if t == "function_item":
                out.append(self.func(c, pending))
            elif t == "impl_item":
                cls = self.impl(c)
                if cls is None:
                    continue
                old = classes.get(cls.name)
                if old is not None:
                    old.body.extend(cls.body)
                else:
                    classes[cls.name] = cls
                    out.append(cls)
            elif t == "struct_item" and text(c.child_by_field_name("name")) in self.structs and not self.scope:
                cls = self.struct(c)
                old = classes.get(cls.name)
                if old is not None:
                    old.body[:0] = cls.body
                else:
                    classes[cls.name] = cls
                    out.append(cls)
            elif t == "trait_item":
                body = c.child_by_field_name("body")
                name = text(c.child_by_field_name("name"))
                self.self_type.append(name)
                methods = [self.func(m, [], method=True) for m in self.kids(body) if m.type == "function_item"]
                self.self_type.pop()
                if methods:
                    out.append(ir.Class(self.span(c), f"{name}$trait", [], list(methods), [], f"{name}$trait"))
            elif t == "mod_item":
                body = c.child_by_field_name("body")
                if body is None:
                    # `mod db;`: the module in db.rs / db/mod.rs (resolved by the project, level 1).
                    nm = c.child_by_field_name("name")
                    if nm is not None:
                        out.append(ir.Import(self.span(c), text(nm), text(nm), [], 1))
                    continue
                name = text(c.child_by_field_name("name"))
                self.scope.append(name)
                inner = self.items(body)
                self.scope.pop()
                for f in inner:
                    if isinstance(f, ir.Func):
                        f.decorators.append(ir.Name(f.span, "staticmethod"))
                out.append(ir.Class(self.span(c), name, [], inner, [], name))
            elif t == "use_declaration":
                out.extend(self.use(c))
            elif t in ("const_item", "static_item"):
                item_name = c.child_by_field_name("name")
                value = c.child_by_field_name("value")
                if item_name is not None and value is not None:
                    out.extend(self.stmt_with_pre(partial(self._item_assign, c, item_name, value)))
            elif t == "extern_crate_declaration":
                nm = c.child_by_field_name("name")
                alias = c.child_by_field_name("alias")
                if nm is not None:
                    out.append(ir.Import(self.span(c), text(nm), text(alias) if alias is not None else None, []))
            elif t == "macro_invocation":
                out.append(ir.ExprStmt(self.span(c), self.macro(c)))
            elif t == "ERROR":
                out.append(ir.OpaqueStmt(self.span(c), "error"))
            else:
                out.append(ir.Pass(self.span(c), "item"))
        return _fields_first(out) if classes else out

    def _item_assign(self, item: Node, name: Node, value: Node) -> list[ir.Stmt]:
        """`const NAME: T = value;` as an assignment."""
        return [ir.Assign(self.span(item), [ir.Name(self.span(name), text(name))], self.expr(value))]

    def use(self, n: Node) -> list[ir.Stmt]:
        sp = self.span(n)
        out: list[ir.Stmt] = []

        def walk(node: Node | None, prefix: list[str]) -> None:
            if node is None:
                return
            t = node.type
            if t in ("identifier", "scoped_identifier", "self", "crate", "super"):
                parts = prefix + _path_parts(node)
                if parts and parts[-1] == "self":
                    parts = parts[:-1]
                if not parts:
                    return
                if len(parts) == 1:
                    out.append(ir.Import(sp, parts[0], None, []))
                else:
                    out.append(ir.Import(sp, ".".join(parts[:-1]), None, [(parts[-1], None)]))
            elif t == "use_as_clause":
                parts = prefix + _path_parts(node.child_by_field_name("path"))
                alias = text(node.child_by_field_name("alias"))
                if alias == "_" or not parts:
                    return
                if len(parts) == 1:
                    out.append(ir.Import(sp, parts[0], alias, []))
                else:
                    out.append(ir.Import(sp, ".".join(parts[:-1]), None, [(parts[-1], alias)]))
            elif t == "scoped_use_list":
                path = node.child_by_field_name("path")
                walk(node.child_by_field_name("list"), prefix + (_path_parts(path) if path is not None else []))
            elif t == "use_list":
                for c in self.kids(node):
                    walk(c, prefix)
            elif t == "use_wildcard":
                inner = self.kids(node)
                parts = prefix + (_path_parts(inner[0]) if inner else [])
                if parts:
                    out.append(ir.Import(sp, ".".join(parts), None, [("*", None)]))

        walk(n.child_by_field_name("argument"), [])
        return out

    def struct(self, n: Node) -> ir.Class:
        """A struct with named fields is a class whose fields hold values of their declared types, so
        that methods called on `state.pool` or `self.client` resolve: a field of a library type
        (`pool: PgPool`, `db: Arc<Mutex<Connection>>`) holds that type, a field of another struct of
        the crate holds an instance of its class. Fields of plain data types hold nothing."""
        name = text(n.child_by_field_name("name"))
        body: list[ir.Stmt] = []
        for fname, ftype in self.structs.get(name, []):
            val = self.type_value(ftype, owner=name)
            if val is not None:
                fsp = self.span(fname)
                body.append(ir.Assign(fsp, [ir.Name(fsp, text(fname))], val))
        return ir.Class(self.span(n), name, [], body, [], name)

    def type_value(self, n: Node, owner: str = "", depth: int = 0) -> ir.Expr | None:
        """An expression the engine types as a value of the declared type `n`: a library type's path
        (`rusqlite::Connection` resolves through the file's imports), an instance of a struct of
        the crate (`AppState()`), or None for data types and what cannot be typed. Smart pointers,
        locks, Option and references are looked through; `type` aliases are followed."""
        boxed = False
        while depth < 8:
            depth += 1
            t = n.type
            if t in ("reference_type", "pointer_type"):
                inner = n.child_by_field_name("type")
                if inner is None:
                    return None
                n = inner
                continue
            if t == "generic_type":
                base = n.child_by_field_name("type")
                args = [a for a in self.kids(n.child_by_field_name("type_arguments"))
                        if a.type not in ("lifetime", "type_binding")]
                last = _path_parts(base)[-1] if base is not None and _path_parts(base) else ""
                if last in _TYPE_WRAPPERS and args:
                    boxed = boxed or last in ("Option", "Box", "Weak")
                    n = args[0]
                    continue
                if base is None:
                    return None
                n = base
                continue
            if t not in ("type_identifier", "scoped_type_identifier"):
                return None
            parts = _path_parts(n)
            if not parts:
                return None
            last = parts[-1]
            if len(parts) == 1 and last in self.aliases:
                n = self.aliases.pop(last)  # popped while followed: a cyclic alias ends here
                try:
                    return self.type_value(n, owner, depth)
                finally:
                    self.aliases[last] = n
            if last in _DATA_TYPES or last in NUMERIC_TYPES or last == owner:
                return None
            sp = self.span(n)
            if len(parts) == 1 and (last in self.structs or last in self.crate_types):
                # Optional or boxed links between structs of the crate (`next: Option<Box<Node>>`) are
                # how recursive data is built, not services kept in state: left untyped.
                return None if boxed else ir.Call(sp, ir.Name(sp, last), [])
            if len(parts) == 1 and last not in self.bound:
                return None  # a prelude or unknown type
            return self.path(n)
        return None

    def impl(self, n: Node) -> ir.Class | None:
        tnode = n.child_by_field_name("type")
        body = n.child_by_field_name("body")
        if tnode is None or body is None:
            return None
        name = _type_name(tnode)
        if not name:
            return None
        cname = name if name in self.bound else f"{name}$impl"
        self.self_type.append(name)
        self.scope.append(name)
        methods: list[ir.Stmt] = []
        for m, pending in self.attributed(body):
            if m.type == "function_item":
                methods.append(self.func(m, pending, method=True))
            elif m.type == "const_item":
                nm, value = m.child_by_field_name("name"), m.child_by_field_name("value")
                if nm is not None and value is not None:
                    methods.extend(self.stmt_with_pre(partial(self._item_assign, m, nm, value)))
        self.scope.pop()
        self.self_type.pop()
        return ir.Class(self.span(n), cname, [], methods, [], ".".join([*self.scope, cname]))

    def func(self, n: Node, attrs: list[Node], method: bool = False) -> ir.Func:
        name = text(n.child_by_field_name("name")) or "<fn>"
        sp = self.span(n)
        self.scope.append(name)
        qual = ".".join(self.scope)
        params, pre = self.params(n.child_by_field_name("parameters"))
        body_node = n.child_by_field_name("body")
        saved = self.pre
        self.pre = []
        body = pre + (self.block(body_node, _return) if body_node is not None else [])
        self.pre = saved
        self.scope.pop()
        decorators: list[ir.Expr] = [self.attribute(a) for a in attrs]
        route = next((a for a in attrs if _attr_name(a) in _ROUTE_ATTRS), None)
        if route is not None:
            decorators.append(ir.Name(sp, HANDLER))
            path = _attr_string(route)
            names = [m.group(1) or m.group(2) for m in _ROUTE_PARAM.finditer(path or "")]
            data = _attr_data(route)
            if data:
                names.append(data)
            if names:
                decorators.append(ir.Call(sp, ir.Name(sp, REQUEST_PARAMS), [ir.Const(sp, x) for x in names]))
            # Rocket checks a `<rest..>` segments parameter typed PathBuf before the handler runs: no
            # `..`, no hidden or absolute segment (FromSegments for PathBuf).
            segments = set(re.findall(r"<([A-Za-z_]\w*)\.\.>", path or ""))
            body[:0] = [ir.Assign(sp, [ir.Name(sp, p.name)], ir.Call(sp, ir.Name(sp, PATH_SEGMENTS), [
                ir.Name(sp, p.name)])) for p in params if p.name in segments and p.annotation.endswith("PathBuf")]
        if method and not (params and params[0].name == "self"):
            decorators.append(ir.Name(sp, "staticmethod"))
        checked = self._host_check(n, params)
        if checked is not None:
            decorators.append(ir.Call(sp, ir.Name(sp, CHECKS_HOST), [ir.Const(sp, checked)]))
        mods = n.child(0)
        is_async = mods is not None and mods.type == "function_modifiers" and "async" in text(mods)
        f = ir.Func(sp, name, params, body, decorators, False, is_async, qual)
        self.funcs.setdefault(name, []).append(f)
        return f

    def _host_check(self, n: Node, params: list[ir.Param]) -> int | None:
        """Index of the parameter a URL allow-list predicate checks: a function returning bool that
        parses the parameter as a URL (`Url::parse(p)`, `p.parse::<Url>()`) and compares the host it
        reads (`host_str()`, `host()`, `domain()`) with constants (`==` a literal, `.contains(..)` of
        a list, `matches!`). None for anything else."""
        ret = n.child_by_field_name("return_type")
        body = n.child_by_field_name("body")
        if ret is None or text(ret) != "bool" or body is None or not params:
            return None
        src = text(body)
        if not re.search(r"\.(host_str|host|domain)\(\)", src) or not re.search(
                r'==\s*"|"\s*==|\.contains\(|matches!|\.any\(', src):
            return None
        names = [p.name for p in params]
        m = re.search(r"Url::parse\(\s*&?\s*(\w+)|(\w+)\s*\.parse::<\s*(?:url::)?Url\s*>", src)
        if m is None:
            return None
        name = m.group(1) or m.group(2)
        return names.index(name) if name in names else None

    def attribute(self, a: Node) -> ir.Expr:
        sp = self.span(a)
        name = _attr_name(a)
        s = _attr_string(a)
        args: list[ir.Expr] = [ir.Const(sp, s)] if s is not None else []
        return ir.Call(sp, ir.Name(sp, f"#{name}"), args)

    def params(self, n: Node | None, closure: bool = False) -> tuple[list[ir.Param], list[ir.Stmt]]:
        params: list[ir.Param] = []
        pre: list[ir.Stmt] = []
        for i, c in enumerate(self.kids(n)):
            if c.type == "self_parameter":
                params.append(ir.Param("self"))
                continue
            if c.type == "attribute_item":
                continue
            if c.type == "parameter":
                pat = c.child_by_field_name("pattern")
                tnode = c.child_by_field_name("type")
            else:
                pat, tnode = c, None
            ann = normalise_type(text(tnode)) if tnode is not None else ""
            if pat is None:
                continue
            while pat.type in ("mut_pattern", "ref_pattern", "reference_pattern") and self.kids(pat):
                pat = self.kids(pat)[-1]
            state = self.state_value(tnode) if tnode is not None else None
            if pat.type == "identifier":
                params.append(ir.Param(text(pat), annotation=ann))
                if ann in NUMERIC_TYPES:
                    pre.append(self._numeric_rebind(text(pat), self.span(pat)))
                if state is not None:
                    pre.append(ir.Assign(self.span(pat), [ir.Name(self.span(pat), text(pat))], state))
            else:
                sp = self.span(pat)
                pname = f"$arg{i}"
                binds = self.bind_pattern(pat, ir.Name(sp, pname), sp)
                only = binds[0] if len(binds) == 1 and isinstance(binds[0], ir.Assign) else None
                if only is not None and isinstance(only.value, ir.Name) and only.value.id == pname \
                        and isinstance(only.targets[0], ir.Name) and len(only.targets) == 1:
                    # `Query(q): Query<T>` binds the whole value: the parameter is `q` (named so in traces).
                    pname, binds = only.targets[0].id, []
                params.append(ir.Param(pname, annotation=ann))
                if state is not None:
                    pre.append(ir.Assign(sp, [ir.Name(sp, pname)], state))
                pre.extend(binds)
        return params, pre

    def state_value(self, tnode: Node) -> ir.Expr | None:
        """The value an application-state parameter holds (`State<AppState>`, `web::Data<DbPool>`,
        `Extension<PgPool>`, `&State<Config>`): the framework fills it from what the application
        registered, so it is typed by the wrapped type, not left unknown."""
        n = tnode
        while n.type == "reference_type":
            inner = n.child_by_field_name("type")
            if inner is None:
                return None
            n = inner
        if n.type != "generic_type":
            return None
        base = n.child_by_field_name("type")
        parts = _path_parts(base) if base is not None else []
        if not parts or parts[-1] not in _STATE_EXTRACTORS:
            return None
        return self.type_value(n)

    @staticmethod
    def _numeric_rebind(name: str, sp: ir.Span) -> ir.Stmt:
        return ir.Assign(sp, [ir.Name(sp, name)], ir.Call(sp, ir.Name(sp, NUMERIC), [ir.Name(sp, name)]))

    # ---- patterns ----
    def bind_pattern(self, pat: Node, src: ir.Expr, sp: ir.Span) -> list[ir.Stmt]:
        """Assignments binding the names of a pattern to (parts of) `src`."""
        t = pat.type
        if t == "identifier":
            name = text(pat)
            if name[:1].isupper() and name not in ("_",):
                return []  # a unit struct / enum variant / constant, not a binding
            return [ir.Assign(sp, [ir.Name(self.span(pat), name)], src)]
        if t in ("mut_pattern", "ref_pattern", "reference_pattern", "captured_pattern", "match_pattern"):
            out: list[ir.Stmt] = []
            for c in self.kids(pat):
                if c.type in ("identifier", "tuple_pattern", "tuple_struct_pattern", "struct_pattern",
                              "slice_pattern", "mut_pattern", "ref_pattern", "reference_pattern",
                              "captured_pattern", "or_pattern"):
                    out.extend(self.bind_pattern(c, src, sp))
                    if t == "match_pattern":
                        break
            return out
        if t == "tuple_struct_pattern":
            elems = [c for c in self.kids(pat)][1:]
            if len(elems) == 1:
                return self.bind_pattern(elems[0], src, sp)  # newtype / wrapper: the value itself
            out = []
            for i, c in enumerate(elems):
                out.extend(self.bind_pattern(c, ir.Index(self.span(c), src, ir.Const(self.span(c), i)), sp))
            return out
        if t in ("tuple_pattern", "slice_pattern"):
            out = []
            for i, c in enumerate(self.kids(pat)):
                if c.type == "remaining_field_pattern":
                    continue
                out.extend(self.bind_pattern(c, ir.Index(self.span(c), src, ir.Const(self.span(c), i)), sp))
            return out
        if t == "struct_pattern":
            out = []
            for c in self.kids(pat):
                if c.type != "field_pattern":
                    continue
                fname = c.child_by_field_name("name")
                sub = c.child_by_field_name("pattern")
                if fname is None:
                    continue
                field = ir.Attr(self.span(c), src, text(fname))
                if sub is None:
                    out.append(ir.Assign(sp, [ir.Name(self.span(fname), text(fname))], field))
                else:
                    out.extend(self.bind_pattern(sub, field, sp))
            return out
        if t == "or_pattern":
            kids = self.kids(pat)
            return self.bind_pattern(kids[0], src, sp) if kids else []
        return []

    def pattern_test(self, pat: Node, subj: ir.Expr) -> ir.Expr | None:
        """The test a match pattern makes, or None when it always matches."""
        if pat.type == "match_pattern":
            kids = self.kids(pat)
            if not kids:
                return None
            cond = pat.child_by_field_name("condition")
            base = self.pattern_test(kids[0], subj)
            if cond is not None:
                g = self.expr(cond)
                return ir.BoolOp(self.span(pat), "and", [base, g]) if base is not None else g
            return base
        t = pat.type
        sp = self.span(pat)
        if t == "_" or text(pat) == "_":
            return None
        if t == "identifier" and not text(pat)[:1].isupper():
            return None
        if t in ("string_literal", "raw_string_literal", "char_literal", "integer_literal", "boolean_literal",
                 "negative_literal", "float_literal"):
            return ir.Compare(sp, subj, ["=="], [self.expr(pat)])
        if t == "or_pattern":
            parts = [self.pattern_test(c, subj) for c in self.kids(pat)]
            if any(p is None for p in parts):
                return None
            lits = _flat_equalities(parts, subj)
            if lits is not None:
                # `"a" | "b" | "c"`: membership in a list of literals (an allow-list where it holds).
                return ir.Compare(sp, subj, ["in"], [ir.Collection(sp, "list", list(lits))])
            return ir.BoolOp(sp, "or", [p for p in parts if p is not None])
        if t == "captured_pattern":
            kids = self.kids(pat)
            return self.pattern_test(kids[-1], subj) if kids else None
        return ir.Opaque(sp, "pattern", [subj])

    # ---- blocks and statements ----
    def stmt_with_pre(self, make: Callable[[], list[ir.Stmt]]) -> list[ir.Stmt]:
        saved = self.pre
        self.pre = []
        try:
            out = make()
            return self.pre + out
        finally:
            self.pre = saved

    def block(self, n: Node | None, tail: Callable[[ir.Expr], ir.Stmt] | None) -> list[ir.Stmt]:
        """Statements of a block; its tail expression goes to `tail` (return / assign) or is evaluated."""
        if n is None:
            return []
        if n.type != "block":
            return self.tail_expr(n, tail)
        kids = self.kids(n)
        attrs: list[Node] = []
        out: list[ir.Stmt] = []
        for i, c in enumerate(kids):
            last = i == len(kids) - 1
            if c.type == "attribute_item":
                attrs.append(c)
                continue
            pending, attrs = attrs, []
            if _is_test(pending):
                continue
            if c.type == "expression_statement":
                inner = self.kids(c)
                if not inner:
                    continue
                has_semi = c.children[-1].type == ";"
                out.extend(self.tail_expr(inner[0], tail if last and not has_semi else None))
            elif last and c.type not in ("let_declaration", "function_item", "use_declaration", "const_item",
                                         "static_item", "struct_item", "enum_item", "impl_item", "empty_statement",
                                         "macro_definition", "trait_item", "mod_item", "type_item"):
                out.extend(self.tail_expr(c, tail))
            else:
                out.extend(self.stmt(c, pending))
        return out

    def stmt(self, n: Node, attrs: list[Node] | None = None) -> list[ir.Stmt]:
        t = n.type
        sp = self.span(n)
        if t == "let_declaration":
            return self.stmt_with_pre(lambda: self.let(n))
        if t == "function_item":
            return [self.func(n, attrs or [])]
        if t == "use_declaration":
            return self.use(n)
        if t == "impl_item":
            cls = self.impl(n)
            return [cls] if cls is not None else []
        if t in ("const_item", "static_item"):
            name, value = n.child_by_field_name("name"), n.child_by_field_name("value")
            if name is None or value is None:
                return []
            return self.stmt_with_pre(lambda: [ir.Assign(sp, [ir.Name(self.span(name), text(name))],
                                                         self.expr(value))])
        if t in ("empty_statement", "struct_item", "enum_item", "macro_definition", "trait_item", "type_item",
                 "mod_item", "union_item", "attribute_item", "inner_attribute_item"):
            return []
        if t == "ERROR":
            return [ir.OpaqueStmt(sp, "error")]
        return self.tail_expr(n, None)

    def let(self, n: Node) -> list[ir.Stmt]:
        sp = self.span(n)
        pat = n.child_by_field_name("pattern")
        value_node = n.child_by_field_name("value")
        tnode = n.child_by_field_name("type")
        alt = n.child_by_field_name("alternative")
        if pat is None:
            return []
        if value_node is None:
            names = self.bind_pattern(pat, ir.Const(sp, None), sp)
            return names
        value = self.expr(value_node)
        if tnode is not None and normalise_type(text(tnode)) in NUMERIC_TYPES:
            value = ir.Call(sp, ir.Name(sp, NUMERIC), [value])
        out: list[ir.Stmt] = []
        if alt is not None:
            # let PATTERN = value else { diverge }: the else block runs when the pattern does not match.
            src: ir.Expr = value
            if not isinstance(value, ir.Name):
                src = self.tmp(n)
                out.append(ir.Assign(sp, [src], value))
            test = self.pattern_test(pat, src)
            if test is not None:
                out.append(ir.If(sp, ir.UnaryOp(sp, "not", test), self.block(alt, None), []))
            out.extend(self.bind_pattern(pat, src, sp))
            return out
        inner = pat
        while inner.type in ("mut_pattern",) and self.kids(inner):
            inner = self.kids(inner)[-1]
        if inner.type == "identifier":
            return [ir.Assign(sp, [ir.Name(self.span(inner), text(inner))], value)]
        src = value
        if not isinstance(value, ir.Name):
            src = self.tmp(n)
            out.append(ir.Assign(sp, [src], value))
        out.extend(self.bind_pattern(pat, src, sp))
        return out

    def tail_expr(self, n: Node, tail: Callable[[ir.Expr], ir.Stmt] | None) -> list[ir.Stmt]:
        """Lower an expression in statement position; its value goes to `tail` when given."""
        t = n.type
        sp = self.span(n)
        if t == "if_expression":
            return self.stmt_with_pre(lambda: [self.if_expr(n, tail)])
        if t == "match_expression":
            return self.stmt_with_pre(lambda: self.match(n, tail))
        if t == "block":
            return self.block(n, tail)
        if t in ("unsafe_block", "async_block", "const_block", "try_block"):
            inner = next((c for c in n.named_children if c.type == "block"), None)
            return self.block(inner, tail)
        if t == "loop_expression":
            return [ir.Loop(sp, None, None, None, self.block(n.child_by_field_name("body"), None))]
        if t == "while_expression":
            return self.stmt_with_pre(lambda: [self.while_expr(n)])
        if t == "for_expression":
            return self.stmt_with_pre(lambda: [self.for_expr(n)])
        if t == "return_expression":
            kids = self.kids(n)
            return self.stmt_with_pre(lambda: [ir.Return(sp, self.expr(kids[0]) if kids else None)])
        if t in ("break_expression", "continue_expression"):
            kids = [k for k in self.kids(n) if k.type not in ("label",)]
            if kids and tail is None:
                return self.stmt_with_pre(lambda: [ir.ExprStmt(sp, self.expr(kids[0])),
                                                   ir.Pass(sp, t.split("_")[0])])
            return [ir.Pass(sp, t.split("_")[0])]
        if t == "assignment_expression":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            return self.stmt_with_pre(lambda: [ir.Assign(sp, [self.target(left)], self.expr(right))])
        if t == "compound_assignment_expr":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            op = text(n.child_by_field_name("operator")).rstrip("=")
            return self.stmt_with_pre(lambda: [ir.Assign(sp, [self.target(left)], self.expr(right), op)])
        if t == "macro_invocation" and _macro_name(n) in _PANIC_MACROS:
            return self.stmt_with_pre(lambda: [ir.Raise(sp, self.macro(n))])
        if t == "let_declaration":
            return self.stmt(n)
        if t == "expression_statement":
            kids = self.kids(n)
            return self.tail_expr(kids[0], tail) if kids else []
        if tail is None:
            return self.stmt_with_pre(lambda: [ir.ExprStmt(sp, self.expr(n))])
        return self.stmt_with_pre(lambda: [tail(self.expr(n))])

    def condition(self, c: Node | None, body_pre: list[ir.Stmt]) -> ir.Expr:
        """The test of an if / while; `let` conditions add their bindings to body_pre."""
        if c is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        sp = self.span(c)
        if c.type == "let_condition":
            pat = c.child_by_field_name("pattern")
            value = self.expr(c.child_by_field_name("value"))
            src: ir.Expr = value
            if not isinstance(value, ir.Name):
                src = self.tmp(c)
                self.pre.append(ir.Assign(sp, [src], value))
            if pat is not None:
                body_pre.extend(self.bind_pattern(pat, src, sp))
                test = self.pattern_test(pat, src)
                if test is not None and not isinstance(test, ir.Opaque):
                    return test
            return ir.Opaque(sp, "if-let", [src])
        if c.type == "let_chain":
            parts = [self.condition(k, body_pre) for k in self.kids(c)]
            return ir.BoolOp(sp, "and", parts) if len(parts) > 1 else parts[0]
        return self.expr(c)

    def if_expr(self, n: Node, tail: Callable[[ir.Expr], ir.Stmt] | None) -> ir.If:
        sp = self.span(n)
        binds: list[ir.Stmt] = []
        test = self.condition(n.child_by_field_name("condition"), binds)
        body = binds + self.block(n.child_by_field_name("consequence"), tail)
        orelse: list[ir.Stmt] = []
        alt = n.child_by_field_name("alternative")
        if alt is not None:
            inner = self.kids(alt)
            if inner:
                orelse = self.tail_expr(inner[0], tail)
        elif tail is not None and isinstance(tail(ir.Const(sp, None)), ir.Assign):
            orelse = [tail(ir.Const(sp, None))]
        return ir.If(sp, test, body, orelse)

    def match(self, n: Node, tail: Callable[[ir.Expr], ir.Stmt] | None) -> list[ir.Stmt]:
        sp = self.span(n)
        value = self.expr(n.child_by_field_name("value"))
        view = value
        while isinstance(view, ir.Call) and not view.args and isinstance(view.func, ir.Attr) \
                and view.func.attr in _VALUE_VIEWS:
            view = view.func.obj
        if isinstance(view, ir.Name):
            # `match name.as_str() { "a" | "b" => .. }` tests the variable itself: what the arms
            # learn about it (an allow-list) holds for `name`.
            value = view
        out: list[ir.Stmt] = []
        subj: ir.Expr = value
        if not isinstance(value, ir.Name):
            subj = self.tmp(n, "$m")
            out.append(ir.Assign(sp, [subj], value))
        body = n.child_by_field_name("body")
        arms = [a for a in self.kids(body) if a.type == "match_arm"]
        chain: list[ir.Stmt] = []
        for arm in reversed(arms):
            pat = arm.child_by_field_name("pattern")
            val = arm.child_by_field_name("value")
            asp = self.span(arm)
            binds = self.bind_pattern(pat, subj, asp) if pat is not None else []
            saved = self.pre
            self.pre = []
            test = self.pattern_test(pat, subj) if pat is not None else None
            test_pre = self.pre
            self.pre = saved
            arm_body = self.tail_expr(val, tail) if val is not None else []
            if test is None:
                chain = binds + arm_body
            else:
                # Bindings happen before the guard can read them (and what the guard checked about
                # them holds in the arm: they are not bound again there).
                chain = binds + test_pre + [ir.If(asp, test, arm_body, chain)]
        return out + chain

    def while_expr(self, n: Node) -> ir.Loop:
        sp = self.span(n)
        binds: list[ir.Stmt] = []
        test = self.condition(n.child_by_field_name("condition"), binds)
        return ir.Loop(sp, None, None, test, binds + self.block(n.child_by_field_name("body"), None))

    def for_expr(self, n: Node) -> ir.Loop:
        sp = self.span(n)
        pat = n.child_by_field_name("pattern")
        it = self.expr(n.child_by_field_name("value"))
        body = self.block(n.child_by_field_name("body"), None)
        target: ir.Expr | None = None
        if pat is not None and pat.type == "identifier":
            target = ir.Name(self.span(pat), text(pat))
        elif pat is not None:
            item = self.tmp(pat, "$it")
            target = item
            body = self.bind_pattern(pat, item, sp) + body
        return ir.Loop(sp, target, it, None, body)

    # ---- expressions ----
    def hoist(self, n: Node) -> ir.Expr:
        """An if / match / block used as a value: its statements go before, its value in a temporary."""
        tmp = self.tmp(n)
        name = tmp.id
        tsp = tmp.span

        def assign(e: ir.Expr) -> ir.Stmt:
            return ir.Assign(e.span, [ir.Name(tsp, name)], e)

        stmts = self.tail_expr(n, assign)
        self.pre.append(ir.Assign(tsp, [ir.Name(tsp, name)], ir.Const(tsp, None)))
        self.pre.extend(stmts)
        return tmp

    def expr(self, n: Node | None) -> ir.Expr:
        if n is None:
            return ir.Opaque(ir.NOSPAN, "missing")
        t = n.type
        sp = self.span(n)
        if t == "identifier":
            return ir.Name(sp, text(n))
        if t == "self":
            return ir.Name(sp, "self")
        if t in ("scoped_identifier", "scoped_type_identifier", "type_identifier", "generic_type", "crate",
                 "super", "primitive_type"):
            return self.path(n)
        if t in ("string_literal", "raw_string_literal", "char_literal"):
            return ir.Const(sp, string_value(n))
        if t == "integer_literal" or t == "float_literal":
            return ir.Const(sp, _number(text(n)))
        if t == "negative_literal":
            v = _number(text(n).lstrip("-").strip())
            return ir.Const(sp, -v)
        if t == "boolean_literal":
            return ir.Const(sp, text(n) == "true")
        if t == "unit_expression":
            return ir.Const(sp, None)
        if t == "field_expression":
            e = self.target(n)
            if isinstance(e, ir.Attr) and e.attr in self.numeric_fields:
                return ir.Call(sp, ir.Name(sp, NUMERIC), [e])
            return e
        if t == "call_expression":
            return self.call(n)
        if t == "generic_function":
            return self.expr(n.child_by_field_name("function"))
        if t == "macro_invocation":
            return self.macro(n)
        if t in ("reference_expression", "parenthesized_expression", "try_expression", "type_cast_expression"):
            inner = n.child_by_field_name("value") or next(iter(self.kids(n)), None)
            if t == "type_cast_expression":
                inner = n.child_by_field_name("value")
            return self.expr(inner)
        if t == "await_expression":
            kids = self.kids(n)
            return ir.Await(sp, self.expr(kids[0]) if kids else None)
        if t == "unary_expression":
            kids = self.kids(n)
            op = text(n.child(0)) if n.child_count else ""
            arg = self.expr(kids[0] if kids else None)
            if op == "!":
                return ir.UnaryOp(sp, "not", arg)
            if op == "-":
                return ir.UnaryOp(sp, "-", arg)
            return arg  # `*x` dereferences: the same data
        if t == "binary_expression":
            return self.binary(n)
        if t == "struct_expression":
            return self.struct_expr(n)
        if t == "tuple_expression":
            return ir.Collection(sp, "tuple", [self.expr(c) for c in self.kids(n) if c.type != "attribute_item"])
        if t == "array_expression":
            kids = self.kids(n)
            if any(c.type == ";" for c in n.children):
                return ir.Collection(sp, "list", [self.expr(kids[0])] if kids else [])
            return ir.Collection(sp, "list", [self.expr(c) for c in kids])
        if t == "index_expression":
            kids = self.kids(n)
            if len(kids) == 2:
                idx = kids[1]
                if idx.type == "range_expression":
                    parts = self.kids(idx)
                    lo = hi = None
                    ops = [c for c in idx.children if not c.is_named]
                    if parts and ops and parts[0].start_byte < ops[0].start_byte:
                        lo = self.expr(parts[0])
                        parts = parts[1:]
                    if parts:
                        hi = self.expr(parts[0])
                    return ir.Index(sp, self.expr(kids[0]), ir.Slice(self.span(idx), lo, hi, None))
                return ir.Index(sp, self.expr(kids[0]), self.expr(idx))
            return ir.Opaque(sp, t, [self.expr(c) for c in kids])
        if t == "closure_expression":
            return ir.Lambda(sp, self.closure(n))
        if t in _BLOCKISH:
            return self.hoist(n)
        if t == "range_expression":
            return ir.Opaque(sp, "range", [self.expr(c) for c in self.kids(n)])
        if t == "assignment_expression":
            return ir.Opaque(sp, "walrus", [self.expr(n.child_by_field_name("left")),
                                            self.expr(n.child_by_field_name("right"))])
        if t in ("return_expression", "break_expression", "continue_expression"):
            return ir.Opaque(sp, t, [self.expr(c) for c in self.kids(n) if c.type != "label"])
        if t == "ERROR":
            return ir.Opaque(sp, "error")
        return ir.Opaque(sp, t, [self.expr(c) for c in self.kids(n)
                                 if c.is_named and not c.type.endswith(("type", "_pattern", "label"))])

    def target(self, n: Node | None) -> ir.Expr:
        """An expression as an assignment target or callee: fields stay plain Attr / Index."""
        if n is not None and n.type == "field_expression":
            obj = self.expr(n.child_by_field_name("value"))
            field = n.child_by_field_name("field")
            sp = self.span(n)
            if field is not None and field.type == "integer_literal":
                return ir.Index(sp, obj, ir.Const(self.span(field), _number(text(field))))
            return ir.Attr(sp, obj, text(field))
        return self.expr(n)

    def path(self, n: Node) -> ir.Expr:
        """A `a::b::c` path as an Attr chain rooted at a Name (the crate, module or type)."""
        sp = self.span(n)
        parts = _path_parts(n)
        if not parts:
            return ir.Opaque(sp, "path")
        if parts[0] == "Self" and self.self_type:
            parts[0] = self.self_type[-1]
        if parts[0] in ("crate", "self", "super") and len(parts) > 1:
            rest = parts[1:]
            if rest[0] in self.bound:
                parts = rest  # an item of this file, or one it imports
            else:
                # Another module of this crate: `$crate` / `$self` / `$super` name it (implicit import).
                parts = [f"${parts[0]}", *rest]
        if len(parts) > 1 and parts[0] not in self.bound:
            self.roots.add(parts[0])
        e: ir.Expr = ir.Name(sp, parts[0])
        for p in parts[1:]:
            e = ir.Attr(sp, e, p)
        return e

    def binary(self, n: Node) -> ir.Expr:
        sp = self.span(n)
        op = text(n.child_by_field_name("operator"))
        left = self.expr(n.child_by_field_name("left"))
        right = self.expr(n.child_by_field_name("right"))
        return operators.binary(sp, op, left, right, _BOOL, _COMPARE, _ARITH)

    def call(self, n: Node) -> ir.Expr:
        sp = self.span(n)
        fn_node = n.child_by_field_name("function")
        method_node = fn_node.child_by_field_name("field") if fn_node is not None and \
            fn_node.type == "field_expression" else None
        if method_node is not None and method_node.start_point[0] > n.start_point[0]:
            # A call at the end of a chain written over several lines is located at its method
            # (`.arg(..)` of `Command::new("sh")\n.arg("-c")\n.arg(x)`), where a reader looks for it.
            msp = self.span(method_node)
            sp = ir.Span(msp.line, max(1, msp.col - 1), sp.end_line, sp.end_col)
        args_node = n.child_by_field_name("arguments")
        args = [self.expr(a) for a in self.kids(args_node) if a.type != "attribute_item"]
        numeric = False
        if fn_node is not None and fn_node.type == "generic_function":
            targs = fn_node.child_by_field_name("type_arguments")
            inner = fn_node.child_by_field_name("function")
            if inner is not None and inner.type == "field_expression" and text(
                    inner.child_by_field_name("field")) == "parse" and targs is not None \
                    and normalise_type(text(targs)).strip("[]") in NUMERIC_TYPES:
                numeric = True
        fn = self.target(fn_node)
        if fn_node is not None and fn_node.type == "field_expression":
            method = text(fn_node.child_by_field_name("field"))
            if method in _WARP_CLOSURE_METHODS and "warp::" in text(fn_node.child_by_field_name("value")):
                args = [self._warp_closure(a) for a in args]
                self.warp_handlers.update(a.id for a in args if isinstance(a, ir.Name))
            if method == "contains" and len(args) == 1 and isinstance(fn, ir.Attr):
                item = args[0]
                # `allowed.contains(&x.as_str())`: the borrowing conversion keeps the value.
                while isinstance(item, ir.Call) and not item.args and isinstance(item.func, ir.Attr) \
                        and item.func.attr in _VALUE_VIEWS:
                    item = item.func.obj
                return ir.Compare(sp, item, ["in"], [fn.obj])
        # Route registrations name their handlers: get(h), .route("/", post(h)), .to(h), .service(h).
        callee_name = fn.attr if isinstance(fn, ir.Attr) else fn.id if isinstance(fn, ir.Name) else ""
        if callee_name in _ROUTE_FUNCS or callee_name in ("service", "route", "nest_service"):
            for a in args:
                if isinstance(a, ir.Name):
                    self.handler_names.add(a.id)
                elif isinstance(a, ir.Attr):
                    self.handler_names.add(a.attr)
        out: ir.Expr = ir.Call(sp, fn, args)
        if numeric:
            out = ir.Call(sp, ir.Name(sp, NUMERIC), [out])
        return out

    def _warp_closure(self, a: ir.Expr) -> ir.Expr:
        if not isinstance(a, ir.Lambda):
            return a
        f = a.func
        sp = f.span
        self.roots.add("warp")
        rebinds: list[ir.Stmt] = [
            ir.Assign(sp, [ir.Name(sp, p.name)],
                      ir.Call(sp, ir.Attr(sp, ir.Name(sp, "warp"), "filter"), [ir.Name(sp, p.name)]))
            for p in f.params if p.annotation not in NUMERIC_TYPES]
        f.body = rebinds + f.body
        return a

    def struct_expr(self, n: Node) -> ir.Expr:
        sp = self.span(n)
        name_node = n.child_by_field_name("name")
        fn = self.path(name_node) if name_node is not None else ir.Opaque(sp, "struct")
        kws: list[ir.Keyword] = []
        for c in self.kids(n.child_by_field_name("body")):
            if c.type == "field_initializer":
                f = c.child_by_field_name("field")
                kws.append(ir.Keyword(text(f), self.expr(c.child_by_field_name("value"))))
            elif c.type == "shorthand_field_initializer":
                kids = self.kids(c)
                if kids:
                    kws.append(ir.Keyword(text(kids[0]), self.expr(kids[0])))
            elif c.type == "base_field_initializer":
                kids = self.kids(c)
                if kids:
                    kws.append(ir.Keyword(None, self.expr(kids[0])))
        if name_node is not None and text(name_node).rsplit("::", 1)[-1] in self.escaping_templates:
            # An askama / sailfish template escapes what it renders: the value holds escaped HTML.
            return ir.Call(sp, ir.Name(sp, ESCAPED_TEMPLATE), [ir.Call(sp, fn, [], kws)])
        return ir.Call(sp, fn, [], kws)

    def closure(self, n: Node) -> ir.Func:
        sp = self.span(n)
        params, pre = self.params(n.child_by_field_name("parameters"), closure=True)
        saved = self.pre
        self.pre = []
        body = pre + self.block(n.child_by_field_name("body"), _return)
        self.pre = saved
        return ir.Func(sp, "<closure>", params, body, [], True, False, ".".join([*self.scope, "<closure>"]))

    # ---- macros ----
    def macro(self, n: Node) -> ir.Expr:
        sp = self.span(n)
        name = _macro_name(n)
        tt = next((c for c in n.named_children if c.type == "token_tree"), None)
        if tt is None:
            return ir.Opaque(sp, f"{name}!")
        if name == "uri":
            # Rocket's uri!(route(args)): the path of a mounted route of this application, the values
            # percent-encoded into its segments: a local URI whatever the arguments.
            return ir.Opaque(sp, "uri!")
        if name in _FORMAT_MACROS or name == "vec":
            args = self.macro_args(tt, array=name == "vec")
            if args is not None:
                return self.format_macro(name, args, sp)
        return ir.Opaque(sp, f"{name}!", self.token_names(tt))

    def macro_args(self, tt: Node, array: bool = False) -> list[ir.Expr] | None:
        """Parse a macro's token tree as call arguments (or an array literal for vec!)."""
        inner = text(tt)[1:-1]
        prefix = "fn __m(){let _=[" if array else "fn __m(){__f("
        src = f"{prefix}{inner}{']' if array else ')'};}}"
        tree = _parser().parse(src.encode("utf-8"))
        root = tree.root_node
        if root.has_error:
            return None
        row, col = tt.start_point
        sub = _Lowerer(row + self.row_off, (col + 1 + (self.col_shift if row == 0 else 0)) - len(prefix), self)
        node = root
        target = "array_expression" if array else "arguments"
        stack = [root]
        found: Node | None = None
        while stack:
            node = stack.pop()
            if node.type == target:
                found = node
                break
            stack.extend(reversed(node.named_children))
        if found is None:
            return None
        if array:
            return [sub.expr(found)]
        out: list[ir.Expr] = [sub.expr(a) for a in sub.kids(found)]
        self.pre.extend(sub.pre)
        return out

    def format_macro(self, name: str, args: list[ir.Expr], sp: ir.Span) -> ir.Expr:
        if name == "vec":
            return args[0] if args else ir.Collection(sp, "list", [])
        if name == "concat":
            return ir.Format(sp, args) if not all(isinstance(a, ir.Const) for a in args) else ir.Const(
                sp, "".join(str(a.value) for a in args if isinstance(a, ir.Const)))
        dest: ir.Expr | None = None
        if name in ("write", "writeln"):
            if not args:
                return ir.Opaque(sp, f"{name}!")
            dest, args = args[0], args[1:]
        fmt = _format(args, sp)
        if dest is not None:
            return ir.Call(sp, ir.Attr(sp, dest, "push_str"), [fmt])
        if name in _PRINT_MACROS:
            return ir.Call(sp, ir.Name(sp, f"{name}!"), [fmt])
        return fmt

    def token_names(self, tt: Node) -> list[ir.Expr]:
        """Identifiers used in a macro's tokens (not method, path or macro names): taint over-approximation."""
        out: list[ir.Expr] = []
        stack = [tt]
        count = 0
        while stack and count < 2000:
            node = stack.pop()
            count += 1
            kids = node.children
            for i, c in enumerate(kids):
                if c.type == "token_tree":
                    stack.append(c)
                elif c.type == "identifier":
                    prev = kids[i - 1].type if i else ""
                    nxt = kids[i + 1].type if i + 1 < len(kids) else ""
                    if prev in (".", "::") or nxt in ("::", "!", "token_tree"):
                        continue
                    out.append(ir.Name(self.span(c), text(c)))
                elif c.type == "self":
                    out.append(ir.Name(self.span(c), "self"))
        return out


def _flat_equalities(parts: list[ir.Expr | None], subj: ir.Expr) -> list[ir.Expr] | None:
    """The literals of `subj == a || subj == b || subj in [c, d]`, or None for any other test."""
    out: list[ir.Expr] = []
    for p in parts:
        if isinstance(p, ir.Compare) and p.left is subj and p.ops == ["=="] and isinstance(p.comparators[0], ir.Const):
            out.append(p.comparators[0])
        elif isinstance(p, ir.Compare) and p.left is subj and p.ops == ["in"] \
                and isinstance(p.comparators[0], ir.Collection):
            out.extend(p.comparators[0].elts)
        else:
            return None
    return out


def _fields_first(body: list[ir.Stmt]) -> list[ir.Stmt]:
    """The statements with each class after the classes its fields hold instances of (`b: B` is
    `b = B()`, which needs B defined when the module runs top to bottom); cycles keep their order.
    Classes only move among the places classes occupy."""
    slots = [i for i, st in enumerate(body) if isinstance(st, ir.Class)]
    classes = [st for st in body if isinstance(st, ir.Class)]
    by_name = {c.name: c for c in classes}
    ordered: list[ir.Stmt] = []
    state: dict[str, int] = {}  # 1: being placed, 2: placed

    def place(c: ir.Class) -> None:
        if state.get(c.name):
            return
        state[c.name] = 1
        for st in c.body:
            if isinstance(st, ir.Assign) and isinstance(st.value, ir.Call) and isinstance(st.value.func, ir.Name) \
                    and not st.value.args:
                dep = by_name.get(st.value.func.id)
                if dep is not None and dep is not c:
                    place(dep)
        state[c.name] = 2
        ordered.append(c)

    for cls in classes:
        place(cls)
    if len(ordered) != len(slots):
        return body  # several classes of one name (should not happen): leave the order alone
    out = list(body)
    for i, c in zip(slots, ordered, strict=True):
        out[i] = c
    return out


def _return(e: ir.Expr) -> ir.Stmt:
    return ir.Return(e.span, e)


def _format(args: list[ir.Expr], sp: ir.Span) -> ir.Expr:
    """A Format from format!-style arguments: the format string's pieces and the values they name."""
    if not args:
        return ir.Const(sp, "")
    fmt = args[0]
    if not isinstance(fmt, ir.Const) or not isinstance(fmt.value, str):
        return ir.Format(sp, list(args))
    positional = [a for a in args[1:] if not (isinstance(a, ir.Opaque) and a.kind == "walrus")]
    named: dict[str, ir.Expr] = {}
    for a in args[1:]:
        if isinstance(a, ir.Opaque) and a.kind == "walrus" and len(a.children) == 2 and isinstance(
                a.children[0], ir.Name):
            named[a.children[0].id] = a.children[1]
    parts: list[ir.Expr] = []
    s = fmt.value
    pos = 0
    nxt = 0
    for m in _PLACEHOLDER.finditer(s):
        if m.start() > pos:
            parts.append(ir.Const(fmt.span, s[pos:m.start()]))
        pos = m.end()
        tok = m.group(0)
        if tok in ("{{", "}}"):
            parts.append(ir.Const(fmt.span, tok[0]))
            continue
        spec = (m.group(1) or "").split(":", 1)[0].strip()
        val: ir.Expr
        if not spec:
            val = positional[nxt] if nxt < len(positional) else ir.Opaque(sp, "fmt-arg")
            nxt += 1
        elif spec.isdigit():
            i = int(spec)
            val = positional[i] if i < len(positional) else ir.Opaque(sp, "fmt-arg")
        else:
            val = named.get(spec) or ir.Name(fmt.span, spec)
        parts.append(val)
    if pos < len(s):
        parts.append(ir.Const(fmt.span, s[pos:]))
    if all(isinstance(p, ir.Const) for p in parts):
        return ir.Const(sp, "".join(str(p.value) for p in parts if isinstance(p, ir.Const)))
    return ir.Format(sp, parts)


def _path_parts(n: Node | None) -> list[str]:
    if n is None:
        return []
    t = n.type
    if t in ("identifier", "type_identifier", "primitive_type", "self", "crate", "super", "field_identifier",
             "metavariable"):
        return [text(n)]
    if t in ("scoped_identifier", "scoped_type_identifier"):
        path = n.child_by_field_name("path")
        name = n.child_by_field_name("name")
        return _path_parts(path) + ([text(name)] if name is not None else [])
    if t in ("generic_type", "generic_type_with_turbofish"):
        return _path_parts(n.child_by_field_name("type"))
    if t == "bracketed_type":
        return []
    return []


def _type_name(n: Node) -> str:
    parts = _path_parts(n)
    if n.type == "reference_type":
        inner = n.child_by_field_name("type")
        parts = _path_parts(inner) if inner is not None else []
    return parts[-1] if parts else ""


def _macro_name(n: Node) -> str:
    m = n.child_by_field_name("macro")
    parts = _path_parts(m)
    return parts[-1] if parts else ""


def _attr_name(a: Node) -> str:
    attr = next((c for c in a.named_children if c.type == "attribute"), None)
    if attr is None:
        return ""
    kids = attr.named_children
    parts = _path_parts(kids[0]) if kids else []
    return parts[-1] if parts else ""


def _attr_string(a: Node) -> str | None:
    """The first string literal of an attribute's arguments: `#[get("/x")]` -> "/x"."""
    attr = next((c for c in a.named_children if c.type == "attribute"), None)
    if attr is None:
        return None
    args = attr.child_by_field_name("arguments")
    if args is None:
        return None
    for c in args.named_children:
        if c.type in ("string_literal", "raw_string_literal"):
            v = string_value(c)
            return v if isinstance(v, str) else None
    return None


def _attr_data(a: Node) -> str | None:
    """Rocket's `data = "<form>"` argument: the parameter filled from the request body."""
    m = re.search(r'\bdata\s*=\s*"<(\w+)>"', text(a))
    return m.group(1) if m else None


def _is_test(attrs: list[Node]) -> bool:
    for a in attrs:
        t = re.sub(r"\s+", "", text(a))
        if t in ("#[test]", "#[cfg(test)]", "#[tokio::test]", "#[bench]") or t.startswith(
                ("#[cfg(test", "#[tokio::test(", "#[actix_rt::test", "#[actix_web::test", "#[rocket::async_test")):
            return True
    return False
