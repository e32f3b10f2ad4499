"""Name resolution and constant propagation for the structural Python checks.

Two small analyses over a tree-sitter tree, both per file and without dataflow:

* **Imports and aliases.** ``import hashlib as h``, ``from hashlib import md5 as m`` and
  ``import xml.etree.ElementTree as ET`` bind local names to qualified names, so a call is
  matched by its qualified API name (``hashlib.md5``) rather than by its text.
* **Constants.** A local name whose every binding in its scope is a simple assignment of the
  same literal (string, number, bool, None, or a tuple/list/dict of such) evaluates to that
  literal, so ``alg = "md5"; hashlib.new(alg)`` is seen as ``hashlib.new("md5")``. A name bound
  in any other way (parameter, loop, ``with``, augmented assignment, tuple unpacking,
  ``global``) is not a constant. Lookups fall back from a function to enclosing functions and
  then to the module, as Python does; class bodies are not visible from methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from functools import lru_cache

from tree_sitter import Node, Query, QueryCursor, Tree

from armur.lang.treesitter import language, text

SCOPE_TYPES = frozenset({"module", "function_definition", "class_definition", "lambda"})


class _Unknown:
    """Marker for a value that is not a compile-time constant."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN = _Unknown()


@dataclass(frozen=True, slots=True)
class QName:
    """A reference to a qualified name (``yaml.SafeLoader``), used as a constant value."""

    name: str


Value = str | bytes | bool | int | float | None | QName | _Unknown | tuple["Value", ...] | dict[str, "Value"]


def is_const(value: Value) -> bool:
    """Whether a value is a known constant (not UNKNOWN and containing no UNKNOWN parts)."""
    if isinstance(value, _Unknown):
        return False
    if isinstance(value, tuple):
        return all(is_const(v) for v in value)
    if isinstance(value, dict):
        return all(is_const(v) for v in value.values())
    return True


@dataclass(slots=True)
class Scope:
    """A Python scope (module, function, class or lambda) and the bindings made directly in it."""

    node: Node
    parent: Scope | None
    bindings: dict[str, list[Node | None]] = field(default_factory=dict)  # None: not a simple literal binding


def _identifiers(node: Node) -> Iterator[Node]:
    """Identifiers bound by an assignment target pattern."""
    if node.type == "identifier":
        yield node
        return
    if node.type in ("pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "list_splat_pattern",
                     "parenthesized_expression", "as_pattern_target"):
        for c in node.named_children:
            yield from _identifiers(c)


