"""The rule registry: the one source of rule metadata and documentation.

Analyzers declare their rules as :class:`Rule` records and register them here at import time.
`armur rules`, SARIF rule help and generated docs all read from this registry.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from armur.core.findings import Confidence, Severity

# OWASP Top 10 (2021) category ids and titles.
OWASP_2021 = {
    "A01": "A01:2021-Broken Access Control",
    "A02": "A02:2021-Cryptographic Failures",
    "A03": "A03:2021-Injection",
    "A04": "A04:2021-Insecure Design",
    "A05": "A05:2021-Security Misconfiguration",
    "A06": "A06:2021-Vulnerable and Outdated Components",
    "A07": "A07:2021-Identification and Authentication Failures",
    "A08": "A08:2021-Software and Data Integrity Failures",
    "A09": "A09:2021-Security Logging and Monitoring Failures",
    "A10": "A10:2021-Server-Side Request Forgery",
}


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """Fixed documentation sections of a rule."""

    what: str
    why: str
    example: str = ""
    fix: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """Metadata of one rule. The id is stable and readable, e.g. ``python.sql-injection``."""

    id: str
    title: str
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...]
    owasp: str  # key of OWASP_2021, e.g. "A03", or "" when none applies
    languages: tuple[str, ...]
    analyzer: str
    doc: RuleDoc
    tags: tuple[str, ...] = field(default=())

    @property
    def owasp_title(self) -> str:
        """Full OWASP 2021 category title, or ''."""
        return OWASP_2021.get(self.owasp, "")

    def markdown(self) -> str:
        """The rule's documentation as Markdown (used by `armur rules show` and SARIF help)."""
        cwes = ", ".join(f"CWE-{c}" for c in self.cwe) or "none"
        parts = [
            f"# {self.id}: {self.title}",
            "",
            f"Severity: {self.severity.value} · Confidence: {self.confidence.value} · {cwes}"
            + (f" · {self.owasp_title}" if self.owasp else "")
            + f" · Languages: {', '.join(self.languages)}",
            "",
            "## What it finds",
            self.doc.what,
            "",
            "## Why it matters",
            self.doc.why,
        ]
        if self.doc.example:
            parts += ["", "## Example", "```", self.doc.example.strip("\n"), "```"]
        if self.doc.fix:
            parts += ["", "## Fix", self.doc.fix]
        refs = list(self.doc.references) + [
            f"https://cwe.mitre.org/data/definitions/{c}.html" for c in self.cwe
        ]
        parts += ["", "## References"] + [f"- {r}" for r in refs]
        return "\n".join(parts) + "\n"


class Registry:
    """All known rules, by id."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def register(self, *rules: Rule) -> None:
        """Add rules; a duplicate id is a programming error."""
        for r in rules:
            if r.id in self._rules and self._rules[r.id] != r:
                raise ValueError(f"duplicate rule id {r.id}")
            if r.owasp and r.owasp not in OWASP_2021:
                raise ValueError(f"rule {r.id}: unknown OWASP category {r.owasp}")
            self._rules[r.id] = r

    def get(self, rule_id: str) -> Rule | None:
        """Rule with that id, or None."""
        return self._rules.get(rule_id)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda r: r.id))

    def __len__(self) -> int:
        return len(self._rules)

    def matching(self, pattern: str) -> list[Rule]:
        """Rules whose id matches a glob (``python.*``) or equals the pattern."""
        return [r for r in self if fnmatch.fnmatchcase(r.id, pattern)]

    def filter(
        self,
        language: str | None = None,
        cwe: int | None = None,
        severity: Severity | None = None,
        analyzer: str | None = None,
    ) -> list[Rule]:
        """Rules matching every given criterion (severity: at or above)."""
        out = []
        for r in self:
            if language and language.lower() not in r.languages:
                continue
            if cwe is not None and cwe not in r.cwe:
                continue
            if severity and r.severity.rank < severity.rank:
                continue
            if analyzer and r.analyzer != analyzer:
                continue
            out.append(r)
        return out


REGISTRY = Registry()


def register(rules: Iterable[Rule]) -> None:
    """Register rules in the global registry."""
    REGISTRY.register(*rules)


def load_all_rules() -> Registry:
    """Import every analyzer so that its rules are registered; return the registry."""
    import armur.analyzers  # noqa: F401  (import registers rules)

    return REGISTRY
