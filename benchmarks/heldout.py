"""What the held-out benchmark scripts share: the dev/test split, the per-category tally and its table,
findings grouped by case file, a finding with its trace as text, and blanking string literals out of a
source line (for scripts that read labels from comments).

Split (fixed before any result is looked at, the same rule in every script): a case is in the dev half
when zlib.crc32 of its id (UTF-8) is even, in the test half otherwise. Each script says what its case id
is (a file path, dataset/name, or file:unit:category).

A Tally keeps the items of one category in four lists. TPR is None without vulnerable cases and FPR is
None without safe ones; Youden's J is None without vulnerable cases (it is TPR - FPR, with FPR taken as 0
when there is no safe case). How a script averages categories that have no J is its own choice, said in
its docstring.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPLITS = ("dev", "test", "all")


def split_of(case_id: str) -> str:
    """'dev' or 'test' for a case id."""
    return "dev" if zlib.crc32(case_id.encode("utf-8")) % 2 == 0 else "test"


def in_split(case_id: str, split: str) -> bool:
    return split == "all" or split_of(case_id) == split


@dataclass
class Tally:
    """The cases of one category, by outcome."""

    tp: list[Any] = field(default_factory=list)
    fn: list[Any] = field(default_factory=list)
    fp: list[Any] = field(default_factory=list)
    tn: list[Any] = field(default_factory=list)

    def add(self, vulnerable: bool, flagged: bool, item: Any = None) -> str:
        """Record one case; returns its outcome ('TP', 'FN', 'FP' or 'TN')."""
        outcome = ("TP" if flagged else "FN") if vulnerable else ("FP" if flagged else "TN")
        getattr(self, outcome.lower()).append(item)
        return outcome

    @property
    def counts(self) -> tuple[int, int, int, int]:
        return len(self.tp), len(self.fn), len(self.fp), len(self.tn)

    @property
    def tpr(self) -> float | None:
        pos = len(self.tp) + len(self.fn)
        return len(self.tp) / pos if pos else None

    @property
    def fpr(self) -> float | None:
        neg = len(self.fp) + len(self.tn)
        return len(self.fp) / neg if neg else None

    @property
    def youden(self) -> float | None:
        tpr = self.tpr
        return None if tpr is None else tpr - (self.fpr or 0.0)


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def trace_lines(f: Any, indent: str = "    ", with_file: bool = False) -> list[str]:
    """A finding's trace, one line a step: kind, line (and file name), note, code."""
    out = []
    for step in f.trace:
        where = (f"{Path(step.location.path).name}:{step.location.start_line}" if with_file
                 else f"line {step.location.start_line}:")
        out.append(f"{indent}{step.kind:6} {where}  {step.note}" + (f"  `{step.code}`" if step.code else ""))
    return out


def describe(f: Any) -> str:
    """A finding and its trace, indented for a list of misses and false alarms."""
    return "\n".join([f"      {f.rule_id} line {f.line} ({f.confidence.name.lower()}): {f.message}",
                      *trace_lines(f, indent=" " * 10, with_file=True)])


def by_relative_path(findings: Iterable[Any], root: Path) -> dict[str, list[Any]]:
    """Findings grouped by their file's path relative to root (as written when it is outside root)."""
    per_file: dict[str, list[Any]] = defaultdict(list)
    for f in findings:
        p = Path(f.location.path)
        try:
            rel = p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = p.as_posix()
        per_file[rel].append(f)
    return per_file


