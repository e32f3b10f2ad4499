"""Score armur's Rust taint rules on the realistic web-service fixtures, per rule, as TP/FN/FP/TN.

usage:
  benchmarks/rust_realistic.py [--show]

The fixtures are `tests/rules/fixtures/rust_taint/rust.<rule>.realistic-*.rs`: small axum,
actix-web, Rocket and warp services of the kind coding assistants write, each either with one real
flaw of its rule (marked `// expect: rust.<rule>` on the sink line) or written correctly (no
`expect`). They were written by armur's authors, not held out: see docs/benchmarks.md for which
were written before and after the engine changes they led to.

One service is one case. A flawed service is a true positive when every marked line is reported
for its rule; a correct service is a true negative when nothing of its rule is reported. Findings on
other lines of a flawed service are counted apart ("extra"). Youden's index is TPR - FPR.
Nothing is run; each file is scanned with `armur.scan_source`.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

from armur import scan_source

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "rules" / "fixtures" / "rust_taint"
EXPECT = re.compile(r"//\s*expect:\s*([\w.\-]+(?:\s*,\s*[\w.\-]+)*)")


def score(show: bool = False) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"TP": 0, "FN": 0, "FP": 0, "TN": 0, "extra": 0})
    for path in sorted(FIXTURES.glob("rust.*.realistic-*.rs")):
        rule = ".".join(path.name.split(".")[:2])
        text = path.read_text(encoding="utf-8")
        want = {n for n, line in enumerate(text.splitlines(), 1)
                for m in EXPECT.finditer(line) if rule in [r.strip() for r in m.group(1).split(",")]}
        got = {f.line for f in scan_source(f"app/{path.name}", text).findings if f.rule_id == rule}
        c = counts[rule]
        if want:
            c["TP" if want <= got else "FN"] += 1
            c["extra"] += len(got - want)
        else:
            c["FP" if got else "TN"] += 1
        if show:
            print(f"{path.name}: flawed at {sorted(want) or '-'}, reported at {sorted(got) or '-'}")
    return dict(counts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="print each service's expected and reported lines")
    args = ap.parse_args()
    counts = score(args.show)
    print("| rule | TP | FN | FP | TN | extra | TPR | FPR | Youden |")
    print("|---|---|---|---|---|---|---|---|---|")
    youdens = []
    for rule, c in sorted(counts.items()):
        pos, neg = c["TP"] + c["FN"], c["TN"] + c["FP"]
        tpr = c["TP"] / pos if pos else 0.0
        fpr = c["FP"] / neg if neg else 0.0
        youdens.append(tpr - fpr)
        print(f"| {rule} | {c['TP']} | {c['FN']} | {c['FP']} | {c['TN']} | {c['extra']} | {tpr:.2f} | {fpr:.2f} "
              f"| {tpr - fpr:.2f} |")
    print(f"| mean | | | | | | | | {sum(youdens) / len(youdens):.3f} |")


if __name__ == "__main__":
    main()
