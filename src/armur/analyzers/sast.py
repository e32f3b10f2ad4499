"""Static analysis of source code: structural checks and (per language) the dataflow engine."""

from __future__ import annotations

from collections.abc import Sequence

from armur.core.analyzer import Analyzer, FileResult, SourceFile
from armur.core.results import Skip
from armur.core.rules import Rule
from armur.lang import language_of
from armur.lang.treesitter import TooDeep, parse
from armur.rules import python_structural


class SastAnalyzer(Analyzer):
    """Parses each source file with tree-sitter and runs the rules for its language."""

    name = "sast"
    version = "1"

    def rules(self) -> Sequence[Rule]:
        """Every SAST rule."""
        return list(python_structural.RULES)

    def accepts(self, display: str) -> bool:
        """Files in a supported language."""
        return language_of(display) is not None

    def analyze(self, src: SourceFile) -> FileResult:
        """Parse and check one file."""
        lang = language_of(src.display)
        if lang is None:
            return FileResult()
        try:
            tree = parse(lang, src.text.encode("utf-8"))
        except TooDeep as e:
            return FileResult(skip=Skip(src.display, "too-deep", str(e)))
        findings = []
        if lang == "python":
            findings.extend(python_structural.check(tree, src))
        return FileResult(findings=findings)