def category_table(stats: dict[str, Tally], out_of_scope: dict[str, list[int]], width: int,
                   label: Callable[[str], str] = str, order: Callable[[str], Any] = str,
                   pooled: bool = False, clip: bool = False) -> tuple[str, dict[str, Any]]:
    """Fixed-width table: TP FN FP TN TPR FPR J per category (TPR 0 for a category with safe cases only),
    the mean J over them, optionally the pooled J, the out-of-scope categories with their case counts,
    and the mean with those counted as J = 0. With `clip`, labels are cut to fit the column. Returns the
    text and the figures for JSON."""

    def name(cat: str) -> str:
        return label(cat)[:width - 1] if clip else label(cat)

    out = [f"{'category':{width}}{'TP':>5}{'FN':>5}{'FP':>5}{'TN':>5}{'TPR':>7}{'FPR':>7}{'Youden':>8}"]
    figures: dict[str, dict[str, Any]] = {}
    for cat in sorted(stats, key=order):
        tp, fn, fp, tn = stats[cat].counts
        tpr, fpr = stats[cat].tpr or 0.0, stats[cat].fpr or 0.0
        figures[cat] = {"tp": tp, "fn": fn, "fp": fp, "tn": tn, "tpr": tpr, "fpr": fpr, "youden": tpr - fpr}
        out.append(f"{name(cat):{width}}{tp:5}{fn:5}{fp:5}{tn:5}{tpr:7.2f}{fpr:7.2f}{tpr - fpr:8.2f}")
    youdens = [r["youden"] for r in figures.values()]
    avg = mean(youdens)
    extra: dict[str, Any] = {}
    if pooled:
        total = [sum(t.counts[i] for t in stats.values()) for i in range(4)]
        ptpr = total[0] / max(1, total[0] + total[1])
        pfpr = total[2] / max(1, total[2] + total[3])
        out.append(f"{'total (pooled)':{width}}{total[0]:5}{total[1]:5}{total[2]:5}{total[3]:5}"
                   f"{ptpr:7.2f}{pfpr:7.2f}{ptpr - pfpr:8.3f}")
        extra["pooled_youden"] = ptpr - pfpr
    out.append(f"{'average (in scope)':{width}}{'':34}{avg:8.3f}")
    for cat in sorted(out_of_scope, key=order):
        vuln, safe = out_of_scope[cat]
        out.append(f"{name(cat):{width}}  out of scope (no armur rule): {vuln} vulnerable, {safe} safe")
    avg_all = sum(youdens) / max(1, len(figures) + len(out_of_scope))
    if out_of_scope:
        out.append(f"{'average (all, J=0 if none)':{width}}{'':34}{avg_all:8.3f}")
    return "\n".join(out), {"categories": figures, "average_in_scope": avg, "average_all": avg_all, **extra,
                            "out_of_scope": {k: {"vulnerable": v[0], "safe": v[1]} for k, v in out_of_scope.items()}}


def blank_strings(line: str, raw: str = "") -> str:
    """The line with the contents of its '...', "..." and `...` literals blanked (the quotes stay), so
    that a `//` or a bracket found in the result is code. A backslash escapes the next character except
    in the quote characters named in `raw` (Go's raw `...` strings)."""
    out = list(line)
    quote = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote not in raw:
                out[i:i + 2] = " " * len(out[i:i + 2])
                i += 2
                continue
            if ch == quote:
                quote = None
            else:
                out[i] = " "
        elif ch in "\"'`":
            quote = ch
        i += 1
    return "".join(out)



def show_cases(stats: dict[str, Tally], root: Path, show: int, order: Callable[[str], Any] = str,
               no_owner: str = "top level") -> None:
    """Up to `show` misses and false alarms per category, each with the first lines of its source and
    what armur reported there. Tally items are (case, findings) with case.path (relative to root),
    case.first, case.last and case.owner."""
    for cat in sorted(stats, key=order):
        for outcome in ("FN", "FP"):
            for case, hits in getattr(stats[cat], outcome.lower())[:show]:
                print(f"  {outcome} {cat} {case.path}:{case.first}-{case.last} ({case.owner or no_owner})")
                src = (root / case.path).read_text(encoding="utf-8", errors="replace").splitlines()
                for n in range(case.first, min(case.last, case.first + 11) + 1):
                    print(f"      | {n:4} {src[n - 1]}")
                for f in hits:
                    print(describe(f))
