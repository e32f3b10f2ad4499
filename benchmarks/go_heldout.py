"""Held-out Go benchmark: armur on flawgarden's labelled Go suites, scored like OWASP BenchmarkPython.

Usage: python benchmarks/go_heldout.py PATH [--truth FILE] [--split dev|test|all] [--split-by-origin]
       [--show N] [--json OUT]

PATH is an exported tree of one of flawgarden's Go benchmarks (go-owasp-converted, its mutated
variant, go-sec-code, go-test-bench); nothing of it is kept in this repository. The truth file (SARIF,
`PATH/truth.sarif` unless --truth names another) lists the cases: one result per case with `kind`
`fail` (vulnerable) or `pass` (safe), a CWE as `ruleId` and the file as its location. A case is the
pair (file, CWE), or (file, lines, CWE) when the truth file gives a region (go-sec-code).

Split: a case belongs to the dev half when `zlib.crc32(file path as written in the truth file) % 2 == 0`,
to the test half otherwise. Fixes to armur are made by looking at dev cases only.

Scoring follows OWASP's rule, as `benchmarks/owasp_python.py` does for Python: a case is flagged when
armur reports, anywhere in the case's file, a finding of a rule whose vulnerability class is the case's
CWE (the MAPPING below, one class per rule family, not per file). Per CWE category the script prints
TP / FN / FP / TN, TPR, FPR and Youden's J = TPR - FPR, then the average over the categories armur has
rules for; categories without an armur rule are listed as out of scope and shown in a second average
where they count as J = 0.

The files of the chosen split are scanned (each case's directory, with the module's go.mod in reach so
imports of the module's own packages resolve), with armur's SAST analyzer and no cache.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from armur import scan
from armur.core.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout import SPLITS, Tally, by_relative_path, category_table, describe, split_of as _split_of  # noqa: E402

# CWE category of the benchmark -> armur rules of that vulnerability class.
MAPPING: dict[str, tuple[str, ...]] = {
    "CWE-22": ("go.path-traversal", "go.file-path-dynamic", "go.zip-slip"),
    "CWE-78": ("go.command-injection", "go.command-dynamic"),
    "CWE-77": ("go.command-injection", "go.command-dynamic"),
    "CWE-79": ("go.xss", "go.template-unescaped-dynamic"),
    "CWE-89": ("go.sql-injection",),
    "CWE-327": ("go.weak-cipher",),
    "CWE-328": ("go.weak-hash",),
    "CWE-330": ("go.insecure-random",),
    "CWE-601": ("go.open-redirect",),
    "CWE-918": ("go.ssrf", "go.http-url-dynamic"),
    "CWE-117": ("go.log-injection",),
}

NAMES = {
    "CWE-22": "path traversal", "CWE-78": "command injection",
    "CWE-77": "command injection", "CWE-79": "XSS", "CWE-89": "SQL injection",
    "CWE-327": "weak cipher", "CWE-328": "weak hash", "CWE-330": "weak random", "CWE-601": "open redirect",
    "CWE-918": "SSRF", "CWE-117": "log injection", "CWE-90": "LDAP injection", "CWE-643": "XPath injection",
    "CWE-501": "trust boundary", "CWE-614": "insecure cookie", "CWE-611": "XXE", "CWE-94": "template injection",
    "CWE-942": "permissive CORS",
}


# The mutated variant of go-owasp-converted names each mutant after its original case
# (benchmarkTest00542qaprn/BenchmarkTest00542_qaprn.go): with --split-by-origin a mutant goes to the half
# of the case it was made from, so that no test-split mutant comes from a dev case.
_MUTANT = re.compile(r"(benchmarkTest\d+)[a-z]+/(BenchmarkTest\d+)_[a-z]+\.go$")


def split_of(uri: str, by_origin: bool = False) -> str:
    return _split_of(_MUTANT.sub(r"\1/\2.go", uri) if by_origin else uri)


def load_truth(path: Path) -> list[tuple[str, str, bool, tuple[int, int] | None]]:
    """(file uri, CWE, vulnerable, line range or None) for every case of a truth SARIF file. Where the
    truth file gives a region (go-sec-code: several handlers per file), the case is that range of lines."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for run in data.get("runs", []):
        for res in run.get("results", []):
            kind = res.get("kind")
            if kind not in ("fail", "pass"):
                continue
            cwe = str(res.get("ruleId", "")).upper().replace("_", "-")
            for loc in res.get("locations", [])[:1]:
                uri = loc.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
                reg = loc.get("physicalLocation", {}).get("region")
                lines = None
                if reg and "startLine" in reg:
                    start = int(reg["startLine"])
                    lines = (start, max(start, int(reg.get("endLine", start))))
                if uri:
                    out.append((uri, cwe, kind == "fail", lines))
    return sorted(set(out))


