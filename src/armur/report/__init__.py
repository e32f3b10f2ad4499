"""Report formatters: each is a pure function Report -> str."""

from __future__ import annotations

import json
from collections.abc import Callable

from armur.core.results import Report


def to_json(report: Report) -> str:
    """Placeholder JSON formatter."""
    return json.dumps({"findings": [f.to_dict() for f in report.findings]}, indent=2)


def to_text(report: Report) -> str:
    """Placeholder text formatter."""
    return "\n".join(f"{f.path}:{f.line} {f.rule_id} {f.message}" for f in report.findings) + "\n"


FORMATTERS: dict[str, Callable[[Report], str]] = {"text": to_text, "json": to_json}


def render(report: Report, fmt: str, color: bool = False) -> str:
    """Render a report in a named format."""
    if fmt not in FORMATTERS:
        raise ValueError(f"format {fmt!r} is not available yet")
    return FORMATTERS[fmt](report)
