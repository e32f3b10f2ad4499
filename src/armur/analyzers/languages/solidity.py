"""Solidity: contract-level analysis on the IR (re-entrancy, access control, unchecked calls...)."""

from __future__ import annotations

from typing import Mapping, Sequence

from tree_sitter import Tree

from armur.analysis.solidity import SolProject
from armur.analyzers.languages import LanguageSupport, ProjectCache
from armur.core.analyzer import SourceFile
from armur.core.findings import Finding
from armur.core.rules import Rule
from armur.lang import solidity
from armur.rules import solidity as rules


class SoliditySupport(LanguageSupport):
    languages = ("solidity",)

    def __init__(self) -> None:
        self._projects: ProjectCache[SolProject] = ProjectCache(SolProject)

    def grammar(self, display: str) -> str:
        return "solidity"

    def rules(self) -> Sequence[Rule]:
        return list(rules.RULES)

    def analyze(self, src: SourceFile, tree: Tree, files: Mapping[str, str], key: int
                ) -> tuple[list[Finding], dict[str, str]]:
        module = solidity.lower_source(src.display, src.text, tree)
        project = self._projects.get(files, key, src)
        project.reset_deps()
        mod = project.add(src.display, module, src.text)
        project.link(mod)
        findings = rules.check(mod)
        return findings, {d: h for d, h in project.deps.items() if d != src.display}


SUPPORT = SoliditySupport()
