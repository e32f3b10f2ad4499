"""Inline suppressions: `armur: ignore` or `armur: ignore[RULE-ID, ...]` in a comment."""

from __future__ import annotations

import re

from armur.core.findings import Finding

# A comment marker of any supported language, then the directive.
_DIRECTIVE = re.compile(
    r"(?:#|//|/\*|--|<!--|;|%|\{\{!--|\{#)\s*armur:\s*ignore(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE
)


def _ids_on(line: str) -> set[str] | None:
    """Rule ids suppressed by a directive on this line: {'*'} for all, None when no directive."""
    m = _DIRECTIVE.search(line)
    if not m:
        return None
    ids = m.group("ids")
    if ids is None or not ids.strip():
        return {"*"}
    return {i.strip() for i in ids.split(",") if i.strip()}


def is_suppressed(finding: Finding, lines: list[str] | None) -> bool:
    """True when the finding's first line, or the line above it, carries a matching directive."""
    if not lines:
        return False
    n = finding.location.start_line
    for ln in (n, n - 1):
        if 1 <= ln <= len(lines):
            ids = _ids_on(lines[ln - 1])
            if ids and ("*" in ids or finding.rule_id in ids):
                return True
    return False
