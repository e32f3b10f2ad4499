"""Combining structural findings with the dataflow results for the same file."""

from __future__ import annotations

from armur.core.findings import Finding

_INJECTION_CWES = frozenset({78, 94, 95, 502, 611, 89, 22, 918})


def merge_structural(structural: list[Finding], settled: set[tuple[int, int]]) -> list[Finding]:
    """Structural findings that the dataflow results do not settle.

    A structural finding on an injection-class call is dropped when the engine followed every path
    into that call and found only literals or data sanitised for it (nothing outside the program can
    reach it). Structural findings on the same line as a dataflow finding with a shared CWE are
    dropped later, by the scan, once it knows which rules are enabled.
    """
    return [f for f in structural
            if not (set(f.cwe) & _INJECTION_CWES and (f.location.start_line, f.location.start_col) in settled)]
