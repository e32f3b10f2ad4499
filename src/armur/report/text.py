"""Plain-text report for terminals: findings grouped by severity, then a summary."""

from __future__ import annotations

from armur.core.findings import Finding, Severity
from armur.core.results import Report
from armur.report._common import (
    excerpt,
    format_duration,
    group_by_severity,
    is_flagged,
    plural,
    skip_reason,
    strip_control,
)

_RESET = "\x1b[0m"
_STYLE = {
    "critical": "\x1b[1;97;41m",
    "high": "\x1b[1;31m",
    "medium": "\x1b[1;33m",
    "low": "\x1b[1;36m",
    "info": "\x1b[1;37m",
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "path": "\x1b[35m",
    "ok": "\x1b[1;32m",
    "warn": "\x1b[33m",
}


class _Painter:
    """Applies ANSI styles only when colour is enabled."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        if not self.color or not text:
            return text
        return f"{_STYLE[style]}{text}{_RESET}"


def _finding_lines(report: Report, f: Finding, paint: _Painter) -> list[str]:
    loc = f.location
    out = [
        f"  {paint(f.severity.value, f.severity.value.upper())} {paint('bold', f.rule_id)}: "
        f"{strip_control(f.message)}",
        f"    at {paint('path', f'{strip_control(loc.path)}:{loc.start_line}:{loc.start_col}')}"
        f"  (confidence: {f.confidence.value}"
        + (f", {', '.join(f'CWE-{c}' for c in f.cwe)}" if f.cwe else "")
        + (f", OWASP {f.owasp}" if f.owasp else "")
        + ")",
    ]
    lines = excerpt(report, f)
    if lines:
        width = len(str(lines[-1][0]))
        for number, text in lines:
            marker = ">" if is_flagged(f, number) else " "
            row = f"    {marker} {number:>{width}} | {strip_control(text.rstrip())}"
            out.append(row if marker == ">" else paint("dim", row))
    if f.trace:
        out.append("    dataflow:")
        for i, step in enumerate(f.trace, 1):
            where = f"{strip_control(step.location.path)}:{step.location.start_line}"
            out.append(f"      {i}. [{step.kind}] {paint('path', where)} {strip_control(step.note)}")
            if step.code:
                out.append(f"           {paint('dim', strip_control(step.code.strip()))}")
    if f.fix:
        out.append(f"    fix: {strip_control(f.fix)}")
    return out


def _summary_lines(report: Report, paint: _Painter) -> list[str]:
    counts = report.counts_by_severity()
    by_sev = ", ".join(
        paint(s.value, f"{counts[s.value]} {s.value}") if counts[s.value] else f"0 {s.value}"
        for s in sorted(Severity, key=lambda s: -s.rank)
    )
    out = [
        paint("bold", "Summary"),
        f"  findings:   {len(report.findings)} ({by_sev})",
        f"  scanned:    {plural(report.files_scanned, 'file')}, {plural(report.lines_scanned, 'line')}",
        f"  skipped:    {plural(len(report.skipped), 'file')}",
        f"  suppressed: {len(report.suppressed)} (inline ignore comments)",
        f"  filtered:   {report.baseline_filtered} by baseline, {report.diff_filtered} by --diff",
        f"  cache hits: {report.cache_hits}",
        f"  duration:   {format_duration(report.duration_s)}",
    ]
    if report.skipped:
        out += ["", paint("bold", f"Skipped files ({len(report.skipped)})")]
        for s in report.skipped:
            out.append(f"  {paint('warn', strip_control(s.path))}: {strip_control(skip_reason(s))}")
    if report.warnings:
        out += ["", paint("bold", f"Warnings ({len(report.warnings)})")]
        out += [f"  {paint('warn', strip_control(w))}" for w in report.warnings]
    return out


def to_text(report: Report, color: bool = False) -> str:
    """Render a human-readable report; ANSI colour only when ``color`` is true.

    Text from scanned code is passed through :func:`strip_control`, so a file cannot smuggle
    terminal escape sequences into the output.
    """
    paint = _Painter(color)
    out: list[str] = []
    if report.findings:
        for sev, members in group_by_severity(report.findings):
            out.append(paint(sev.value, f"{sev.value.upper()} ({len(members)})"))
            for f in members:
                out += _finding_lines(report, f, paint)
                out.append("")
    else:
        out += [paint("ok", "No findings."), ""]
    out += _summary_lines(report, paint)
    return "\n".join(out) + "\n"
