"""The finding model: frozen, typed records that every analyzer produces and every formatter reads."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How bad a finding is. Ordered: critical > high > medium > low > info."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return _SEVERITY_RANK[self]

    @property
    def security_score(self) -> float:
        """GitHub code scanning `security-severity` (CVSS-like 0..10)."""
        return _SECURITY_SCORE[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Parse a severity name, case-insensitively; raise ValueError naming the bad value."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}
_SECURITY_SCORE = {
    Severity.CRITICAL: 9.5,
    Severity.HIGH: 8.0,
    Severity.MEDIUM: 5.5,
    Severity.LOW: 3.0,
    Severity.INFO: 0.0,
}


class Confidence(str, Enum):
    """How sure the analyzer is that the finding is real."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Higher is more confident."""
        return {"high": 2, "medium": 1, "low": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """A span in a file. Lines and columns are 1-based; end is inclusive of the last line."""

    path: str
    start_line: int
    start_col: int = 1
    end_line: int = 0
    end_col: int = 0

    def __post_init__(self) -> None:
        if self.end_line < self.start_line:
            object.__setattr__(self, "end_line", self.start_line)
        if self.end_col <= 0 and self.end_line == self.start_line:
            object.__setattr__(self, "end_col", self.start_col)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "path": self.path,
            "start_line": self.start_line,
            "start_col": self.start_col,
            "end_line": self.end_line,
            "end_col": self.end_col,
        }


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One step of a dataflow trace: where the data was, and what happened to it."""

    location: Location
    kind: str  # "source", "step", "call", "return", "sink"
    note: str
    code: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"kind": self.kind, "note": self.note, "code": self.code, "location": self.location.to_dict()}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in scanned code."""

    rule_id: str
    message: str
    severity: Severity
    confidence: Confidence
    location: Location
    analyzer: str
    cwe: tuple[int, ...] = ()
    owasp: str = ""
    snippet: str = ""
    trace: tuple[TraceStep, ...] = ()
    fix: str = ""
    fingerprint: str = ""
    metadata: tuple[tuple[str, str], ...] = field(default=())

    @property
    def path(self) -> str:
        """Path of the file the finding is in."""
        return self.location.path

    @property
    def line(self) -> int:
        """First line of the finding."""
        return self.location.start_line

    def sort_key(self) -> tuple[Any, ...]:
        """Order: most severe first, then by file and position."""
        return (-self.severity.rank, self.location.path, self.location.start_line, self.location.start_col,
                self.rule_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the `findings[]` entries of the JSON report)."""
        return {
            "rule_id": self.rule_id,
            "message": self.message,
            "severity": self.severity.value,
            "confidence": self.confidence.value,
            "cwe": [f"CWE-{c}" for c in self.cwe],
            "owasp": self.owasp,
            "location": self.location.to_dict(),
            "snippet": self.snippet,
            "trace": [s.to_dict() for s in self.trace],
            "fix": self.fix,
            "fingerprint": self.fingerprint,
            "analyzer": self.analyzer,
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        """Inverse of :meth:`to_dict` (used by the cache)."""
        def loc(x: dict[str, Any]) -> Location:
            return Location(x["path"], x["start_line"], x["start_col"], x["end_line"], x["end_col"])

        return cls(
            rule_id=d["rule_id"],
            message=d["message"],
            severity=Severity(d["severity"]),
            confidence=Confidence(d["confidence"]),
            cwe=tuple(int(c.split("-")[1]) for c in d["cwe"]),
            owasp=d["owasp"],
            location=loc(d["location"]),
            snippet=d["snippet"],
            trace=tuple(TraceStep(loc(s["location"]), s["kind"], s["note"], s["code"]) for s in d["trace"]),
            fix=d["fix"],
            fingerprint=d["fingerprint"],
            analyzer=d["analyzer"],
            metadata=tuple(sorted(d.get("metadata", {}).items())),
        )


def _normalise(code: str) -> str:
    return " ".join(code.split())


def assign_fingerprints(
    findings: Iterable[Finding],
    lines_of: dict[str, list[str]],
    path_keys: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Give each finding a fingerprint that survives unrelated edits above it.

    The fingerprint hashes the rule id, the file path, the whitespace-normalised text of the
    flagged line(s) and, to tell identical lines apart, the index of this occurrence among
    findings with the same (rule, path, text) in file order. Line numbers are not part of it,
    so inserting lines above a finding does not change it. `path_keys` maps a finding's path
    to the path used in the hash (the scan uses the path relative to the repository top, so
    fingerprints do not depend on the directory armur was run from).
    """
    ordered = sorted(findings, key=lambda f: (f.path, f.location.start_line, f.location.start_col, f.rule_id))
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for f in ordered:
        lines = lines_of.get(f.path)
        if lines is not None and 0 < f.location.start_line <= len(lines):
            end = min(max(f.location.end_line, f.location.start_line), len(lines), f.location.start_line + 4)
            text = _normalise("\n".join(lines[f.location.start_line - 1:end]))
        else:
            text = _normalise(f.snippet)
        path = path_keys.get(f.path, f.path) if path_keys else f.path
        key = (f.rule_id, path, text)
        index = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(f"{f.rule_id}\0{path}\0{text}\0{index}".encode()).hexdigest()[:32]
        out.append(replace(f, fingerprint=digest))
    return out
