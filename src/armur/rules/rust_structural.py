"""Structural Rust checks (placeholder, filled below)."""
from __future__ import annotations

from tree_sitter import Tree

from armur.core.findings import Finding
from armur.core.rules import Rule
from armur.ir import nodes as ir

RULES: list[Rule] = []


def check(module: ir.Module, display: str, tree: Tree | None = None) -> list[Finding]:
    return []
