"""YAML loading with positions: PyYAML's composed node graph (libyaml when available) behind small helpers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml  # type: ignore[import-untyped,unused-ignore]

try:
    _LOADER: Any = yaml.CSafeLoader
except AttributeError:  # pure-Python PyYAML
    _LOADER = yaml.SafeLoader

Node = Any  # a yaml.Node (MappingNode, SequenceNode or ScalarNode)

MAX_DEPTH = 200


class YamlError(Exception):
    """The text is not valid YAML (or nests too deeply)."""


def documents(text: str) -> list[Node]:
    """Composed documents of a (multi-document) YAML stream; raise YamlError on bad input."""
    try:
        docs = [d for d in yaml.compose_all(text, Loader=_LOADER) if d is not None]
    except yaml.YAMLError as e:
        raise YamlError(str(e).splitlines()[0] if str(e) else "invalid YAML") from None
    except RecursionError:
        raise YamlError("YAML nests too deeply") from None
    return docs


def is_map(node: Node) -> bool:
    """True for a mapping node."""
    return isinstance(node, yaml.MappingNode)


def is_seq(node: Node) -> bool:
    """True for a sequence node."""
    return isinstance(node, yaml.SequenceNode)


def is_scalar(node: Node) -> bool:
    """True for a scalar node."""
    return isinstance(node, yaml.ScalarNode)


def pairs(node: Node) -> Iterator[tuple[Node, Node]]:
    """(key node, value node) pairs of a mapping; nothing for other nodes. Merge keys are followed once."""
    if not is_map(node):
        return
    for k, v in node.value:
        if is_scalar(k) and k.value == "<<" and is_map(v):
            yield from v.value
        else:
            yield k, v


def key_node(node: Node, key: str) -> Node | None:
    """The key node for `key` in a mapping (for positions), or None."""
    for k, _ in pairs(node):
        if is_scalar(k) and k.value == key:
            return k
    return None


def get(node: Node, *path: str) -> Node | None:
    """Follow mapping keys; None when any is missing."""
    cur = node
    for key in path:
        found = None
        for k, v in pairs(cur):
            if is_scalar(k) and k.value == key:
                found = v
        if found is None:
            return None
        cur = found
    return cur


def keys(node: Node) -> list[str]:
    """Scalar keys of a mapping."""
    return [k.value for k, _ in pairs(node) if is_scalar(k)]


def scalar(node: Node | None) -> str | None:
    """The text of a scalar node, or None."""
    if node is not None and is_scalar(node):
        return str(node.value)
    return None


def items(node: Node | None) -> list[Node]:
    """Elements of a sequence (empty for anything else)."""
    if node is not None and is_seq(node):
        return list(node.value)
    return []


def truthy(node: Node | None) -> bool | None:
    """A YAML boolean's value, or None when the node is not a boolean scalar."""
    v = scalar(node)
    if v is None:
        return None
    low = v.lower()
    if low in ("true", "yes", "on", "y"):
        return True
    if low in ("false", "no", "off", "n"):
        return False
    return None


def line(node: Node) -> int:
    """1-based line where a node starts."""
    return int(node.start_mark.line) + 1


def col(node: Node) -> int:
    """1-based column where a node starts."""
    return int(node.start_mark.column) + 1
