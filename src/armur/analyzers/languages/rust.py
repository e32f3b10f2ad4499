"""Rust: the taint engine with the Rust rule data, and structural checks on the IR."""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from tree_sitter import Tree

from armur.analysis.rust_project import RustProject
from armur.analysis.taint import ModuleCtx, Project, TaintEngine
from armur.analyzers.languages import LanguageSupport, ProjectCache
from armur.core.analyzer import SourceFile
from armur.core.findings import Finding
from armur.core.rules import Rule
from armur.lang import rust
from armur.rules import rust_structural, rust_taint


# Other modules of the crate are followed only from files that can start a flow: request handlers
# (extractor types, route attributes, warp filters) or readers of operator input. Following every
# `use crate::...` of every library file made scans of large crates many times slower, for flows
# that cannot start there.
_SOURCE_HINT = re.compile(r"\b(Query|Json|Form|Path|RawQuery|Multipart|TypedHeader|CookieJar)\s*(<|\()|HttpRequest|"
                          r"HeaderMap|web::(Bytes|Payload)|warp::|#\[\s*(rocket::)?(get|post|put|delete|patch|route)\b|"
                          r"env::(args|var)|stdin\(")


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
        if not _SOURCE_HINT.search(src.text):
            findings = TaintEngine(Project(), rule_spec=rust_taint, threats=self.threats).analyze(ctx)
            findings.extend(rust_structural.check(module, src.display, tree))
            return findings, {}
        project = self._projects.get(files, key, src)
        project.reset_deps()
        findings = TaintEngine(project, rule_spec=rust_taint, threats=self.threats).analyze(ctx)
        findings.extend(rust_structural.check(module, src.display, tree))
        return findings, {d: h for d, h in project.deps.items() if d != src.display}


SUPPORT = RustSupport()