def run_scan(root: Path, uris: list[str], jobs: int) -> tuple[dict[str, list], float]:
    """Findings per case file (relative to root), scanning the directories that hold the cases."""
    dirs = sorted({str((root / u).parent) for u in uris})
    config = Config(analyzers=("sast",), use_cache=False, jobs=jobs)
    started = time.perf_counter()
    report = scan(dirs, config)
    took = time.perf_counter() - started
    return by_relative_path(report.findings, root), took


def score(cases: list[tuple[str, str, bool, tuple[int, int] | None]],
          per_file: dict[str, list]) -> tuple[dict[str, Tally], dict[str, list[int]]]:
    """Per-category tallies of (file, findings) items, and per-category out-of-scope counts."""
    stats: dict[str, Tally] = defaultdict(Tally)
    out_of_scope: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for uri, cwe, vuln, lines in cases:
        rules = MAPPING.get(cwe)
        if rules is None:
            out_of_scope[cwe][0 if vuln else 1] += 1
            continue
        hits = [f for f in per_file.get(uri, []) if f.rule_id in rules
                and (lines is None or lines[0] <= f.line <= lines[1])]
        stats[cwe].add(vuln, bool(hits), (uri, hits))
    return stats, out_of_scope


def _cwe_order(cwe: str) -> int:
    return int(cwe.split("-")[1]) if cwe.split("-")[-1].isdigit() else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--truth", type=Path, help="truth SARIF (default PATH/truth.sarif)")
    ap.add_argument("--split", choices=SPLITS, default="all")
    ap.add_argument("--split-by-origin", action="store_true",
                    help="split mutants by the case they were made from (go-owasp-converted-mutated)")
    ap.add_argument("--show", type=int, default=0, help="list up to N misses and N false alarms per category")
    ap.add_argument("--jobs", type=int, default=2, help="armur worker processes (default 2)")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    args = ap.parse_args()
    root = args.path
    truth = args.truth or root / "truth.sarif"
    if not truth.is_file():
        print(f"armur: error: no truth file {truth}", file=sys.stderr)
        return 2
    cases = [c for c in load_truth(truth) if args.split == "all" or split_of(c[0], args.split_by_origin) == args.split]
    missing = [c[0] for c in cases if not (root / c[0]).is_file()]
    if missing:
        print(f"note: {len(missing)} case files named by the truth file are absent, e.g. {missing[0]}")
        cases = [c for c in cases if (root / c[0]).is_file()]
    per_file, took = run_scan(root, [c[0] for c in cases], args.jobs)
    stats, oos = score(cases, per_file)
    print(f"{root.name}: {len(cases)} cases, split {args.split}, scanned in {took:.1f}s")
    text, figures = category_table(stats, oos, 28, label=lambda c: f"{c} {NAMES.get(c, '')}", order=_cwe_order)
    print(text)
    if args.show:
        for cwe in sorted(stats):
            for outcome in ("FN", "FP"):
                for uri, hits in getattr(stats[cwe], outcome.lower())[:args.show]:
                    print(f"  {outcome} {cwe} {uri}")
                    for f in hits:
                        print(describe(f))
    if args.json:
        figures.update({"split": args.split, "cases": len(cases), "scan_s": took})
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
