"""Static analysis of source code: structural checks and the dataflow (taint) engine."""

from __future__ import annotations

import sys
from typing import Any, Mapping, Sequence, TypeVar

from armur.analysis.project import JsProject, PythonProject, module_parts
from armur.analysis.taint import ModuleCtx, TaintEngine
from armur.core.analyzer import Analyzer, FileResult, SourceFile
from armur.core.findings import Finding
from armur.core.results import Skip
from armur.core.rules import Rule
from armur.lang import javascript, language_of
from armur.lang.python import lower_source
from armur.lang.treesitter import TooDeep, parse
from armur.rules import javascript_structural, javascript_taint, python_structural, python_taint

# The analyses recurse over syntax; nesting beyond treesitter.MAX_DEPTH is rejected as a skip,
# and this limit leaves room for the frames each level needs.
_RECURSION_LIMIT = 20_000

# One project index per language and process, shared by the files a worker analyses.
_PROJECTS: dict[type, tuple[int, Any]] = {}

P = TypeVar("P", PythonProject, JsProject)


def _cached(cls: type[P], files: dict[str, str], key: int, src: SourceFile) -> P:
    """The process's project of class `cls` for this scan's files (a one-file project without a scan)."""
    if not files:
        return cls({src.display: src.path}, {src.display: src.text})
    held = _PROJECTS.get(cls)
    if held is None or held[0] != key:
        held = (key, cls(files))
        _PROJECTS[cls] = held
    proj: P = held[1]
    return proj


def _merge_structural(structural: list[Finding], settled: set[tuple[int, int]]) -> list[Finding]:
    """Structural findings that the dataflow results do not settle.

    A structural finding on an injection-class call is dropped when the engine followed every path
    into that call and found only literals or data sanitised for it (nothing outside the program can
    reach it). Structural findings on the same line as a dataflow finding with a shared CWE are
    dropped later, by the scan, once it knows which rules are enabled.
    """
    return [f for f in structural
            if not (set(f.cwe) & _INJECTION_CWES and (f.location.start_line, f.location.start_col) in settled)]


_INJECTION_CWES = frozenset({78, 94, 95, 502, 611, 89, 22, 918})


class SastAnalyzer(Analyzer):
    """Parses each source file with tree-sitter, runs structural checks and the taint engine."""

    name = "sast"
    version = "3"

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.js_files: dict[str, str] = {}
        self._key = 0
        self._js_key = 0

    def prepare(self, files: Mapping[str, str]) -> None:
        """Remember the project's Python files so imports between them can be followed."""
        self.files = {d: p for d, p in files.items() if language_of(d) == "python"}
        self.js_files = {d: p for d, p in files.items() if language_of(d) in ("javascript", "typescript")}
        self._key = hash(tuple(sorted(self.files.items())))
        self._js_key = hash(tuple(sorted(self.js_files.items())))

    def rules(self) -> Sequence[Rule]:
        """Every SAST rule."""
        return [*python_structural.RULES, *python_taint.TAINT_RULES.values(),
                *javascript_taint.TAINT_RULES.values(), javascript_taint.WEAK_RANDOM_RULE,
                *javascript_structural.RULES]

    def accepts(self, display: str) -> bool:
        """Files in a supported language."""
        return language_of(display) is not None

    def _project(self, src: SourceFile) -> PythonProject:
        return _cached(PythonProject, self.files, self._key, src)

    def _js_project(self, src: SourceFile) -> JsProject:
        return _cached(JsProject, self.js_files, self._js_key, src)

    def analyze(self, src: SourceFile) -> FileResult:
        """Parse and check one file."""
        lang = language_of(src.display)
        if lang is None:
            return FileResult()
        if sys.getrecursionlimit() < _RECURSION_LIMIT:
            sys.setrecursionlimit(_RECURSION_LIMIT)
        dialect = javascript.dialect_of(src.display) if lang in ("javascript", "typescript") else lang
        grammar = javascript.grammar_of(dialect) if lang in ("javascript", "typescript") else lang
        try:
            tree = parse(grammar, src.text.encode("utf-8"))
        except TooDeep as e:
            return FileResult(skip=Skip(src.display, "too-deep", str(e)))
        findings = []
        deps: dict[str, str] = {}
        if lang == "python":
            project = self._project(src)
            project.reset_deps()
            module = lower_source(src.display, src.text, tree)
            ctx = ModuleCtx(src.display, module, ".".join(module_parts(src.display)))
            engine = TaintEngine(project)
            flows = engine.analyze(ctx)
            findings.extend(flows)
            findings.extend(_merge_structural(python_structural.check(tree, src), engine.settled_sites()))
            deps = {d: h for d, h in project.deps.items() if d != src.display}
        elif lang in ("javascript", "typescript"):
            # JavaScript / TypeScript: the same engine with the language's rule data (no Python checks).
            js_module = javascript.lower_source(src.display, src.text, tree, dialect)
            js_ctx = ModuleCtx(src.display, js_module, ".".join(module_parts(src.display)))
            js_project = self._js_project(src)
            js_project.reset_deps()
            findings.extend(TaintEngine(js_project, rule_spec=javascript_taint).analyze(js_ctx))
            findings.extend(javascript_structural.check(js_module, src.display))
            deps = {d: h for d, h in js_project.deps.items() if d != src.display}
        return FileResult(findings=findings, deps=deps)
