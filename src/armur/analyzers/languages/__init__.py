"""Per-language support for the SAST analyzer.

Each module in this package handles one language family and defines `SUPPORT`, a
`LanguageSupport`: the language names it takes (as `armur.lang.language_of` names them), the
tree-sitter grammar for a file, its rules, and how one parsed file is analysed. The SAST analyzer
finds the modules here by name, so adding a language is adding a module; nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any, Generic, Mapping, Sequence, TypeVar

from tree_sitter import Tree

from armur.core.analyzer import SourceFile
from armur.core.findings import Finding
from armur.core.rules import Rule

P = TypeVar("P")


class ProjectCache(Generic[P]):
    """One project index per process and scan, shared by the files a worker analyses.

    `factory(files, sources)` builds the project; without a scan (one file analysed on its own) a
    one-file project is built around the file's own text.
    """

    def __init__(self, factory: Any) -> None:
        self.factory = factory
        self._held: tuple[int, P] | None = None

    def get(self, files: Mapping[str, str], key: int, src: SourceFile) -> P:
        if not files:
            one: P = self.factory({src.display: src.path}, {src.display: src.text})
            return one
        if self._held is None or self._held[0] != key:
            self._held = (key, self.factory(dict(files)))
        return self._held[1]


class LanguageSupport:
    """What the SAST analyzer needs from a language. Subclasses override the methods."""

    languages: tuple[str, ...] = ()
    # The scan's threat model (armur.analysis.taint.TaintEngine's `threats`), set by the SAST
    # analyzer before each file; supports hand it to the taint engine.
    threats: frozenset[str] = frozenset({"remote"})

    def grammar(self, display: str) -> str:
        """The tree-sitter grammar name for a file (default: its language)."""
        from armur.lang import language_of

        return language_of(display) or ""

    def rules(self) -> Sequence[Rule]:
        """Every rule this language's checks can report."""
        return []

    def analyze(self, src: SourceFile, tree: Tree, files: Mapping[str, str], key: int
                ) -> tuple[list[Finding], dict[str, str]]:
        """Findings for one parsed file and the hashes of the other project files they depend on.

        `files` are the scan's files in this support's languages (display -> path); `key` changes
        whenever that set does, for caching a project index across the files of one scan.
        """
        raise NotImplementedError


@cache
def supports() -> tuple[LanguageSupport, ...]:
    """Every language support module in this package, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        support = getattr(mod, "SUPPORT", None)
        if isinstance(support, LanguageSupport):
            found.append(support)
    return tuple(found)
