"""Runs every detector over a text and turns the results into redacted Findings."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from armur.analyzers.secrets import generic
from armur.analyzers.secrets.engine import PROVIDERS, Dropped, Hit, ScanResult, Text
from armur.analyzers.secrets.redact import redact, redact_line
from armur.analyzers.secrets.rules import ANALYZER, RULES
from armur.core.findings import Confidence, Finding, Location

_RULES = {r.id: r for r in RULES}
_TEST_PATH = re.compile(
    r"(?:^|/)(?:tests?|__tests__|spec|specs|testdata|test_data|fixtures?|__fixtures__|mocks?|__mocks__|"
    r"examples?|samples?|demo)(?:/|$)|(?:^|/)(?:test_[^/]*|[^/]*_test\.[a-z]+|[^/]*\.(?:test|spec)\.[a-z]+|"
    r"conftest\.py)$", re.IGNORECASE)
_DOCS_PATH = re.compile(r"(?:^|/)docs?/|\.(?:md|rst|adoc|txt|markdown)$", re.IGNORECASE)
_LOWER = {Confidence.HIGH: Confidence.MEDIUM, Confidence.MEDIUM: Confidence.LOW, Confidence.LOW: Confidence.LOW}


def scan_text(text: str, display: str) -> ScanResult:
    """Every reported and every filtered candidate secret in a text."""
    t = Text(text, display)
    result = ScanResult()
    for markers, detect in PROVIDERS:
        if not any(mk in text for mk in markers):
            continue
        for item in detect(t):
            if isinstance(item, Hit):
                result.hits.append(item)
            else:
                result.dropped.append(item)
    # A service-account key's private_key is reported once, as the service account.
    sa_spans = [(h.start, h.end) for h in result.hits if h.rule_id == "secrets.gcp-service-account"]
    if sa_spans:
        result.hits = [h for h in result.hits if h.rule_id == "secrets.gcp-service-account"
                       or not any(s <= h.start < e for s, e in sa_spans)]
    taken = [(h.start, h.end) for h in result.hits] + [s for h in result.hits for s in h.also]
    for item in generic.scan(t, taken):
        if isinstance(item, Hit):
            item = _specialise(item, t)
            result.hits.append(item)
        else:
            result.dropped.append(item)
    return result


def _specialise(hit: Hit, t: Text) -> Hit:
    """A generic hit that is an AWS secret access key (by name and shape) becomes aws-secret-key."""
    name = dict(hit.meta).get("name", "").lower()
    value = t.text[hit.start:hit.end]
    if re.fullmatch(r"[A-Za-z0-9/+]{40}", value) and ("aws" in name or re.search(r"secret.?access", name)):
        return Hit("secrets.aws-secret-key", "AWS secret access key", hit.start, hit.end, hit.severity.HIGH,
                   Confidence.MEDIUM, (("provider", "aws"), ("validated", "name-and-shape")))
    return hit


def soft_filter(display: str) -> str | None:
    """Path-based filters that lower confidence instead of dropping: `test-path`, `docs-path`."""
    if _TEST_PATH.search(display):
        return "test-path"
    if _DOCS_PATH.search(display):
        return "docs-path"
    return None


def to_findings(result: ScanResult, text: str, display: str) -> list[Finding]:
    """Findings for the hits, with the secret redacted in message, snippet and metadata."""
    t = Text(text, display)
    soft = soft_filter(display)
    # Every secret span on a line is masked in that line's snippet, reported or not.
    spans_by_line: dict[int, list[tuple[int, int]]] = {}
    for h in result.hits:
        for s, e in ((h.start, h.end), *h.also):
            first, last = t.line_of(s), t.line_of(max(s, e - 1))
            for ln in range(first, last + 1):
                ls, le = t.line_span(ln)
                spans_by_line.setdefault(ln, []).append((max(s, ls) - ls, min(e, le) - ls))
    findings = []
    for h in result.hits:
        rule = _RULES[h.rule_id]
        value = text[h.start:h.end]
        red = redact(value)
        line = t.line_of(h.start)
        end_line = t.line_of(max(h.start, h.end - 1))
        meta = dict(h.meta)
        meta["redacted"] = red
        meta["sha256_prefix"] = red.rsplit("\u2026", 1)[-1]
        conf = h.confidence
        if soft:
            meta["filtered_by"] = soft
            conf = _LOWER[conf]
        snippet = redact_line(t.line_text(line), spans_by_line.get(line, []))
        findings.append(Finding(
            rule_id=h.rule_id,
            message=f"{h.label} {red} is hard-coded; revoke it and load it from the environment or a secret store",
            severity=h.severity,
            confidence=conf,
            location=Location(display, line, t.col_of(h.start), end_line,
                              t.col_of(max(h.start, h.end - 1)) + 1),
            analyzer=ANALYZER,
            cwe=rule.cwe,
            owasp=rule.owasp,
            snippet=snippet,
            fix=rule.doc.fix,
            metadata=tuple(sorted(meta.items())),
        ))
    return findings


def filtered_counts(dropped: list[Dropped]) -> dict[str, int]:
    """Number of filtered candidates per filter name."""
    return dict(Counter(d.filter for d in dropped).most_common())


def secret_fingerprint(rule_id: str, path: str, value: str) -> str:
    """A fingerprint from the rule, path and value hash (used where no source lines are available)."""
    return hashlib.sha256(f"{rule_id}\0{path}\0{hashlib.sha256(value.encode()).hexdigest()}".encode()
                          ).hexdigest()[:32]
