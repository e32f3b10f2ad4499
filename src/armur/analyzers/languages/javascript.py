"""JavaScript and TypeScript: the taint engine with the JavaScript rule data, and IR checks."""

from __future__ import annotations

from typing import Mapping, Sequence

from tree_sitter import Tree

from armur.analysis.project import JsProject, module_parts
from armur.analysis.taint import ModuleCtx, TaintEngine
from armur.analyzers.languages import LanguageSupport, ProjectCache
from armur.core.analyzer import SourceFile
from armur.core.findings import Finding
from armur.core.rules import Rule
from armur.lang import javascript
from armur.rules import javascript_prototype, javascript_regex, javascript_structural, javascript_taint


class JavaScriptSupport(LanguageSupport):
    languages = ("javascript", "typescript")

    def __init__(self) -> None:
        self._projects: ProjectCache[JsProject] = ProjectCache(JsProject)

    def grammar(self, display: str) -> str:
        return javascript.grammar_of(javascript.dialect_of(display))

    def rules(self) -> Sequence[Rule]:
        # several taint kinds can report under one rule (javascript.xss): list each rule once
        taint = list({r.id: r for r in javascript_taint.TAINT_RULES.values()}.values())
        return [*taint, javascript_taint.WEAK_RANDOM_RULE, *javascript_structural.RULES, *javascript_prototype.RULES,
                *javascript_regex.RULES]

    def analyze(self, src: SourceFile, tree: Tree, files: Mapping[str, str], key: int
                ) -> tuple[list[Finding], dict[str, str]]:
        project = self._projects.get(files, key, src)
        project.reset_deps()
        module = project.own_module(src.display, src.text, lambda: javascript.lower_source(
            src.display, src.text, tree, javascript.dialect_of(src.display)))
        ctx = ModuleCtx(src.display, module, ".".join(module_parts(src.display)))
        findings = TaintEngine(project, rule_spec=javascript_taint, threats=self.threats).analyze(ctx)
        findings = javascript_prototype.drop_fixed_lodash_merges(findings, src.path)
        findings.extend(javascript_structural.check(module, src.display))
        findings.extend(javascript_prototype.check(module, src.display))
        findings.extend(javascript_regex.check(tree, src.display, src.text))
        return findings, {d: h for d, h in project.deps.items() if d != src.display}


SUPPORT = JavaScriptSupport()