class Names:
    """Import aliases and constant values for one parsed Python file."""

    def __init__(self, tree: Tree) -> None:
        self.root = tree.root_node
        self.aliases: dict[str, str] = {}
        self.imported_modules: set[str] = set()
        self._scopes: dict[tuple[int, int, str], Scope] = {}
        self._evaluating: set[tuple[int, int, str]] = set()
        self._build(self.root, None)

    # -- construction -------------------------------------------------------------------------

    def _build(self, node: Node, parent: Scope | None) -> None:
        """Create the scopes of the file and record the bindings made in each.

        The nodes that bind names (and those that open scopes) are found by one tree-sitter query
        (in C) instead of a Python walk over every node; each is attributed to its innermost
        enclosing scope. Scopes open in document order, so an enclosing scope always exists first.
        """
        self._scopes[_key(node)] = Scope(node, parent)
        captured = _binding_cursor().captures(node).get("n", [])
        for n in sorted(captured, key=lambda x: (x.start_byte, -x.end_byte)):
            scope = self.scope_of(n)
            self._bind(n, scope)
            if n.type in SCOPE_TYPES:
                inner = Scope(n, scope)
                self._scopes[_key(n)] = inner
                if n.type in ("function_definition", "lambda"):
                    params = n.child_by_field_name("parameters")
                    if params is not None:
                        for p in params.named_children:
                            name = p.child_by_field_name("name") if p.type not in ("identifier",) else p
                            if name is None:
                                name = next((c for c in p.named_children if c.type == "identifier"), None)
                            if name is not None and name.type == "identifier":
                                inner.bindings.setdefault(text(name), []).append(None)

    def _bind(self, n: Node, scope: Scope) -> None:
        t = n.type
        if t == "assignment":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is None:
                return
            if left.type == "identifier":
                # a = b = "x": the value is the innermost right-hand side
                while right is not None and right.type == "assignment":
                    right = right.child_by_field_name("right")
                scope.bindings.setdefault(text(left), []).append(right)
            else:
                for ident in _identifiers(left):
                    scope.bindings.setdefault(text(ident), []).append(None)
        elif t == "augmented_assignment":
            left = n.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                scope.bindings.setdefault(text(left), []).append(None)
        elif t in ("for_statement", "for_in_clause"):
            left = n.child_by_field_name("left")
            if left is not None:
                for ident in _identifiers(left):
                    scope.bindings.setdefault(text(ident), []).append(None)
        elif t == "as_pattern_target" or t == "named_expression":
            target = n.child_by_field_name("name") if t == "named_expression" else n
            if target is not None:
                for ident in _identifiers(target):
                    scope.bindings.setdefault(text(ident), []).append(None)
        elif t in ("global_statement", "nonlocal_statement"):
            for ident in n.named_children:
                scope.bindings.setdefault(text(ident), []).append(None)
        elif t in ("function_definition", "class_definition"):
            name = n.child_by_field_name("name")
            if name is not None:
                scope.bindings.setdefault(text(name), []).append(None)
        elif t == "except_clause":
            for c in n.named_children:
                if c.type == "as_pattern":
                    alias = c.child_by_field_name("alias")
                    if alias is not None:
                        for ident in _identifiers(alias):
                            scope.bindings.setdefault(text(ident), []).append(None)
        elif t == "import_statement":
            for c in n.children_by_field_name("name"):
                if c.type == "aliased_import":
                    mod, alias = c.child_by_field_name("name"), c.child_by_field_name("alias")
                    if mod is not None and alias is not None:
                        self.aliases[text(alias)] = text(mod)
                        self.imported_modules.add(text(mod))
                        scope.bindings.setdefault(text(alias), []).append(None)
                else:
                    full = text(c)
                    head = full.split(".")[0]
                    self.aliases.setdefault(head, head)
                    self.imported_modules.add(full)
                    scope.bindings.setdefault(head, []).append(None)
        elif t == "import_from_statement":
            mod_node = n.child_by_field_name("module_name")
            if mod_node is None or mod_node.type == "relative_import":
                return
            module = text(mod_node)
            self.imported_modules.add(module)
            for c in n.children_by_field_name("name"):
                if c.type == "aliased_import":
                    name, alias = c.child_by_field_name("name"), c.child_by_field_name("alias")
                    if name is not None and alias is not None:
                        self.aliases[text(alias)] = f"{module}.{text(name)}"
                        scope.bindings.setdefault(text(alias), []).append(None)
                else:
                    self.aliases[text(c)] = f"{module}.{text(c)}"
                    scope.bindings.setdefault(text(c), []).append(None)

    # -- queries ------------------------------------------------------------------------------

    def imports(self, *prefixes: str) -> bool:
        """Whether the file imports any module equal to or below one of the prefixes."""
        return any(m == p or m.startswith(p + ".") for m in self.imported_modules for p in prefixes)

    def scope_of(self, node: Node) -> Scope:
        """The innermost scope containing a node."""
        n: Node | None = node.parent
        while n is not None:
            s = self._scopes.get(_key(n))
            if s is not None:
                return s
            n = n.parent
        return self._scopes[_key(self.root)]

    def enclosing_function(self, node: Node) -> Node | None:
        """The innermost function definition containing a node, or None at module/class level."""
        n = node.parent
        while n is not None:
            if n.type == "function_definition":
                return n
            n = n.parent
        return None

    def qualname(self, node: Node | None) -> str | None:
        """The qualified name an identifier or attribute chain refers to, after import aliases.

        An identifier that is not imported resolves to itself (``eval``), unless it is a local
        name bound to a qualified name (``loader = yaml.Loader``). Calls in the chain are kept
        as ``()`` (``tarfile.open().extractall``). Returns None for anything else.
        """
        if node is None:
            return None
        if node.type == "identifier":
            name = text(node)
            if name in self.aliases:
                return self.aliases[name]
            value = self._lookup(name, node)
            if isinstance(value, QName):
                return value.name
            return name
        if node.type == "attribute":
            obj = self.qualname(node.child_by_field_name("object"))
            attr = node.child_by_field_name("attribute")
            if obj is None or attr is None:
                return None
            return f"{obj}.{text(attr)}"
        if node.type == "call":
            fn = self.qualname(node.child_by_field_name("function"))
            return None if fn is None else fn + "()"
        if node.type == "parenthesized_expression" and node.named_children:
            return self.qualname(node.named_children[0])
        return None

    def value(self, node: Node | None) -> Value:
        """The constant value of an expression, or UNKNOWN."""
        if node is None:
            return UNKNOWN
        t = node.type
        if t == "string":
            if any(c.type == "interpolation" for c in node.children):
                return UNKNOWN
            start = node.child(0)
            body = "".join(text(c) for c in node.children if c.type in ("string_content", "escape_sequence"))
            if start is not None and "b" in text(start).lower():
                return body.encode("utf-8", errors="replace")
            return body
        if t == "concatenated_string":
            parts = [self.value(c) for c in node.named_children]
            if all(isinstance(p, str) for p in parts):
                return "".join(p for p in parts if isinstance(p, str))
            return UNKNOWN
        if t == "integer":
            try:
                return int(text(node).replace("_", ""), 0)
            except ValueError:
                return UNKNOWN
        if t == "float":
            try:
                return float(text(node).replace("_", ""))
            except ValueError:
                return UNKNOWN
        if t == "true":
            return True
        if t == "false":
            return False
        if t == "none":
            return None
        if t == "parenthesized_expression" and node.named_children:
            return self.value(node.named_children[0])
        if t == "unary_operator":
            op, arg = node.child_by_field_name("operator"), self.value(node.child_by_field_name("argument"))
            if text(op) == "-" and isinstance(arg, int | float) and not isinstance(arg, bool):
                return -arg
            return UNKNOWN
        if t == "not_operator":
            arg = self.value(node.child_by_field_name("argument"))
            return UNKNOWN if not is_const(arg) or isinstance(arg, QName) else not arg
        if t == "binary_operator":
            left, right = self.value(node.child_by_field_name("left")), self.value(node.child_by_field_name("right"))
            binop = text(node.child_by_field_name("operator"))
            if binop == "+" and isinstance(left, str) and isinstance(right, str):
                return left + right
            if (binop == "*" and isinstance(left, int) and isinstance(right, int)
                    and not isinstance(left, bool) and not isinstance(right, bool)):
                return left * right
            return UNKNOWN
        if t in ("list", "tuple", "set"):
            return tuple(self.value(c) for c in node.named_children)
        if t == "dictionary":
            out: dict[str, Value] = {}
            for pair in node.named_children:
                if pair.type != "pair":
                    return UNKNOWN
                k = self.value(pair.child_by_field_name("key"))
                if not isinstance(k, str):
                    return UNKNOWN
                out[k] = self.value(pair.child_by_field_name("value"))
            return out
        if t == "identifier":
            name = text(node)
            if name in self.aliases:
                return QName(self.aliases[name])
            return self._lookup(name, node)
        if t == "attribute":
            q = self.qualname(node)
            return QName(q) if q is not None and "()" not in q else UNKNOWN
        return UNKNOWN

    def _lookup(self, name: str, at: Node) -> Value:
        """Constant value of a local name seen from `at`, following scope rules."""
        scope: Scope | None = self.scope_of(at)
        first = True
        while scope is not None:
            if scope.node.type == "class_definition" and not first:
                scope = scope.parent
                continue
            first = False
            bindings = scope.bindings.get(name)
            if bindings:
                return self._binding_value(bindings)
            scope = scope.parent
        return UNKNOWN

    def _binding_value(self, bindings: list[Node | None]) -> Value:
        if any(b is None for b in bindings):
            return UNKNOWN
        values: list[Value] = []
        for b in bindings:
            assert b is not None
            k = _key(b)
            if k in self._evaluating:  # x = x + "a" and similar cycles
                return UNKNOWN
            self._evaluating.add(k)
            try:
                v = self.value(b)
            finally:
                self._evaluating.discard(k)
            if isinstance(v, QName):
                values.append(v)
            elif not is_const(v):
                return UNKNOWN
            else:
                values.append(v)
        first = values[0]
        if all(v == first and type(v) is type(first) for v in values):
            return first
        return UNKNOWN


