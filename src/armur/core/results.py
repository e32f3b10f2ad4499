"""The Report: everything a scan produced. Formatters are pure functions of it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from armur.core.findings import Finding, Severity
from armur.core.rules import Rule

# Reasons a file can be skipped. Every skip is listed in every report format.
SKIP_REASONS = {
    "binary": "binary content",
    "nul-bytes": "NUL bytes in a text file",
    "too-large": "larger than the size limit",
    "undecodable": "not valid UTF-8",
    "minified": "minified or generated code",
    "symlink-loop": "symbolic link loop",
    "vanished": "file disappeared during the scan",
    "unreadable": "permission denied or I/O error",
    "too-deep": "syntax nested too deeply to analyse",
    "parse-error": "could not be parsed",
    "analyzer-error": "an analyzer failed on this file",
}


@dataclass(frozen=True, slots=True)
class Skip:
    """A file the scan did not (fully) analyse, and why."""

    path: str
    reason: str  # a key of SKIP_REASONS
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        """JSON-ready mapping."""
        return {"path": self.path, "reason": self.reason, "detail": self.detail}


@dataclass(frozen=True)
class Report:
    """Result of a scan."""

    findings: tuple[Finding, ...]
    rules: tuple[Rule, ...]  # metadata of every rule that was enabled for the scan
    skipped: tuple[Skip, ...] = ()
    suppressed: tuple[Finding, ...] = ()  # silenced by inline `armur: ignore` comments
    baseline_filtered: int = 0  # findings hidden because they are in the baseline
    diff_filtered: int = 0  # findings hidden because their lines did not change since --diff REF
    files_scanned: int = 0
    lines_scanned: int = 0
    roots: tuple[str, ...] = ()
    version: str = ""
    duration_s: float = 0.0
    cache_hits: int = 0
    warnings: tuple[str, ...] = ()
    analyzers: tuple[str, ...] = ()
    sources: dict[str, list[str]] = field(default_factory=dict)  # path -> lines, for excerpts

    def rule(self, rule_id: str) -> Rule | None:
        """Metadata for a rule id in this report."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    def counts_by_severity(self) -> dict[str, int]:
        """Number of findings per severity name, all severities present (most severe first)."""
        c = Counter(f.severity.value for f in self.findings)
        return {s.value: c.get(s.value, 0) for s in Severity}

    def counts_by_cwe(self) -> dict[str, int]:
        """Number of findings per CWE id (a finding counts once for each of its CWEs)."""
        c: Counter[str] = Counter()
        for f in self.findings:
            for w in f.cwe or ():
                c[f"CWE-{w}"] += 1
        return dict(c.most_common())

    def counts_by_file(self) -> dict[str, int]:
        """Number of findings per file, most first."""
        return dict(Counter(f.path for f in self.findings).most_common())

    def excerpt(self, finding: Finding, context: int = 2) -> list[tuple[int, str]]:
        """(line number, text) pairs around a finding, from the scanned source."""
        lines = self.sources.get(finding.path)
        if not lines:
            return [(finding.line, finding.snippet)] if finding.snippet else []
        lo = max(1, finding.location.start_line - context)
        hi = min(len(lines), max(finding.location.end_line, finding.location.start_line) + context)
        return [(n, lines[n - 1]) for n in range(lo, hi + 1)]

    def summary(self) -> dict[str, Any]:
        """Headline numbers."""
        return {
            "findings": len(self.findings),
            "by_severity": self.counts_by_severity(),
            "files_scanned": self.files_scanned,
            "lines_scanned": self.lines_scanned,
            "skipped": len(self.skipped),
            "suppressed": len(self.suppressed),
            "baseline_filtered": self.baseline_filtered,
            "diff_filtered": self.diff_filtered,
        }

    def exceeds(self, level: Severity | None) -> bool:
        """True when any finding is at or above `level` (None: never)."""
        if level is None:
            return False
        return any(f.severity.rank >= level.rank for f in self.findings)
