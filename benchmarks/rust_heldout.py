"""Held-out score for armur's Rust rules on externally labelled test cases, per category, as Youden's J.

Usage: python benchmarks/rust_heldout.py PATH [--split dev|test|all] [--show N] [--trace CASE]

PATH holds one or more datasets laid out the way OWASP-style benchmarks are: a directory with an
`expectedresults.csv` (`name,category,isVulnerable,cwe[,...]`, `#` comments allowed) and a `testcode/`
directory with `<name>.rs` for every case. The datasets this was written for are the two Rust sets of
cogniumhq/sast-benchmarks (`datasets/rust-synthetic`, `datasets/cwe-bench-rust`); see docs/benchmarks.md
for how they were obtained. Nothing of them is kept in this repository.

Every case is scanned on its own (its file copied alone into a temporary directory, armur's SAST
analyzer, no cache, default confidence). A case counts as reported when armur gives at least one finding
of the armur rule mapped to the case's vulnerability class, which is decided by its CWE (never by file
or case names). Categories whose CWE armur has no rule for are listed as out of scope, with their case
counts, and left out of the average.

The split is fixed before any result is looked at: a case is in `dev` when zlib.crc32 of
"<dataset>/<name>" is even, in `test` when it is odd. Rules are tuned on dev only; test is the held-out
figure. Youden's J = TPR - FPR per category; the headline is the mean over in-scope categories.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from armur import scan
from armur.core.config import Config

# CWE -> the armur rule whose findings answer for it.
CWE_RULES: dict[int, str] = {
    78: "rust.command-injection",
    89: "rust.sql-injection",
    22: "rust.path-traversal",
    23: "rust.path-traversal",
    918: "rust.ssrf",
    79: "rust.xss",
    601: "rust.open-redirect",
    330: "rust.insecure-random",
    338: "rust.insecure-random",
    327: "rust.weak-hash",
    328: "rust.weak-hash",
    295: "rust.tls-verify-disabled",
    798: "rust.hardcoded-secret",
}


@dataclass
class Case:
    dataset: str
    name: str
    category: str
    vulnerable: bool
    cwe: int
    path: Path

    @property
    def id(self) -> str:
        return f"{self.dataset}/{self.name}"

    @property
    def split(self) -> str:
        return "dev" if zlib.crc32(self.id.encode("utf-8")) % 2 == 0 else "test"


@dataclass
class Tally:
    rule: str
    tp: list[str] = field(default_factory=list)
    fn: list[str] = field(default_factory=list)
    fp: list[str] = field(default_factory=list)
    tn: list[str] = field(default_factory=list)


def load_cases(root: Path) -> list[Case]:
    cases = []
    for csv_path in sorted(root.rglob("expectedresults*.csv")):
        ds_dir = csv_path.parent
        dataset = ds_dir.name
        with csv_path.open(encoding="utf-8") as fh:
            for row in csv.reader(line for line in fh if line.strip() and not line.lstrip().startswith("#")):
                if len(row) < 4 or row[0].strip() in ("name", "test name"):
                    continue
                name, category, vuln, cwe = (x.strip() for x in row[:4])
                digits = re.sub(r"\D", "", cwe)
                cases.append(Case(dataset, name, category, vuln.lower() == "true", int(digits) if digits else 0,
                                  ds_dir / "testcode" / f"{name}.rs"))
    return cases


def scan_case(case: Case, config: Config):
    with tempfile.TemporaryDirectory() as tmp:
        dst = Path(tmp) / "case" / case.path.name
        dst.parent.mkdir()
        shutil.copyfile(case.path, dst)
        return scan([str(dst.parent)], config).findings


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--show", type=int, default=0, help="list up to N misses and N false alarms per category")
    ap.add_argument("--trace", help="print the findings (with traces) for this case id (dataset/name)")
    args = ap.parse_args()
    cases = load_cases(args.path)
    if not cases:
        print(f"armur: error: no expectedresults*.csv under {args.path}", file=sys.stderr)
        return 2
    config = Config(analyzers=("sast",), use_cache=False, jobs=1)
    started = time.perf_counter()
    tallies: dict[str, Tally] = {}
    out_of_scope: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missing = []
    for case in cases:
        if args.split != "all" and case.split != args.split:
            continue
        rule = CWE_RULES.get(case.cwe)
        if rule is None:
            out_of_scope[f"{case.category} (CWE-{case.cwe})"][0 if case.vulnerable else 1] += 1
            continue
        if not case.path.is_file():
            missing.append(case.id)
            continue
        findings = scan_case(case, config)
        hits = [f for f in findings if f.rule_id == rule]
        if args.trace == case.id:
            for f in findings:
                print(f"{f.rule_id} line {f.line} [{f.confidence.value}]: {f.message}")
                for step in f.trace:
                    print(f"    {step.kind:6} line {step.location.start_line}: {step.note}"
                          + (f"   `{step.code}`" if step.code else ""))
        t = tallies.setdefault(f"{case.category} (CWE-{case.cwe})", Tally(rule))
        lines = ",".join(str(f.line) for f in hits)
        label = f"{case.id}" + (f" (line {lines})" if lines else "")
        if case.vulnerable:
            (t.tp if hits else t.fn).append(label)
        else:
            (t.fp if hits else t.tn).append(label)
    print(f"split: {args.split}")
    print(f"| category | armur rule | TP | FN | FP | TN | TPR | FPR | Youden |")
    print("|---|---|---|---|---|---|---|---|---|")
    youdens = []
    for cat in sorted(tallies):
        t = tallies[cat]
        pos, neg = len(t.tp) + len(t.fn), len(t.fp) + len(t.tn)
        tpr = len(t.tp) / pos if pos else 0.0
        fpr = len(t.fp) / neg if neg else 0.0
        j = tpr - fpr
        youdens.append(j)
        print(f"| {cat} | {t.rule} | {len(t.tp)} | {len(t.fn)} | {len(t.fp)} | {len(t.tn)} | {tpr:.2f} "
              f"| {fpr:.2f} | {j:.2f} |")
    mean = sum(youdens) / len(youdens) if youdens else 0.0
    total = {k: sum(len(getattr(t, k)) for t in tallies.values()) for k in ("tp", "fn", "fp", "tn")}
    print(f"| **mean of {len(youdens)} categories** | | {total['tp']} | {total['fn']} | {total['fp']} "
          f"| {total['tn']} | | | **{mean:.3f}** |")
    if out_of_scope:
        print("out of scope (no armur rule for the CWE): "
              + "; ".join(f"{c}: {v} vulnerable, {s} safe" for c, (v, s) in sorted(out_of_scope.items())))
    if missing:
        print(f"missing test files ({len(missing)}): {', '.join(missing)}")
    if args.show:
        for cat in sorted(tallies):
            t = tallies[cat]
            for kind, items in (("missed", t.fn), ("false alarm", t.fp)):
                for item in items[:args.show]:
                    print(f"  {cat}: {kind}: {item}")
    print(f"({sum(len(t.tp) + len(t.fn) + len(t.fp) + len(t.tn) for t in tallies.values())} cases scored, "
          f"{time.perf_counter() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
