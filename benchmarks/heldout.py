"""What the held-out benchmark scripts share: the dev/test split, the per-category tally, and a finding
with its trace as text.

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
