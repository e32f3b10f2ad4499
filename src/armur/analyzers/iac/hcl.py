"""A tiny Terraform (HCL) model on top of tree-sitter-hcl: blocks, attributes and literal evaluation."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tree_sitter import Language, Node, Parser

MAX_DEPTH = 200


class Unknown:
    """A value that is not a literal (a reference, a function call, an operation)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Unknown({self.text!r})"


@dataclass
class Attr:
    """An attribute: `name = expression`, with its evaluated value and position."""

    name: str
    value: Any
    raw: str
    line: int
    col: int


@dataclass
class Block:
    """A block such as `resource "aws_s3_bucket" "logs" { ... }`."""

    type: str
    labels: list[str]
    line: int
    col: int
    attrs: dict[str, Attr] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def children(self, type_: str) -> list[Block]:
        """Nested blocks of one type."""
        return [b for b in self.blocks if b.type == type_]

    def value(self, name: str, default: Any = None) -> Any:
        """An attribute's evaluated value, or `default` when absent."""
        a = self.attrs.get(name)
        return default if a is None else a.value


@cache
def _parser_language() -> Language:
    import tree_sitter_hcl

    return Language(tree_sitter_hcl.language())


def _text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", errors="replace")


Env = dict[str, dict[str, Any]]


def _top(source: str) -> list[Node]:
    tree = Parser(_parser_language()).parse(source.encode("utf-8"))
    body = next((c for c in tree.root_node.named_children if c.type == "body"), None)
    return [] if body is None else [n for n in body.named_children if n.type == "block"]


def _definitions(nodes: list[Node], env: Env) -> None:
    """Add variable defaults and locals of one file to `env` (locals may use variables and earlier locals)."""
    for node in nodes:
        kind = _text(node.named_children[0])
        if kind == "variable":
            labels = _labels(node)
            inner = _body(node)
            for a in (inner.named_children if inner is not None else []):
                if a.type == "attribute" and _text(a.named_children[0]) == "default":
                    env["var"][labels[0] if labels else ""] = _eval(a.named_children[-1], env, 0)
        elif kind == "locals":
            inner = _body(node)
            for a in (inner.named_children if inner is not None else []):
                if a.type == "attribute":
                    env["local"][_text(a.named_children[0])] = _eval(a.named_children[-1], env, 0)


def module_env(sources: list[str]) -> Env:
    """Variable defaults and locals of every file of one module directory (Terraform shares them)."""
    env: Env = {"var": {}, "local": {}}
    tops = [_top(s) for s in sources]
    for _ in range(2):  # a second round lets locals use locals defined in a later file
        for nodes in tops:
            _definitions(nodes, env)
    return env


def parse(source: str, base: Env | None = None) -> list[Block]:
    """Top-level blocks of a .tf file; variables and locals with literal values are substituted.

    `base` holds the module's definitions from other files; the file's own ones take precedence.
    """
    nodes = _top(source)
    env: Env = {"var": dict(base["var"]) if base else {}, "local": dict(base["local"]) if base else {}}
    _definitions(nodes, env)
    return [_block(n, env, 0) for n in nodes]


def _labels(node: Node) -> list[str]:
    out = []
    for c in node.named_children[1:]:
        if c.type == "string_lit":
            out.append("".join(_text(x) for x in c.named_children if x.type == "template_literal"))
        elif c.type == "identifier":
            out.append(_text(c))
    return out


def _body(node: Node) -> Node | None:
    return next((c for c in node.named_children if c.type == "body"), None)


def _block(node: Node, env: dict[str, dict[str, Any]], depth: int) -> Block:
    blk = Block(_text(node.named_children[0]), _labels(node), node.start_point[0] + 1, node.start_point[1] + 1)
    inner = _body(node)
    if inner is None or depth > MAX_DEPTH:
        return blk
    for c in inner.named_children:
        if c.type == "attribute":
            name = _text(c.named_children[0])
            expr = c.named_children[-1]
            blk.attrs[name] = Attr(name, _eval(expr, env, 0), _text(expr), c.start_point[0] + 1, c.start_point[1] + 1)
        elif c.type == "block":
            blk.blocks.append(_block(c, env, depth + 1))
    return blk


