#!/usr/bin/env python3
"""armur's JavaScript/TypeScript rules on OWASP Juice Shop's coding challenges.

usage: benchmarks/juice_codefixes.py PATH [--show]

PATH is a checkout of juice-shop/juice-shop. Its data/static/codefixes/ folder holds, for each
coding challenge, the vulnerable snippet as it appears in the application and the candidate fixes
offered to the player: exactly one file per challenge is named `*_correct.ts` (the real fix); the
others are the original or fixes that do not work. Those were written by the Juice Shop authors, not
for armur, so they make a small labelled set of realistic TypeScript (Express routes, Sequelize and
MongoDB queries, Angular components).

For the challenges whose flaw one of armur's rules models (the mapping below, by vulnerability
class), every variant is scanned on its own; a variant counts as flagged when armur reports the
mapped rule anywhere in it. Wrong fixes are expected to be flagged (true positives), correct fixes
not (a flag is a false positive). Reported per class: TP, FN, FP, TN, TPR, FPR and Youden's index,
and their average. Challenges about configuration, business logic, secrets or access control are
left out: no taint rule speaks to them.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from armur import scan_source  # noqa: E402

# challenge -> (class, armur rule ids that report it). redirectCryptoCurrencyChallenge is left out: its
# correct fix removes entries from the allow-list and keeps the same code, so no code rule can tell
# its variants apart.
CHALLENGES: dict[str, tuple[str, str | tuple[str, ...]]] = {
    "dbSchemaChallenge": ("sqli", "javascript.sql-injection"),
    "unionSqlInjectionChallenge": ("sqli", "javascript.sql-injection"),
    "loginAdminChallenge": ("sqli", "javascript.sql-injection"),
    "loginBenderChallenge": ("sqli", "javascript.sql-injection"),
    "loginJimChallenge": ("sqli", "javascript.sql-injection"),
    "noSqlReviewsChallenge": ("nosqli", "javascript.nosql-injection"),
    "redirectChallenge": ("redirect", ("javascript.open-redirect", "javascript.url-substring-check")),
    "localXssChallenge": ("xss", "javascript.xss"),
    "xssBonusChallenge": ("xss", "javascript.xss"),
    "restfulXssChallenge": ("xss", "javascript.xss"),
}
VARIANT = re.compile(r"^(?P<challenge>\w+?Challenge)_(?P<n>\d+)(?P<correct>_correct)?\.ts$")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--show", action="store_true", help="print each variant's verdict")
    args = ap.parse_args()
    folder = args.path / "data" / "static" / "codefixes"
    if not folder.is_dir():
        print(f"{folder} not found: PATH must be a juice-shop checkout", file=sys.stderr)
        return 2
    table: dict[str, dict[str, int]] = {}
    for f in sorted(folder.glob("*.ts")):
        m = VARIANT.match(f.name)
        if not m or m["challenge"] not in CHALLENGES:
            continue
        cls, rules = CHALLENGES[m["challenge"]]
        rule = rules if isinstance(rules, str) else "|".join(rules)
        report = scan_source(f"codefixes/{f.name}", f.read_text(encoding="utf-8"))
        flagged = any(x.rule_id in rule.split("|") for x in report.findings)
        vulnerable = m["correct"] is None
        row = table.setdefault(cls, {"tp": 0, "fn": 0, "fp": 0, "tn": 0})
        row[("tp" if flagged else "fn") if vulnerable else ("fp" if flagged else "tn")] += 1
        if args.show:
            verdict = ("TP" if flagged else "FN") if vulnerable else ("FP" if flagged else "TN")
            lines = sorted({x.line for x in report.findings if x.rule_id in rule.split("|")})
            print(f"  {verdict}  {f.name:45} {rule} {lines if lines else ''}")
    print(f"{'class':10}{'TP':>4}{'FN':>4}{'FP':>4}{'TN':>4}{'TPR':>7}{'FPR':>7}{'Youden':>8}")
    scores = []
    for cls, r in table.items():
        tpr = r["tp"] / max(1, r["tp"] + r["fn"])
        fpr = r["fp"] / max(1, r["fp"] + r["tn"])
        scores.append(tpr - fpr)
        print(f"{cls:10}{r['tp']:4}{r['fn']:4}{r['fp']:4}{r['tn']:4}{tpr:7.2f}{fpr:7.2f}{tpr - fpr:8.2f}")
    if scores:
        print(f"{'average':10}{'':30}{sum(scores) / len(scores):8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
