"""Rust: the taint engine with the Rust rule data, and structural checks on the IR."""

from __future__ import annotations

from typing import Mapping, Sequence

from tree_sitter import Tree

from armur.analysis.taint import ModuleCtx, Project, TaintEngine
from armur.analyzers.languages import LanguageSupport
from armur.core.analyzer import SourceFile
from armur.core.findings import Finding
from armur.core.rules import Rule
from armur.lang import rust
from armur.rules import rust_structural, rust_taint


class RustSupport(LanguageSupport):
    languages = ("rust",)

    def grammar(self, display: str) -> str:
        return "rust"

    def rules(self) -> Sequence[Rule]:
        return [*rust_taint.TAINT_RULES.values(), rust_taint.WEAK_RANDOM_RULE, *rust_structural.RULES]

    def analyze(self, src: SourceFile, tree: Tree, files: Mapping[str, str], key: int
                ) -> tuple[list[Finding], dict[str, str]]:
        module = rust.lower_source(src.display, src.text, tree)
        name = src.display.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".rs")
        ctx = ModuleCtx(src.display, module, name)
        findings = TaintEngine(Project(), rule_spec=rust_taint).analyze(ctx)
        findings.extend(rust_structural.check(module, src.display, tree))
        return findings, {}


SUPPORT = RustSupport()
