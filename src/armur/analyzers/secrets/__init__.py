"""Secrets analyzer: hard-coded credentials in source, configuration and git history.

Public entry points: :class:`SecretsAnalyzer` (the per-file analyzer), :func:`scan_text`
(candidates in a string), and :func:`armur.analyzers.secrets.history.scan_history`.
"""

from __future__ import annotations

from armur.analyzers.secrets.analyzer import SecretsAnalyzer, explain
from armur.analyzers.secrets.redact import redact
from armur.analyzers.secrets.rules import RULES
from armur.analyzers.secrets.scanner import scan_text, to_findings

__all__ = ["RULES", "SecretsAnalyzer", "explain", "redact", "scan_text", "to_findings"]
