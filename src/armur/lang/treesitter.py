"""Shared tree-sitter helpers: parsers per language and safe tree walking."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from functools import cache

from tree_sitter import Language, Node, Parser, Tree

MAX_DEPTH = 400
_GRAMMAR_MODULES = {"python": "tree_sitter_python", "go": "tree_sitter_go", "rust": "tree_sitter_rust",
                    "solidity": "tree_sitter_solidity"}  # syntax nesting beyond this is reported as a 'too-deep' skip


class TooDeep(Exception):
    """The syntax tree nests deeper than the analysers are willing to follow."""


@cache
def language(name: str) -> Language:
    """The tree-sitter Language for a language name (grammar wheels only, nothing downloaded)."""
    if name == "javascript":
        import tree_sitter_javascript

        return Language(tree_sitter_javascript.language())
    if name in ("typescript", "tsx"):
        import tree_sitter_typescript

        return Language(tree_sitter_typescript.language_typescript() if name == "typescript"
                        else tree_sitter_typescript.language_tsx())
    module = _GRAMMAR_MODULES.get(name)
    if module is None:
        raise KeyError(f"no tree-sitter grammar for {name}")
    return Language(importlib.import_module(module).language())


def parse(name: str, source: bytes) -> Tree:
    """Parse source bytes; raise TooDeep when nesting exceeds MAX_DEPTH."""
    tree = Parser(language(name)).parse(source)
    if tree_depth(tree.root_node) > MAX_DEPTH:
        raise TooDeep(f"syntax nesting deeper than {MAX_DEPTH} levels")
    return tree


def tree_depth(root: Node) -> int:
    """Maximum depth of a tree, computed iteratively with a cursor (no recursion)."""
    cursor = root.walk()
    depth = best = 0
    while True:
        if cursor.goto_first_child():
            depth += 1
            if depth > best:
                best = depth
                if best > MAX_DEPTH:
                    return best
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return best
            depth -= 1


def walk(root: Node) -> Iterator[Node]:
    """Every node in document order, iteratively."""
    cursor = root.walk()
    while True:
        node = cursor.node
        assert node is not None
        yield node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


def text(node: Node | None) -> str:
    """Source text of a node."""
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", errors="replace")


def joined_text(n: Node, unescape: Callable[[str], str]) -> str:
    """The text of a string literal's children, escape sequences decoded by the language's `unescape`."""
    return "".join(unescape(text(c)) if c.type == "escape_sequence" else text(c) for c in n.named_children)
