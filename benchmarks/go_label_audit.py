"""Blind label audit of the test half of flawgarden's go-owasp-converted.

Usage: python benchmarks/go_label_audit.py PATH [--sample] [--audit CSV] [--jobs N]

PATH is the export of go-owasp-converted (as for `benchmarks/go_heldout.py`, truth file PATH/truth.sarif).

The sample is drawn before any file is read: among the test-split cases (go_heldout's split) of the seven
categories armur has Go rules for, per category the first 6 cases labelled vulnerable and the first 6
labelled safe (all of them when fewer) in the order of `zlib.crc32(("audit:" + path).encode())`.
`--sample` prints that list.

Each sampled case was judged by reading its Go file (before armur was run on it); the judgements are in
`benchmarks/data/go_owasp_audit.csv` (path, cwe, dataset_label, audited_label, reason). Without --sample
the script scans the sampled files with armur exactly as go_heldout.py does (its functions are imported)
and prints, per category and averaged, Youden's J on the dataset's labels and on the audited labels for
the same cases, and how many of the dataset's labels the audit confirms.
"""

from __future__ import annotations

import argparse
import csv
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from go_heldout import load_truth, run_scan, score, split_of, table  # noqa: E402

CATEGORIES = ("CWE-22", "CWE-78", "CWE-79", "CWE-89", "CWE-327", "CWE-328", "CWE-330")
PER_LABEL = 6
Case = tuple[str, str, bool, "tuple[int, int] | None"]
AUDIT = Path(__file__).resolve().parent / "data" / "go_owasp_audit.csv"


def audit_key(uri: str) -> int:
    return zlib.crc32(("audit:" + uri).encode("utf-8"))


def draw_sample(truth: Path) -> list[tuple[str, str, bool]]:
    """(file uri, CWE, labelled vulnerable) of the sampled test-split cases, by category then label."""
    cases = [(uri, cwe, vuln) for uri, cwe, vuln, _ in load_truth(truth)
             if cwe in CATEGORIES and split_of(uri) == "test"]
    sample = []
    for cwe in CATEGORIES:
        for vuln in (True, False):
            group = sorted((c for c in cases if c[1] == cwe and c[2] == vuln), key=lambda c: (audit_key(c[0]), c[0]))
            sample.extend(group[:PER_LABEL])
    return sample


def load_audit(path: Path) -> dict[tuple[str, str], tuple[bool, bool]]:
    """(file uri, CWE) -> (dataset says vulnerable, audit says vulnerable)."""
    out = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            labels = []
            for key in ("dataset_label", "audited_label"):
                if row[key] not in ("vulnerable", "safe"):
                    raise ValueError(f"{path}: {row['path']}: {key} must be 'vulnerable' or 'safe'")
                labels.append(row[key] == "vulnerable")
            out[(row["path"], row["cwe"])] = (labels[0], labels[1])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--sample", action="store_true", help="print the sampled cases and stop")
    ap.add_argument("--audit", type=Path, default=AUDIT,
                    help="audited labels (default benchmarks/data/go_owasp_audit.csv)")
    ap.add_argument("--show", action="store_true", help="list the misses and false alarms on the audited labels")
    ap.add_argument("--jobs", type=int, default=2, help="armur worker processes (default 2)")
    args = ap.parse_args()
    truth = args.path / "truth.sarif"
    sample = draw_sample(truth)
    if args.sample:
        for uri, cwe, vuln in sample:
            print(f"{cwe:8} {'vulnerable' if vuln else 'safe':10} {uri}")
        print(f"{len(sample)} cases")
        return 0
    audited = load_audit(args.audit)
    missing = [c for c in sample if (c[0], c[1]) not in audited]
    if missing:
        print(f"armur: error: {len(missing)} sampled cases have no audited label, e.g. {missing[0][0]}",
              file=sys.stderr)
        return 2
    for uri, cwe, vuln in sample:
        if audited[(uri, cwe)][0] != vuln:
            print(f"armur: error: dataset label of {uri} in {args.audit.name} differs from truth.sarif",
                  file=sys.stderr)
            return 2
    per_file, took = run_scan(args.path, [c[0] for c in sample], args.jobs)
    dataset_cases: list[Case] = [(uri, cwe, vuln, None) for uri, cwe, vuln in sample]
    audited_cases: list[Case] = [(uri, cwe, audited[(uri, cwe)][1], None) for uri, cwe, _ in sample]
    print(f"{args.path.name}: {len(sample)} sampled test-split cases, scanned in {took:.1f}s")
    results = {}
    for name, cases in (("dataset labels", dataset_cases), ("audited labels", audited_cases)):
        stats, oos, rows = score(cases, per_file)
        text, figures = table(stats, oos)
        results[name] = figures
        print(f"\n-- on the {name}")
        print(text)
        if args.show and name == "audited labels":
            for uri, cwe, outcome, hits in rows:
                if outcome in ("FN", "FP"):
                    rules = ", ".join(sorted({f"{f.rule_id}:{f.line}" for f in hits}))
                    print(f"  {outcome} {cwe:8} {uri}  {rules}")
    print("\n-- label agreement and Youden per category")
    print(f"{'category':10}{'agree':>9}{'vuln agree':>12}{'safe agree':>12}{'J dataset':>11}{'J audited':>11}")
    agree_all = 0
    for cwe in CATEGORIES:
        rows = [(vuln, audited[(uri, c)][1]) for uri, c, vuln in sample if c == cwe]
        agree = sum(1 for d, a in rows if d == a)
        v_rows = [a for d, a in rows if d]
        s_rows = [a for d, a in rows if not d]
        agree_all += agree
        jd = results["dataset labels"]["categories"][cwe]["youden"]
        ja = results["audited labels"]["categories"][cwe]["youden"]
        print(f"{cwe:10}{f'{agree}/{len(rows)}':>9}{f'{sum(v_rows)}/{len(v_rows)}':>12}"
              f"{f'{len(s_rows) - sum(s_rows)}/{len(s_rows)}':>12}{jd:11.2f}{ja:11.2f}")
    print(f"{'all':10}{f'{agree_all}/{len(sample)}':>9}{'':24}"
          f"{results['dataset labels']['average_in_scope']:11.3f}{results['audited labels']['average_in_scope']:11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