def _string(node: Node, env: dict[str, dict[str, Any]], depth: int) -> Any:
    parts: list[str] = []
    for c in node.named_children:
        if c.type == "template_literal":
            parts.append(_text(c))
        elif c.type == "template_interpolation":
            inner = next((x for x in c.named_children if x.type == "expression"), None)
            v = _eval(inner, env, depth + 1) if inner is not None else Unknown("")
            if isinstance(v, (str, int, float)) and not isinstance(v, bool):
                parts.append(str(v))
            else:
                return Unknown(_text(node))
        elif c.type in ("quoted_template_start", "quoted_template_end", "heredoc_start", "heredoc_identifier"):
            continue
        else:
            return Unknown(_text(node))
    s = "".join(parts)
    return s.replace('\\"', '"').replace("\\\\", "\\").replace("\\n", "\n") if node.type != "heredoc_template" else s


def _eval(node: Node | None, env: dict[str, dict[str, Any]], depth: int) -> Any:
    """Evaluate literal expressions; anything else becomes Unknown."""
    if node is None:
        return None
    if depth > MAX_DEPTH:
        return Unknown(_text(node))
    t = node.type
    kids = node.named_children
    if t == "expression":
        if len(kids) == 1:
            return _eval(kids[0], env, depth + 1)
        if kids and kids[0].type == "variable_expr" and all(k.type == "get_attr" for k in kids[1:]):
            root = _text(kids[0])
            path = [_text(k.named_children[0]) for k in kids[1:] if k.named_children]
            if root in env and len(path) == 1 and path[0] in env[root]:
                return env[root][path[0]]
        return Unknown(_text(node))
    if t == "literal_value" and kids:
        return _eval(kids[0], env, depth + 1)
    if t == "numeric_lit":
        s = _text(node)
        try:
            return int(s)
        except ValueError:
            try:
                return float(s)
            except ValueError:
                return Unknown(s)
    if t == "bool_lit":
        return _text(node) == "true"
    if t == "null_lit":
        return None
    if t in ("string_lit", "quoted_template", "heredoc_template"):
        return _string(node, env, depth)
    if t == "template_expr" and kids:
        return _eval(kids[0], env, depth + 1)
    if t == "collection_value" and kids:
        return _eval(kids[0], env, depth + 1)
    if t == "tuple":
        return [_eval(k, env, depth + 1) for k in kids if k.type == "expression"]
    if t == "object":
        out: dict[str, Any] = {}
        for el in kids:
            if el.type != "object_elem":
                continue
            key_node = el.child_by_field_name("key")
            val_node = el.child_by_field_name("val")
            key = _eval(key_node, env, depth + 1)
            if isinstance(key, Unknown):
                key = key.text
            out[str(key)] = _eval(val_node, env, depth + 1)
        return out
    if t == "variable_expr":
        name = _text(node)
        return name if name not in ("var", "local") else Unknown(name)
    if t == "unary_operation" or (t == "operation" and kids and kids[0].type == "unary_operation"):
        inner = kids[0] if t == "operation" else node
        val = _eval(inner.named_children[-1], env, depth + 1) if inner.named_children else None
        if isinstance(val, (int, float)) and not isinstance(val, bool) and _text(inner).startswith("-"):
            return -val
        return Unknown(_text(node))
    if t == "function_call" and kids:
        fname = _text(kids[0])
        args = next((k for k in kids if k.type == "function_arguments"), None)
        arg_vals = [_eval(a, env, depth + 1) for a in (args.named_children if args is not None else [])
                    if a.type == "expression"]
        if fname in ("jsonencode", "tolist", "toset", "tostring", "tonumber") and len(arg_vals) == 1:
            return arg_vals[0]
        if fname == "jsondecode" and len(arg_vals) == 1 and isinstance(arg_vals[0], str):
            return json_value(arg_vals[0])
        return Unknown(_text(node))
    return Unknown(_text(node))


def json_value(text: str) -> Any:
    """Parse a JSON string (policy documents); Unknown when it is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return Unknown(text)
