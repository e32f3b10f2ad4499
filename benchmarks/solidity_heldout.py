#!/usr/bin/env python3
"""SWC Registry test cases: file-level TP/FN/FP/TN and Youden's index of armur's Solidity rules.

usage: benchmarks/solidity_heldout.py PATH [--json OUT] [--jobs N] [--show]

PATH is the `test_cases/solidity` folder of SmartContractSecurity/SWC-registry as it was before the
test cases were removed from that repository (commit 5203160's parent; export it with
`git archive 5203160^ test_cases`; never committed here). Each test case is a `.sol` file with a
`.yaml` beside it listing SWC ids, each with a `count` of instances (0 = the file is stated to be
free of that weakness, typically the `_fixed` variant) and the lines of the instances.

Scoring is per file, because the labels' negatives are files (a fixed version has no lines to
match). For each category below (a set of SWC ids) a file is

- positive when its yaml gives one of the category's ids a count > 0,
- negative when its yaml lists one of the category's ids with count 0 and none with count > 0,
- unlabelled otherwise (not scored; findings there are printed as a noise signal only, since the
  test cases are not stated to be free of weaknesses they were not written for).

armur flags a file for a category when it reports any finding of a rule mapped to the category in
that file. TPR = TP/(TP+FN), FPR = FP/(FP+TN), Youden's J = TPR - FPR. For positives the script also
prints how many labelled lines a mapped finding's own line range covers (line-level recall; ranges
are never widened). SWC ids that no armur rule models are listed as out of scope with their counts,
not dropped silently.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from solidity import findings_by_file, run_armur  # noqa: E402  (benchmarks/solidity.py)

# category -> (SWC ids, armur rules that are meant to find it). The mapping follows what each SWC
# entry describes, not what armur happens to report on the files.
CATEGORIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "reentrancy (SWC-107)": (("SWC-107",), ("solidity.reentrancy", "solidity.reentrancy-send-transfer")),
    "integer overflow (SWC-101)": (("SWC-101",), ("solidity.integer-overflow", "solidity.unchecked-arithmetic")),
    "unchecked call return (SWC-104)": (("SWC-104",), ("solidity.unchecked-call",)),
    "unprotected ether withdrawal / selfdestruct / constructor name (SWC-105, 106, 118)": (
        ("SWC-105", "SWC-106", "SWC-118"), ("solidity.missing-access-control",)),
    "delegatecall to untrusted callee (SWC-112)": (("SWC-112",), ("solidity.delegatecall-user-controlled",)),
    "DoS with failed call (SWC-113)": (("SWC-113",), ("solidity.dos-failed-call",)),
    "transaction order dependence (SWC-114)": (("SWC-114",), ("solidity.front-running",)),
    "tx.origin authorization (SWC-115)": (("SWC-115",), ("solidity.tx-origin-auth",)),
    "block values as time (SWC-116)": (("SWC-116",), ("solidity.timestamp-dependence",)),
    "signature malleability / replay (SWC-117, 121, 122)": (
        ("SWC-117", "SWC-121", "SWC-122"), ("solidity.signature-replay", "solidity.ecrecover-zero-address")),
    "shadowed state variables (SWC-119)": (("SWC-119",), ("solidity.shadowed-state-variable",)),
    "weak randomness (SWC-120)": (("SWC-120",), ("solidity.weak-randomness",)),
    "DoS with block gas limit (SWC-128)": (("SWC-128",), ("solidity.dos-gas-limit",)),
    "uninitialized storage pointer (SWC-109)": (("SWC-109",), ("solidity.uninitialized-storage-pointer",)),
}


def load_labels(root: Path) -> dict[str, dict[str, tuple[int, list[int]]]]:
    """relative .sol path -> SWC id -> (count, labelled lines in that file)."""
    labels: dict[str, dict[str, tuple[int, list[int]]]] = {}
    for y in sorted(root.rglob("*.yaml")):
        sol = y.with_suffix(".sol")
        if not sol.exists():
            continue  # bytecode-only test case
        doc = yaml.safe_load(y.read_text()) or {}
        entry: dict[str, tuple[int, list[int]]] = {}
        for issue in doc.get("issues") or []:
            swc, count = str(issue.get("id")), int(issue.get("count") or 0)
            lines: list[int] = []
            for loc in issue.get("locations") or []:
                for fname, ls in (loc.get("line_numbers") or {}).items():
                    if fname == sol.name:
                        lines.extend(int(x) for x in ls or [])
            old = entry.get(swc, (0, []))
            entry[swc] = (old[0] + count, old[1] + lines)
        labels[sol.relative_to(root).as_posix()] = entry
    return labels


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path, help="SWC-registry test_cases/solidity folder")
    ap.add_argument("--json", type=Path, help="write the scores as JSON")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--show", action="store_true", help="list FN, FP and unlabelled-file findings")
    args = ap.parse_args()
    root = args.path.resolve()
    labels = load_labels(root)
    findings, elapsed, skipped = run_armur(root, args.jobs)

    by_file = findings_by_file(findings, root)

    rows = []
    detail: list[str] = []
    for cat, (swcs, rules) in CATEGORIES.items():
        tp = fn = fp = tn = 0
        lines_total = lines_hit = 0
        noise = 0
        for path, entry in labels.items():
            counts = [entry[s][0] for s in swcs if s in entry]
            hits = [(r, s, e) for r, s, e in by_file.get(path, []) if r in rules]
            flagged = bool(hits)
            if any(c > 0 for c in counts):
                if flagged:
                    tp += 1
                else:
                    fn += 1
                    detail.append(f"FN  {cat}: {path}")
                for s in swcs:
                    for line in entry.get(s, (0, []))[1]:
                        lines_total += 1
                        if any(a <= line <= max(a, b) for _, a, b in hits):
                            lines_hit += 1
            elif counts:
                if flagged:
                    fp += 1
                    detail.append(f"FP  {cat}: {path} " + ", ".join(f"{r}@{a}" for r, a, _ in hits))
                else:
                    tn += 1
            elif flagged:
                noise += 1
                detail.append(f"unl {cat}: {path} " + ", ".join(f"{r}@{a}" for r, a, _ in hits))
        tpr = tp / (tp + fn) if tp + fn else None
        fpr = fp / (fp + tn) if fp + tn else None
        j = None if tpr is None else tpr - (fpr or 0.0)
        rows.append({"category": cat, "tp": tp, "fn": fn, "fp": fp, "tn": tn, "tpr": tpr, "fpr": fpr,
                     "youden": j, "lines_hit": lines_hit, "lines": lines_total, "unlabelled_files_flagged": noise})

    scope = {s for swcs, _ in CATEGORIES.values() for s in swcs}
    out_of_scope: dict[str, int] = defaultdict(int)
    for entry in labels.values():
        for s, (c, _) in entry.items():
            if s not in scope and c > 0:
                out_of_scope[s] += 1

    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    print(f"SWC registry test cases: {len(labels)} labelled .sol files, armur {elapsed:.1f}s, "
          f"{len(skipped)} skipped")
    print("| category | TP | FN | FP | TN | TPR | FPR | Youden | lines hit | unlabelled files flagged |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['category']} | {r['tp']} | {r['fn']} | {r['fp']} | {r['tn']} | {fmt(r['tpr'])} | "
              f"{fmt(r['fpr'])} | {fmt(r['youden'])} | {r['lines_hit']}/{r['lines']} | "
              f"{r['unlabelled_files_flagged']} |")
    scored = [r["youden"] for r in rows if r["youden"] is not None]
    both = [r["youden"] for r in rows if r["youden"] is not None and r["fpr"] is not None]
    tot = {k: sum(r[k] for r in rows) for k in ("tp", "fn", "fp", "tn")}
    pooled = tot["tp"] / (tot["tp"] + tot["fn"]) - tot["fp"] / max(1, tot["fp"] + tot["tn"])
    print(f"mean Youden over {len(scored)} categories with positives: {sum(scored) / len(scored):.3f}; "
          f"over the {len(both)} with positives and negatives: {sum(both) / max(1, len(both)):.3f}; "
          f"pooled (TP {tot['tp']} FN {tot['fn']} FP {tot['fp']} TN {tot['tn']}): {pooled:.3f}")
    print("out of scope (SWC id: positive files): "
          + ", ".join(f"{s}: {n}" for s, n in sorted(out_of_scope.items())))
    if args.show:
        print("\n".join(detail))
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "out_of_scope": out_of_scope, "elapsed": elapsed}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
