"""Go: the taint engine with the Go rule data, and structural checks on the syntax tree."""

from __future__ import annotations

from typing import Mapping, Sequence

from tree_sitter import Tree

from armur.analysis.go_project import GoProject, is_test_file, with_package_scope
from armur.analysis.taint import ModuleCtx, TaintEngine
from armur.analyzers.languages import LanguageSupport, ProjectCache
from armur.core.analyzer import SourceFile
from armur.core.findings import Finding
from armur.core.rules import Rule
from armur.lang import go
from armur.rules import go_structural, go_taint


class GoSupport(LanguageSupport):
    languages = ("go",)

    def __init__(self) -> None:
        self._projects: ProjectCache[GoProject] = ProjectCache(GoProject)

    def rules(self) -> Sequence[Rule]:
        return [*go_taint.TAINT_RULES.values(), go_taint.WEAK_RANDOM_RULE, *go_structural.RULES]

    def analyze(self, src: SourceFile, tree: Tree, files: Mapping[str, str], key: int
                ) -> tuple[list[Finding], dict[str, str]]:
        if is_test_file(src.display):
            # Like gosec (without -tests), test code is not reported: fixtures, fake credentials and
            # throw-away servers are what tests are made of.
            return [], {}
        project = self._projects.get(files, key, src)
        project.reset_deps()
        module = project.link(go.lower_source(src.display, src.text, tree))
        module = with_package_scope(module, project.siblings(src.display))
        ctx = ModuleCtx(src.display, module, src.display)
        findings = TaintEngine(project, rule_spec=go_taint, threats=self.threats).analyze(ctx)
        findings.extend(go_structural.check(tree, src.display, src.text))
        return findings, {d: h for d, h in project.deps.items() if d != src.display}


SUPPORT = GoSupport()
