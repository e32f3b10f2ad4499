"""Baselines: record today's findings so that CI reports only new ones."""

from __future__ import annotations

import json
from pathlib import Path

from armur.core.findings import Finding

BASELINE_VERSION = 1


class BaselineError(Exception):
    """The baseline file is missing or malformed."""


def write_baseline(findings: list[Finding] | tuple[Finding, ...], path: str) -> None:
    """Write the fingerprints of `findings` to a JSON baseline file."""
    entries = sorted(
        ({"fingerprint": f.fingerprint, "rule_id": f.rule_id, "path": f.path} for f in findings),
        key=lambda e: (e["path"], e["rule_id"], e["fingerprint"]),
    )
    doc = {"armur_baseline": BASELINE_VERSION, "findings": entries}
    Path(path).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def read_baseline(path: str) -> set[str]:
    """Fingerprints recorded in a baseline file."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"baseline file not found: {path}") from None
    except (OSError, ValueError) as e:
        raise BaselineError(f"cannot read baseline {path}: {e}") from None
    if not isinstance(doc, dict) or doc.get("armur_baseline") != BASELINE_VERSION:
        raise BaselineError(f"{path} is not an armur baseline (version {BASELINE_VERSION})")
    try:
        return {str(e["fingerprint"]) for e in doc["findings"]}
    except (KeyError, TypeError):
        raise BaselineError(f"{path}: malformed baseline entries") from None
