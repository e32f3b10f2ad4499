"""The analyzer interface. Every analyzer (sast, secrets, iac, deps) plugs into the scan through it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from armur.core.config import Config
from armur.core.findings import Finding
from armur.core.results import Skip
from armur.core.rules import Rule


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A decoded text file handed to analyzers. Never executed or imported."""

    path: str  # path on disk
    display: str  # path shown in reports
    text: str

    @property
    def lines(self) -> list[str]:
        """The file's lines without line terminators."""
        return self.text.splitlines()


@dataclass(slots=True)
class FileResult:
    """What one analyzer found in one file. Must be picklable: it crosses processes and the cache."""

    findings: list[Finding] = field(default_factory=list)
    skip: Skip | None = None
    facts: Any = None  # analyzer-specific data for the whole-program phase
    # Other files this result depends on (display path -> sha256 of their content). A cached
    # result is reused only while every one of them is unchanged.
    deps: dict[str, str] = field(default_factory=dict)


class Analyzer(ABC):
    """Base class of analyzers.

    `analyze` runs per file, in worker processes, and its result is cached by file content;
    it must be a pure function of the file. `finish` runs once in the main process with every
    file's result and returns whole-program findings (for example taint flows across files).
    """

    name: str = ""
    version: str = "1"  # bump when analysis changes so cached results are not reused
    # Messages from the last finish() that the user must see (e.g. "no advisory data loaded");
    # the scan copies them into Report.warnings.
    warnings: Sequence[str] = ()

    def configure(self, config: Config) -> str:
        """Called once per scan before `prepare` with the scan's configuration. Returns the settings
        that change this analyzer's results (they key the result cache); "" when none do."""
        return ""

    def prepare(self, files: Mapping[str, str]) -> None:  # noqa: B027  (optional hook)
        """Called once before analysis with every file of the scan (display path -> path on disk).

        Whatever the analyzer keeps must be picklable: the analyzer is sent to worker processes.
        """

    @abstractmethod
    def rules(self) -> Sequence[Rule]:
        """Rules this analyzer can report."""

    @abstractmethod
    def accepts(self, display: str) -> bool:
        """Whether this analyzer wants to look at a file, judged by its name."""

    @abstractmethod
    def analyze(self, src: SourceFile) -> FileResult:
        """Analyse one file."""

    def finish(self, results: Mapping[str, FileResult]) -> list[Finding]:
        """Whole-program phase over all per-file results, keyed by display path."""
        return []
