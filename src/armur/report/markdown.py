"""Markdown report sized for a pull-request comment (GitHub's limit is 65,536 characters)."""

from __future__ import annotations

import html
import re

from armur.core.findings import Finding, Severity
from armur.core.results import Report
from armur.report._common import (
    TOOL_NAME,
    excerpt,
    format_duration,
    group_by_severity,
    is_flagged,
    skip_reason,
    strip_control,
    tool_version,
)

MAX_CHARS = 65_000
_SKIPS_BUDGET = 15_000
_NOTE_RESERVE = 400
_ICON = {"critical": "🟣", "high": "🔴", "medium": "🟠", "low": "🔵", "info": "⚪"}


def _inline(text: str, in_table: bool = False) -> str:
    """One line of text with HTML escaped (and pipes too, inside a table cell)."""
    flat = html.escape(" ".join(strip_control(text).split()), quote=False)
    return flat.replace("|", "\\|") if in_table else flat


def _code_span(text: str, in_table: bool = False) -> str:
    """Inline code that survives backticks in the text (and pipes, inside a table cell)."""
    flat = " ".join(strip_control(text).split())
    if in_table:
        flat = flat.replace("|", "\\|")
    longest = max((len(m) for m in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _fence(lines: list[str]) -> str:
    longest = max((len(m) for line in lines for m in re.findall(r"`{3,}", line)), default=2)
    return "`" * max(3, longest + 1)


def _finding_block(report: Report, f: Finding) -> str:
    loc = f.location
    where = f"{loc.path}:{loc.start_line}:{loc.start_col}"
    summary = (f"{_ICON[f.severity.value]} <b>{f.severity.value}</b> <code>{_inline(f.rule_id)}</code> "
               f"{_inline(f.message)} — <code>{_inline(where)}</code>")
    parts = ["<details>", f"<summary>{summary}</summary>", ""]
    meta = [f"confidence: {f.confidence.value}"]
    if f.cwe:
        meta.append(", ".join(f"CWE-{c}" for c in f.cwe))
    if f.owasp:
        rule = report.rule(f.rule_id)
        meta.append(_inline(rule.owasp_title if rule and rule.owasp_title else f"OWASP {f.owasp}"))
    parts += [" · ".join(meta), ""]
    rows = excerpt(report, f)
    if rows:
        width = len(str(rows[-1][0]))
        code = [f"{'>' if is_flagged(f, n) else ' '} {n:>{width}} | {strip_control(t.rstrip())}" for n, t in rows]
        fence = _fence(code)
        parts += [fence, *code, fence, ""]
    if f.trace:
        parts.append("Dataflow:")
        parts.append("")
        for i, step in enumerate(f.trace, 1):
            line = (f"{i}. **{step.kind}** {_code_span(f'{step.location.path}:{step.location.start_line}')} "
                    f"{_inline(step.note)}")
            if step.code:
                line += f" — {_code_span(step.code.strip())}"
            parts.append(line)
        parts.append("")
    if f.fix:
        parts += [f"**Fix:** {_inline(f.fix)}", ""]
    parts += ["</details>", ""]
    return "\n".join(parts) + "\n"


def _skips_section(report: Report) -> str:
    if not report.skipped:
        return ""
    lines = [f"### Skipped files ({len(report.skipped)})", "", "| File | Reason |", "|---|---|"]
    size = sum(len(x) + 1 for x in lines)
    for i, s in enumerate(report.skipped):
        row = f"| {_code_span(s.path, in_table=True)} | {_inline(skip_reason(s), in_table=True)} |"
        if size + len(row) + 1 > _SKIPS_BUDGET:
            lines += ["", f"_…and {len(report.skipped) - i} more skipped files (see the JSON or SARIF report)._"]
            break
        lines.append(row)
        size += len(row) + 1
    return "\n".join(lines) + "\n\n"


def to_markdown(report: Report, max_chars: int = MAX_CHARS) -> str:
    """Render a Markdown summary and findings; truncated with a note to stay under ``max_chars``."""
    counts = report.counts_by_severity()
    head = [f"## {TOOL_NAME} security report", ""]
    head += ["| Severity | Findings |", "|---|---:|"]
    head += [f"| {_ICON[s.value]} {s.value} | {counts[s.value]} |" for s in sorted(Severity, key=lambda s: -s.rank)]
    head += [f"| **total** | **{len(report.findings)}** |", ""]
    head.append(
        f"{report.files_scanned} files ({report.lines_scanned} lines) scanned · {len(report.skipped)} skipped · "
        f"{len(report.suppressed)} suppressed · {report.baseline_filtered} in baseline · "
        f"{report.diff_filtered} outside the diff · {format_duration(report.duration_s)} · "
        f"{TOOL_NAME} {tool_version(report)}"
    )
    head.append("")
    for w in report.warnings:
        head.append(f"> ⚠️ {_inline(w)}")
    if report.warnings:
        head.append("")
    header = "\n".join(head) + "\n"
    skips = _skips_section(report)

    body: list[str] = []
    if not report.findings:
        body.append("✅ **No findings.**\n\n")
    budget = max_chars - len(header) - len(skips) - _NOTE_RESERVE
    used = 0
    shown = 0
    for sev, members in group_by_severity(report.findings):
        title = f"### {sev.value.capitalize()} ({len(members)})\n\n"
        for f in members:
            block = _finding_block(report, f)
            extra = len(block) + (len(title) if title else 0)
            if used + extra > budget:
                break
            if title:
                body.append(title)
                used += len(title)
                title = ""
            body.append(block)
            used += len(block)
            shown += 1
        else:
            continue
        break
    if shown < len(report.findings):
        body.append(f"> **Truncated:** showing {shown} of {len(report.findings)} findings to fit a comment; "
                    f"run `armur scan --format html` or `--format sarif` for the full report.\n\n")
    text = header + "".join(body) + skips
    if len(text) > max_chars:  # only if the header itself is enormous (e.g. thousands of warnings)
        note = "\n\n> **Truncated** to fit a comment.\n"
        text = text[: max_chars - len(note)] + note
    return text
