"""Inline suppressions: `armur: ignore` or `armur: ignore[RULE-ID, ...]` in a comment.

A directive applies to a finding that starts on the same line (a trailing comment) or on the
line below a line that holds only the comment. Any language's comment syntax works:
`#`, `//`, `/* */`, `--`, `<!-- -->`, `;`, `%`, `{{!-- --}}`, `{# #}`. Rule ids may be globs
(`python.*`).
"""

from __future__ import annotations

import fnmatch
import re

from armur.core.findings import Finding

_MARKER = r"(?:#|//|/\*|--|<!--|;|%|\{\{!--|\{#)"
# A comment marker of any supported language, then the directive.
_DIRECTIVE = re.compile(_MARKER + r"\s*armur:\s*ignore(?![\w-])(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)
# A line that is nothing but a comment (the directive may follow other comment text).
_COMMENT_LINE = re.compile(r"^\s*" + _MARKER)


def _ids_on(line: str) -> set[str] | None:
    """Rule ids suppressed by a directive on this line: {'*'} for all, None when no directive."""
    m = _DIRECTIVE.search(line)
    if not m:
        return None
    ids = m.group("ids")
    if ids is None or not ids.strip():
        return {"*"}
    return {i.strip() for i in ids.split(",") if i.strip()}


def _matches(rule_id: str, ids: set[str]) -> bool:
    return any(i == "*" or fnmatch.fnmatchcase(rule_id, i) for i in ids)


def is_suppressed(finding: Finding, lines: list[str] | None) -> bool:
    """True when the finding's first line, or a comment-only line just above it, has a matching directive."""
    if not lines:
        return False
    n = finding.location.start_line
    if 1 <= n <= len(lines):
        ids = _ids_on(lines[n - 1])
        if ids and _matches(finding.rule_id, ids):
            return True
    if 2 <= n <= len(lines) + 1:
        above = lines[n - 2]
        if _COMMENT_LINE.match(above):
            ids = _ids_on(above)
            if ids and _matches(finding.rule_id, ids):
                return True
    return False
