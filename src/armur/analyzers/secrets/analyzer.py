"""The `secrets` analyzer: hard-coded credentials in any text file."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from armur.analyzers.secrets.rules import ANALYZER, RULES
from armur.analyzers.secrets.scanner import filtered_counts, scan_text, to_findings
from armur.core.analyzer import Analyzer, FileResult, SourceFile
from armur.core.findings import Finding
from armur.core.rules import Rule

log = logging.getLogger("armur.secrets")

# Files that are never text; the core would skip them as binary anyway, this saves the read.
_BINARY_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".tif", ".tiff", ".psd", ".pdf", ".zip",
    ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".whl", ".egg", ".jar", ".war", ".class", ".pyc",
    ".pyo", ".so", ".dll", ".dylib", ".exe", ".bin", ".o", ".a", ".lib", ".woff", ".woff2", ".ttf", ".otf",
    ".eot", ".mp3", ".mp4", ".wav", ".ogg", ".mov", ".avi", ".mkv", ".flac", ".sqlite", ".db", ".parquet",
    ".npy", ".npz", ".pkl", ".pickle", ".onnx", ".pt", ".h5", ".mo", ".DS_Store",
)


class SecretsAnalyzer(Analyzer):
    """Finds provider credentials (with checksum/structure validation) and high-entropy secrets.

    Per file, `FileResult.facts` is ``{"filtered": {filter name: count}, "dropped": [(line, rule id,
    filter), ...]}``: the candidates that a filter decided were not secrets, without their values.
    `finish` adds them up in :attr:`filtered_totals` and logs one summary line.
    """

    name = ANALYZER
    version = "1"

    def __init__(self) -> None:
        self.filtered_totals: Counter[str] = Counter()

    def rules(self) -> Sequence[Rule]:
        """Every secrets rule."""
        return RULES

    def accepts(self, display: str) -> bool:
        """Every file that may be text: source, configuration, .env, notebooks, Dockerfiles, docs."""
        return not display.lower().endswith(tuple(s.lower() for s in _BINARY_SUFFIXES))

    def analyze(self, src: SourceFile) -> FileResult:
        """Scan one file."""
        result = scan_text(src.text, src.display)
        facts: dict[str, Any] = {
            "filtered": filtered_counts(result.dropped),
            "dropped": [(d.line, d.rule_id, d.filter) for d in result.dropped],
        }
        return FileResult(findings=to_findings(result, src.text, src.display), facts=facts)

    def finish(self, results: Mapping[str, FileResult]) -> list[Finding]:
        """Total the filtered candidates of every file (no whole-program findings)."""
        totals: Counter[str] = Counter()
        for res in results.values():
            if isinstance(res.facts, dict):
                totals.update(res.facts.get("filtered", {}))
        self.filtered_totals = totals
        if totals:
            log.info("secrets: candidates not reported, by filter: %s",
                     ", ".join(f"{k}={v}" for k, v in totals.most_common()))
        return []


def explain(results: Mapping[str, FileResult]) -> list[dict[str, Any]]:
    """Filtered candidates of a scan as JSON-ready records {path, line, rule_id, filtered_by}."""
    out = []
    for path, res in sorted(results.items()):
        if isinstance(res.facts, dict):
            for line, rule_id, reason in res.facts.get("dropped", []):
                out.append({"path": path, "line": line, "rule_id": rule_id, "filtered_by": reason})
    return out
