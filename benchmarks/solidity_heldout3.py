#!/usr/bin/env python3
"""Third held-out Solidity benchmark: SolidiFI's bug-injection dataset and the clean contracts it started from.

usage: benchmarks/solidity_heldout3.py PATH [--split dev|test|all] [--show N] [--json OUT] [--jobs N]

PATH is a folder holding two exports (never committed here):

- `solidifi-benchmark/` : `git archive <commit> buggy_contracts README.md` of
  DependableSystemsLab/SolidiFI-benchmark. `buggy_contracts/<bug type>/buggy_<N>.sol` is clean contract N
  with bugs of one type injected; `BugLog_<N>.csv` gives each injected bug's first line and line count
  (`loc,length,bug type,approach`). These are the vulnerable cases.
- `solidifi/` : `git archive <commit> contracts README.md` of DependableSystemsLab/SolidiFI.
  `contracts/<N>.sol` are the 50 real-world contracts before injection. Every function-like unit with
  a body in them is a safe case, once per category (the dataset's authors use them as the clean
  baseline; any label doubt is written in docs/benchmarks.md, never changed here).

A vulnerable case is one injected bug: its lines, widened to the innermost function-like unit that
contains its first line (a statement injected into an existing function is reported where the decision
is taken, which can be another line of that function). Injections of one type that land in the same
unit make one case. armur flags a case for a category when a finding of a rule mapped to that
category (CATEGORIES, by vulnerability class, never by file or function names) starts inside the case's
lines. Per category: TP/FN over vulnerable cases, FP/TN over safe cases, TPR, FPR, Youden's J = TPR - FPR,
and the mean over categories. SolidiFI's seven bug types all map to an armur category.

Split: every case derived from clean contract N (its injected copies and its own functions) is in the
dev half when zlib.crc32(b"solidifi-contract-<N>") is even, in the test half otherwise, so no test
contract's code is ever seen while improving armur. Fixed before any result was looked at. (The
injected snippets come from one pool per bug type, so the same snippet text can appear on both sides:
a fix that matches a snippet's pattern generalises to the test half by construction. The test figure
is blind to the contracts' own code, not to the snippet pool; see docs/benchmarks.md.)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout import split_of as _split_of  # noqa: E402
from solidity import findings_by_file, run_armur, score_units  # noqa: E402  (benchmarks/solidity.py)

# category -> (SolidiFI bug-type folder, armur rules meant to find that class).
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "reentrancy": ("Re-entrancy", ("solidity.reentrancy", "solidity.reentrancy-send-transfer")),
    "timestamp dependence": ("Timestamp-Dependency",
                             ("solidity.timestamp-dependence", "solidity.weak-randomness")),
    # SolidiFI's "unchecked send": ether sent out by a public function anyone may call, i.e. a missing
    # access check on a transfer of the contract's funds.
    "unprotected ether send (access control)": ("Unchecked-Send", ("solidity.missing-access-control",)),
    # SolidiFI's "unhandled exceptions": the result of send/call is ignored.
    "unchecked call/send result": ("Unhandled-Exceptions", ("solidity.unchecked-call",)),
    "transaction-order dependence": ("TOD", ("solidity.front-running",)),
    "integer overflow/underflow": ("Overflow-Underflow",
                                   ("solidity.integer-overflow", "solidity.unchecked-arithmetic")),
    "tx.origin authorization": ("tx.origin", ("solidity.tx-origin-auth",)),
}

UNIT_TYPES = ("function_definition", "modifier_definition", "constructor_definition",
              "fallback_receive_definition")


@dataclass
class Case:
    dataset: str
    path: str  # relative to PATH
    contract_no: int
    unit: str
    start: int
    end: int
    category: str
    vulnerable: bool

    @property
    def cid(self) -> str:
        return f"{self.dataset}:{self.path}:{self.unit}:{self.category}"

    @property
    def split(self) -> str:
        return split_of(self.contract_no)


def split_of(contract_no: int) -> str:
    return _split_of(f"solidifi-contract-{contract_no}")


def _units(source: bytes) -> list[tuple[str, int, int, bool]]:
    """(name, start_line, end_line, has_body) of every function-like unit (1-based lines)."""
    from armur.lang.treesitter import parse
    tree = parse("solidity", source)
    out = []
    stack = [tree.root_node]
    while stack:
        n = stack.pop()
        if n.type in UNIT_TYPES:
            name_node = n.child_by_field_name("name")
            name = name_node.text.decode() if name_node is not None else n.type
            has_body = n.child_by_field_name("body") is not None or any(
                c.type == "function_body" for c in n.children)
            out.append((name, n.start_point[0] + 1, n.end_point[0] + 1, has_body))
        stack.extend(n.children)
    return out


def vulnerable_cases(root: Path) -> list[Case]:
    cases: dict[tuple[str, int, int, str], Case] = {}
    for cat, (folder, _rules) in CATEGORIES.items():
        d = root / "buggy_contracts" / folder
        if not d.is_dir():
            sys.exit(f"missing {d}")
        for sol in sorted(d.glob("buggy_*.sol"), key=lambda p: int(p.stem.split("_")[1])):
            n = int(sol.stem.split("_")[1])
            log = d / f"BugLog_{n}.csv"
            rel = sol.relative_to(root.parent).as_posix()
            units = _units(sol.read_bytes())
            with log.open(newline="", encoding="utf-8", errors="replace") as fh:
                rows = list(csv.DictReader(fh))
            for row in rows:
                loc, length = int(row["loc"]), int(row["length"])
                last = loc + max(length, 1) - 1
                inside = [u for u in units if u[1] <= loc <= u[2]]
                start, end, name = loc, last, f"injected@{loc}"
                if inside:
                    u = min(inside, key=lambda u: u[2] - u[1])
                    start, end, name = min(start, u[1]), max(end, u[2]), f"{u[0]}@{u[1]}"
                key = (rel, start, end, cat)
                if key not in cases:
                    cases[key] = Case("solidifi-benchmark", rel, n, name, start, end, cat, True)
    return list(cases.values())


def safe_cases(root: Path) -> list[Case]:
    cases = []
    for sol in sorted((root / "contracts").glob("*.sol"), key=lambda p: int(p.stem)):
        n = int(sol.stem)
        rel = sol.relative_to(root.parent).as_posix()
        for name, start, end, has_body in _units(sol.read_bytes()):
            if not has_body:
                continue
            cases += [Case("solidifi", rel, n, f"{name}@{start}", start, end, cat, False) for cat in CATEGORIES]
    return cases


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path, help="folder with solidifi-benchmark/ and solidifi/ exports")
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--show", type=int, default=0, help="list up to N misses and false alarms")
    ap.add_argument("--json", type=Path, help="write the scores as JSON")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    root = args.path.resolve()
    bench, clean = root / "solidifi-benchmark", root / "solidifi"
    if not (bench / "buggy_contracts").is_dir() or not (clean / "contracts").is_dir():
        sys.exit(f"need solidifi-benchmark/buggy_contracts and solidifi/contracts under {root}")
    cases = vulnerable_cases(bench) + safe_cases(clean)
    if args.split != "all":
        cases = [c for c in cases if c.split == args.split]
    wanted = {c.contract_no for c in cases}

    by_file: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    elapsed = 0.0
    for sr in (bench / "buggy_contracts", clean / "contracts"):
        findings, secs, _skipped = run_armur(sr, args.jobs)
        elapsed += secs
        for r, hits in findings_by_file(findings, root).items():
            by_file[r].extend(hits)

    rows, detail = score_units(cases, by_file, {cat: rules for cat, (_folder, rules) in CATEGORIES.items()})

    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    n_pos = sum(c.vulnerable for c in cases)
    print(f"split {args.split}: {len(wanted)} clean contracts, {len(cases)} cases ({n_pos} vulnerable, "
          f"{len(cases) - n_pos} safe = {(len(cases) - n_pos) // len(CATEGORIES)} clean functions x "
          f"{len(CATEGORIES)} categories), "
          f"armur {elapsed:.1f}s (both folders scanned in full)")
    print("| category | TP | FN | FP | TN | TPR | FPR | Youden |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['category']} | {r['tp']} | {r['fn']} | {r['fp']} | {r['tn']} | {fmt(r['tpr'])} | "
              f"{fmt(r['fpr'])} | {fmt(r['youden'])} |")
    scored = [r["youden"] for r in rows if r["youden"] is not None]
    tot = {k: sum(r[k] for r in rows) for k in ("tp", "fn", "fp", "tn")}
    pooled = tot["tp"] / max(1, tot["tp"] + tot["fn"]) - tot["fp"] / max(1, tot["fp"] + tot["tn"])
    print(f"mean Youden over {len(scored)} categories: {sum(scored) / max(1, len(scored)):.3f}; pooled "
          f"(TP {tot['tp']} FN {tot['fn']} FP {tot['fp']} TN {tot['tn']}): {pooled:.3f}")
    print("out of scope: none (all seven SolidiFI bug types map to an armur category)")
    if args.show:
        print("\n".join(sorted(detail)[: args.show]))
    if args.json:
        args.json.write_text(json.dumps({"split": args.split, "rows": rows, "elapsed": elapsed}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
