"""Rust: the taint engine with the Rust rule data, and structural checks on the IR."""

from __future__ import annotations

from typing import Mapping, Sequence

from tree_sitter import Tree

from armur.analysis.rust_project import RustProject
from armur.analysis.taint import ModuleCtx, TaintEngine
from armur.analyzers.languages import LanguageSupport, ProjectCache
from armur.core.analyzer import SourceFile
from armur.core.findings import Finding
from armur.core.rules import Rule
from armur.lang import rust
from armur.rules import rust_structural, rust_taint


class RustSupport(LanguageSupport):
    languages = ("rust",)

    def __init__(self) -> None:
        self._projects: ProjectCache[RustProject] = ProjectCache(RustProject)

    def grammar(self, display: str) -> str:
        return "rust"

    def rules(self) -> Sequence[Rule]:
        return [*rust_taint.TAINT_RULES.values(), rust_taint.WEAK_RANDOM_RULE, *rust_structural.RULES]

    def analyze(self, src: SourceFile, tree: Tree, files: Mapping[str, str], key: int
                ) -> tuple[list[Finding], dict[str, str]]:
        module = rust.lower_source(src.display, src.text, tree)
        name = src.display.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".rs")
        ctx = ModuleCtx(src.display, module, name)
        project = self._projects.get(files, key, src)
        project.reset_deps()
        findings = TaintEngine(project, rule_spec=rust_taint).analyze(ctx)
        findings.extend(rust_structural.check(module, src.display, tree))
        return findings, {d: h for d, h in project.deps.items() if d != src.display}


SUPPORT = RustSupport()