_BINDING_TYPES = ("assignment", "augmented_assignment", "for_statement", "for_in_clause", "as_pattern_target",
                  "named_expression", "global_statement", "nonlocal_statement", "function_definition",
                  "class_definition", "except_clause", "import_statement", "import_from_statement", "lambda")


@lru_cache(maxsize=1)
def _binding_query() -> Query:
    return Query(language("python"), "[" + " ".join(f"({t})" for t in _BINDING_TYPES) + "] @n")


def _binding_cursor() -> QueryCursor:
    return QueryCursor(_binding_query())


def _key(node: Node) -> tuple[int, int, str]:
    return (node.start_byte, node.end_byte, node.type)


def call_args(call: Node) -> tuple[list[Node], dict[str, Node], bool]:
    """Positional argument nodes, keyword argument value nodes, and whether ``*``/``**`` splats occur."""
    args = call.child_by_field_name("arguments")
    positional: list[Node] = []
    keywords: dict[str, Node] = {}
    splat = False
    if args is None or args.type != "argument_list":
        if args is not None:  # f(x for x in y)
            positional.append(args)
        return positional, keywords, splat
    for a in args.named_children:
        if a.type == "keyword_argument":
            name, value = a.child_by_field_name("name"), a.child_by_field_name("value")
            if name is not None and value is not None:
                keywords[text(name)] = value
        elif a.type in ("list_splat", "dictionary_splat"):
            splat = True
        elif a.type != "comment":
            positional.append(a)
    return positional, keywords, splat


def arg(call: Node, index: int, keyword: str | None = None) -> Node | None:
    """The argument node at a position or with a keyword, or None."""
    positional, keywords, _ = call_args(call)
    if keyword is not None and keyword in keywords:
        return keywords[keyword]
    if index >= 0 and index < len(positional):
        return positional[index]
    return None
