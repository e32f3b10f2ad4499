"""Redaction: how a secret value is shown in findings, reports and logs.

A secret is never printed whole. It is shown as a short prefix, an ellipsis and the first
eight hex digits of its SHA-256 hash, e.g. ``ghp_…3f9a1c2e``. The prefix lets a reader tell
which credential it is; the hash lets two findings be matched to the same value (and a value
a reader already holds be checked with ``sha256sum``) without revealing it.
"""

from __future__ import annotations

import hashlib
import re

ELLIPSIS = "\u2026"

# Runs long enough to be a credential; masked in snippets even when no detector claimed them.
_LONG_RUN = re.compile(r"[A-Za-z0-9+/=_\-.~]{20,}")


def value_hash(value: str) -> str:
    """First 8 hex digits of the SHA-256 of the value (safe to print)."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def redact(value: str) -> str:
    """The printable form of a secret: up to 4 leading characters, '…' and a short hash."""
    n = len(value)
    keep = 4 if n >= 16 else 2 if n >= 8 else 0
    return f"{value[:keep]}{ELLIPSIS}{value_hash(value)}"


def redact_line(line: str, spans: list[tuple[int, int]], limit: int = 200) -> str:
    """The line with every (start, end) span and every long token-like run replaced by its redaction.

    Spans are column offsets into `line`. The result is stripped and cut to `limit` characters.
    """
    out = line
    for start, end in sorted(spans, reverse=True):
        start, end = max(0, start), min(len(out), end)
        if end > start:
            out = out[:start] + redact(out[start:end]) + out[end:]

    def mask(m: re.Match[str]) -> str:
        text = m.group(0)
        if ELLIPSIS in text or _is_harmless(text):
            return text
        return redact(text)

    out = _LONG_RUN.sub(mask, out).strip()
    if len(out) > limit:
        out = out[: limit - 1] + ELLIPSIS
    return out


def _is_harmless(text: str) -> bool:
    """Words and dotted/underscored identifiers (no digits mixed with both cases) need no masking."""
    has_digit = any(c.isdigit() for c in text)
    has_upper = any(c.isupper() for c in text)
    has_lower = any(c.islower() for c in text)
    return not has_digit and not (has_upper and has_lower)
