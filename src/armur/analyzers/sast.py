"""Static analysis of source code: structural checks and the dataflow (taint) engine.

The analyzer itself only parses and dispatches; what each language does lives in
`armur.analyzers.languages` (one module per language family).
"""

from __future__ import annotations

import sys
from typing import Mapping, Sequence

from armur.analyzers.languages import LanguageSupport, supports
from armur.core.analyzer import Analyzer, FileResult, SourceFile
from armur.core.config import Config
from armur.core.results import Skip
from armur.core.rules import Rule
from armur.lang import language_of
from armur.lang.treesitter import TooDeep, parse

# The analyses recurse over syntax; nesting beyond treesitter.MAX_DEPTH is rejected as a skip,
# and this limit leaves room for the frames each level needs.
_RECURSION_LIMIT = 20_000


class SastAnalyzer(Analyzer):
    """Parses each source file with tree-sitter and runs its language's checks."""

    name = "sast"
    version = "4"

    def __init__(self) -> None:
        self._by_language: dict[str, LanguageSupport] = {
            lang: s for s in supports() for lang in s.languages}
        self._files: dict[int, dict[str, str]] = {}
        self._keys: dict[int, int] = {}

    def configure(self, config: Config) -> str:
        """Hand the threat model to every language; it keys the cache because it changes which flows
        are reported. (The supports travel to worker processes inside this analyzer, set.)"""
        threats = frozenset(config.threat_model) | {"remote"}
        for s in self._by_language.values():
            s.threats = threats
        return "threats=" + ",".join(sorted(threats))

    def prepare(self, files: Mapping[str, str]) -> None:
        """Remember the project's files per language so imports between them can be followed."""
        for s in supports():
            mine = {d: p for d, p in files.items() if language_of(d) in s.languages}
            self._files[id(s)] = mine
            self._keys[id(s)] = hash(tuple(sorted(mine.items())))

    def rules(self) -> Sequence[Rule]:
        """Every SAST rule of every language."""
        return [r for s in supports() for r in s.rules()]

    def accepts(self, display: str) -> bool:
        """Files in a supported language."""
        return language_of(display) in self._by_language

    def analyze(self, src: SourceFile) -> FileResult:
        """Parse and check one file."""
        support = self._by_language.get(language_of(src.display) or "")
        if support is None:
            return FileResult()
        if sys.getrecursionlimit() < _RECURSION_LIMIT:
            sys.setrecursionlimit(_RECURSION_LIMIT)
        try:
            tree = parse(support.grammar(src.display), src.text.encode("utf-8"))
        except TooDeep as e:
            return FileResult(skip=Skip(src.display, "too-deep", str(e)))
        findings, deps = support.analyze(src, tree, self._files.get(id(support), {}),
                                         self._keys.get(id(support), 0))
        return FileResult(findings=findings, deps=deps)
