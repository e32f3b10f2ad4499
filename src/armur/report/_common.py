"""Helpers shared by the report formatters. Internal: not part of the public API."""

from __future__ import annotations

import re
from collections.abc import Iterable

from armur import __version__ as _package_version
from armur.core.findings import Finding, Severity
from armur.core.results import SKIP_REASONS, Report, Skip

TOOL_NAME = "armur"

# Analyzers whose findings may quote a secret: never show raw source lines for them,
# only the (already redacted) snippet the analyzer produced.
REDACTING_ANALYZERS = frozenset({"secrets"})

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def tool_version(report: Report) -> str:
    """The armur version that produced the report (falls back to the installed package)."""
    return report.version or _package_version


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings, most severe first, then by file and position."""
    return sorted(findings, key=Finding.sort_key)


def group_by_severity(findings: Iterable[Finding]) -> list[tuple[Severity, list[Finding]]]:
    """Non-empty severity groups, most severe first; findings in each group sorted."""
    ordered = sorted_findings(findings)
    groups: list[tuple[Severity, list[Finding]]] = []
    for sev in sorted(Severity, key=lambda s: -s.rank):
        members = [f for f in ordered if f.severity is sev]
        if members:
            groups.append((sev, members))
    return groups


def skip_reason(skip: Skip) -> str:
    """Human-readable reason of a skip, with its detail when there is one."""
    text = SKIP_REASONS.get(skip.reason, skip.reason)
    return f"{text} ({skip.detail})" if skip.detail else text


def excerpt(report: Report, finding: Finding, context: int = 2) -> list[tuple[int, str]]:
    """Code lines around a finding; for secret-like findings only the analyzer's redacted snippet."""
    if finding.analyzer in REDACTING_ANALYZERS:
        return [(finding.line + i, text) for i, text in enumerate(finding.snippet.splitlines())]
    return report.excerpt(finding, context)


def is_flagged(finding: Finding, line: int) -> bool:
    """True when `line` belongs to the finding's span."""
    return finding.location.start_line <= line <= max(finding.location.end_line, finding.location.start_line)


def cwe_labels(finding: Finding) -> list[str]:
    """The finding's CWE ids as ``CWE-n`` labels."""
    return [f"CWE-{c}" for c in finding.cwe]


def strip_control(text: str) -> str:
    """Replace control characters (terminal escapes, NUL...) by a visible ``\\xNN`` form; keep tab and newline."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def format_duration(seconds: float) -> str:
    """A short duration like ``0.42s`` or ``2m 03s``."""
    if seconds < 60:
        return f"{seconds:.2f}s"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes}m {rest:02d}s"


def plural(n: int, word: str) -> str:
    """``1 finding`` / ``2 findings``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
