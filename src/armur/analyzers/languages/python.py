"""Python: structural checks and the taint engine with the Python rule data."""

from __future__ import annotations

from typing import Mapping, Sequence

from tree_sitter import Tree

from armur.analysis.project import PythonProject, module_parts
from armur.analysis.taint import ModuleCtx, TaintEngine
from armur.analyzers.languages import LanguageSupport, ProjectCache
from armur.analyzers.languages.merge import merge_structural
from armur.core.analyzer import SourceFile
from armur.core.findings import Finding
from armur.core.rules import Rule
from armur.lang.python import lower_source
from armur.rules import python_structural, python_taint


class PythonSupport(LanguageSupport):
    languages = ("python",)

    def __init__(self) -> None:
        self._projects: ProjectCache[PythonProject] = ProjectCache(PythonProject)

    def rules(self) -> Sequence[Rule]:
        return [*python_structural.RULES, *python_taint.TAINT_RULES.values()]

    def analyze(self, src: SourceFile, tree: Tree, files: Mapping[str, str], key: int
                ) -> tuple[list[Finding], dict[str, str]]:
        project = self._projects.get(files, key, src)
        project.reset_deps()
        module = lower_source(src.display, src.text, tree)
        ctx = ModuleCtx(src.display, module, ".".join(module_parts(src.display)))
        engine = TaintEngine(project, threats=self.threats)
        findings = engine.analyze(ctx)
        findings.extend(merge_structural(python_structural.check(tree, src), engine.settled_sites()))
        return findings, {d: h for d, h in project.deps.items() if d != src.display}


SUPPORT = PythonSupport()
